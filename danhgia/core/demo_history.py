"""The demo's decided quarters and the steps waiting in the open one.

``seed_history``: the two quarters before today's go the whole way. Everyone's evaluation is
built along the scale seed's path (``demo_scale_quarter.seed_quarter``: samples scored through
the services, copies of their rows and totals for the rest, every task confirmed, meetings held
and dossiers sent and checked), then the authority decides the quarter through the real
``decision_run`` and ``decide`` services (the engine rates every comparison group under its
quota, cuts, judges the heads' accountability),
the province is published (``publish``), a decision is corrected (``correct_decision``) and the
quarter is closed (``close_period``). Among them, on purpose:

- a deferral: a deputy of Sở Nội vụ on sick leave through the last quarter (SPEC §9);
- a quota cut: the deputy directors of the departments self-assess as the strong sample, more
  than their group's HTXSNV quota allows;
- a late dossier: Sở Nội vụ sends its dossier after the deadline;
- an override: in the last quarter the authority rates a deputy of Sở Nội vụ below the engine,
  with its reason;
- a correction: the last quarter's first HTNV in Sở Tài chính's divisions is corrected;
- a head's accountability record: Sở Tài chính's leadership proposed HTXSNV for ``canbo``,
  which the conditions did not support (02-HD §5.2).

``seed_open_quarter``: in the open quarter, the provincial council (HĐND) has been appraised,
its comparison groups waiting for ``thuongvu``'s decision, and the Fatherland Front's units have
been reviewed, their dossiers waiting for ``thamdinh``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from danhgia.decisions.corrections import correct_decision
from danhgia.decisions.models import Decision
from danhgia.decisions.publication import publish
from danhgia.decisions.services import Override, decide, decision_run
from danhgia.dossiers.models import Dossier
from danhgia.dossiers.services import deadline_of
from danhgia.engine import Rating
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.periods.services import close_period
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

from . import demo_data as data
from .demo_calendar import DemoCalendar
from .demo_scale_quarter import seed_quarter

S = EvaluationState
STRONG, GOOD = 0, 1  # sample profiles (demo_scale_profiles.PROFILES)
#: the comparison group that self-assesses strongly: more candidates than its quota
STRONG_GROUP = "pho-giam-doc-so"
LATE_UNIT = "so-noi-vu"
OVERRIDE_REASON = (
    "Ban Thường vụ đánh giá còn để chậm tiến độ giải ngân vốn đầu tư công thuộc lĩnh vực phụ "
    "trách; xếp loại thấp hơn đề xuất."
)
CORRECTION_REASON = (
    "Đính chính: Hội đồng thẩm định bổ sung kết quả nhiệm vụ trọng tâm được giao đã hoàn thành "
    "nhưng chưa được tổng hợp khi quyết định."
)
#: the open quarter's steps by block (the other blocks keep the story of Sở Tài chính)
OPEN_STEPS = {"hdnd": S.APPRAISED, "mat-tran": S.REVIEWED}


def _authority():
    return get_user_model().objects.get(username="thuongvu")


def seed_history(cal: DemoCalendar, periods: list[Period], officials, history, absences) -> None:
    """Decide, publish, correct and close the ``periods`` (oldest first) for ``officials``."""
    for index, period in enumerate(periods):
        last = index == len(periods) - 1
        steps = {o.unit_id: S.APPRAISED for o in officials}
        canbo = Official.objects.filter(user__username="canbo").values_list("pk", flat=True)
        profiles = {
            o.pk: STRONG for o in officials if o.comparison_group.code == STRONG_GROUP
        } | dict.fromkeys(canbo, GOOD)
        seed_quarter(period, officials, history, absences, cal, steps, profiles)
        _late_dossier(period)
        _proposal_above_conditions(period)
        _decide_all(period, _override_target(period) if last else None)
        publish(period, Unit.objects.get(code=data.PROVINCE_CODE), _authority())
        if last:
            _correct_one(period)
        close_period(period)


def seed_open_quarter(cal: DemoCalendar, period: Period, officials, history, absences) -> None:
    """The council appraised (ready to decide) and the Front reviewed (ready to appraise)."""
    people = [o for o in officials if o.unit.block.code in OPEN_STEPS]
    steps = {o.unit_id: OPEN_STEPS[o.unit.block.code] for o in people}
    if people:
        seed_quarter(period, people, history, absences, cal, steps)


def _late_dossier(period: Period) -> None:
    """Sở Nội vụ sent its dossier three days after the deadline."""
    deadline = deadline_of(period)
    if deadline is None:
        return
    late = timezone.make_aware(datetime.combine(deadline + timedelta(days=3), datetime.min.time()))
    Dossier.objects.filter(period=period, unit__code=LATE_UNIT).update(
        submitted_at=late + timedelta(hours=9)
    )


def _proposal_above_conditions(period: Period) -> None:
    """Sở Tài chính's leadership proposed HTXSNV for ``canbo`` (a good, not excellent, form)."""
    StageScore.objects.filter(
        evaluation__period=period, evaluation__official__user__username="canbo", stage=Stage.REVIEW
    ).update(
        proposed_rating=Rating.EXCELLENT.value,
        comment="Tập thể lãnh đạo Sở đề nghị xếp loại Hoàn thành xuất sắc nhiệm vụ.",
    )


#: one level below a rating, for the override
LOWER = {
    Rating.EXCELLENT.value: Rating.GOOD.value,
    Rating.GOOD.value: Rating.SATISFACTORY.value,
    Rating.SATISFACTORY.value: Rating.NOT_COMPLETED.value,
}


def _override_target(period: Period) -> int | None:
    """A deputy of Sở Nội vụ, whom the authority rates one level below the engine."""
    evaluation = (
        Evaluation.objects.filter(
            period=period,
            official__unit__code=LATE_UNIT,
            official__leadership_role="deputy",
            state=S.APPRAISED,
        )
        .order_by("official__code")
        .first()
    )
    return evaluation.pk if evaluation is not None else None


def _decide_all(period: Period, target: int | None) -> None:
    """The authority decides the whole quarter in one run (every comparison group, each under
    its own quota), with the override of ``target`` one level below the engine."""
    authority = _authority()
    run = decision_run(period, authority)
    overrides = {
        p.evaluation_id: Override(LOWER[str(p.result.rating)], OVERRIDE_REASON)
        for p in run.proposals
        if p.evaluation_id == target and str(p.result.rating) in LOWER
    }
    decide(run, authority, overrides)


def _correct_one(period: Period) -> None:
    """A decision of a division's person corrected one level up, after publication."""
    decision = (
        Decision.objects.filter(
            evaluation__period=period,
            superseded_by__isnull=True,
            rating__in=(Rating.SATISFACTORY.value, Rating.GOOD.value),
            evaluation__official__unit__parent__code="so-tai-chinh",
        )
        .order_by("rating", "evaluation__official__code")
        .first()
    )
    if decision is None:
        return
    better = Rating.GOOD if decision.rating == Rating.SATISFACTORY.value else Rating.SATISFACTORY
    correct_decision(decision, better.value, CORRECTION_REASON, _authority())
