"""Steps 1 and 2 of the quarter: targets, self-assessment, submission, evidence (SPEC §6, §7).

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
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.audit.choices import AuditAction
from danhgia.audit.models import AuditEntry
from danhgia.audit.services import log_action
from danhgia.engine import special_cases
from danhgia.engine.numbers import format_number
from danhgia.evidence import check_upload
from danhgia.periods.models import Deadline, Period
from danhgia.rules.choices import RatingLevel

from .choices import (
    AMENDABLE_STATES,
    OWNER_EDITABLE_STATES,
    SUBMITTABLE_STATES,
    EvaluationState,
)
from .errors import EditConflict, EvaluationError
from .models import CriterionEntry, Evaluation, Evidence
from .opening import check_deferral, deferred_message
from .scoring import (
    ENTRY_SCORE_FIELDS,
    EVALUATION_SCORE_FIELDS,
    Scoring,
    linked_tasks,
    rules_for,
    score_rows,
    store_scores,
    task_inputs,
)

#: the policy deadline a self-assessment is late against, in order of preference (SPEC §10)
SELF_ASSESSMENT_DEADLINES = ("self_assessment", "dossier")
#: what the official enters in the self-assessment form, per row
ROW_INPUT_FIELDS = ("met", "actual", "category", "level", "use_tasks", "comment")
TARGET_FIELDS = ("target_low", "target_high", "not_applicable")


# --- Helpers -------------------------------------------------------------------------------


def _require(user, obj, action: Action) -> None:
    """Refuse a user who may not act on the object (None is the system: commands, the seed)."""
    if user is not None and not access.can(user, obj, action):
        raise PermissionDenied


def _require_state(evaluation: Evaluation, states: Iterable[str], doing: str) -> None:
    if evaluation.state not in states:
        raise EvaluationError(
            _("Phiếu đang ở trạng thái “%(state)s” nên không thể %(doing)s.")
            % {"state": evaluation.get_state_display(), "doing": doing}
        )


def _bump_lock(evaluation: Evaluation, lock_version: int, states: Iterable[str]) -> None:
    """Take the evaluation for this change, or refuse if it changed since ``lock_version``."""
    updated = Evaluation.objects.filter(
        pk=evaluation.pk, lock_version=lock_version, state__in=list(states)
    ).update(lock_version=F("lock_version") + 1, updated_at=timezone.now())
    if updated:
        evaluation.lock_version = lock_version + 1
        return
    current = Evaluation.objects.get(pk=evaluation.pk)
    if current.state not in states:
        evaluation.state = current.state
        raise EvaluationError(
            _("Phiếu vừa chuyển sang trạng thái “%(state)s” nên không sửa được nữa.")
            % {"state": current.get_state_display()}
        )
    raise EditConflict(conflict_message(current))


def conflict_message(current: Evaluation) -> str:
    last = (
        AuditEntry.objects.filter(object_type="evaluations.evaluation", object_id=str(current.pk))
        .order_by("-created_at", "-id")
        .first()
    )
    who = last.actor_name if last and last.actor_name else _("một người dùng khác")
    return _(
        "Phiếu đánh giá này vừa được %(who)s lưu lúc %(time)s, sau khi bạn mở trang (có thể ở "
        "một cửa sổ khác). Để không ghi đè lên thay đổi đó, hệ thống CHƯA lưu nội dung bạn vừa "
        "nhập. Hãy tải lại trang để xem bản mới nhất rồi nhập lại phần thay đổi của bạn."
    ) % {"who": who, "time": timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y")}


def _entries(evaluation: Evaluation) -> dict[str, CriterionEntry]:
    return {e.code: e for e in evaluation.entries.all()}


def _score(evaluation: Evaluation, entries: Mapping[str, CriterionEntry]) -> Scoring:
    rules = rules_for(evaluation)
    tasks = task_inputs(linked_tasks(evaluation), rules.policy)
    return score_rows(rules, entries, tasks)


def _store(evaluation: Evaluation, entries: Mapping[str, CriterionEntry], scoring: Scoring):
    store_scores(evaluation, entries.values(), scoring)
    CriterionEntry.objects.bulk_update(list(entries.values()), ENTRY_SCORE_FIELDS)


def target_text(low: Decimal | None, high: Decimal | None) -> str:
    """A target as written on the form: "5", "12,5", "20–25"."""
    if low is None:
        return ""
    if high is not None and high != low:
        return f"{format_number(low)}–{format_number(high)}"
    return format_number(low)


# --- Step 1: targets -----------------------------------------------------------------------


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


def _targets_snapshot(entries: Iterable[CriterionEntry]) -> dict[str, dict]:
    return {
        e.code: {
            "target": target_text(e.target_low, e.target_high),
            "not_applicable": e.not_applicable,
        }
        for e in entries
    }


def propose_targets(
    evaluation: Evaluation, targets: Mapping[str, TargetValues], lock_version: int, user
) -> Evaluation:
    """The official proposes a target per criterion (step 1); the unit approves them next."""
    _require_state(evaluation, (EvaluationState.DRAFT,), _("đề xuất mục tiêu"))
    _require(user, evaluation, Action.CHANGE)
    rules = rules_for(evaluation)
    with transaction.atomic():
        _bump_lock(evaluation, lock_version, (EvaluationState.DRAFT,))
        entries = _entries(evaluation)
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
        if errors:
            raise EvaluationError(errors)
        CriterionEntry.objects.bulk_update(list(entries.values()), TARGET_FIELDS)
        after = _targets_snapshot(entries.values())
        changed = [code for code in after if after[code] != before.get(code)]
        log_action(
            user,
            AuditAction.EVALUATION_TARGETS_PROPOSED,
            evaluation,
            before={c: before[c] for c in changed},
            after={c: after[c] for c in changed},
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
    return problems + inapplicable_axes(evaluation, entries)


def approve_targets(evaluation: Evaluation, user, lock_version: int | None = None) -> Evaluation:
    """The unit's leadership approves the targets; from now on only amendments change them."""
    _require_state(evaluation, (EvaluationState.DRAFT,), _("duyệt mục tiêu"))
    _require(user, evaluation, Action.APPROVE)
    with transaction.atomic():
        _bump_lock(
            evaluation,
            evaluation.lock_version if lock_version is None else lock_version,
            (EvaluationState.DRAFT,),
        )
        entries = _entries(evaluation)
        problems = missing_targets(evaluation, entries)
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
            after={"state": evaluation.state, "targets": _targets_snapshot(entries.values())},
        )
    return evaluation


def amend_target(entry: CriterionEntry, new: TargetValues, reason: str, user) -> CriterionEntry:
    """Change an approved target: by the approving side, with a reason, in the audit log.

    The stored points are recomputed at once, and open forms of the evaluation get a conflict.
    """
    evaluation = entry.evaluation
    _require_state(evaluation, AMENDABLE_STATES, _("điều chỉnh mục tiêu"))
    _require(user, evaluation, Action.APPROVE)
    if not reason.strip():
        raise EvaluationError(_("Cần ghi lý do điều chỉnh mục tiêu."))
    rules = rules_for(evaluation)
    criterion = rules.framework.criterion(entry.code)
    if criterion is None or criterion.part != "B":
        raise EvaluationError(_("Tiêu chí phần A không có mục tiêu để điều chỉnh."))
    with transaction.atomic():
        _bump_lock(evaluation, evaluation.lock_version, AMENDABLE_STATES)
        entries = _entries(evaluation)
        row = entries[entry.code]
        before = _targets_snapshot([row])[row.code]
        _set_target(row, criterion.measure, new, rules.policy)
        problems = inapplicable_axes(evaluation, entries)
        if problems:
            raise EvaluationError(problems)
        row.save(update_fields=list(TARGET_FIELDS))
        scoring = _score(evaluation, entries)
        _store(evaluation, entries, scoring)
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


# --- Step 2: self-assessment ---------------------------------------------------------------


@dataclass(frozen=True)
class RowInput:
    """What the official entered for one criterion in the self-assessment form."""

    met: bool | None = None
    actual: Decimal | None = None
    category: str = ""
    level: int | None = None
    use_tasks: bool = False
    comment: str = ""


@dataclass(frozen=True)
class SelfAssessment:
    rows: Mapping[str, RowInput]
    proposed_rating: str = ""
    comment: str = ""


def apply_rows(
    evaluation: Evaluation, entries: Mapping[str, CriterionEntry], rows: Mapping[str, RowInput]
) -> None:
    """Copy the entered values onto the rows (in memory); targets are never taken from here."""
    framework = rules_for(evaluation).framework
    for code, values in rows.items():
        criterion = framework.criterion(code)
        entry = entries.get(code)
        if criterion is None or entry is None:
            continue
        entry.comment = values.comment
        if criterion.part == "A":
            entry.met = values.met
            continue
        entry.use_tasks = values.use_tasks and criterion.accepts_tasks
        if criterion.measure in ("ratio", "reduction"):
            entry.actual = values.actual
        elif criterion.measure == "category":
            entry.category = values.category
        elif criterion.measure == "level":
            entry.level = values.level


def _inputs_snapshot(entries: Iterable[CriterionEntry]) -> dict[str, dict]:
    return {
        e.code: {
            "met": e.met,
            "actual": None if e.actual is None else format_number(e.actual),
            "category": e.category,
            "level": e.level,
            "use_tasks": e.use_tasks,
            "comment": e.comment,
        }
        for e in entries
    }


def save_draft(evaluation: Evaluation, data: SelfAssessment, lock_version: int, user) -> Scoring:
    """Save the self-assessment as it stands, recomputed by the engine (SPEC §14 "no lost work").

    A ``lock_version`` older than the stored one means someone saved in between: an
    ``EditConflict`` is raised and nothing is saved.
    """
    _require_state(evaluation, OWNER_EDITABLE_STATES, _("sửa bản tự đánh giá"))
    _require(user, evaluation, Action.CHANGE)
    if data.proposed_rating and data.proposed_rating not in RatingLevel.values:
        raise EvaluationError(_("Mức tự đề xuất xếp loại không hợp lệ."))
    with transaction.atomic():
        _bump_lock(evaluation, lock_version, OWNER_EDITABLE_STATES)
        entries = _entries(evaluation)
        before = _inputs_snapshot(entries.values())
        apply_rows(evaluation, entries, data.rows)
        scoring = _score(evaluation, entries)
        store_scores(evaluation, entries.values(), scoring)
        CriterionEntry.objects.bulk_update(
            list(entries.values()), [*ROW_INPUT_FIELDS, *ENTRY_SCORE_FIELDS]
        )
        evaluation.self_proposed_rating = data.proposed_rating
        evaluation.self_comment = data.comment
        evaluation.save(
            update_fields=[
                *EVALUATION_SCORE_FIELDS,
                "self_proposed_rating",
                "self_comment",
                "updated_at",
            ]
        )
        after = _inputs_snapshot(entries.values())
        changed = [code for code in after if after[code] != before[code]]
        log_action(
            user,
            AuditAction.EVALUATION_SAVED,
            evaluation,
            before={c: before[c] for c in changed},
            after={
                **{c: after[c] for c in changed},
                "total": None if evaluation.self_total is None else str(evaluation.self_total),
                "proposed_rating": evaluation.self_proposed_rating,
            },
        )
    return scoring


def self_assessment_deadline(period: Period) -> Deadline | None:
    """The deadline a self-assessment is late against: ``self_assessment``, else ``dossier``."""
    found = {d.key: d for d in period.deadlines.all() if d.key in SELF_ASSESSMENT_DEADLINES}
    return next((found[k] for k in SELF_ASSESSMENT_DEADLINES if k in found), None)


def is_late(submitted_at: datetime, deadline: Deadline | None) -> bool | None:
    """Late when submitted (local date) after the deadline's day; None without a deadline."""
    if deadline is None:
        return None
    return special_cases.is_late(deadline.due_date, timezone.localdate(submitted_at))


def submit(evaluation: Evaluation, user, *, now: datetime | None = None) -> Evaluation:
    """Submit the self-assessment: every criterion filled, scores recomputed, time recorded.

    Lateness is computed from the submission time against the period's deadline, never typed.
    """
    if evaluation.state == EvaluationState.DRAFT:
        raise EvaluationError(
            _(
                "Mục tiêu của phiếu chưa được lãnh đạo đơn vị duyệt nên chưa thể nộp bản tự "
                "đánh giá. Bản nháp vẫn được lưu."
            )
        )
    _require_state(evaluation, SUBMITTABLE_STATES, _("nộp bản tự đánh giá"))
    _require(user, evaluation, Action.CHANGE)
    if check_deferral(evaluation, actor=user) and evaluation.state == EvaluationState.DEFERRED:
        raise EvaluationError(deferred_message(evaluation))
    now = now or timezone.now()
    with transaction.atomic():
        _bump_lock(evaluation, evaluation.lock_version, SUBMITTABLE_STATES)
        entries = _entries(evaluation)
        scoring = _score(evaluation, entries)
        if scoring.missing or scoring.problem:
            messages = [
                _(
                    "Chưa nộp được: còn %(count)d tiêu chí chưa đủ thông tin. Hãy hoàn thiện rồi "
                    "nộp lại:"
                )
                % {"count": len(scoring.missing)}
            ] + [str(m) for m in scoring.missing]
            raise EvaluationError(messages + ([scoring.problem] if scoring.problem else []))
        _store(evaluation, entries, scoring)
        deadline = self_assessment_deadline(evaluation.period)
        before = {"state": evaluation.state}
        evaluation.self_proposed_rating = evaluation.self_proposed_rating or evaluation.self_band
        evaluation.submitted_at = now
        evaluation.submitted_late = is_late(now, deadline)
        evaluation.state = EvaluationState.SELF_ASSESSED
        evaluation.returned_from = ""
        evaluation.save(
            update_fields=[
                *EVALUATION_SCORE_FIELDS,
                "self_proposed_rating",
                "submitted_at",
                "submitted_late",
                "state",
                "returned_from",
                "updated_at",
            ]
        )
        log_action(
            user,
            AuditAction.EVALUATION_SUBMITTED,
            evaluation,
            before=before,
            after={
                "state": evaluation.state,
                "total": str(evaluation.self_total),
                "band": evaluation.self_band,
                "proposed_rating": evaluation.self_proposed_rating,
                "submitted_at": now.isoformat(),
                "deadline": deadline.due_date.isoformat() if deadline else None,
                "late": evaluation.submitted_late,
            },
        )
    return evaluation


# --- Evidence ------------------------------------------------------------------------------


def add_evidence(entry: CriterionEntry, upload: UploadedFile, user) -> Evidence:
    """Attach a file to a criterion (type and size checked, stored privately, SPEC §14)."""
    evaluation = entry.evaluation
    _require_state(evaluation, OWNER_EDITABLE_STATES, _("thêm tài liệu minh chứng"))
    _require(user, evaluation, Action.CHANGE)
    try:
        name, content_type = check_upload(upload)
    except ValidationError as exc:
        raise EvaluationError(exc.messages) from exc
    with transaction.atomic():
        evidence = Evidence.objects.create(
            entry=entry,
            file=upload,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=user,
        )
        log_action(
            user,
            AuditAction.EVALUATION_EVIDENCE_ADDED,
            evaluation,
            after={"code": entry.code, "evidence": evidence.pk, "name": name, "size": upload.size},
        )
    return evidence


def remove_evidence(evidence: Evidence, user) -> None:
    """Remove a file while the evaluation is still editable; the file goes after the commit."""
    evaluation = evidence.entry.evaluation
    _require_state(evaluation, OWNER_EDITABLE_STATES, _("xóa tài liệu minh chứng"))
    _require(user, evidence, Action.CHANGE)
    file = evidence.file
    with transaction.atomic():
        log_action(
            user,
            AuditAction.EVALUATION_EVIDENCE_REMOVED,
            evaluation,
            before={
                "code": evidence.entry.code,
                "evidence": evidence.pk,
                "name": evidence.original_name,
            },
        )
        evidence.delete()
        transaction.on_commit(lambda: file.storage.delete(file.name))
