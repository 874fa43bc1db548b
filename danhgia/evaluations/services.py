"""Step 2 of the quarter: the self-assessment, its submission and evidence (SPEC §6, §7).

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

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.access import Action
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.engine import format_number, submission_is_late
from danhgia.evidence import check_upload
from danhgia.periods.models import Deadline, Period
from danhgia.rules.choices import RatingLevel

from .choices import (
    OWNER_EDITABLE_STATES,
    SUBMITTABLE_STATES,
    EvaluationState,
)
from .errors import EvaluationError
from .models import CriterionEntry, Evaluation, Evidence
from .opening import check_deferral, deferred_message
from .scoring import (
    ENTRY_SCORE_FIELDS,
    EVALUATION_SCORE_FIELDS,
    Scoring,
    entries_of,
    rules_for,
    score_evaluation_rows,
    store_evaluation_scores,
    store_scores,
)
from .workflow import (
    bump_lock,
    require,
    require_changeable,
    require_loaded,
    require_state,
    require_with_official,
)

#: the policy deadline a self-assessment is late against, in order of preference (SPEC §10)
SELF_ASSESSMENT_DEADLINES = ("self_assessment", "dossier")
#: what the official enters in the self-assessment form, per row
ROW_INPUT_FIELDS = (
    "met",
    "actual",
    "category",
    "level",
    "use_tasks",
    "comment",
    "not_applicable",
)


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
    #: part A only, under ``general_not_applicable: rescale`` (part B's is set with the targets)
    not_applicable: bool = False


@dataclass(frozen=True)
class SelfAssessment:
    rows: Mapping[str, RowInput]
    proposed_rating: str = ""
    comment: str = ""


def apply_rows(
    evaluation: Evaluation, entries: Mapping[str, CriterionEntry], rows: Mapping[str, RowInput]
) -> None:
    """Copy the entered values onto the rows (in memory); targets are never taken from here."""
    rules = rules_for(evaluation)
    framework = rules.framework
    for code, values in rows.items():
        criterion = framework.criterion(code)
        entry = entries.get(code)
        if criterion is None or entry is None:
            continue
        entry.comment = values.comment
        if criterion.part == "A":
            if values.not_applicable and rules.policy.general_not_applicable != "rescale":
                raise EvaluationError(
                    _("%(code)s: chính sách của kỳ không cho phép đánh dấu “Không áp dụng”.")
                    % {"code": code}
                )
            entry.not_applicable = values.not_applicable
            entry.met = None if values.not_applicable else values.met
            continue
        entry.use_tasks = values.use_tasks and criterion.accepts_tasks
        if criterion.measure in ("ratio", "reduction"):
            entry.actual = values.actual
        elif criterion.measure == "category":
            entry.category = values.category
        elif criterion.measure == "level":
            entry.level = values.level


#: what saving the self-assessment may change on a row
ROW_FIELDS = (*ROW_INPUT_FIELDS, *ENTRY_SCORE_FIELDS)


def _row_values(entry: CriterionEntry) -> tuple:
    return tuple(getattr(entry, name) for name in ROW_FIELDS)


def _inputs_snapshot(entries: Iterable[CriterionEntry]) -> dict[str, dict]:
    return {
        e.code: {
            "met": e.met,
            **({"not_applicable": True} if e.not_applicable and e.met is None else {}),
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
    require_changeable(evaluation)
    require_state(evaluation, OWNER_EDITABLE_STATES, _("sửa bản tự đánh giá"))
    require_loaded(user, evaluation, Action.CHANGE)  # the record as the caller read it
    require_with_official(evaluation)
    if data.proposed_rating and data.proposed_rating not in RatingLevel.values:
        raise EvaluationError(_("Mức tự đề xuất xếp loại không hợp lệ."))
    with transaction.atomic():
        bump_lock(evaluation, lock_version, OWNER_EDITABLE_STATES)
        entries = entries_of(evaluation)
        before = _inputs_snapshot(entries.values())
        stored = {code: _row_values(entry) for code, entry in entries.items()}
        apply_rows(evaluation, entries, data.rows)
        scoring = score_evaluation_rows(evaluation, entries)
        store_scores(evaluation, entries.values(), scoring)
        # Only the rows whose values changed are written: a save usually changes a few rows,
        # and a bulk update of every row of the form cost most of the request's CPU.
        rewritten = [e for code, e in entries.items() if _row_values(e) != stored[code]]
        if rewritten:
            CriterionEntry.objects.bulk_update(rewritten, ROW_FIELDS)
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
    # one quarter's deadlines: no ordering by the quarter (the default joins the period table)
    deadlines = period.deadlines.order_by("due_date", "order")
    found = {d.key: d for d in deadlines if d.key in SELF_ASSESSMENT_DEADLINES}
    return next((found[k] for k in SELF_ASSESSMENT_DEADLINES if k in found), None)


def is_late(submitted_at: datetime, deadline: Deadline | None) -> bool | None:
    """Late when submitted (local date) after the deadline's day; None without a deadline."""
    return submission_is_late(
        timezone.localdate(submitted_at), deadline.due_date if deadline else None
    )


def submit(evaluation: Evaluation, user, *, now: datetime | None = None) -> Evaluation:
    """Submit the self-assessment: every criterion filled, scores recomputed, time recorded.

    Lateness is computed from the submission time against the period's deadline, never typed.
    """
    require_changeable(evaluation)
    if evaluation.state == EvaluationState.DRAFT:
        raise EvaluationError(
            _(
                "Mục tiêu của phiếu chưa được lãnh đạo đơn vị duyệt nên chưa thể nộp bản tự "
                "đánh giá. Bản nháp vẫn được lưu."
            )
        )
    require_state(evaluation, SUBMITTABLE_STATES, _("nộp bản tự đánh giá"))
    require(user, evaluation, Action.CHANGE)
    require_with_official(evaluation)
    if check_deferral(evaluation, actor=user) and evaluation.state == EvaluationState.DEFERRED:
        raise EvaluationError(deferred_message(evaluation))
    now = now or timezone.now()
    with transaction.atomic():
        bump_lock(evaluation, evaluation.lock_version, SUBMITTABLE_STATES)
        entries = entries_of(evaluation)
        scoring = score_evaluation_rows(evaluation, entries)
        if scoring.missing or scoring.problem:
            messages = [
                _(
                    "Chưa nộp được: còn %(count)d tiêu chí chưa đủ thông tin. Hãy hoàn thiện rồi "
                    "nộp lại:"
                )
                % {"count": len(scoring.missing)}
            ] + [str(m) for m in scoring.missing]
            raise EvaluationError(messages + ([scoring.problem] if scoring.problem else []))
        store_evaluation_scores(evaluation, entries, scoring)
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
    require_changeable(evaluation)
    require_state(evaluation, OWNER_EDITABLE_STATES, _("thêm tài liệu minh chứng"))
    require(user, evaluation, Action.CHANGE)
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
    require_changeable(evaluation)
    require_state(evaluation, OWNER_EDITABLE_STATES, _("xóa tài liệu minh chứng"))
    require(user, evidence, Action.CHANGE)
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
