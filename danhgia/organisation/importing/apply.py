"""Applying an organisation plan: bulk writes in one transaction, audit entries, e-mails.

Every kind is written with ``bulk_create`` / ``bulk_update``, so the number of queries does not
grow with the number of rows. New accounts have no usable password: each gets a one-time link
to set one (Django's password-reset token, valid until the password is set), by e-mail when the
file gives an address, otherwise in the result for the administrator to hand over.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from danhgia.audit.choices import AuditAction
from danhgia.audit.models import AuditEntry
from danhgia.audit.paths import fill_unit_paths, move_unit_paths
from danhgia.links import absolute_url
from danhgia.names import display_name

from ..models import Block, ComparisonGroup, Official, PositionHistory, RoleAssignment, Unit
from .people import FIELDS, MODEL_FIELDS
from .plan import Plan

logger = logging.getLogger(__name__)
BATCH = 2000
KINDS = ["block", "unit", "group", "official", "account", "role"]


@dataclass
class Result:
    counts: dict[str, dict[str, int]]
    emailed: list[str] = field(default_factory=list)
    #: (username, one-time link) of new accounts without an e-mail address
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["changed"] for c in self.counts.values())


def set_password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("organisation:set_password", args=[uid, token]))


def apply_plan(plan: Plan, actor=None, filename: str = "", *, note: str = "") -> Result:
    """Write the plan (the caller holds the transaction), log it, and send the links."""
    people = plan.people
    Block.objects.bulk_create(plan.new_blocks, batch_size=BATCH)
    _write_units(plan)
    ComparisonGroup.objects.bulk_create(plan.new_groups, batch_size=BATCH)
    ComparisonGroup.objects.bulk_update(plan.changed_groups, ["name"], batch_size=BATCH)
    User = get_user_model()
    User.objects.bulk_create(people.new_users, batch_size=BATCH)
    User.objects.bulk_update(people.changed_users, ["email"], batch_size=BATCH)
    _write_officials(plan)
    _write_roles(plan)
    _audit(plan, actor, note or _("Nhập tổ chức từ Excel: %(file)s") % {"file": filename or "—"})
    result = Result({kind: plan.count(kind) for kind in KINDS})
    with_email = [u for u in people.new_users if u.email]
    result.emailed = [u.username for u in with_email]
    result.links = [(u.username, set_password_link(u)) for u in people.new_users if not u.email]
    if with_email:
        _send_links(with_email)
    return result


def _write_units(plan: Plan) -> None:
    for unit in plan.new_units:
        unit.block = plan.block_of[unit.code]  # saved by now
    Unit.objects.bulk_create(plan.new_units, batch_size=BATCH)
    for unit in plan.new_units + plan.changed_units:
        parent = plan.unit_parent.get(unit.code)
        unit.parent_id = plan.units[parent].pk if parent else None
        if unit.code in plan.block_of:  # a unit of the file (others only follow a move)
            block = plan.block_of[unit.code]
            unit.block_id = block.pk if block else None
    if plan.new_units:
        Unit.objects.bulk_update(plan.new_units, ["parent"], batch_size=BATCH)
    if plan.changed_units:
        old = dict(
            Unit.objects.filter(pk__in=[u.pk for u in plan.changed_units]).values_list("pk", "path")
        )
        Unit.objects.bulk_update(
            plan.changed_units, ["name", "parent", "block", "path"], batch_size=BATCH
        )
        move_unit_paths({old[u.pk]: u.path for u in plan.changed_units if u.pk in old})


def _write_officials(plan: Plan) -> None:
    people = plan.people
    changed = {people.officials[code] for code in people.changed_officials}
    fields: set[str] = set()
    for diff in people.changed_officials.values():
        fields |= {MODEL_FIELDS.get(key, key) for key in diff}
    for code, official in people.officials.items():
        if official.pk is not None and official not in changed:
            continue
        wanted = people.wanted[code]
        for key in FIELDS:
            value = wanted[key]
            if key == "unit":
                official.unit_id = plan.units[value].pk
            elif key == "group":
                official.comparison_group_id = plan.groups[value].pk if value else None
            elif key == "username":
                official.user_id = people.users[value].pk if value else None
            else:
                setattr(official, key, value)
        official.set_names(official.full_name)
    if "full_name" in fields:
        fields.add("given_name")
    Official.objects.bulk_create(people.new_officials, batch_size=BATCH)
    if changed:
        Official.objects.bulk_update(list(changed), sorted(fields), batch_size=BATCH)
    _move(plan)


def _move(plan: Plan) -> None:
    """A person who changed post (unit, positions, leadership role): the open post ends
    yesterday, a new one starts today."""
    people = plan.people
    if not people.moves:
        return
    today = timezone.localdate()
    moved = {people.officials[code].pk: people.officials[code] for code in people.moves}
    open_posts = list(
        PositionHistory.objects.filter(official_id__in=list(moved), end_date__isnull=True)
    )
    for post in open_posts:
        post.end_date = max(post.start_date, today - timedelta(days=1))
    PositionHistory.objects.bulk_update(open_posts, ["end_date"], batch_size=BATCH)
    PositionHistory.objects.bulk_create(
        [
            PositionHistory(
                official=official,
                unit_id=official.unit_id,
                title=official.position_titles[:200],
                leadership_role=official.leadership_role,
                start_date=today,
            )
            for official in moved.values()
        ],
        batch_size=BATCH,
    )


def _write_roles(plan: Plan) -> None:
    people = plan.people
    for label, username, role, unit, subtree in people.new_roles:
        people.role_records[label] = RoleAssignment(
            user_id=people.users[username].pk,
            role=role,
            unit_id=plan.units[unit].pk,
            include_subtree=subtree,
        )
    created = [people.role_records[new[0]] for new in people.new_roles]
    RoleAssignment.objects.bulk_create(created, batch_size=BATCH)
    RoleAssignment.objects.bulk_update(people.changed_roles, ["include_subtree"], batch_size=BATCH)


def _audit(plan: Plan, actor, note: str) -> None:
    """One entry per record created or changed, written in bulk."""
    people = plan.people
    User = get_user_model()
    records = {
        "block": {b.code: b for b in plan.new_blocks},
        "unit": plan.units,
        "group": plan.groups,
        "official": people.officials,
        "account": people.users,
        "role": people.role_records,
    }
    labels = {
        "block": "organisation.block",
        "unit": "organisation.unit",
        "group": "organisation.comparisongroup",
        "official": "organisation.official",
        "account": User._meta.label_lower,
        "role": "organisation.roleassignment",
    }
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entries = []
    for change in plan.changes:
        record = records.get(change.kind, {}).get(change.key)
        entries.append(
            AuditEntry(
                actor=actor if is_user else None,
                actor_name=(display_name(actor)) if is_user else "",
                action=AuditAction.RECORD_CREATED if change.created else AuditAction.RECORD_CHANGED,
                object_type=labels[change.kind],
                object_id=str(record.pk) if record is not None else "",
                object_repr=change.label[:300],
                before=change.before or None,
                after=change.after or None,
                note=note,
            )
        )
    fill_unit_paths(entries)
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)


def _send_links(users: list) -> None:
    """One e-mail per new account with its link, sent once the import commits."""
    subject = _("Đặt mật khẩu cho tài khoản hệ thống đánh giá cán bộ")
    messages = [
        EmailMessage(
            subject,
            _(
                "Tài khoản “%(name)s” đã được tạo cho bạn. Hãy mở đường dẫn sau để đặt mật khẩu "
                "(chỉ dùng được một lần):\n\n%(link)s\n"
            )
            % {"name": user.username, "link": set_password_link(user)},
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        for user in users
    ]

    def send() -> None:
        try:
            get_connection().send_messages(messages)
        except Exception:  # the import is done; a mail server failure must not hide that
            logger.exception("sending %d set-password e-mail(s) failed", len(messages))

    transaction.on_commit(send)
