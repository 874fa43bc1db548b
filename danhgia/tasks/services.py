"""Tasks: results, factors, cancellation and evidence (the lead and the assigning side).

Workflow steps are plain functions (STYLE "Logic"): check the state and the permission, raise a
``TaskError`` with a Vietnamese message, save in one transaction and write an audit entry.
Results and factors are applied in batches (``report_tasks``, ``set_factors_of``: a workbook's
rows, at a constant number of queries); the single-record steps of the forms are batches of one,
so each rule has one home (``checks``).

What the other apps read about tasks is in ``selectors``; carrying tasks over in
``carry_over``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.models import AuditEntry
from danhgia.audit.services import changed_only, log_action, log_actions, new_entry
from danhgia.evidence import check_upload
from danhgia.periods.models import Period

from .checks import (
    FACTORS,
    Context,
    Stale,
    allowed_factors,  # noqa: F401 - the views and the review read it here
    check_factors,
    check_report,
    take_all,
)
from .choices import TaskState
from .errors import ConflictError, TaskError
from .models import TWO_PLACES, Task, TaskEvidence
from .rules import policy_of
from .selectors import OPEN_STATES

#: what an audit entry of a task leaves out (noise)
AUDIT_EXCLUDE = ("created_at", "updated_at", "lock_version")
#: what a result changes
REPORT_FIELDS = ("delivered_quantity", "completed_on", "result_note", "state")


# --- Checks ------------------------------------------------------------------------------


def require_changeable(record) -> None:
    """Refuse any change of a frozen task or evidence (``access.freeze``: a closed quarter, or a
    decided evaluation resting on the task — its lead's, or one of the lead's unit or above)."""
    freeze.refuse_if_frozen(record, TaskError)


def require_open(period: Period) -> None:
    """Refuse any change in a closed quarter (``access.freeze``)."""
    freeze.refuse_if_frozen(period, TaskError)


def require(user, task: Task, action: Action) -> None:
    """Refuse a step the user's role does not allow; ``None`` is the system (commands).

    The views decide first (404 / 403); this guards every other caller.
    """
    if user is not None and not access.can(user, task, action):
        raise PermissionDenied


def take(task: Task, lock_version: int | None = None) -> None:
    """Take the task for this change, or refuse if it changed since ``lock_version``.

    ``checks.take_all`` for one task, inside the caller's transaction (SPEC §14 "no lost
    work"); ``None`` is a caller without a form (commands, the seed), which takes the version it
    read.
    """
    try:
        take_all([(task, lock_version)])
    except Stale:
        raise ConflictError(conflict_message(task)) from None


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


@dataclass
class Report:
    """One result the lead records: the delivered quantity, when done the completion date."""

    task: Task
    delivered: Decimal
    completed_on: date | None
    note: str = ""
    lock_version: int | None = None


@dataclass
class Factors:
    """The three factors the assigning side confirms a result with (SPEC §7.3)."""

    task: Task
    quality: Decimal
    timeliness: Decimal
    leadership: Decimal
    lock_version: int | None = None

    @property
    def values(self) -> dict[str, Decimal]:
        return {name: getattr(self, name) for name in FACTORS}


def refused_or_written(
    refused: dict[int, Exception], tasks: Sequence[Task], write: Callable[[], None] | None
) -> dict[int, Exception]:
    """The refusals of a batch's checks (index → error), or ``write`` when there are none.

    ``write`` runs in one transaction; stale rows (``checks.Stale``) undo it and come back as
    ``ConflictError``s naming who saved each task last. ``write`` None only checks.
    """
    if refused or write is None:
        return refused
    try:
        with transaction.atomic():
            write()
    except Stale as stale:
        ids = {t.pk for t in stale.tasks}
        return {i: ConflictError(conflict_message(t)) for i, t in enumerate(tasks) if t.pk in ids}
    return {}


def each(items: Sequence, check: Callable) -> dict[int, Exception]:
    """index → the error ``check(item)`` raised, for every refused item."""
    refused = {}
    for index, item in enumerate(items):
        try:
            check(item)
        except (PermissionDenied, ValidationError) as error:
            refused[index] = error
    return refused


def report_tasks(
    context: Context, reports: Sequence[Report], *, write: bool = True
) -> dict[int, Exception]:
    """Record many results: every row checked (``checks.check_report``), then all written
    with one lock update, one update and one audit insert — or none, the refusals returned by
    index. Lateness is never typed: it follows from the completion date and the due date."""

    def run():
        take_all([(r.task, r.lock_version) for r in reports])
        entries = []
        for r in reports:
            task = r.task
            before = snapshot_values({f: getattr(task, f) for f in REPORT_FIELDS})
            task.delivered_quantity, task.completed_on = r.delivered, r.completed_on
            task.result_note, task.state = r.note, TaskState.REPORTED
            after = snapshot_values({f: getattr(task, f) for f in REPORT_FIELDS})
            before, after = changed_only(before, after)
            entries.append(
                new_entry(
                    context.user,
                    AuditAction.TASK_REPORTED,
                    task,
                    before=before,
                    after={**(after or {}), "late": task.is_late},
                )
            )
        Task.objects.bulk_update([r.task for r in reports], list(REPORT_FIELDS))
        log_actions(entries)

    refused = each(reports, lambda r: check_report(context, r.task, r.delivered, r.completed_on))
    return refused_or_written(refused, [r.task for r in reports], run if write else None)


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

    A file sent with the result is stored as its evidence in the same transaction.
    """
    context = Context.load(user, [task], [Action.REPORT], today=today)
    with transaction.atomic():
        refused = report_tasks(context, [Report(task, delivered, completed_on, note, lock_version)])
        if refused:
            raise refused[0]
        if evidence is not None:
            _store_evidence(task, evidence, user)
    return task


def set_factors_of(
    context: Context, items: Sequence[Factors], *, write: bool = True
) -> dict[int, Exception]:
    """Confirm many results with their factors: every row checked (``checks.check_factors``;
    the context loaded with ``reviewed=True``), then all written at once — or none."""

    def check(item: Factors):
        check_factors(context, item.task, item.values, policy_of(item.task.period))

    def run():
        take_all([(i.task, i.lock_version) for i in items])
        now, entries = timezone.now(), []
        for item in items:
            task = item.task
            before = snapshot_values({f: getattr(task, f) for f in (*FACTORS, "state")})
            for dimension, value in item.values.items():
                setattr(task, dimension, value.quantize(TWO_PLACES))
            task.state = TaskState.VERIFIED
            task.verified_by, task.verified_at = context.user, now
            after = snapshot_values({f: getattr(task, f) for f in (*FACTORS, "state")})
            entries.append(
                new_entry(
                    context.user, AuditAction.TASK_FACTORS_SET, task, before=before, after=after
                )
            )
        Task.objects.bulk_update(
            [i.task for i in items], [*FACTORS, "state", "verified_by", "verified_at"]
        )
        log_actions(entries)

    return refused_or_written(each(items, check), [i.task for i in items], run if write else None)


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
    context = Context.load(user, [task], [Action.CHANGE], today=today, reviewed=True)
    item = Factors(task, quality, timeliness, leadership, lock_version)
    refused = set_factors_of(context, [item])
    if refused:
        raise refused[0]
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
