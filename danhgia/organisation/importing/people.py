"""What an organisation workbook would change: officials, their accounts and the roles.

Accounts are named by ``Tên đăng nhập``; an account the file names for an official is created
when it does not exist, without a usable password (the person sets one through a one-time
link). A blank ``Tên đăng nhập`` or ``Email`` leaves the account as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from danhgia.names import split_full_name

from ..choices import LeadershipRole, Role
from ..models import Official, RoleAssignment
from ..services import expected_retirement_date
from .columns import GROUPS, OFFICIALS, ROLES, UNITS
from .plan import Change, Plan, unique_rows

#: the fields compared and written, in the order of the sheet
FIELDS = [
    "full_name",
    "date_of_birth",
    "gender",
    "ethnic_minority",
    "party_position",
    "government_position",
    "mass_org_position",
    "unit",
    "leadership_role",
    "management_scope",
    "group",
    "service_start",
    "expected_retirement",
    "username",
]
#: a change of any of these ends the open post and starts a new one (position history)
POST_FIELDS = {
    "unit",
    "party_position",
    "government_position",
    "mass_org_position",
    "leadership_role",
}
MODEL_FIELDS = {"unit": "unit", "group": "comparison_group", "username": "user"}


@dataclass
class PeoplePlan:
    users: dict[str, Any] = field(default_factory=dict)  # username → User (new ones unsaved)
    new_users: list = field(default_factory=list)
    changed_users: list = field(default_factory=list)
    officials: dict[str, Official] = field(default_factory=dict)
    wanted: dict[str, dict[str, Any]] = field(default_factory=dict)  # code → values to set
    new_officials: list[Official] = field(default_factory=list)
    changed_officials: dict[str, list[str]] = field(default_factory=dict)  # code → fields
    moves: dict[str, int] = field(default_factory=dict)  # code → the unit id left
    #: (label, username, role, unit code, include_subtree)
    new_roles: list[tuple[str, str, str, str, bool]] = field(default_factory=list)
    changed_roles: list[RoleAssignment] = field(default_factory=list)
    role_records: dict[str, RoleAssignment] = field(default_factory=dict)  # label → record


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def plan_people(plan: Plan) -> None:
    people = plan.people = PeoplePlan()
    User = get_user_model()
    people.users = {u.username: u for u in User.objects.only("id", "username", "email", "password")}
    username_of = {u.pk: name for name, u in people.users.items()}
    group_code = {g.pk: code for code, g in plan.groups.items() if g.pk}
    unit_code = {u.pk: code for code, u in plan.units.items() if u.pk}
    existing = {o.code: o for o in Official.objects.all()}
    holder = {username_of.get(o.user_id): o.code for o in existing.values() if o.user_id}
    for row in unique_rows(plan, OFFICIALS, "code", _("mã cán bộ")):
        v = row.values
        code = v["code"]
        official = existing.get(code)
        was = _current(official, unit_code, group_code, username_of) if official else {}
        wanted = {key: v.get(key) for key in FIELDS}
        wanted["ethnic_minority"] = bool(v["ethnic_minority"])
        wanted["leadership_role"] = v["leadership_role"] or LeadershipRole.MEMBER
        for key in ("party_position", "government_position", "mass_org_position"):
            wanted[key] = v[key] or ""
        if v["username"] is None:
            wanted["username"] = was.get("username")
        if v["date_of_birth"] and v["gender"] and not v["expected_retirement"]:
            wanted["expected_retirement"] = expected_retirement_date(
                v["date_of_birth"], v["gender"]
            )
        _check_official(plan, row, wanted)
        _account(plan, people, row, code, holder)
        if official is None:
            official = Official(code=code)
            people.new_officials.append(official)
            plan.note(Change("official", code, v["full_name"] or code, True, after=_json(wanted)))
        else:
            diff = [key for key in FIELDS if wanted[key] != was[key]]
            if diff:
                people.changed_officials[code] = diff
                before = {k: was[k] for k in diff}
                after = {k: wanted[k] for k in diff}
                plan.note(
                    Change("official", code, v["full_name"], False, _json(before), _json(after))
                )
                if POST_FIELDS & set(diff):
                    people.moves[code] = official.unit_id
            else:
                plan.keep("official")
        people.officials[code] = official
        people.wanted[code] = wanted
    _roles(plan, people)


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _shown(v) for k, v in values.items()}


def _current(official, unit_code, group_code, username_of) -> dict[str, Any]:
    # The relations are compared by code: reading ``official.unit`` would cost a query a row.
    values = {key: getattr(official, key) for key in FIELDS if key not in MODEL_FIELDS}
    values["unit"] = unit_code.get(official.unit_id)
    values["group"] = group_code.get(official.comparison_group_id)
    values["username"] = username_of.get(official.user_id)
    return values


def _check_official(plan: Plan, row, wanted: dict[str, Any]) -> None:
    v = row.values
    if v["unit"] and UNITS not in plan.broken and v["unit"] not in plan.units:
        plan.problem(
            OFFICIALS, row.ref("unit"), _("không có đơn vị mã “%(code)s”") % {"code": v["unit"]}
        )
    if v["group"] and GROUPS not in plan.broken and v["group"] not in plan.groups:
        plan.problem(
            OFFICIALS,
            row.ref("group"),
            _("không có nhóm so sánh mã “%(code)s”") % {"code": v["group"]},
        )
    born = v["date_of_birth"]
    if born and v["service_start"] and v["service_start"] <= born:
        plan.problem(OFFICIALS, row.ref("service_start"), _("ngày vào công tác phải sau ngày sinh"))
    if born and wanted["expected_retirement"] and wanted["expected_retirement"] <= born:
        plan.problem(
            OFFICIALS, row.ref("expected_retirement"), _("ngày nghỉ hưu dự kiến phải sau ngày sinh")
        )


def _account(plan: Plan, people: PeoplePlan, row, code: str, holder: dict) -> None:
    """The official's account: found or created by its username; the e-mail kept up to date."""
    username, email = row.values["username"], row.values["email"]
    if username is None:
        if email is not None:
            plan.problem(OFFICIALS, row.ref("email"), _("có Email nhưng chưa có “Tên đăng nhập”"))
        return
    other = holder.get(username)
    if other is not None and other != code:
        plan.problem(
            OFFICIALS,
            row.ref("username"),
            _("tài khoản “%(name)s” đã gắn với cán bộ mã “%(code)s”")
            % {"name": username, "code": other},
        )
        return
    holder[username] = code
    user = people.users.get(username)
    if user is None:
        User = get_user_model()
        user = User(username=username, email=email or "")
        if row.values.get("full_name"):
            # the account is named like its official, family name first (danhgia.names)
            user.last_name, user.first_name = split_full_name(row.values["full_name"])
        user.set_unusable_password()
        people.users[username] = user
        people.new_users.append(user)
        plan.note(Change("account", username, username, True, after={"email": user.email}))
    elif email is not None and (user.email or "").casefold() != email:
        plan.note(
            Change("account", username, username, False, {"email": user.email}, {"email": email})
        )
        user.email = email
        people.changed_users.append(user)


def _roles(plan: Plan, people: PeoplePlan) -> None:
    existing = {
        (ra.user_id, ra.role, ra.unit_id): ra
        for ra in RoleAssignment.objects.only("id", "user", "role", "unit", "include_subtree")
    }
    officials_of = {w["username"] for w in people.wanted.values() if w["username"]}
    officials_of |= set(
        Official.objects.filter(user__isnull=False).values_list("user__username", flat=True)
    )
    seen: dict[tuple, int] = {}
    for row in plan.sheets[ROLES].rows:
        v = row.values
        username, role, unit = v["username"], v["role"], v["unit"]
        if username and username not in people.users:
            plan.problem(
                ROLES,
                row.ref("username"),
                _("chưa có tài khoản “%(name)s”: hãy ghi nó ở cột Tên đăng nhập của trang Cán bộ")
                % {"name": username},
            )
        if unit and UNITS not in plan.broken and unit not in plan.units:
            plan.problem(
                ROLES, row.ref("unit"), _("không có đơn vị mã “%(code)s”") % {"code": unit}
            )
        if not (username and role and unit):
            continue
        if username not in people.users or unit not in plan.units:
            continue
        key = (username, role, unit)
        if key in seen:
            plan.problem(ROLES, row.ref("role"), _("trùng với dòng %(row)s") % {"row": seen[key]})
            continue
        seen[key] = row.number
        if role == Role.OFFICIAL:
            # The role of an official comes with the official's record: nothing to store.
            if username not in officials_of:
                plan.problem(
                    ROLES,
                    row.ref("role"),
                    _("tài khoản “%(name)s” không gắn với cán bộ nào ở trang Cán bộ")
                    % {"name": username},
                )
            continue
        subtree = True if v["include_subtree"] is None else v["include_subtree"]
        user, target = people.users[username], plan.units[unit]
        found = existing.get((user.pk, role, target.pk)) if user.pk and target.pk else None
        label = f"{username} – {Role(role).label} – {unit}"
        if found is None:
            people.new_roles.append((label, username, role, unit, subtree))
            plan.note(Change("role", label, label, True, after={"include_subtree": subtree}))
        elif found.include_subtree != subtree:
            plan.note(
                Change(
                    "role",
                    label,
                    label,
                    False,
                    {"include_subtree": found.include_subtree},
                    {"include_subtree": subtree},
                )
            )
            found.include_subtree = subtree
            people.changed_roles.append(found)
            people.role_records[label] = found
        else:
            plan.keep("role")
