"""Carrying tasks not yet due to the next quarter (SPEC §9; Lào Cai 6.2.1)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.access import freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.periods.models import Period

from .choices import TaskState
from .errors import TaskError
from .models import Task
from .rules import block_frameworks, framework_of
from .selectors import OPEN_STATES, cutoff


def next_period(period: Period) -> Period | None:
    year, quarter = (
        (period.year + 1, 1) if period.quarter == 4 else (period.year, period.quarter + 1)
    )
    return Period.objects.filter(year=year, quarter=quarter).first()


def carryable(period: Period, rating_date: date | None = None) -> QuerySet[Task]:
    """The quarter's tasks not done and not yet due at the rating date (what would move)."""
    return Task.objects.filter(
        period=period,
        state__in=OPEN_STATES,
        completed_on__isnull=True,
        due_date__gt=rating_date or cutoff(period),
    )


def carry_over_tasks(
    period: Period,
    rating_date: date | None = None,
    user=None,
    *,
    within: QuerySet[Task] | None = None,
) -> int:
    """Move the tasks not done and not yet due at the rating date to the next quarter.

    SPEC §9 (Lào Cai 6.2.1): such tasks are not scored now. Each becomes "carried over" in this
    quarter and a new task in the next one points back to it (``carried_from``), so both
    quarters show it. The next period must exist and be open; the rating date defaults to the
    results cut-off (day 30 of the quarter's last month). ``within`` limits the move to those
    tasks (a unit's own, from its page); none: every task of the quarter (the command).
    Returns how many moved; running it again moves nothing more.
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
    # Neither quarter may be closed (access.freeze).
    freeze.refuse_if_frozen(period, TaskError)
    freeze.refuse_if_frozen(target, TaskError)
    moving = carryable(period, rating_date)
    if within is not None:
        moving = moving.filter(pk__in=within.values("pk"))
    moving = list(moving.select_related("lead__unit"))
    # A task not done and due after the cut-off was counted by no decision (SPEC §9), so a
    # decision of the quarter does not hold it back: its state is changed here, by an update.
    # One due earlier (a rating date before the cut-off) was counted: it stays if frozen.
    for task in moving:
        if task.due_date <= cutoff(period):
            freeze.refuse_if_frozen(task, TaskError)
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
            Task.objects.filter(pk=task.pk, state__in=OPEN_STATES).update(
                state=task.state, updated_at=timezone.now()
            )
            log_action(
                user,
                AuditAction.TASK_CARRIED_OVER,
                task,
                before={"period": period.code},
                after={"period": target.code, "task": copy.pk, "rating_date": str(rating_date)},
            )
    return len(moving)
