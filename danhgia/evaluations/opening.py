"""Opening the quarter's evaluations and deferring them (SPEC §5, §9).

An evaluation is opened once per official and quarter, with the framework version the period
gives the official's block; a person who meets a deferral case of §9 in the quarter is not rated
and their results move to the next quarter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.engine import Absence as EngineAbsence
from danhgia.engine import deferral_case
from danhgia.organisation.choices import AbsenceKind
from danhgia.organisation.models import Official, PositionHistory
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period, PeriodFramework
from danhgia.tasks.rules import framework_of

from .choices import OWNER_EDITABLE_STATES, DeferralCase, EvaluationState
from .errors import EvaluationError
from .models import CriterionEntry, Evaluation

#: organisation absence kinds whose engine name differs (special_cases.ABSENCE_CASES)
ENGINE_ABSENCE_KINDS = {AbsenceKind.UNDER_INSPECTION: "inspection"}


def may_start(user, official: Official) -> bool:
    """The official themself, unit leadership or secretary covering their unit, administrators."""
    if user is None:
        return True
    if official.user_id is not None and official.user_id == user.pk:
        return True
    return access.on_unit(user, official.unit, access.Action.OPEN)


def ensure_evaluation(
    official: Official, period: Period, *, actor=None, existing: Evaluation | None = None
) -> Evaluation:
    """The official's evaluation for the period, created on first use; deferral is checked.

    The framework is the one the period gives the official's block; every criterion gets a row,
    and ratio and reduction rows start with the framework's target (e.g. "05 nhiệm vụ" → 5).
    """
    if actor is not None and not may_start(actor, official):
        raise PermissionDenied
    if existing is None:  # (``ensure_evaluations`` reads them all at once)
        existing = Evaluation.objects.filter(official=official, period=period).first()
    if existing is not None:
        existing.official, existing.period = official, period  # loaded: no query per person
        check_deferral(existing, actor=actor)
        return existing
    freeze.refuse_if_frozen(period, EvaluationError)  # nothing is opened in a closed quarter
    if not official.rated_quarterly:
        raise EvaluationError(
            _("%(name)s không thuộc diện đánh giá hằng quý (đánh giá 6 tháng hoặc cả năm).")
            % {"name": official}
        )
    mapping = (
        PeriodFramework.objects.filter(period=period, block_id=official.unit.block_id)
        .select_related("framework_version")
        .first()
    )
    if mapping is None:
        raise EvaluationError(
            _("Khối của %(unit)s chưa được gán khung chấm điểm trong %(period)s.")
            % {"unit": official.unit, "period": period}
        )
    framework = framework_of(mapping.framework_version)
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                official=official, period=period, framework_version=mapping.framework_version
            )
            rows = []
            for criterion in framework.criteria:
                row = CriterionEntry(evaluation=evaluation, code=criterion.code)
                if isinstance(criterion.target, tuple):
                    row.target_low, row.target_high = criterion.target
                elif criterion.target is not None:
                    row.target_low = criterion.target
                rows.append(row)
            CriterionEntry.objects.bulk_create(rows)
            log_action(
                actor,
                AuditAction.EVALUATION_CREATED,
                evaluation,
                after={"framework": str(mapping.framework_version), "criteria": len(rows)},
            )
    except IntegrityError:  # created meanwhile by another request
        return Evaluation.objects.get(official=official, period=period)
    check_deferral(evaluation, actor=actor)
    return evaluation


@dataclass
class StartReport:
    created: int = 0
    existing: int = 0
    deferred: int = 0
    refused: list[str] | None = None


def ensure_evaluations(officials: Iterable[Official], period: Period, *, actor) -> StartReport:
    """Open (or re-check) the evaluations of several officials; refusals are collected."""
    report = StartReport(refused=[])
    officials = list(officials)
    # What the deferral check reads, for all of them at once (issue 9: a province re-checked).
    prefetch_related_objects(
        officials,
        "absences",
        Prefetch(
            "position_history",
            queryset=PositionHistory.objects.filter(end_date__isnull=True).order_by("-start_date"),
            to_attr="open_posts",
        ),
    )
    existing = {
        evaluation.official_id: evaluation
        for evaluation in Evaluation.objects.filter(period=period, official__in=officials)
    }
    for official in officials:
        try:
            evaluation = ensure_evaluation(
                official, period, actor=actor, existing=existing.get(official.pk)
            )
        except EvaluationError as exc:
            report.refused.extend(f"{official}: {m}" for m in exc.messages)
            continue
        if official.pk in existing:
            report.existing += 1
        else:
            report.created += 1
        report.deferred += evaluation.state == EvaluationState.DEFERRED
    return report


def deferral_for(official: Official, period: Period) -> str | None:
    """The deferral case of SPEC §9 the official meets in the quarter, if any.

    From the absences recorded with their dates and the start of the current post (the
    position held with no end date): the engine's ``deferral_case`` decides.
    """
    absences = [
        EngineAbsence(ENGINE_ABSENCE_KINDS.get(a.kind, a.kind), a.start_date, a.end_date)
        for a in official.absences.all()
    ]
    if hasattr(official, "open_posts"):  # prefetched by ensure_evaluations
        post = official.open_posts[0] if official.open_posts else None
    else:
        post = (
            official.position_history.filter(end_date__isnull=True).order_by("-start_date").first()
        )
    return deferral_case(absences, period.year, period.quarter, post.start_date if post else None)


def check_deferral(evaluation: Evaluation, *, actor=None) -> bool:
    """Move an evaluation not yet submitted to ``deferred`` (or back) as SPEC §9 says.

    A deferred evaluation is not rated this quarter; its results carry to the next one, so it
    needs no submission. Returns whether the state changed.
    """
    deferrable = (*OWNER_EDITABLE_STATES, EvaluationState.DEFERRED)
    if evaluation.state not in deferrable or freeze.frozen_reason(evaluation) is not None:
        return False
    case = deferral_for(evaluation.official, evaluation.period) or ""
    if case == evaluation.deferral_case and (
        bool(case) == (evaluation.state == EvaluationState.DEFERRED)
    ):
        return False
    before = {"state": evaluation.state, "deferral_case": evaluation.deferral_case}
    if case:
        state = EvaluationState.DEFERRED
    elif evaluation.targets_approved_at is not None:
        state = EvaluationState.TARGETS_APPROVED
    else:
        state = EvaluationState.DRAFT
    with transaction.atomic():
        updated = Evaluation.objects.filter(
            pk=evaluation.pk, state=evaluation.state, lock_version=evaluation.lock_version
        ).update(
            state=state,
            deferral_case=case,
            lock_version=F("lock_version") + 1,
            updated_at=timezone.now(),
        )
        if not updated:
            return False
        evaluation.state, evaluation.deferral_case = state, case
        evaluation.lock_version += 1
        log_action(
            actor,
            AuditAction.EVALUATION_DEFERRED,
            evaluation,
            before=before,
            after={"state": state, "deferral_case": case},
            note=str(DeferralCase(case).label) if case else "",
        )
    return True


def recheck_deferrals(official: Official, *, actor=None) -> int:
    """Re-check the deferral of the official's evaluations in open quarters at once.

    Called when an absence or a post is recorded for the person (the admin's official page), so
    that a deferral does not wait until the evaluation is next opened (rough edge N2). Returns
    how many evaluations changed state.
    """
    evaluations = Evaluation.objects.filter(
        official=official, period__state=PeriodState.OPEN
    ).select_related("official", "period")
    return sum(check_deferral(evaluation, actor=actor) for evaluation in evaluations)


def deferred_message(evaluation: Evaluation) -> str:
    return _(
        "Quý này %(name)s thuộc trường hợp chưa đánh giá, xếp loại (%(reason)s): không phải "
        "nộp bản tự đánh giá; kết quả thực hiện nhiệm vụ của quý được chuyển sang quý sau."
    ) % {"name": evaluation.official, "reason": evaluation.get_deferral_case_display().lower()}
