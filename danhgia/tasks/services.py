"""Tasks: results, factors, cancellation and evidence (the lead and the assigning side).

Workflow steps are plain functions (STYLE "Logic"): check the state and the permission, raise a
``TaskError`` with a Vietnamese message, save in one transaction and write an audit entry.

What the other apps read about tasks is in ``selectors``; carrying tasks over in
``carry_over``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.models import AuditEntry
from danhgia.audit.services import changed_only, log_action
from danhgia.engine import Policy, allowed_factor_choices
from danhgia.evaluations.choices import EvaluationState
from danhgia.evidence import check_upload
from danhgia.organisation.models import Official
from danhgia.periods.models import Period

from .choices import TaskState
from .errors import ConflictError, TaskError
from .models import TWO_PLACES, Task, TaskEvidence
from .rules import (
    policy_of,
)
from .selectors import OPEN_STATES

#: what an audit entry of a task leaves out (noise)
AUDIT_EXCLUDE = ("created_at", "updated_at", "lock_version")
FACTORS = ("quality", "timeliness", "leadership")


# --- Checks ------------------------------------------------------------------------------


def require_changeable(record) -> None:
    """Refuse any change of a frozen task or evidence (``access.freeze``: a closed quarter, or a
    decided evaluation resting on the task — its lead's, or one of the lead's unit or above)."""
    freeze.refuse_if_frozen(record, TaskError)


def require_open(period: Period) -> None:
    """Refuse any change in a closed quarter (``access.freeze``)."""
    freeze.refuse_if_frozen(period, TaskError)


def require_not_decided(leads: Iterable[Official], period: Period) -> None:
    """Refuse new tasks that a decision of the quarter would rest on (``access.freeze``).

    SPEC §6: once decided, nothing changes but publication; a person's tasks are part of what
    was decided (their figures and the points scored from them), and so are the tasks of the
    units below a decided person's unit (the unit's figures).
    """
    for lead in leads:
        require_changeable(Task(period=period, lead=lead))


def require(user, task: Task, action: Action) -> None:
    """Refuse a step the user's role does not allow; ``None`` is the system (commands).

    The views decide first (404 / 403); this guards every other caller.
    """
    if user is not None and not access.can(user, task, action):
        raise PermissionDenied


def take(task: Task, lock_version: int | None = None) -> None:
    """Take the task for this change, or refuse if it changed since ``lock_version``.

    One conditional update (``UPDATE … WHERE lock_version = n``) inside the caller's
    transaction checks and bumps the optimistic lock (SPEC §14 "no lost work"); ``None`` is a
    caller without a form (commands, the seed), which takes the version it read.
    """
    version = task.lock_version if lock_version is None else lock_version
    updated = Task.objects.filter(pk=task.pk, lock_version=version).update(
        lock_version=F("lock_version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError(conflict_message(task))
    task.lock_version = version + 1


def conflict_message(task: Task) -> str:
    """Who saved the task last and when, for a form that is refused as stale."""
    current = Task.objects.filter(pk=task.pk).values("updated_at").first()
    last = (
        AuditEntry.objects.filter(object_type="tasks.task", object_id=str(task.pk))
        .order_by("-created_at", "-id")
        .first()
    )
    who = last.actor_name if last and last.actor_name else _("một người dùng khác")
    when = timezone.localtime(current["updated_at"] if current else timezone.now())
    return _(
        "Nhiệm vụ này vừa được %(who)s lưu lúc %(time)s, sau khi bạn mở trang (có thể ở một "
        "cửa sổ khác). Để không ghi đè lên thay đổi đó, hệ thống CHƯA lưu nội dung bạn vừa "
        "nhập."
    ) % {"who": who, "time": when.strftime("%d/%m/%Y %H:%M")}


# --- Results and assessment --------------------------------------------------------------


def snapshot_values(values: dict) -> dict:
    """Plain JSON values (dates and decimals as text) for an audit entry."""
    return {
        k: (None if v is None else v if isinstance(v, (bool, int)) else str(v))
        for k, v in values.items()
    }


def report_task(
    task: Task,
    *,
    delivered: Decimal,
    completed_on: date | None,
    note: str,
    user,
    evidence: UploadedFile | None = None,
    today: date | None = None,
    lock_version: int | None = None,
) -> Task:
    """The lead records the delivered quantity and, when done, the completion date.

    Lateness is never typed: it follows from the completion date and the due date. A file
    sent with the result is stored as its evidence in the same transaction.
    """
    require(user, task, Action.REPORT)
    require_changeable(task)
    today = today or timezone.localdate()
    if task.state not in OPEN_STATES:
        raise TaskError(
            _("Nhiệm vụ ở trạng thái “%(state)s”: không báo cáo kết quả được nữa.")
            % {"state": task.get_state_display()}
        )
    if completed_on is not None:
        if completed_on > today:
            raise TaskError(_("Ngày hoàn thành không được sau ngày hôm nay."))
        if completed_on < task.assigned_on:
            raise TaskError(_("Ngày hoàn thành không được trước ngày giao nhiệm vụ."))
        if delivered <= 0:
            raise TaskError(
                _("Đã ghi ngày hoàn thành thì số lượng sản phẩm hoàn thành phải lớn hơn 0.")
            )
    fields_ = ("delivered_quantity", "completed_on", "result_note", "state")
    before = {f: getattr(task, f) for f in fields_}
    task.delivered_quantity, task.completed_on, task.result_note = delivered, completed_on, note
    task.state = TaskState.REPORTED
    with transaction.atomic():
        take(task, lock_version)
        task.save(update_fields=[*fields_, "updated_at"])
        before, after = changed_only(
            snapshot_values(before), snapshot_values({f: getattr(task, f) for f in fields_})
        )
        log_action(
            user,
            AuditAction.TASK_REPORTED,
            task,
            before=before,
            after={**(after or {}), "late": task.is_late},
        )
        if evidence is not None:
            _store_evidence(task, evidence, user)
    return task


def allowed_factors(task: Task, dimension: str, policy: Policy, today: date | None = None):
    """The policy's choices for one factor that fit the task's dates (the engine's
    ``allowed_factor_choices``: timeliness below 1 for a late task or one past its due date
    and not done, 1 or above for one completed on time)."""
    return allowed_factor_choices(
        policy, dimension, task.due_date, task.completed_on, today or timezone.localdate()
    )


#: past verification: the review already started from the confirmed factors
REVIEWED_STATES = (EvaluationState.REVIEWED, EvaluationState.APPRAISED)


def require_not_reviewed(lead: Official, period: Period) -> None:
    """Refuse changing factors once the unit's review started from them (until returned)."""
    reviewed = Official.objects.filter(
        Q(evaluations__state__in=REVIEWED_STATES)
        | Q(
            evaluations__state=EvaluationState.RETURNED,
            evaluations__returned_from__in=REVIEWED_STATES,
        ),
        pk=lead.pk,
        evaluations__period=period,
    ).exists()
    if reviewed:
        raise TaskError(
            _(
                "Tập thể lãnh đạo đã xem xét kết quả %(period)s của %(name)s trên các hệ số đã "
                "xác nhận: muốn sửa, đề nghị trả lại bước xác nhận."
            )
            % {"period": period, "name": lead.full_name}
        )


def set_task_factors(
    task: Task,
    *,
    quality: Decimal,
    timeliness: Decimal,
    leadership: Decimal,
    user,
    today: date | None = None,
    lock_version: int | None = None,
) -> Task:
    """The assigning side confirms the result and sets the three factors (SPEC §7.3)."""
    require(user, task, Action.CHANGE)
    require_changeable(task)
    require_not_reviewed(task.lead, task.period)
    if task.state not in (TaskState.REPORTED, TaskState.VERIFIED):
        raise TaskError(_("Người chủ trì chưa báo cáo kết quả nhiệm vụ này."))
    policy = policy_of(task.period)
    values = {"quality": quality, "timeliness": timeliness, "leadership": leadership}
    for dimension, value in values.items():
        choices = allowed_factors(task, dimension, policy, today)
        if choices and value not in {c.value for c in choices}:
            raise TaskError(
                _("Hệ số %(value)s không nằm trong các mức được phép: %(allowed)s.")
                % {
                    "value": value,
                    "allowed": "; ".join(f"{c.label} ({c.value})" for c in choices),
                }
            )
        if not choices and not (0 <= value <= policy.task_factor_max):
            raise TaskError(_("Hệ số phải từ 0 đến %(max)s.") % {"max": policy.task_factor_max})
    before = snapshot_values({f: getattr(task, f) for f in (*FACTORS, "state")})
    for dimension, value in values.items():
        setattr(task, dimension, value.quantize(TWO_PLACES))
    task.state = TaskState.VERIFIED
    task.verified_by, task.verified_at = user, timezone.now()
    with transaction.atomic():
        take(task, lock_version)
        task.save(update_fields=[*FACTORS, "state", "verified_by", "verified_at", "updated_at"])
        after = snapshot_values({f: getattr(task, f) for f in (*FACTORS, "state")})
        log_action(user, AuditAction.TASK_FACTORS_SET, task, before=before, after=after)
    return task


def cancel_task(task: Task, reason: str, user, lock_version: int | None = None) -> Task:
    """The assigning side withdraws an open task; the reason is kept in the audit log."""
    require(user, task, Action.CHANGE)
    require_changeable(task)
    if task.state not in OPEN_STATES:
        raise TaskError(
            _("Nhiệm vụ ở trạng thái “%(state)s” không hủy được.")
            % {"state": task.get_state_display()}
        )
    if not reason.strip():
        raise TaskError(_("Cần ghi lý do hủy nhiệm vụ."))
    before = task.state
    task.state = TaskState.CANCELLED
    with transaction.atomic():
        take(task, lock_version)
        task.save(update_fields=["state", "updated_at"])
        log_action(
            user,
            AuditAction.TASK_CANCELLED,
            task,
            before={"state": before},
            after={"state": task.state},
            note=reason.strip(),
        )
    return task


def add_task_evidence(task: Task, upload: UploadedFile, user) -> TaskEvidence:
    """The lead attaches a file backing the result (type and size checked, stored privately)."""
    require(user, task, Action.REPORT)
    require_changeable(task)
    if task.state not in OPEN_STATES:
        raise TaskError(
            _("Nhiệm vụ ở trạng thái “%(state)s”: không thêm minh chứng được nữa.")
            % {"state": task.get_state_display()}
        )
    with transaction.atomic():
        return _store_evidence(task, upload, user)


def _store_evidence(task: Task, upload: UploadedFile, user) -> TaskEvidence:
    name, content_type = check_upload(upload)
    evidence = TaskEvidence.objects.create(
        task=task,
        file=upload,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    log_action(
        user,
        AuditAction.TASK_EVIDENCE_ADDED,
        task,
        after={"evidence": evidence.pk, "name": name, "size": upload.size},
    )
    return evidence
