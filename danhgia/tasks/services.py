"""Tasks: results, factors, cancellation, evidence, carry-over, and the figures the engine needs.

Workflow steps are plain functions (STYLE "Logic"): check the state and the permission, raise a
``TaskError`` with a Vietnamese message, save in one transaction and write an audit entry.

The reading functions at the top are what the evaluations and rating code call:
``tasks_for_criterion``, ``engine_task_inputs``, ``collective_figures``,
``person_task_figures``. They count the same tasks (``counted_tasks``): everything of the
quarter except cancelled tasks, tasks carried to the next quarter, and tasks that will be
carried because they are not done and not due by the quarter's results cut-off (SPEC §9).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import changed_only, log_action
from danhgia.engine.policy import Policy
from danhgia.engine.rating import UnitFigures
from danhgia.engine.scoring import TaskInput, task_is_exceeding
from danhgia.engine.special_cases import results_cutoff
from danhgia.evaluations.choices import LOCKED_STATES, EvaluationState
from danhgia.evidence import check_upload
from danhgia.organisation.models import Official, Unit
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period

from .choices import TaskState
from .errors import TaskError
from .models import TWO_PLACES, Task, TaskEvidence
from .rules import (
    block_frameworks,
    factor_scale,
    framework_of,
    late_timeliness,
    policy_of,
)

#: states in which the lead may still report and the assigning side may still edit or cancel
OPEN_STATES = (TaskState.ASSIGNED, TaskState.REPORTED)
#: what an audit entry of a task leaves out (noise)
AUDIT_EXCLUDE = ("created_at", "updated_at")
FACTORS = ("quality", "timeliness", "leadership")


# --- Reading -------------------------------------------------------------------------------


def cutoff(period: Period) -> date:
    """The quarter's results cut-off: day 30 of its last month (SPEC §9)."""
    return results_cutoff(period.year, period.quarter)


def will_carry_over(task: Task) -> bool:
    """Not done and not due by the cut-off: it moves to the next quarter (Lào Cai 6.2.1)."""
    return (
        task.state in OPEN_STATES
        and task.completed_on is None
        and task.due_date > cutoff(task.period)
    )


def counted_tasks(period: Period) -> QuerySet[Task]:
    """The quarter's tasks that count for scores and figures (see the module docstring)."""
    return (
        Task.objects.filter(period=period)
        .exclude(state__in=(TaskState.CANCELLED, TaskState.CARRIED_OVER))
        .exclude(completed_on__isnull=True, due_date__gt=cutoff(period))
    )


def tasks_for_criterion(official: Official, period: Period, code: str) -> QuerySet[Task]:
    """The official's tasks linked to criterion ``code`` that count in the quarter.

    Cancelled and carried-over tasks are left out, and so are tasks not done and not due by the
    quarter's results cut-off: they will be carried over and scored next quarter (SPEC §9).
    """
    return (
        counted_tasks(period).filter(lead=official, criterion_code=code).order_by("due_date", "id")
    )


def engine_task_input(task: Task, policy: Policy) -> TaskInput:
    """One task as the engine's TaskInput (see ``engine_task_inputs`` for the defaults)."""
    timeliness = task.timeliness
    if timeliness is None:
        timeliness = late_timeliness(policy) if task.is_late else Decimal(1)
    return TaskInput(
        planned=task.planned_quantity,
        delivered=task.delivered_quantity if task.delivered_quantity is not None else Decimal(0),
        coefficient=task.coefficient,
        quality=task.quality if task.quality is not None else Decimal(1),
        timeliness=timeliness,
        leadership=task.leadership if task.leadership is not None else Decimal(1),
    )


def engine_task_inputs(tasks: Iterable[Task], policy: Policy) -> tuple[TaskInput, ...]:
    """The tasks as the engine's TaskInputs, for the task KPI of a criterion (SPEC §7.3).

    Decision, for results the assigning side has not assessed yet: a delivered quantity not
    reported counts as 0 (nothing delivered); a factor not set counts as 1,0 ("as required"),
    except the timeliness of a task completed after its due date, which is the policy's
    timeliness choice for "late" ("Chậm tiến độ", 0,75; 0,75 when the policy has none), so that
    lateness computed from the dates always lowers the score even before the assessment.
    """
    return tuple(engine_task_input(task, policy) for task in tasks)


def collective_tasks(unit: Unit, period: Period) -> QuerySet[Task]:
    """The counted tasks of a collective: those led by people of the unit or of a unit below.

    Decision: a unit's tasks are its people's tasks, its sub-units' included, as Phụ lục 7
    reports everything the unit was given to do.
    """
    return counted_tasks(period).filter(lead__unit__path__startswith=unit.path)


def count_figures(tasks: Sequence[Task], policy: Policy) -> tuple[int, int, int, int]:
    """(total, completed, late, exceeding) of already counted tasks, read in memory."""
    total = completed = late = exceeding = 0
    for task in tasks:
        total += 1
        if task.is_completed:
            completed += 1
            late += task.is_late
            exceeding += task_is_exceeding(engine_task_input(task, policy))
    return total, completed, late, exceeding


def collective_figures(unit: Unit, period: Period) -> UnitFigures:
    """The unit's task figures for the quarter, for the conditions of SPEC §8.2.

    Tasks led by people of the unit and its sub-units (``collective_tasks``); completed = a
    completion date and a delivered quantity recorded; late = completed after the due date;
    exceeding = the engine's ``task_is_exceeding``. Force majeure is not recorded yet (False).
    """
    tasks = list(collective_tasks(unit, period))
    total, completed, late, exceeding = count_figures(tasks, policy_of(period))
    return UnitFigures(
        id=unit.code,
        tasks_total=total,
        tasks_completed=completed,
        tasks_late=late,
        tasks_exceeding=exceeding,
        force_majeure=False,
    )


def person_task_figures(official: Official, period: Period) -> tuple[int, int, int]:
    """(total, completed, exceeding) of the official's own counted tasks in the quarter."""
    tasks = list(counted_tasks(period).filter(lead=official))
    total, completed, _late, exceeding = count_figures(tasks, policy_of(period))
    return total, completed, exceeding


# --- Checks ------------------------------------------------------------------------------


def require_open(period: Period) -> None:
    """Refuse any change in a closed quarter."""
    if not period.is_open:
        raise TaskError(
            _("Kỳ đánh giá %(period)s đã đóng: không thể thay đổi nhiệm vụ.") % {"period": period}
        )


def require_not_decided(leads: Iterable[Official], period: Period) -> None:
    """Refuse any change to the tasks of a person whose quarter the authority has decided.

    SPEC §6: once decided, nothing changes but publication; a person's tasks are part of what
    was decided (their figures and the points scored from them).
    """
    decided = (
        Official.objects.filter(
            pk__in=[lead.pk for lead in leads],
            evaluations__period=period,
            evaluations__state__in=LOCKED_STATES,
        )
        .order_by("full_name")
        .values_list("full_name", flat=True)
    )
    names = list(decided)
    if names:
        raise TaskError(
            _(
                "Kết quả %(period)s của %(names)s đã được cấp có thẩm quyền quyết định: "
                "không thể thay đổi nhiệm vụ."
            )
            % {"period": period, "names": ", ".join(names)}
        )


def require(user, task: Task, action: Action) -> None:
    """Refuse a step the user's role does not allow; ``None`` is the system (commands).

    The views decide first (404 / 403); this guards every other caller.
    """
    if user is not None and not access.can(user, task, action):
        raise PermissionDenied


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
) -> Task:
    """The lead records the delivered quantity and, when done, the completion date.

    Lateness is never typed: it follows from the completion date and the due date. A file
    sent with the result is stored as its evidence in the same transaction.
    """
    require(user, task, Action.REPORT)
    require_open(task.period)
    require_not_decided([task.lead], task.period)
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
    """The policy's choices for one factor that fit the task's dates.

    Timeliness follows the dates (never typed): a task completed after its due date, or not
    completed when its due date has passed, only gets a value below 1; one completed on time
    only 1 or above.
    """
    choices = factor_scale(policy, dimension)
    if dimension != "timeliness":
        return choices
    today = today or timezone.localdate()
    if task.is_late or (task.completed_on is None and task.due_date < today):
        return tuple(c for c in choices if c.value < 1)
    if task.completed_on is not None:
        return tuple(c for c in choices if c.value >= 1)
    return choices


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
) -> Task:
    """The assigning side confirms the result and sets the three factors (SPEC §7.3)."""
    require(user, task, Action.CHANGE)
    require_open(task.period)
    require_not_decided([task.lead], task.period)
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
        task.save(update_fields=[*FACTORS, "state", "verified_by", "verified_at", "updated_at"])
        after = snapshot_values({f: getattr(task, f) for f in (*FACTORS, "state")})
        log_action(user, AuditAction.TASK_FACTORS_SET, task, before=before, after=after)
    return task


def cancel_task(task: Task, reason: str, user) -> Task:
    """The assigning side withdraws an open task; the reason is kept in the audit log."""
    require(user, task, Action.CHANGE)
    require_open(task.period)
    require_not_decided([task.lead], task.period)
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
    require_open(task.period)
    require_not_decided([task.lead], task.period)
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


# --- Carry-over ----------------------------------------------------------------------------


def next_period(period: Period) -> Period | None:
    year, quarter = (
        (period.year + 1, 1) if period.quarter == 4 else (period.year, period.quarter + 1)
    )
    return Period.objects.filter(year=year, quarter=quarter).first()


def carry_over_tasks(period: Period, rating_date: date | None = None, user=None) -> int:
    """Move the tasks not done and not yet due at the rating date to the next quarter.

    SPEC §9 (Lào Cai 6.2.1): such tasks are not scored now. Each becomes "carried over" in this
    quarter and a new task in the next one points back to it (``carried_from``), so both
    quarters show it. The next period must exist and be open; the rating date defaults to the
    results cut-off (day 30 of the quarter's last month). Returns how many moved; running it
    again moves nothing more.
    """
    rating_date = rating_date or cutoff(period)
    target = next_period(period)
    if target is None:
        raise TaskError(
            _(
                "Chưa mở kỳ đánh giá của quý tiếp theo sau %(period)s: hãy mở kỳ đó trước khi "
                "chuyển nhiệm vụ."
            )
            % {"period": period}
        )
    if not target.is_open:
        raise TaskError(_("Kỳ đánh giá %(period)s đã đóng.") % {"period": target})
    moving = list(
        Task.objects.filter(
            period=period,
            state__in=OPEN_STATES,
            completed_on__isnull=True,
            due_date__gt=rating_date,
        ).select_related("lead__unit")
    )
    frameworks = block_frameworks(target, {t.lead.unit.block_id for t in moving})
    with transaction.atomic():
        for task in moving:
            version = frameworks.get(task.lead.unit.block_id)
            criterion = framework_of(version).criterion(task.criterion_code) if version else None
            copy = Task.objects.create(
                period=target,
                lead=task.lead,
                assigning_unit=task.assigning_unit,
                assigned_by=task.assigned_by,
                title=task.title,
                description=task.description,
                responsibility=task.responsibility,
                authority=task.authority,
                product=task.product,
                product_name=task.product_name,
                planned_quantity=task.planned_quantity,
                coefficient=task.coefficient,
                axis=criterion.group if criterion else task.axis,
                # The next quarter's framework may differ: keep the link only where it fits.
                criterion_code=task.criterion_code if criterion and criterion.accepts_tasks else "",
                source=task.source,
                is_key=task.is_key,
                assigned_on=task.assigned_on,
                due_date=task.due_date,
                delivered_quantity=task.delivered_quantity,
                result_note=task.result_note,
                carried_from=task,
                batch=task.batch,
            )
            task.state = TaskState.CARRIED_OVER
            task.save(update_fields=["state", "updated_at"])
            log_action(
                user,
                AuditAction.TASK_CARRIED_OVER,
                task,
                before={"period": period.code},
                after={"period": target.code, "task": copy.pk, "rating_date": str(rating_date)},
            )
    return len(moving)


def open_periods() -> QuerySet[Period]:
    """Open periods, newest first: the quarters tasks can be assigned in."""
    return Period.objects.filter(state=PeriodState.OPEN).order_by("-year", "-quarter")
