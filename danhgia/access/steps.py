"""Who owns each step of the quarter, for a unit or for a page (SPEC §4, §6).

For one evaluation the answer is ``can(user, evaluation, action)`` (the rules of
``rules.evaluations``). For a unit's pages and the menus, a step belongs to a role covering the
unit (``on_unit``) or held anywhere (``may``); both read the cached scopes, no query.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from danhgia.evaluations.choices import EvaluationState
from danhgia.organisation.choices import Role
from danhgia.organisation.models import Unit

from .actions import Action
from .queries import can
from .scopes import (
    AUDIT_READER_ROLES,
    EVALUATION_VIEWER_ROLES,
    TASK_ASSIGNER_ROLES,
    UNIT_CLERK_ROLES,
    covers_unit,
    holds,
    is_administrator,
    units_in_scope,
)

#: the roles that own a step over a unit (SPEC §4)
UNIT_STEP_ROLES: dict[str, tuple[Role, ...]] = {
    Action.VIEW: EVALUATION_VIEWER_ROLES,
    Action.APPROVE: (Role.UNIT_LEADERSHIP,),
    Action.VERIFY: TASK_ASSIGNER_ROLES,
    Action.REVIEW: (Role.UNIT_LEADERSHIP,),
    Action.PREPARE_DOSSIER: UNIT_CLERK_ROLES,
    Action.APPRAISE: (Role.APPRAISER,),
    Action.DECIDE: (Role.AUTHORITY,),
    Action.CORRECT: (Role.AUTHORITY,),
    Action.PUBLISH: (Role.AUTHORITY,),
    Action.ARCHIVE: (Role.AUTHORITY,),
    Action.READ_LOG: AUDIT_READER_ROLES,
}
#: who opens the "Xét duyệt" pages (steps 3a-3c)
REVIEW_PAGE_ROLES = (
    Role.ASSIGNING_AGENCY,
    Role.UNIT_LEADERSHIP,
    Role.UNIT_SECRETARY,
    Role.APPRAISER,
)
#: who reads the decided list (the authority acts on it; the commission drafts the reports)
DECIDED_READER_ROLES = (Role.AUTHORITY, Role.APPRAISER)


def units_for(user, action: Action):
    """The units where the user owns ``action`` (a queryset; every unit for administrators)."""
    return units_in_scope(user, UNIT_STEP_ROLES[action])


def unit_ids_for(user, action: Action) -> set[int] | None:
    """Ids of ``units_for``, read once; None means everywhere (administrators)."""
    if is_administrator(user):
        return None
    return set(units_for(user, action).values_list("pk", flat=True))


def on_unit(user, unit: Unit, action: Action) -> bool:
    """Whether a role of the user owning ``action`` covers ``unit`` (administrators: always)."""
    return covers_unit(user, unit, UNIT_STEP_ROLES[action])


def may(user, action: Action) -> bool:
    """Whether the user holds, anywhere, a role owning ``action`` (menus, index pages)."""
    return holds(user, UNIT_STEP_ROLES[action])


def opens_review_pages(user) -> bool:
    return holds(user, REVIEW_PAGE_ROLES)


def reads_decisions(user) -> bool:
    return holds(user, DECIDED_READER_ROLES)


def owns(user, evaluation, step) -> bool:
    """Whether the user owns ``step`` (an ``evaluations.workflow.Step``) for the evaluation."""
    return can(user, evaluation, step.action)


def require_owner(user, evaluation, step) -> None:
    """Refuse (403) a user who does not own the step; ``None`` is the system (the demo seed)."""
    if user is not None and not owns(user, evaluation, step):
        raise PermissionDenied


def require_on_unit(user, unit: Unit, action: Action) -> None:
    if user is not None and not on_unit(user, unit, action):
        raise PermissionDenied


def require_may(user, action: Action) -> None:
    if not may(user, action):
        raise PermissionDenied


#: states in which the person evaluated reads what the later steps said about them
PUBLIC_STATES = (EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)


def sees_later_steps(user, evaluation) -> bool:
    """Whether the user reads the scores, proposals and reasons the later steps gave.

    Everyone who sees the evaluation does, except the person evaluated before publication —
    even when that person leads the unit (SPEC §6, §14).
    """
    return evaluation.official.user_id != user.pk or evaluation.state in PUBLIC_STATES
