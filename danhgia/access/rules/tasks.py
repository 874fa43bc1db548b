"""Tasks, their evidence, catalogues and collective results (SPEC §4; Lào Cai Phụ lục 01).

Tasks and their evidence: seen by the lead, by every role whose scope covers the lead's unit
and by the assigning side; results are reported by the lead only; the task itself, its factors,
its confirmation and its cancellation belong to the assigning side, that is the assigning agency
or unit leadership whose role assigns **as** the task's assigning unit: the role's acting unit,
else its unit (a province-wide agency does not confirm what a department assigned).
Catalogues: seen within a role's scope and by the people of the units they apply to (a unit's
catalogue applies to its subtree, so the units above one's own count); drafted by unit
leadership or secretary, approved by unit leadership.
Collective results (Phụ lục 7): seen by roles covering the unit, prepared by its leadership or
secretary.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from danhgia.organisation.choices import Role
from danhgia.organisation.models import Official, Unit

from ..actions import Action
from ..scopes import TASK_ASSIGNER_ROLES as ASSIGNERS
from ..scopes import (
    UNIT_CLERK_ROLES,
    ancestor_paths,
    assigning_unit_ids,
    assignments,
    covers_province,
    is_administrator,
    nothing,
    scope_q,
    with_roles,
)


def task(user, action: Action, prefix: str = "") -> Q:
    p = prefix
    if action == Action.VIEW:
        if covers_province(user):  # every task has a lead, every lead a unit
            return Q()
        return Q(**{f"{p}pk__in": visible_task_ids(user)})
    if action == Action.REPORT:
        return Q(**{f"{p}lead__user": user})
    if action in (Action.CHANGE, Action.VERIFY):
        return Q(**{f"{p}assigning_unit__in": sorted(assigning_unit_ids(user))})
    return nothing()


def visible_task_ids(user):
    """The ids of the tasks the user sees, as one subquery: a UNION of three queries (their own,
    their scope's leads, their assigning units), each served by an index (``lead_id``,
    ``official.unit_id`` under a unit path prefix, ``assigning_unit_id``), so that the cost
    follows the user's scope rather than the province (an OR across the two joins is served by
    none and reads every task)."""
    tasks = apps.get_model("tasks", "Task").objects.order_by()
    officials = Official.objects.order_by()
    units = Unit.objects.order_by()
    own = tasks.filter(lead__in=officials.filter(user=user).values("pk")).values("pk")
    led = tasks.filter(
        lead__in=officials.filter(scope_q(assignments(user), "unit__")).values("pk")
    ).values("pk")
    assigning = scope_q(with_roles(user, ASSIGNERS)) | Q(pk__in=sorted(assigning_unit_ids(user)))
    assigned = tasks.filter(assigning_unit__in=units.filter(assigning).values("pk")).values("pk")
    return own.union(led, assigned)


def task_evidence(user, action: Action) -> Q:
    return task(user, action, "task__")


def catalogue(user, action: Action, prefix: str = "") -> Q:
    p = prefix
    if action == Action.VIEW:
        return scope_q(assignments(user), f"{p}unit__") | Q(
            **{f"{p}unit__path__in": ancestor_paths(user)}
        )
    if action == Action.CHANGE:
        return scope_q(with_roles(user, UNIT_CLERK_ROLES), f"{p}unit__")
    if action == Action.APPROVE:
        return scope_q(with_roles(user, (Role.UNIT_LEADERSHIP,)), f"{p}unit__")
    return nothing()


def product(user, action: Action) -> Q:
    return catalogue(user, action, "catalogue__")


def collective_result(user, action: Action) -> Q:
    if action == Action.VIEW:
        return scope_q(assignments(user), "unit__")
    if action == Action.CHANGE:
        return scope_q(with_roles(user, UNIT_CLERK_ROLES), "unit__")
    return nothing()


def force_majeure(user, action: Action) -> Q:
    """Force majeure (SPEC §8.2, §9): seen by the roles covering the unit and by the person
    concerned; asked by the unit's leadership or the person (``may_request_force_majeure``);
    confirmed or refused by the authority over the unit only."""
    if action == Action.VIEW:
        return scope_q(assignments(user), "unit__") | Q(official__user=user)
    if action == Action.DECIDE:
        return scope_q(with_roles(user, (Role.AUTHORITY,)), "unit__")
    return nothing()


def may_request_force_majeure(user, unit: Unit, official: Official | None) -> bool:
    """The unit's leadership asks for the unit or one of its people; a person for themself."""
    if is_administrator(user):
        return True
    if official is not None and official.user_id is not None and official.user_id == user.pk:
        return True
    leading = with_roles(user, (Role.UNIT_LEADERSHIP,))
    return Unit.objects.filter(pk=unit.pk).filter(scope_q(leading)).exists()
