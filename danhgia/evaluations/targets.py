"""Step 1 of the quarter: the official proposes targets, the unit approves and amends them.

Workflow steps are plain functions (STYLE "Logic"): each checks the state and the permission,
raises an ``EvaluationError`` with a Vietnamese message (or ``PermissionDenied``), saves in one
transaction and writes an audit entry with a stable action code. Every number stored comes from
the engine through ``scoring.score_rows``; nothing typed by a client is trusted.

Every change of an evaluation's data bumps ``lock_version`` with a conditional update, so that
two people (or two windows) editing one evaluation get a conflict instead of a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.audit.choices import AuditAction
from danhgia.audit.models import AuditEntry
from danhgia.audit.services import log_action
from danhgia.engine import (
    InputError,
    axis_proposal,
    check_axis_proposal,
    decimal_text,
    format_number,
    render_error_vi,
)
from danhgia.names import display_name
from danhgia.tasks.rules import framework_of

from .choices import (
    AMENDABLE_STATES,
    EvaluationState,
)
from .errors import EvaluationError
from .models import CriterionEntry, Evaluation
from .scoring import (
    EVALUATION_SCORE_FIELDS,
    entries_of,
    rules_for,
    score_evaluation_rows,
    store_evaluation_scores,
)
from .workflow import bump_lock, require, require_changeable, require_state

TARGET_FIELDS = ("target_low", "target_high", "not_applicable")


def target_text(low: Decimal | None, high: Decimal | None) -> str:
    """A target as written on the form: "5", "12,5", "20–25"."""
    if low is None:
        return ""
    if high is not None and high != low:
        return f"{format_number(low)}–{format_number(high)}"
    return format_number(low)


@dataclass(frozen=True)
class TargetValues:
    """A proposed target: a number, or a range (low, high); or the criterion does not apply."""

    low: Decimal | None = None
    high: Decimal | None = None
    not_applicable: bool = False


def _set_target(entry: CriterionEntry, measure: str, value: TargetValues, policy) -> None:
    if value.not_applicable and policy.not_applicable == "forbid":
        raise EvaluationError(
            _("%(code)s: chính sách của kỳ không cho phép đánh dấu “Không áp dụng”.")
            % {"code": entry.code}
        )
    entry.not_applicable = value.not_applicable
    if measure not in ("ratio", "reduction"):
        return
    low, high = value.low, value.high
    if low is not None and low <= 0:
        raise EvaluationError(_("%(code)s: mục tiêu phải lớn hơn 0.") % {"code": entry.code})
    if high is not None and (low is None or high < low):
        raise EvaluationError(
            _("%(code)s: cận trên của mục tiêu phải lớn hơn hoặc bằng cận dưới.")
            % {"code": entry.code}
        )
    entry.target_low = low
    entry.target_high = high if high is not None and high != low else None


@dataclass(frozen=True)
class AxisValues:
    """The official's proposal under ``axis_maxima: proposed``: axis → maximum, main axes."""

    maxima: Mapping[int, Decimal]
    main_axes: tuple[int, ...] = ()


def _set_axes(evaluation: Evaluation, axes: AxisValues) -> None:
    """Check the proposal with the engine (sum, main axes heavier) and keep it on the record."""
    framework = framework_of(evaluation.framework_version)
    missing = [n for n in framework.axis_maxima if axes.maxima.get(n) is None]
    if missing:
        raise EvaluationError(
            [_("Trục %(axis)s: chưa đề xuất điểm tối đa.") % {"axis": number} for number in missing]
        )
    if not axes.main_axes:
        raise EvaluationError(_("Cần chọn ít nhất một trục chính."))
    try:
        check_axis_proposal(axis_proposal(axes.maxima, axes.main_axes), framework)
    except InputError as exc:
        raise EvaluationError(render_error_vi(exc)) from exc
    evaluation.axis_maxima = {str(n): decimal_text(v) for n, v in sorted(axes.maxima.items())}
    evaluation.main_axes = sorted(axes.main_axes)


def axes_proposed(evaluation: Evaluation) -> bool:
    """Whether the axis maxima are proposed per person under this evaluation's policy."""
    return rules_for(evaluation).policy.axis_maxima == "proposed"


def _targets_snapshot(entries: Iterable[CriterionEntry]) -> dict[str, dict]:
    return {
        e.code: {
            "target": target_text(e.target_low, e.target_high),
            "not_applicable": e.not_applicable,
        }
        for e in entries
    }


def propose_targets(
    evaluation: Evaluation,
    targets: Mapping[str, TargetValues],
    lock_version: int,
    user,
    axes: AxisValues | None = None,
) -> Evaluation:
    """The official proposes a target per criterion (step 1); the unit approves them next.

    Under ``axis_maxima: proposed`` ``axes`` carries her axis maxima and main axes too.
    """
    require_changeable(evaluation)
    require_state(evaluation, (EvaluationState.DRAFT,), _("đề xuất mục tiêu"))
    require(user, evaluation, Action.CHANGE)
    rules = rules_for(evaluation)
    with transaction.atomic():
        bump_lock(evaluation, lock_version, (EvaluationState.DRAFT,))
        entries = entries_of(evaluation)
        before = _targets_snapshot(entries.values())
        errors = []
        for code, value in targets.items():
            criterion = rules.framework.criterion(code)
            if criterion is None or criterion.part != "B" or code not in entries:
                continue
            try:
                _set_target(entries[code], criterion.measure, value, rules.policy)
            except EvaluationError as exc:
                errors.extend(exc.messages)
        axes_before = {"axis_maxima": evaluation.axis_maxima, "main_axes": evaluation.main_axes}
        if axes is not None and rules.policy.axis_maxima == "proposed":
            try:
                _set_axes(evaluation, axes)
            except EvaluationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise EvaluationError(errors)
        CriterionEntry.objects.bulk_update(list(entries.values()), TARGET_FIELDS)
        axes_after = {"axis_maxima": evaluation.axis_maxima, "main_axes": evaluation.main_axes}
        if axes_after != axes_before:
            evaluation.save(update_fields=["axis_maxima", "main_axes"])
        after = _targets_snapshot(entries.values())
        changed = [code for code in after if after[code] != before.get(code)]
        log_action(
            user,
            AuditAction.EVALUATION_TARGETS_PROPOSED,
            evaluation,
            before={c: before[c] for c in changed}
            | (axes_before if axes_after != axes_before else {}),
            after={c: after[c] for c in changed}
            | (axes_after if axes_after != axes_before else {}),
        )
    return evaluation


def inapplicable_axes(evaluation: Evaluation, entries: Mapping[str, CriterionEntry]) -> list[str]:
    """Axes whose every criterion is marked not applicable (the engine refuses them, §15)."""
    return [
        _("Trục %(axis)s: phải có ít nhất một tiêu chí được áp dụng.") % {"axis": axis.number}
        for axis in rules_for(evaluation).framework.axes
        if axis.criteria and all(entries[c.code].not_applicable for c in axis.criteria)
    ]


def missing_targets(evaluation: Evaluation, entries: Mapping[str, CriterionEntry]) -> list[str]:
    """Problems that keep the targets from being approved, each naming the criterion."""
    problems = []
    for criterion in rules_for(evaluation).framework.part_b:
        entry = entries[criterion.code]
        if (
            criterion.measure in ("ratio", "reduction")
            and not entry.not_applicable
            and not (entry.use_tasks and criterion.accepts_tasks)
            and entry.target_low is None
        ):
            problems.append(_("%(code)s: chưa có mục tiêu.") % {"code": criterion.code})
    if axes_proposed(evaluation) and not evaluation.axis_maxima:
        problems.append(_("Chưa đề xuất điểm tối đa của các trục và các trục chính."))
    return problems + inapplicable_axes(evaluation, entries)


def not_proposed_text() -> str:
    """Why targets the official never saved are not approved (page and refusal alike)."""
    return _(
        "Cán bộ chưa lưu mục tiêu đề xuất nên chưa có gì để duyệt: các con số đang hiện là gợi ý "
        "của khung chấm điểm."
    )


def approve_targets(evaluation: Evaluation, user, lock_version: int | None = None) -> Evaluation:
    """The unit's leadership approves the targets the official proposed (saved at least once);
    from now on only amendments change them."""
    require_changeable(evaluation)
    require_state(evaluation, (EvaluationState.DRAFT,), _("duyệt mục tiêu"))
    require(user, evaluation, Action.APPROVE)
    with transaction.atomic():
        bump_lock(
            evaluation,
            evaluation.lock_version if lock_version is None else lock_version,
            (EvaluationState.DRAFT,),
        )
        entries = entries_of(evaluation)
        problems = missing_targets(evaluation, entries)
        if last_proposal(evaluation) is None:
            # Nothing to approve: the numbers shown are the framework's suggestions (walk of
            # 05/12/2026; the bulk approval skips these evaluations for the same reason).
            problems.insert(0, not_proposed_text())
        if problems:
            raise EvaluationError(problems)
        evaluation.state = EvaluationState.TARGETS_APPROVED
        evaluation.targets_approved_by = user
        evaluation.targets_approved_at = timezone.now()
        evaluation.save(update_fields=["state", "targets_approved_by", "targets_approved_at"])
        log_action(
            user,
            AuditAction.EVALUATION_TARGETS_APPROVED,
            evaluation,
            before={"state": EvaluationState.DRAFT},
            after={
                "state": evaluation.state,
                "targets": _targets_snapshot(entries.values()),
                **(
                    {"axis_maxima": evaluation.axis_maxima, "main_axes": evaluation.main_axes}
                    if evaluation.axis_maxima
                    else {}
                ),
            },
        )
    return evaluation


def amend_target(
    entry: CriterionEntry, new: TargetValues, reason: str, user, lock_version: int | None = None
) -> CriterionEntry:
    """Change an approved target: by the approving side, with a reason, in the audit log.

    The stored points are recomputed at once, and open forms of the evaluation get a conflict;
    ``lock_version`` is the version the amendment form was opened with (``None``: the caller
    has no form and takes the version it read).
    """
    evaluation = entry.evaluation
    require_changeable(evaluation)
    require_state(evaluation, AMENDABLE_STATES, _("điều chỉnh mục tiêu"))
    require(user, evaluation, Action.APPROVE)
    if not reason.strip():
        raise EvaluationError(_("Cần ghi lý do điều chỉnh mục tiêu."))
    rules = rules_for(evaluation)
    criterion = rules.framework.criterion(entry.code)
    if criterion is None or criterion.part != "B":
        raise EvaluationError(_("Tiêu chí phần A không có mục tiêu để điều chỉnh."))
    with transaction.atomic():
        bump_lock(
            evaluation,
            evaluation.lock_version if lock_version is None else lock_version,
            AMENDABLE_STATES,
        )
        entries = entries_of(evaluation)
        row = entries[entry.code]
        before = _targets_snapshot([row])[row.code]
        _set_target(row, criterion.measure, new, rules.policy)
        problems = inapplicable_axes(evaluation, entries)
        if problems:
            raise EvaluationError(problems)
        row.save(update_fields=list(TARGET_FIELDS))
        scoring = score_evaluation_rows(evaluation, entries)
        store_evaluation_scores(evaluation, entries, scoring)
        evaluation.save(update_fields=list(EVALUATION_SCORE_FIELDS))
        log_action(
            user,
            AuditAction.EVALUATION_TARGET_AMENDED,
            evaluation,
            before={row.code: before},
            after={row.code: _targets_snapshot([row])[row.code]},
            note=reason.strip(),
        )
    return row


def last_proposal(evaluation: Evaluation) -> AuditEntry | None:
    """The official's last save of the proposed targets (None: the targets shown are still the
    framework's suggestions): what the approver needs to know before approving."""
    return (
        AuditEntry.objects.filter(
            object_type=evaluation._meta.label_lower,
            object_id=str(evaluation.pk),
            action=AuditAction.EVALUATION_TARGETS_PROPOSED,
        )
        .order_by("-created_at")
        .first()
    )


def approver_names(evaluation: Evaluation) -> list[str]:
    """Who may approve the evaluation's targets (a unit head's are approved by the leadership
    above, or a co-leader): the accounts holding the step, the official excluded."""
    users = access.recipients(Action.APPROVE, [evaluation.official.unit]).exclude(
        pk=evaluation.official.user_id
    )
    return sorted(display_name(user) for user in users[:10])


@dataclass(frozen=True)
class BulkApproval:
    approved: list[str]
    skipped: list[str]  # "name: why"


def approve_proposed_targets(unit, period, user) -> BulkApproval:
    """Approve, as they are stored now, the targets every official of the unit (sub-units
    included) has proposed and the user may approve (rough edge #15: one click per member
    before). Not proposed yet, still missing a target, or not the user's to approve: skipped
    and said why. Each approval is the single approval's service: checks, lock, audit entry."""
    drafts = access.restrict(
        user,
        Evaluation.objects.filter(
            period=period,
            state=EvaluationState.DRAFT,
            official__unit__path__startswith=unit.path,
        ),
        Action.APPROVE,
    ).select_related("official", "period", "official__unit")
    drafts = list(drafts.order_by("official__unit__path", "official__full_name"))
    proposed = set(
        AuditEntry.objects.filter(
            object_type=Evaluation._meta.label_lower,
            object_id__in=[str(e.pk) for e in drafts],
            action=AuditAction.EVALUATION_TARGETS_PROPOSED,
        ).values_list("object_id", flat=True)
    )
    approved: list[str] = []
    skipped: list[str] = []
    for evaluation in drafts:
        name = str(evaluation.official)
        if str(evaluation.pk) not in proposed:
            skipped.append(_("%(name)s: chưa lưu mục tiêu đề xuất") % {"name": name})
            continue
        try:
            approve_targets(evaluation, user)
        except EvaluationError as error:
            skipped.append(f"{name}: {'; '.join(error.messages)}")
        else:
            approved.append(name)
    return BulkApproval(approved, skipped)
