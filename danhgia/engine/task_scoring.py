"""Scoring a criterion from tasks: the task KPI of central Phụ lục 1–2 (SPEC §7.3).

For tasks with coefficient h, planned q, delivered a and factors c, t, l, W = Σ h·q:
A = Σ h·min(a, q) ÷ W, B, C, D = Σ h·q·factor ÷ W (an undelivered task's factors count 0), and
KPI = Σ weight × dimension. A task is exceeding when a factor is above 1 or a > q.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .numbers import ONE, ZERO
from .policy import Policy


@dataclass(frozen=True)
class TaskInput:
    """One task scored into a criterion (central Phụ lục 2): h, q, a and three factors."""

    planned: Decimal
    delivered: Decimal
    coefficient: Decimal = ONE
    quality: Decimal = ONE
    timeliness: Decimal = ONE
    leadership: Decimal = ONE


@dataclass(frozen=True)
class TaskKpi:
    """The task KPI of a criterion and its parts (SPEC §7.3).

    ``late_tasks`` counts the delivered tasks with timeliness below 1: the stand-in for
    "completed after the due date" when only factors are known (``danhgia score`` has no
    dates). With dates, late is ``tasks.task_is_late`` and the web application's timeliness of
    a late task is below 1 (``tasks.allowed_factor_choices``), so both say the same.
    """

    quantity: Decimal
    quality: Decimal
    timeliness: Decimal
    leadership: Decimal
    kpi: Decimal
    tasks: int
    exceeding_tasks: int
    late_tasks: int
    numerator: Decimal = ZERO  # KPI = numerator ÷ weight_total, kept for exact points
    weight_total: Decimal = ONE


def count_exceeding(tasks: Iterable[TaskInput]) -> int:
    """How many of the tasks are exceeding (SPEC §7.3)."""
    return sum(1 for task in tasks if task_is_exceeding(task))


def task_kpi(tasks: Sequence[TaskInput], policy: Policy) -> TaskKpi:
    """Task KPI of SPEC §7.3: weighted means of quantity, quality, timeliness, leadership.

    W = Σ h·q; A = Σ h·min(a, q) ÷ W; B, C, D = Σ h·q·factor ÷ W, where an undelivered task's
    factors are 0; KPI = Σ weight × dimension (equal weights: (A + B + C + D) ÷ 4).
    """
    if not tasks:
        raise ValueError("task_kpi needs at least one task")
    weight_total = ZERO
    quantity = quality = timeliness = leadership = ZERO
    exceeding = late = 0
    for task in tasks:
        weight = task.coefficient * task.planned
        weight_total += weight
        quantity += task.coefficient * min(task.delivered, task.planned)
        if task.delivered > ZERO:
            quality += weight * task.quality
            timeliness += weight * task.timeliness
            leadership += weight * task.leadership
        if task_is_exceeding(task):
            exceeding += 1
        if timeliness_is_late(task):
            late += 1
    sums = {
        "quantity": quantity,
        "quality": quality,
        "timeliness": timeliness,
        "leadership": leadership,
    }
    # Keep KPI = numerator ÷ W exact until the points are rounded (0.625 must round to 0.63).
    numerator = sum((policy.task_kpi_weights[k] * v for k, v in sums.items()), ZERO)
    return TaskKpi(
        quantity=quantity / weight_total,
        quality=quality / weight_total,
        timeliness=timeliness / weight_total,
        leadership=leadership / weight_total,
        kpi=numerator / weight_total,
        numerator=numerator,
        weight_total=weight_total,
        tasks=len(tasks),
        exceeding_tasks=exceeding,
        late_tasks=late,
    )


def task_is_exceeding(task: TaskInput) -> bool:
    """SPEC §7.3: any factor above 1, or more delivered than planned."""
    return task.delivered > task.planned or any(
        f > ONE for f in (task.quality, task.timeliness, task.leadership)
    )


def timeliness_is_late(task: TaskInput) -> bool:
    """A delivered task with timeliness below 1: late when the dates are not known (SPEC §7.3).

    With dates, late is ``tasks.task_is_late`` (completed after the due date).
    """
    return task.delivered > ZERO and task.timeliness < ONE
