"""Step 3a: the assigning side confirms or corrects the results of the tasks it assigned, per
person, before the unit's review (Lào Cai 6.2.1; SPEC §4, §6, §7.3).

"Confirm for this person" takes every counted task of the person that the user's role assigned
(``workflow.assigned_by``: its own assigning unit) and confirms it: the factors chosen on the
page, or by default "as required" (1,0) for quality and leadership and, for timeliness, 1,0 when
done on time and the policy's "late" value when done late (the policy's ``late_timeliness``); the
delivered quantity may be corrected. A task never reported whose due date has passed is
confirmed as not done. A task not reported and not yet due cannot be confirmed yet.

When every counted task of the person is confirmed (or the person has none), the evaluation
moves ``self_assessed`` → ``verified`` (also from ``returned`` when it was returned to this
step). The self-assessment stays as submitted; the review starts from it recomputed with the
confirmed factors (``adjustments``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.engine import FactorChoice, Policy, default_factors
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.scoring import entries_of, score_evaluation_rows
from danhgia.evaluations.workflow import (
    SELF_ASSESSMENT,
    VERIFICATION,
    ReviewConflict,
    ReviewError,
    check_not_locked,
    complete,
    conflict_message,
    require_open,
    take,
    waiting_step,
)
from danhgia.organisation.models import Official
from danhgia.periods.models import Period
from danhgia.tasks.choices import TaskState
from danhgia.tasks.errors import ConflictError as TaskConflict
from danhgia.tasks.models import TWO_PLACES, Task
from danhgia.tasks.rules import policy_of
from danhgia.tasks.selectors import counted_tasks
from danhgia.tasks.services import FACTORS, allowed_factors, snapshot_values
from danhgia.tasks.services import take as take_task

ONE = Decimal(1)


@dataclass(frozen=True)
class TaskCheck:
    """The factors (and, when corrected, the delivered quantity) the assigning side confirms."""

    quality: Decimal | None = None
    timeliness: Decimal | None = None
    leadership: Decimal | None = None
    delivered: Decimal | None = None
    #: the task's version when the page was opened (None: the defaults, no page)
    lock_version: int | None = None


def not_due_yet(task: Task, today: date) -> bool:
    """Not reported, not done and not yet due: nothing to confirm yet."""
    return task.state == TaskState.ASSIGNED and task.completed_on is None and task.due_date >= today


def not_done(task: Task) -> bool:
    """Never reported and past its due date: confirmed as not done (its factors do not count)."""
    return task.state == TaskState.ASSIGNED and task.completed_on is None


def default_check(task: Task, policy: Policy) -> TaskCheck:
    """The values a confirmation uses unless the page says otherwise (SPEC §7.3)."""
    defaults = default_factors(policy, late=task.is_late)
    return TaskCheck(
        quality=task.quality if task.quality is not None else defaults["quality"],
        timeliness=task.timeliness if task.timeliness is not None else defaults["timeliness"],
        leadership=task.leadership if task.leadership is not None else defaults["leadership"],
        delivered=task.delivered_quantity,
    )


def scales(task: Task, policy: Policy, today: date) -> dict[str, tuple[FactorChoice, ...]]:
    return {name: allowed_factors(task, name, policy, today) for name in FACTORS}


def _check_factors(task: Task, values: TaskCheck, policy: Policy, today: date) -> None:
    for name in FACTORS:
        value = getattr(values, name)
        choices = allowed_factors(task, name, policy, today)
        if value is None:
            raise ReviewError(_("“%(task)s”: thiếu hệ số.") % {"task": task.title})
        if choices and value not in {c.value for c in choices}:
            raise ReviewError(
                _("“%(task)s”: hệ số %(value)s không nằm trong các mức được phép (%(allowed)s).")
                % {
                    "task": task.title,
                    "value": value,
                    "allowed": "; ".join(f"{c.label} {c.value}" for c in choices),
                }
            )
        if not choices and not (0 <= value <= policy.task_factor_max):
            raise ReviewError(_("Hệ số phải từ 0 đến %(max)s.") % {"max": policy.task_factor_max})
    if values.delivered is not None and values.delivered < 0:
        raise ReviewError(
            _("“%(task)s”: số lượng hoàn thành không được âm.") % {"task": task.title}
        )


AUDITED = (*FACTORS, "delivered_quantity", "state")


def confirm_task(task: Task, values: TaskCheck | None, policy: Policy, user, today: date) -> bool:
    """Confirm one task (in the caller's transaction) and write ``task.factors_set``.

    Returns False when the task was confirmed already with these very values (nothing written).
    """
    before = snapshot_values({f: getattr(task, f) for f in AUDITED})
    was_verified = task.state == TaskState.VERIFIED
    posted_version = values.lock_version if values is not None else None
    note = ""
    if not_done(task):
        note = _("Xác nhận: không hoàn thành (không báo cáo kết quả, đã quá hạn).")
    else:
        values = values or default_check(task, policy)
        _check_factors(task, values, policy, today)
        task.quality = values.quality.quantize(TWO_PLACES)
        task.timeliness = values.timeliness.quantize(TWO_PLACES)
        task.leadership = values.leadership.quantize(TWO_PLACES)
        if values.delivered is not None and values.delivered != task.delivered_quantity:
            task.delivered_quantity = values.delivered.quantize(TWO_PLACES)
            note = _("Cơ quan chủ trì điều chỉnh số lượng hoàn thành được công nhận.")
    task.state = TaskState.VERIFIED
    after = snapshot_values({f: getattr(task, f) for f in AUDITED})
    if was_verified and after == before:
        return False
    task.verified_by, task.verified_at = user, timezone.now()
    try:
        take_task(task, posted_version)
    except TaskConflict as exc:
        raise ReviewConflict(exc.messages) from None
    task.save(
        update_fields=[
            *FACTORS,
            "delivered_quantity",
            "state",
            "verified_by",
            "verified_at",
            "updated_at",
        ]
    )
    log_action(user, AuditAction.TASK_FACTORS_SET, task, before=before, after=after, note=note)
    return True


@dataclass
class Outcome:
    """What one confirmation did: tasks confirmed, tasks still waiting, the evaluation moved."""

    confirmed: int = 0
    waiting: list[Task] = field(default_factory=list)
    moved: bool = False
    evaluation: Evaluation | None = None


def managed_tasks(user, official: Official, period: Period) -> QuerySet[Task]:
    """The person's counted tasks that the user's role assigned (the assigning side)."""
    return access.restrict(
        user, counted_tasks(period).filter(lead=official), Action.VERIFY
    ).order_by("due_date", "id")


def verify_person(
    official: Official,
    period: Period,
    user,
    checks: Mapping[int, TaskCheck] | None = None,
    *,
    lock_version: int | None = None,
    today: date | None = None,
) -> Outcome:
    """Confirm the user's tasks of the person; move the evaluation once nothing is unconfirmed.

    ``checks`` maps a task id to the values chosen on the page; a task not in it is confirmed
    with ``default_check`` unless it was confirmed already. Refused for a decided evaluation,
    one past this step, a closed period, or a user who is neither an assigning side of the
    person's tasks nor the unit leadership over the person.
    """
    checks = checks or {}
    today = today or timezone.localdate()
    require_open(period)
    evaluation = (
        Evaluation.objects.select_related("official__unit", "period")
        .filter(official=official, period=period)
        .first()
    )
    if evaluation is not None:
        check_not_locked(evaluation)
        if lock_version is not None and lock_version != evaluation.lock_version:
            # The page is stale even when this confirmation would not move the evaluation.
            raise ReviewConflict(conflict_message(evaluation))
        waiting = waiting_step(evaluation)
        if waiting not in (SELF_ASSESSMENT, VERIFICATION):
            raise ReviewError(
                _(
                    "Phiếu của %(name)s đã qua bước xác nhận kết quả nhiệm vụ (trạng thái "
                    "“%(state)s”); muốn xác nhận lại, bước sau phải trả lại phiếu."
                )
                % {"name": official, "state": evaluation.get_state_display()}
            )
    mine = list(managed_tasks(user, official, period))
    if mine:  # the person's tasks: frozen once a decision rests on them (access.freeze)
        freeze.refuse_if_frozen(Task(period=period, lead=official), ReviewError)
    if not access.confirms_for(user, evaluation, assigned_tasks=bool(mine)):
        raise PermissionDenied
    unknown = set(checks) - {t.pk for t in mine}
    if unknown:
        raise PermissionDenied
    policy = policy_of(period)
    outcome = Outcome(evaluation=evaluation)
    with transaction.atomic():
        for task in mine:
            if not_due_yet(task, today):
                outcome.waiting.append(task)
                continue
            if task.state == TaskState.VERIFIED and task.pk not in checks:
                continue
            outcome.confirmed += confirm_task(task, checks.get(task.pk), policy, user, today)
        if evaluation is not None and waiting_step(evaluation) is VERIFICATION:
            left = counted_tasks(period).filter(lead=official).exclude(state=TaskState.VERIFIED)
            if not left.exists():
                take(evaluation, lock_version)
                total = counted_tasks(period).filter(lead=official).count()
                # The tie-break count follows the factors just confirmed (the stored self
                # points stay as submitted).
                rescored = score_evaluation_rows(evaluation, entries_of(evaluation))
                if rescored.complete:
                    evaluation.exceeded_count = rescored.result.exceeded_count
                    evaluation.save(update_fields=["exceeded_count"])
                complete(
                    evaluation,
                    VERIFICATION,
                    user,
                    AuditAction.EVALUATION_VERIFIED,
                    after={"tasks_confirmed": total},
                    note=_("Không có nhiệm vụ cần xác nhận.") if total == 0 else "",
                )
                outcome.moved = True
            else:
                outcome.waiting.extend(t for t in left if t not in outcome.waiting)
    return outcome


# --- The page of an assigning side -----------------------------------------------------------


@dataclass
class TaskRow:
    task: Task
    check: TaskCheck
    scales: dict[str, tuple[FactorChoice, ...]]
    not_due: bool
    not_done: bool

    @property
    def verified(self) -> bool:
        return self.task.state == TaskState.VERIFIED


@dataclass
class PersonBlock:
    """One person on the verification page: their tasks from this side and what else waits."""

    official: Official
    evaluation: Evaluation | None
    rows: list[TaskRow]
    others_waiting: int  # counted tasks of other assigning sides not confirmed yet

    @property
    def waiting(self) -> Sequence[TaskRow]:
        return [r for r in self.rows if not r.verified]

    @property
    def step(self):
        return waiting_step(self.evaluation) if self.evaluation is not None else None

    @property
    def editable(self) -> bool:
        """Tasks can still be confirmed or corrected from this page."""
        if self.evaluation is None:
            return True
        return self.step in (SELF_ASSESSMENT, VERIFICATION)

    @property
    def done(self) -> bool:
        return self.evaluation is not None and self.step not in (SELF_ASSESSMENT, VERIFICATION)


def unconfirmed_tasks(user, period: Period) -> QuerySet[Task]:
    """The counted tasks of the period that the user's role assigned and has not confirmed yet.

    One definition for the home page's count, the review worklist's line and the verification
    list filtered to "chờ xác nhận", so the three agree (rough edges #12, D24).
    """
    return (
        access.restrict(user, counted_tasks(period), Action.VERIFY)
        .exclude(state=TaskState.VERIFIED)
        .order_by()
    )


def people_with_tasks(user, period: Period) -> QuerySet[Official]:
    """The people who have counted tasks of the period that the user's role assigned."""
    managed = access.restrict(user, counted_tasks(period), Action.VERIFY)
    return (
        Official.objects.filter(pk__in=managed.values("lead"))
        .select_related("unit")
        .order_by("unit__path", "given_name", "full_name", "pk")
    )


def person_blocks(
    user, period: Period, people: Sequence[Official], today: date | None = None
) -> list[PersonBlock]:
    """The blocks of a page of people (three queries, whatever their number)."""
    today = today or timezone.localdate()
    policy = policy_of(period)
    ids = [p.pk for p in people]
    tasks: dict[int, list[Task]] = defaultdict(list)
    managed = access.restrict(user, counted_tasks(period), Action.VERIFY)
    mine = list(
        managed.filter(lead__in=ids)
        .select_related("assigning_unit", "period")
        .order_by("due_date", "id")
    )
    for task in mine:
        tasks[task.lead_id].append(task)
    # The page's people's other tasks: those not among the ones just read (their ids, not the
    # scope's subquery again: for a province-wide side that reads every task of the quarter).
    others = dict(
        counted_tasks(period)
        .filter(lead__in=ids)
        .exclude(pk__in=[task.pk for task in mine])
        .order_by()
        .values("lead")
        .annotate(n=Count("pk", filter=~Q(state=TaskState.VERIFIED)))
        .values_list("lead", "n")
    )
    evaluations = {
        e.official_id: e for e in Evaluation.objects.filter(period=period, official__in=ids)
    }
    blocks = []
    for person in people:
        rows = [
            TaskRow(
                task,
                default_check(task, policy),
                scales(task, policy, today),
                not_due_yet(task, today),
                not_done(task),
            )
            for task in tasks.get(person.pk, [])
        ]
        blocks.append(
            PersonBlock(person, evaluations.get(person.pk), rows, others.get(person.pk, 0))
        )
    return blocks
