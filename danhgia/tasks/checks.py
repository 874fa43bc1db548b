"""The per-row checks of the tasks workflow, on records and a context fetched once.

A form's save and a workbook's rows run the same checks: the services load a ``Context`` for
every task they are about to change (one query per kind, whatever the number of rows: the
rights through ``danhgia.access``, the frozen tasks through ``access.freeze.frozen_q``, the
leads whose review started), then check each row without a query, raising a ``TaskError`` with
a Vietnamese message (or ``PermissionDenied``). Optimistic locks are taken for all rows at
once (``take_all``): one read and one conditional update.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.engine import Policy, allowed_factor_choices
from danhgia.evaluations.choices import EvaluationState
from danhgia.organisation.models import Official

from .choices import TaskState
from .errors import TaskError
from .models import Task
from .selectors import OPEN_STATES

FACTORS = ("quality", "timeliness", "leadership")
#: past verification: the review already started from the confirmed factors
REVIEWED_STATES = (EvaluationState.REVIEWED, EvaluationState.APPRAISED)


@dataclass
class Context:
    """What the checks of a batch of rows read, fetched once for all of them.

    ``user`` None is the system (commands, the seed): every right is granted.
    """

    user: Any
    today: date
    allowed: dict[Action, set[int]] = field(default_factory=dict)
    frozen: set[int] = field(default_factory=set)
    reviewed: set[int] = field(default_factory=set)  # lead ids

    @classmethod
    def load(
        cls,
        user,
        tasks: Iterable[Task],
        actions: Sequence[Action],
        *,
        today: date | None = None,
        reviewed: bool = False,
    ) -> Context:
        tasks = [t for t in tasks if t.pk is not None]
        ids = sorted({t.pk for t in tasks})
        context = cls(user, today or timezone.localdate())
        if not ids:
            return context
        rows = Task.objects.filter(pk__in=ids)
        for action in actions:
            allowed = rows if user is None else access.restrict(user, rows, action)
            context.allowed[action] = set(allowed.values_list("pk", flat=True))
        context.frozen = set(rows.filter(freeze.frozen_q(Task)).values_list("pk", flat=True))
        if reviewed:
            for period_id in {t.period_id for t in tasks}:
                leads = {t.lead_id for t in tasks if t.period_id == period_id}
                context.reviewed |= reviewed_leads(period_id, leads)
        return context


def reviewed_leads(period_id: int, lead_ids: Iterable[int]) -> set[int]:
    """The leads whose review of the quarter started from the confirmed factors (one query)."""
    return set(
        Official.objects.filter(
            Q(evaluations__state__in=REVIEWED_STATES)
            | Q(
                evaluations__state=EvaluationState.RETURNED,
                evaluations__returned_from__in=REVIEWED_STATES,
            ),
            pk__in=list(lead_ids),
            evaluations__period_id=period_id,
        ).values_list("pk", flat=True)
    )


# --- One row -----------------------------------------------------------------------------


def check_right(context: Context, task: Task, action: Action) -> None:
    """Refuse a step the user's role does not allow (the views decide first: 404 / 403)."""
    if context.user is not None and task.pk not in context.allowed.get(action, set()):
        raise PermissionDenied


def check_changeable(context: Context, task: Task) -> None:
    """Refuse any change of a frozen task (``access.freeze``), with the reason."""
    if task.pk in context.frozen:
        raise TaskError(
            freeze.frozen_reason(task) or _("Nhiệm vụ này không còn thay đổi được nữa.")
        )


def check_open(task: Task, message: str) -> None:
    """Refuse a step of a task no longer open; ``message`` names the step (with %(state)s)."""
    if task.state not in OPEN_STATES:
        raise TaskError(message % {"state": task.get_state_display()})


def check_report(
    context: Context, task: Task, delivered: Decimal, completed_on: date | None
) -> None:
    """The lead's result: their task, open, a completion date not in the future nor before
    the task was assigned, and something delivered when done."""
    check_right(context, task, Action.REPORT)
    check_changeable(context, task)
    check_open(task, _("Nhiệm vụ ở trạng thái “%(state)s”: không báo cáo kết quả được nữa."))
    # The codes name the field concerned (the results workbook points at its cell).
    if completed_on is not None:
        if completed_on > context.today:
            raise TaskError(_("Ngày hoàn thành không được sau ngày hôm nay."), code="completed_on")
        if completed_on < task.assigned_on:
            raise TaskError(
                _("Ngày hoàn thành không được trước ngày giao nhiệm vụ."), code="completed_on"
            )
        if delivered <= 0:
            raise TaskError(
                _("Đã ghi ngày hoàn thành thì số lượng sản phẩm hoàn thành phải lớn hơn 0."),
                code="delivered",
            )


def allowed_factors(task: Task, dimension: str, policy: Policy, today: date | None = None):
    """The policy's choices for one factor that fit the task's dates (the engine's
    ``allowed_factor_choices``: timeliness below 1 for a late task or one past its due date
    and not done, 1 or above for one completed on time)."""
    return allowed_factor_choices(
        policy, dimension, task.due_date, task.completed_on, today or timezone.localdate()
    )


def check_factors(context: Context, task: Task, values: dict[str, Decimal], policy: Policy) -> None:
    """The assigning side's factors: its task, reported, not yet reviewed, each factor one of
    the policy's choices that the dates allow."""
    check_right(context, task, Action.CHANGE)
    check_changeable(context, task)
    if task.lead_id in context.reviewed:
        raise TaskError(
            _(
                "Tập thể lãnh đạo đã xem xét kết quả %(period)s của %(name)s trên các hệ số đã "
                "xác nhận: muốn sửa, đề nghị trả lại bước xác nhận."
            )
            % {"period": task.period, "name": task.lead.full_name}
        )
    if task.state not in (TaskState.REPORTED, TaskState.VERIFIED):
        raise TaskError(_("Người chủ trì chưa báo cáo kết quả nhiệm vụ này."))
    for dimension, value in values.items():
        choices = allowed_factors(task, dimension, policy, context.today)
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


# --- Locks -------------------------------------------------------------------------------


class Stale(Exception):
    """Tasks that changed since their form or workbook was opened: nothing was taken."""

    def __init__(self, tasks: list[Task]):
        super().__init__(tasks)
        self.tasks = tasks


def take_all(pairs: Sequence[tuple[Task, int | None]]) -> None:
    """Take every task for this change, or raise ``Stale`` naming those that changed.

    ``None`` takes the version the task was read with (a caller without a form). One read of
    the current versions names the stale tasks; one conditional update (``UPDATE … WHERE
    lock_version = CASE id WHEN … END``) inside the caller's transaction checks and bumps them
    all (SPEC §14 "no lost work"); a row changed in between makes every row stale.
    """
    if not pairs:
        return
    expected = {t.pk: (t.lock_version if v is None else v) for t, v in pairs}
    current = dict(Task.objects.filter(pk__in=expected).values_list("pk", "lock_version"))
    stale = [t for t, _v in pairs if current.get(t.pk) != expected[t.pk]]
    if stale:
        raise Stale(stale)
    now = timezone.now()
    version = Case(*(When(pk=pk, then=Value(v)) for pk, v in expected.items()))
    updated = (
        Task.objects.filter(pk__in=expected)
        .filter(lock_version=version)
        .update(lock_version=F("lock_version") + 1, updated_at=now)
    )
    if updated != len(expected):
        raise Stale([t for t, _v in pairs])
    for task, _v in pairs:
        task.lock_version, task.updated_at = expected[task.pk] + 1, now
