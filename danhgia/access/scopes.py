"""A user's scopes: the roles they hold over units, resolved once per request (SPEC §4).

A role assignment covers its unit, and the unit's subtree when ``include_subtree``. An
administrator (superuser or the ``administrator`` role) covers everything. An official with no
other role sees their own record and their own unit, nothing more. Scopes are resolved to unit
ids and materialised paths first, so that every filter built from them follows the scope, not
the size of the province.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from danhgia.organisation.choices import Role
from danhgia.organisation.models import Official, RoleAssignment, Unit
from danhgia.organisation.paths import path_prefixes

#: who assigns tasks and confirms their results (SPEC §4; Lào Cai Phụ lục 01)
TASK_ASSIGNER_ROLES = (Role.ASSIGNING_AGENCY, Role.UNIT_LEADERSHIP)
#: who prepares a unit's catalogue of products, its collective results and its dossier
UNIT_CLERK_ROLES = (Role.UNIT_LEADERSHIP, Role.UNIT_SECRETARY)
#: roles that see the evaluations of the officials in their scope (SPEC §4)
EVALUATION_VIEWER_ROLES = (
    Role.UNIT_LEADERSHIP,
    Role.UNIT_SECRETARY,
    Role.APPRAISER,
    Role.AUTHORITY,
)
#: roles that read the audit log besides administrators (SPEC §4: the organisation commission)
AUDIT_READER_ROLES = (Role.APPRAISER,)


@dataclass(frozen=True)
class Scope:
    """One role held over one unit (the implicit official role has its own unit, no subtree)."""

    role: Role
    unit: Unit
    include_subtree: bool
    #: the body the role assigns tasks as, when not ``unit`` (``RoleAssignment.acting_unit``)
    acting_unit: Unit | None = None

    def covers(self, unit: Unit) -> bool:
        """Whether ``unit`` is this scope's unit or, with the subtree, below it."""
        if self.include_subtree:
            return unit.path.startswith(self.unit.path)
        return unit.pk == self.unit.pk

    @property
    def assigning_unit(self) -> Unit:
        """The unit that assigns the tasks of this scope: the acting unit, else the scope's
        unit. The reach (whom it assigns to) stays the scope's unit (rough edge #13)."""
        return self.acting_unit or self.unit


def assignments(user) -> list[RoleAssignment]:
    """The user's role assignments, read once per user object (i.e. once per request)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_danhgia_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user)
            .select_related("unit", "acting_unit")
            .order_by("role", "unit__path")  # the default's leading "user": one user here
        )
        user._danhgia_assignments = cached
    return cached


def own_official(user) -> Official | None:
    """The Official record of the account, if any (read once per user object)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_danhgia_official"):
        user._danhgia_official = (
            Official.objects.select_related("unit", "unit__block", "comparison_group")
            .filter(user=user)
            .first()
        )
    return user._danhgia_official


def scopes(user) -> list[Scope]:
    """Every role the user holds with its unit, the implicit official role first."""
    if not user.is_authenticated:
        return []
    result = []
    official = own_official(user)
    if official is not None:
        result.append(Scope(Role.OFFICIAL, official.unit, include_subtree=False))
    result.extend(
        Scope(Role(a.role), a.unit, a.include_subtree, a.acting_unit) for a in assignments(user)
    )
    return result


def assigned_roles(user) -> set[Role]:
    """The roles the user's role assignments grant (the implicit official role left out)."""
    return {Role(a.role) for a in assignments(user)}


def is_administrator(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(a.role == Role.ADMINISTRATOR for a in assignments(user))


def covers_province(user) -> bool:
    """Whether the user's roles cover every unit (a subtree role on each root unit): their
    scoped lists need no condition at all, which PostgreSQL plans far better than a condition
    every row meets (the province's tasks: 1.8 s → a plain index scan). Read once per user
    object."""
    cached = getattr(user, "_danhgia_covers_province", None)
    if cached is None:
        subtrees = [a.unit.path for a in assignments(user) if a.include_subtree]
        # only a role on a root unit can cover the province: no query for anyone else
        on_a_root = any(a.include_subtree and a.unit.parent_id is None for a in assignments(user))
        cached = on_a_root and all(
            any(root.startswith(path) for path in subtrees)
            for root in Unit.objects.filter(parent=None).values_list("path", flat=True)
        )
        user._danhgia_covers_province = cached
    return cached


def with_roles(user, roles: Iterable[Role]) -> list[RoleAssignment]:
    roles = set(roles)
    return [a for a in assignments(user) if a.role in roles]


def holds(user, roles: Iterable[Role]) -> bool:
    """Whether the user holds one of ``roles`` anywhere (administrators hold every role)."""
    return is_administrator(user) or bool(with_roles(user, roles))


def scope_q(items: Iterable[RoleAssignment], unit_path: str = "") -> Q:
    """Rows whose unit (reached through ``unit_path``, e.g. "unit__") the assignments cover.

    With no assignments the Q matches nothing.
    """
    q = Q(pk__in=[])
    for a in items:
        if a.include_subtree:
            q |= Q(**{f"{unit_path}path__startswith": a.unit.path})
        else:
            q |= Q(**{f"{unit_path}pk": a.unit.pk})
    return q


def nothing() -> Q:
    return Q(pk__in=[])


def has_scoped_role(user) -> bool:
    """Whether the user sees beyond their own record (any role assignment, or administrator)."""
    return is_administrator(user) or bool(assignments(user))


def units_in_scope(user, roles: Iterable[Role] | None = None) -> QuerySet[Unit]:
    """Units covered by the user's role assignments, limited to ``roles`` when given.

    The implicit official role covers no unit here: an official's own unit is added by
    ``restrict`` for the unit list only, never for the people in it.
    """
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if is_administrator(user):
        return Unit.objects.all()
    wanted = None if roles is None else {Role(r) for r in roles}
    items = [a for a in assignments(user) if wanted is None or a.role in wanted]
    if not items:
        return Unit.objects.none()
    return Unit.objects.filter(scope_q(items))


def covers_unit(user, unit: Unit, roles: Iterable[Role]) -> bool:
    """Whether one of the user's ``roles`` covers ``unit`` (no query: the scopes are cached)."""
    if is_administrator(user):
        return True
    return any(
        Scope(Role(a.role), a.unit, a.include_subtree).covers(unit) for a in with_roles(user, roles)
    )


def ancestor_paths(user) -> list[str]:
    """Paths of the user's own unit, the units of their roles, and every unit above them."""
    own = own_official(user)
    units = [a.unit for a in assignments(user)] + ([own.unit] if own is not None else [])
    paths = set()
    for unit in units:
        paths.update(path_prefixes(unit.path))
    return sorted(paths)


def assigning_scopes(user) -> list[Scope]:
    """The units the user may assign tasks from, each with its reach (SPEC §4).

    An assigning agency or unit leadership assigns as its acting unit (else the unit of its
    role) to the officials its role covers; an administrator from any unit to its subtree.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    if is_administrator(user):
        return [Scope(Role.ADMINISTRATOR, unit, True) for unit in Unit.objects.all()]
    return [
        Scope(Role(a.role), a.unit, a.include_subtree, a.acting_unit)
        for a in with_roles(user, TASK_ASSIGNER_ROLES)
    ]


def assigning_reach(scopes: Iterable[Scope], unit: Unit | None) -> list[Scope]:
    """The scopes that assign as ``unit``: together, the officials it may assign tasks to."""
    if unit is None:
        return []
    return [s for s in scopes if s.assigning_unit.pk == unit.pk]


def chosen_assigning_unit(scopes: Iterable[Scope], pk: object) -> Unit | None:
    """The assigning body among ``scopes`` whose id is ``pk`` (a form's or a request's value,
    text or number), or None when the user does not assign as that unit."""
    return next((s.assigning_unit for s in scopes if str(s.assigning_unit.pk) == str(pk)), None)


def assigning_unit_ids(user) -> set[int]:
    """The units whose tasks the user's roles assigned, confirm and change: the acting unit of
    each assigning role, else its unit."""
    return {a.assigning_unit_id for a in with_roles(user, TASK_ASSIGNER_ROLES)}
