"""Evaluations, their criterion rows and evidence (SPEC §4, §6, §14).

Seen by the official evaluated and by the roles of ``EVALUATION_VIEWER_ROLES`` whose scope
covers the official's unit (an assigning agency sees the tasks, not the evaluations); changed by
the official only, and only while the evaluation is still theirs (draft, targets approved, or
returned to them); targets are approved (and amended) by the unit leadership covering the
official's unit, never by the official themself. Verification belongs to the assigning side of
one of the person's counted tasks and to the unit leadership covering the person (who confirms
for people without tasks); the review to the unit leadership, the appraisal to an appraiser and
the decision to an authority covering the official's unit — never to the official themself.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from danhgia.evaluations.choices import OWNER_EDITABLE_STATES, EvaluationState
from danhgia.organisation.choices import Role
from danhgia.organisation.models import Official
from danhgia.tasks.choices import TaskState

from ..actions import Action
from ..scopes import (
    EVALUATION_VIEWER_ROLES,
    assigning_unit_ids,
    nothing,
    scope_q,
    with_roles,
)

#: how each model of the evaluations app reaches its evaluation
PATHS = {
    "evaluations.evaluation": "",
    "evaluations.criterionentry": "evaluation__",
    "evaluations.evidence": "entry__evaluation__",
}
#: the step right of each action: the role that owns it over the official's unit
STEP_ROLES = {
    Action.APPROVE: Role.UNIT_LEADERSHIP,
    Action.REVIEW: Role.UNIT_LEADERSHIP,
    Action.APPRAISE: Role.APPRAISER,
    Action.DECIDE: Role.AUTHORITY,
}


def evaluation_q(user, action: Action, p: str = "") -> Q:
    """The evaluations (reached through the lookup prefix ``p``) the user may act on."""
    own = Q(**{f"{p}official__user": user})
    if action == Action.VIEW:
        return own | scope_q(with_roles(user, EVALUATION_VIEWER_ROLES), f"{p}official__unit__")
    if action == Action.CHANGE:
        # A returned evaluation is the official's again only when it was returned to them
        # (``returned_from`` = self-assessed; empty before the review step existed).
        returned_elsewhere = Q(**{f"{p}state": EvaluationState.RETURNED}) & ~Q(
            **{f"{p}returned_from__in": ("", EvaluationState.SELF_ASSESSED)}
        )
        return own & Q(**{f"{p}state__in": OWNER_EDITABLE_STATES}) & ~returned_elsewhere
    if action in STEP_ROLES:
        return scope_q(with_roles(user, (STEP_ROLES[action],)), f"{p}official__unit__") & ~own
    if action == Action.VERIFY:
        return (_assigned_a_task(user, p) | evaluation_q(user, Action.REVIEW, p)) & ~own
    return nothing()


def changes_loaded(user, evaluation) -> bool | None:
    """``evaluation_q(user, CHANGE)`` decided on a record read in this request, without a query:
    the official's own, in a state that is theirs to change. ``None`` when the record was read
    without its official (the caller then asks the database)."""
    if not _official_loaded(evaluation):
        return None
    returned_elsewhere = evaluation.state == EvaluationState.RETURNED and (
        evaluation.returned_from not in ("", EvaluationState.SELF_ASSESSED)
    )
    return (
        evaluation.official.user_id == user.pk
        and evaluation.state in OWNER_EDITABLE_STATES
        and not returned_elsewhere
    )


def _official_loaded(evaluation) -> bool:
    return type(evaluation)._meta.get_field("official").is_cached(evaluation)


def _assigned_a_task(user, p: str) -> Q:
    """One of the person's counted tasks of the quarter was assigned by the user's role unit."""
    units = sorted(assigning_unit_ids(user))
    if not units:
        return nothing()
    task_model = Official._meta.get_field("tasks").related_model
    counted = (
        task_model.objects.filter(
            lead=OuterRef(f"{p}official"),
            period=OuterRef(f"{p}period"),
            assigning_unit__in=units,
        )
        .exclude(state__in=(TaskState.CANCELLED, TaskState.CARRIED_OVER))
        .exclude(completed_on__isnull=True, due_date__gt=OuterRef(f"{p}period__results_cutoff"))
    )
    return Q(Exists(counted))


def evaluation(user, action: Action, label: str = "evaluations.evaluation") -> Q:
    return evaluation_q(user, action, PATHS[label])


def criterion_entry(user, action: Action) -> Q:
    return evaluation_q(user, action, PATHS["evaluations.criterionentry"])


def evidence(user, action: Action) -> Q:
    return evaluation_q(user, action, PATHS["evaluations.evidence"])
