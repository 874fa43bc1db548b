"""Step 3b: the unit leadership reviews its members (SPEC §4, §6; 02-HD §4 step 3).

Per member the review sets its own points beside the self-assessment (``adjustments``), a
comment and a proposed rating, then completes the step (``verified`` → ``reviewed``). For the
unit it records the meeting that reviewed the quarter (date, attendees, minutes). The unit's page
lists its people (sub-units included) with each stage's total and proposal, in a fixed number of
queries whatever their number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from danhgia import access
from danhgia.access import Action
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.overview import ROLE_ORDER
from danhgia.evaluations.workflow import (
    APPRAISAL,
    REVIEW,
    SELF_ASSESSMENT,
    STEPS,
    VERIFICATION,
    Step,
    waiting_step,
)
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.tasks.choices import TaskState
from danhgia.tasks.selectors import counted_tasks

from .choices import Stage
from .models import StageScore
from .stage_points import StageInput, save_stage


def save_review(
    evaluation: Evaluation,
    data: StageInput,
    user,
    *,
    lock_version: int | None = None,
    finish: bool = False,
) -> StageScore:
    """Save the unit leadership's points, comment and proposal; ``finish`` completes the step."""
    return save_stage(
        evaluation, Stage.REVIEW, data, user, lock_version=lock_version, finish=finish
    )


# --- The unit's page ---------------------------------------------------------------------------


@dataclass
class Member:
    """One person of the unit with their evaluation of the quarter and its stages."""

    official: Official
    evaluation: Evaluation | None
    review: StageScore | None
    appraisal: StageScore | None
    unconfirmed: int  # counted tasks not yet confirmed by their assigning side

    @property
    def step(self) -> Step | None:
        return waiting_step(self.evaluation) if self.evaluation is not None else None

    @property
    def waits_for_verification(self) -> bool:
        return self.step is VERIFICATION

    @property
    def waits_for_review(self) -> bool:
        return self.step is REVIEW

    @property
    def waits_for_appraisal(self) -> bool:
        return self.step is APPRAISAL

    @property
    def waits_for_official(self) -> bool:
        return self.step is SELF_ASSESSMENT

    @property
    def self_proposal(self) -> str:
        if self.evaluation is None:
            return ""
        return self.evaluation.self_proposed_rating or self.evaluation.self_band

    @property
    def review_changed(self) -> bool:
        """The review's total or proposal differs from the self-assessment's."""
        if self.review is None or self.evaluation is None:
            return False
        return (
            self.review.total != self.evaluation.self_total
            or self.review.proposed_rating != self.self_proposal
        )

    @property
    def appraisal_changed(self) -> bool:
        if self.appraisal is None:
            return False
        previous = self.review
        if previous is None:
            return self.evaluation is not None and (
                self.appraisal.total != self.evaluation.self_total
            )
        return (
            self.appraisal.total != previous.total
            or self.appraisal.proposed_rating != previous.proposed_rating
        )


def unit_people(user, unit: Unit) -> QuerySet[Official]:
    """The people of the unit and its sub-units the user sees, heads first."""
    return (
        access.visible_officials(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "user")
        .annotate(role_order=ROLE_ORDER)
        .order_by("unit__path", "role_order", "given_name", "full_name", "pk")
    )


def members(user, people: Iterable[Official], period: Period) -> list[Member]:
    """The members of a page of people with their evaluations and stages (3 queries).

    Stage scores come through the access module: a member who leads the unit does not read
    their own review or appraisal before publication.
    """
    people = list(people)
    ids = [p.pk for p in people]
    stages = access.restrict(user, StageScore.objects.order_by("stage"))
    evaluations = {
        e.official_id: e
        for e in Evaluation.objects.filter(period=period, official__in=ids).prefetch_related(
            Prefetch("stages", queryset=stages)
        )
    }
    unconfirmed = dict(
        counted_tasks(period)
        .filter(lead__in=ids)
        .exclude(state=TaskState.VERIFIED)
        .order_by()
        .values("lead")
        .annotate(n=Count("pk"))
        .values_list("lead", "n")
    )
    result = []
    for person in people:
        evaluation = evaluations.get(person.pk)
        stages = {s.stage: s for s in evaluation.stages.all()} if evaluation else {}
        result.append(
            Member(
                person,
                evaluation,
                stages.get(Stage.REVIEW),
                stages.get(Stage.APPRAISAL),
                unconfirmed.get(person.pk, 0),
            )
        )
    return result


def may_review(user, member: Member) -> bool:
    """Unit leadership over the person's unit, never for their own evaluation (no query)."""
    return (
        member.evaluation is not None
        and member.official.user_id != user.pk
        and access.on_unit(user, member.official.unit, Action.REVIEW)
    )


def progress(unit: Unit, period: Period) -> dict[str, int]:
    """How many evaluations of the unit (sub-units included) wait for each step (one query)."""
    counts = {step.code: 0 for step in STEPS} | {"done": 0, "deferred": 0}
    rows = (
        Evaluation.objects.filter(period=period, official__unit__path__startswith=unit.path)
        .order_by()
        .values_list("state", "returned_from")
        .annotate(n=Count("pk"))
    )
    for state, returned_from, n in rows:
        probe = Evaluation(state=state, returned_from=returned_from)
        step = waiting_step(probe)
        if step is not None:
            counts[step.code] += n
        elif state == EvaluationState.DEFERRED:
            counts["deferred"] += n
        else:
            counts["done"] += n
    return counts
