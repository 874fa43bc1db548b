"""Stage scores and key-task responses of steps 3b-3c (SPEC §4, §6).

Stage scores (review, appraisal) are seen by the roles that see the evaluation
(``EVALUATION_VIEWER_ROLES`` covering the official's unit) and by the official once the result
is published — never by the official before, even when the official is also the unit's leader;
the review's are changed by unit leadership, the appraisal's by an appraiser covering the
official's unit, never by the official themself. Key-task responses are seen by the roles
covering the lead's unit and recorded by an appraiser.
"""

from __future__ import annotations

from django.db.models import Q

from danhgia.evaluations.choices import EvaluationState
from danhgia.organisation.choices import Role
from danhgia.review.choices import Stage

from ..actions import Action
from ..scopes import EVALUATION_VIEWER_ROLES, assignments, nothing, scope_q, with_roles

#: states in which an official reads what the later steps said about them
PUBLIC_STATES = (EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)


def own_result_q(user, e: str) -> Q:
    """Seen by the roles covering the official's unit (not the official), and by the official
    once published. ``e`` reaches the evaluation ("evaluation__")."""
    own = Q(**{f"{e}official__user": user})
    viewers = scope_q(with_roles(user, EVALUATION_VIEWER_ROLES), f"{e}official__unit__")
    return (viewers & ~own) | (own & Q(**{f"{e}state__in": PUBLIC_STATES}))


def stage_score(user, action: Action, s: str = "") -> Q:
    e = f"{s}evaluation__"
    if action == Action.VIEW:
        return own_result_q(user, e)
    if action == Action.CHANGE:
        own = Q(**{f"{e}official__user": user})
        unit = f"{e}official__unit__"
        review = Q(**{f"{s}stage": Stage.REVIEW}) & scope_q(
            with_roles(user, (Role.UNIT_LEADERSHIP,)), unit
        )
        appraisal = Q(**{f"{s}stage": Stage.APPRAISAL}) & scope_q(
            with_roles(user, (Role.APPRAISER,)), unit
        )
        return (review | appraisal) & ~own
    return nothing()


def stage_criterion_score(user, action: Action) -> Q:
    return stage_score(user, action, "stage_score__")


def key_task_assessment(user, action: Action) -> Q:
    if action == Action.VIEW:
        return scope_q(assignments(user), "task__lead__unit__")
    if action in (Action.CHANGE, Action.APPRAISE):
        return scope_q(with_roles(user, (Role.APPRAISER,)), "task__lead__unit__")
    return nothing()
