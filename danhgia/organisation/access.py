"""Who may see or change what: the one place that decides access (SPEC §4, STYLE "Logic").

Every view and service asks ``restrict()`` (or a helper built on it) for the objects a user may
see or change; "no access" is the same answer as "does not exist" (404), so that the existence
of another unit's people and records does not leak.

Scope: a role assignment covers its unit, and the unit's subtree when ``include_subtree``. An
administrator (superuser or the ``administrator`` role) covers everything. An official with no
other role sees their own record and their own unit, nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .models import Absence, Official, PositionHistory, RoleAssignment, Unit


class Action(models.TextChoices):
    VIEW = "view", _("xem")
    CHANGE = "change", _("sửa")


@dataclass(frozen=True)
class Scope:
    """One role held over one unit (the implicit official role has its own unit, no subtree)."""

    role: Role
    unit: Unit
    include_subtree: bool


def _assignments(user) -> list[RoleAssignment]:
    """The user's role assignments, read once per user object (i.e. once per request)."""
    cached = getattr(user, "_danhgia_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
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
    result.extend(Scope(Role(a.role), a.unit, a.include_subtree) for a in _assignments(user))
    return result


def is_administrator(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(a.role == Role.ADMINISTRATOR for a in _assignments(user))


def _scope_q(assignments: Iterable[RoleAssignment], unit_path: str = "") -> Q:
    """Rows whose unit (reached through ``unit_path``, e.g. "unit__") the assignments cover.

    With no assignments the Q matches nothing.
    """
    q = Q(pk__in=[])
    for a in assignments:
        if a.include_subtree:
            q |= Q(**{f"{unit_path}path__startswith": a.unit.path})
        else:
            q |= Q(**{f"{unit_path}pk": a.unit.pk})
    return q


def has_scoped_role(user) -> bool:
    """Whether the user sees beyond their own record (any role assignment, or administrator)."""
    return is_administrator(user) or bool(user.is_authenticated and _assignments(user))


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
    assignments = [a for a in _assignments(user) if wanted is None or a.role in wanted]
    if not assignments:
        return Unit.objects.none()
    return Unit.objects.filter(_scope_q(assignments))


def visible_officials(user) -> QuerySet[Official]:
    """Officials the user may see: everyone in the scope of a role, plus their own record."""
    return restrict(user, Official.objects.all())


def restrict(user, queryset: QuerySet, action: Action = Action.VIEW) -> QuerySet:
    """The ONE access decision: the part of ``queryset`` that ``user`` may see or change.

    Rules and periods are read by every signed-in user; changes to configuration belong to
    administrators (through the admin). New models add their rule here.
    """
    model = queryset.model
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if is_administrator(user):
        return queryset
    if action == Action.CHANGE:
        return queryset.none()
    if model is Unit:
        own = own_official(user)
        own_q = Q(pk=own.unit_id) if own is not None else Q(pk__in=[])
        return queryset.filter(_scope_q(_assignments(user)) | own_q)
    if model is Official:
        return queryset.filter(_scope_q(_assignments(user), "unit__") | Q(user=user))
    if model in (PositionHistory, Absence):
        scope = _scope_q(_assignments(user), "official__unit__")
        return queryset.filter(scope | Q(official__user=user))
    if model is RoleAssignment:
        return queryset.filter(user=user)
    if model._meta.app_label in ("rules", "periods"):
        return queryset
    return queryset.none()


def can(user, obj: models.Model, action: Action = Action.VIEW) -> bool:
    """Whether ``user`` may see (or change) this one object."""
    manager = type(obj)._default_manager
    return restrict(user, manager.filter(pk=obj.pk), action).exists()


def get_for_user_or_404(user, queryset: QuerySet, action: Action = Action.VIEW, **lookup):
    """The object matching ``lookup`` if the user may see (or change) it; otherwise 404."""
    try:
        return restrict(user, queryset, action).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền truy cập.")) from None


def get_official_for_user_or_404(user, pk: int, action: Action = Action.VIEW) -> Official:
    queryset = Official.objects.select_related("unit", "unit__block", "comparison_group", "user")
    return get_for_user_or_404(user, queryset, action, pk=pk)
