"""Demo evaluations: Sở Tài chính's people in the open quarter, at steps 1 and 2.

Everyone of the department and its divisions gets an evaluation with the targets prefilled from
the framework (draft); the account ``canbo`` has its targets approved by ``truongdonvi`` and is
ready to self-assess; another deputy has already submitted (waiting for the tasks'
confirmation) and the head of Phòng Tài chính doanh nghiệp has been confirmed (waiting for the
unit's review). People on long leave are deferred
(SPEC §9). Idempotent: nothing is written when the department's evaluations exist.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.errors import EvaluationError
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.evaluations.opening import ensure_evaluation
from danhgia.evaluations.scoring import rules_for
from danhgia.evaluations.services import RowInput, SelfAssessment, save_draft, submit
from danhgia.evaluations.targets import approve_targets, propose_targets
from danhgia.organisation.choices import LeadershipRole
from danhgia.organisation.models import Official, Unit
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period
from danhgia.review.verification import verify_person

from .demo_calendar import DemoCalendar, default_today

UNIT_CODE = "so-tai-chinh"
#: ratio rows of Phụ lục 5 whose hint has no number ("Tỷ lệ %"): the demo proposes 100 %
PERCENT_ROWS = ("B.1.6", "B.2.4", "B.3.4")
PERCENT_TARGET = Decimal(100)
SUBMITTED_AT = datetime(2026, 9, 25, 10, 30)
#: the division whose head waits for the unit's review (no tasks of its own to confirm)
VERIFIED_UNIT = f"{UNIT_CODE}-phong-tai-chinh-doanh-nghiep"


def seed_demo_evaluations(cal: DemoCalendar | None = None) -> int:
    """Open the department's evaluations of the open quarter; returns how many were made."""
    cal = cal or DemoCalendar(default_today())
    unit = Unit.objects.filter(code=UNIT_CODE).first()
    period = Period.objects.filter(state=PeriodState.OPEN).order_by("-year", "-quarter").first()
    if unit is None or period is None:
        return 0
    people = list(
        Official.objects.filter(unit__path__startswith=unit.path)
        .select_related("unit", "user")
        .order_by("unit__path", "code")
    )
    if Evaluation.objects.filter(period=period, official__in=people).exists():
        return 0
    evaluations = {}
    for official in people:
        try:
            evaluations[official.pk] = ensure_evaluation(official, period)
        except EvaluationError:
            continue
        CriterionEntry.objects.filter(
            evaluation=evaluations[official.pk], code__in=PERCENT_ROWS, target_low__isnull=True
        ).update(target_low=PERCENT_TARGET)
    director = get_user_model().objects.filter(username="truongdonvi").first()
    if director is None:
        return len(evaluations)
    deputies = [
        o
        for o in people
        if o.unit_id == unit.pk
        and o.leadership_role == LeadershipRole.DEPUTY
        and evaluations.get(o.pk) is not None
        and evaluations[o.pk].state == EvaluationState.DRAFT
    ]
    canbo = next((o for o in deputies if o.user and o.user.username == "canbo"), None)
    if canbo is not None:
        approve_proposed(evaluations[canbo.pk], director)
    other = next((o for o in deputies if o is not canbo), None)
    if other is not None:
        _submitted(evaluations[other.pk], director, cal)
    # A division head without tasks: submitted and confirmed, waiting for the unit's review.
    head = next(
        (
            o
            for o in people
            if o.unit.code == VERIFIED_UNIT
            and o.leadership_role == LeadershipRole.HEAD
            and o.pk in evaluations
            and evaluations[o.pk].state == EvaluationState.DRAFT
        ),
        None,
    )
    if head is not None:
        _submitted(evaluations[head.pk], director, cal)
        verify_person(head, evaluations[head.pk].period, director, today=cal.today)
    # Targets proposed and waiting for their approval: the director's own (approved by
    # ``lanhdaotinh``, README) and two of the department's (approved by ``truongdonvi``); the
    # other drafts are still the framework's suggestions, never saved.
    drafts = [
        o
        for o in people
        if o.pk in evaluations and evaluations[o.pk].state == EvaluationState.DRAFT
    ]
    waiting = [o for o in drafts if o.user_id == director.pk]
    waiting += [
        o for o in drafts if o.user_id is None and o.leadership_role != LeadershipRole.HEAD
    ][:2]
    for official in waiting:
        evaluation = evaluations[official.pk]
        propose_targets(evaluation, {}, evaluation.lock_version, None)
    return len(evaluations)


def approve_proposed(evaluation: Evaluation, approver) -> None:
    """The official proposes the targets as prefilled (saved by the system; named after her
    account by ``demo_times``), then ``approver`` approves them: never-proposed targets are
    not approved."""
    propose_targets(evaluation, {}, evaluation.lock_version, None)
    evaluation.refresh_from_db(fields=["lock_version"])
    approve_targets(evaluation, approver)


def _submitted(evaluation: Evaluation, director, cal: DemoCalendar) -> None:
    """A complete self-assessment, submitted on time (the official has no account: system)."""
    approve_proposed(evaluation, director)
    evaluation.refresh_from_db()
    framework = rules_for(evaluation).framework
    entries = {e.code: e for e in evaluation.entries.all()}
    rows = {}
    for n, criterion in enumerate(framework.criteria):
        entry = entries[criterion.code]
        if criterion.part == "A":
            rows[criterion.code] = RowInput(met=True)
        elif criterion.measure in ("ratio", "reduction"):
            # Most targets reached, a few short of them.
            share = Decimal("0.8") if n % 4 == 0 else Decimal(1)
            rows[criterion.code] = RowInput(actual=entry.target_low * share)
        elif criterion.measure == "category":
            rows[criterion.code] = RowInput(category=criterion.categories[0][0])
        else:
            rows[criterion.code] = RowInput(level=1 if n % 3 else 2)
    data = SelfAssessment(
        rows=rows, comment="Hoàn thành các nhiệm vụ trọng tâm của quý; còn chậm ở một số chỉ tiêu."
    )
    save_draft(evaluation, data, evaluation.lock_version, None)
    submit(evaluation, None, now=cal.at(SUBMITTED_AT))
