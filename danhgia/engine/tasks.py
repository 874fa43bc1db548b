"""Tasks as the rules see them: one definition of completed, late, counted and exceeding.

SPEC §7.3, §8.2, §9, §10. A task is described by ``TaskFacts`` (what the web application stores
of it: quantities, coefficient, dates, the factors once assessed, its state). From those:

- ``task_is_completed``: a completion date and a delivered quantity above 0;
- ``task_is_late(due_date, completed_on)``: completed after its due date — computed from the
  dates, never typed (SPEC §8.2, §10). ``danhgia score`` has no dates: there a delivered task
  with timeliness below 1 stands for late (``scoring.timeliness_is_late``, ``TaskKpi.late_tasks``);
- ``task_input``: the engine's ``TaskInput`` with the defaults for what nobody assessed yet;
- ``task_figures``: (total, completed, late, exceeding) of a set of tasks, for ``UnitFigures``
  and the person's own figures;
- ``task_counts``: whether a task counts in its quarter (SPEC §9; the SQL filter of the web
  application is the same rule, see ``docs/engine.md``);
- ``allowed_factor_choices``: the policy's factor choices that fit the task's dates;
- ``product_coefficient``, ``task_completion_level``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .numbers import ONE, ZERO
from .policy import FACTOR_DIMENSIONS, FactorChoice, Policy
from .rating_types import UnitFigures
from .ratings import Rating
from .special_cases import is_late
from .task_scoring import TaskInput, task_is_exceeding

#: a task's states, as the web application stores them
TASK_STATES = ("assigned", "reported", "verified", "carried_over", "cancelled")
#: the lead may still report, the assigning side may still edit or cancel
OPEN_TASK_STATES = ("assigned", "reported")
#: states whose tasks never count in the quarter
NOT_COUNTED_STATES = ("cancelled", "carried_over")
COEFFICIENT_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class TaskFacts:
    """What is known of one task. ``None`` means not reported / not assessed yet."""

    planned: Decimal
    due_date: date
    coefficient: Decimal = ONE
    delivered: Decimal | None = None
    completed_on: date | None = None
    quality: Decimal | None = None
    timeliness: Decimal | None = None
    leadership: Decimal | None = None
    state: str = "assigned"


def task_is_late(due_date: date, completed_on: date | None) -> bool:
    """Completed after its due date (SPEC §8.2, §10): from the dates, never typed.

    A task not completed is not late (it is not completed: the completion rules deal with it).
    ``special_cases.is_late`` is the same rule.
    """
    return is_late(due_date, completed_on)


def task_is_completed(task: TaskFacts) -> bool:
    """Completed: a completion date recorded and something delivered."""
    return task.completed_on is not None and (task.delivered or ZERO) > ZERO


def default_factors(policy: Policy, late: bool = False) -> dict[str, Decimal]:
    """The factors of a task nobody assessed yet (SPEC §7.3).

    Decision: "as required" (1) for quality and leadership; for timeliness 1, or the policy's
    ``late_timeliness`` when the task was completed after its due date, so that lateness
    computed from the dates lowers the score even before the assessment.
    """
    return {
        "quality": ONE,
        "timeliness": policy.late_timeliness if late else ONE,
        "leadership": ONE,
    }


def task_input(task: TaskFacts, policy: Policy) -> TaskInput:
    """The task as the engine scores it: assessed factors, else ``default_factors``; a delivered
    quantity not reported counts as 0 (nothing delivered)."""
    defaults = default_factors(policy, task_is_late(task.due_date, task.completed_on))
    return TaskInput(
        planned=task.planned,
        delivered=task.delivered if task.delivered is not None else ZERO,
        coefficient=task.coefficient,
        quality=task.quality if task.quality is not None else defaults["quality"],
        timeliness=task.timeliness if task.timeliness is not None else defaults["timeliness"],
        leadership=task.leadership if task.leadership is not None else defaults["leadership"],
    )


class TaskFigures(NamedTuple):
    """(total, completed, late, exceeding): unpacks like a tuple."""

    total: int = 0
    completed: int = 0
    late: int = 0
    exceeding: int = 0

    def unit(
        self, unit_id: str, force_majeure: bool = False, rating: Rating | None = None
    ) -> UnitFigures:
        """These figures as the ``UnitFigures`` of a unit (SPEC §8.2)."""
        return UnitFigures(
            id=unit_id,
            tasks_total=self.total,
            tasks_completed=self.completed,
            tasks_late=self.late,
            tasks_exceeding=self.exceeding,
            force_majeure=force_majeure,
            rating=rating,
        )


def task_figures(tasks: Iterable[TaskFacts], policy: Policy) -> TaskFigures:
    """(total, completed, late, exceeding) of tasks that count (SPEC §8.2).

    Late and exceeding are counted among the completed tasks: late = completed after the due
    date; exceeding = ``task_is_exceeding`` of its ``task_input``.
    """
    total = completed = late = exceeding = 0
    for task in tasks:
        total += 1
        if task_is_completed(task):
            completed += 1
            late += task_is_late(task.due_date, task.completed_on)
            exceeding += task_is_exceeding(task_input(task, policy))
    return TaskFigures(total, completed, late, exceeding)


def task_counts(task: TaskFacts, cutoff: date) -> bool:
    """Whether the task counts in its quarter (SPEC §9).

    Everything of the quarter except cancelled and carried-over tasks and tasks not completed
    whose due date is after the results cut-off (``results_cutoff``): those will be carried to
    the next quarter. In SQL: ``state NOT IN NOT_COUNTED_STATES AND NOT (completed_on IS NULL
    AND due_date > cutoff)``.
    """
    if task.state in NOT_COUNTED_STATES:
        return False
    return not (task.completed_on is None and task.due_date > cutoff)


def task_will_carry_over(task: TaskFacts, cutoff: date) -> bool:
    """Open, not completed and not due by the cut-off: it moves to the next quarter
    (Lào Cai 6.2.1)."""
    return task.state in OPEN_TASK_STATES and task.completed_on is None and task.due_date > cutoff


def factor_choices(policy: Policy, dimension: str) -> tuple[FactorChoice, ...]:
    """The policy's scale for quality, timeliness or leadership (may be empty)."""
    if dimension not in FACTOR_DIMENSIONS:
        raise ValueError(f"unknown factor dimension: {dimension}")
    return policy.task_factor_scales.get(dimension, ())


def allowed_factor_choices(
    policy: Policy,
    dimension: str,
    due_date: date,
    completed_on: date | None,
    today: date,
) -> tuple[FactorChoice, ...]:
    """The policy's choices for one factor that fit the task's dates.

    Timeliness follows the dates (never typed): a task completed after its due date, or not
    completed once its due date has passed, only gets a value below 1; one completed on time
    only 1 or above; one not completed and not yet due any. Quality and leadership: the whole
    scale. An empty tuple means the policy has no scale (any value from 0 to
    ``task_factor_max``).
    """
    choices = factor_choices(policy, dimension)
    if dimension != "timeliness":
        return choices
    if task_is_late(due_date, completed_on) or (completed_on is None and due_date < today):
        return tuple(c for c in choices if c.value < ONE)
    if completed_on is not None:
        return tuple(c for c in choices if c.value >= ONE)
    return choices


def product_coefficient(points: Decimal, standard_points: Decimal) -> Decimal:
    """Hệ số quy đổi = the product's points ÷ the standard product's, half-up to 2 decimals
    (central Phụ lục 1: 120 ÷ 100 = 1,2)."""
    if standard_points <= ZERO:
        raise ValueError("the standard product's points must be positive")
    return (points / standard_points).quantize(COEFFICIENT_PLACES, rounding=ROUND_HALF_UP)


def task_completion_level(task: TaskFacts, policy: Policy, today: date) -> Rating | None:
    """Phụ lục 7's completion level of one task, in its four levels; None while under way.

    Decision (the appendix gives the four levels but no rule): not completed once the due date
    has passed → KHTNV; completed late, short of the planned quantity or with a factor below 1 →
    HTNV; completed on time and in full → HTTNV, or HTXSNV when it is also exceeding (a factor
    above 1 or more delivered than planned, SPEC §7.3) — the same steps as the unit conditions
    of SPEC §8.2 (on time for HTTNV, exceeding for HTXSNV).
    """
    if not task_is_completed(task):
        return Rating.NOT_COMPLETED if task.due_date < today else None
    entry = task_input(task, policy)
    factors = (entry.quality, entry.timeliness, entry.leadership)
    if (
        task_is_late(task.due_date, task.completed_on)
        or entry.delivered < entry.planned
        or any(f < ONE for f in factors)
    ):
        return Rating.SATISFACTORY
    if task_is_exceeding(entry):
        return Rating.EXCELLENT
    return Rating.GOOD


#: a result above this many times its plan is asked about before it is recorded (a typo such
#: as 1000 for 1 is likelier than such over-achievement); it is never refused
IMPLAUSIBLE_RATIO = Decimal(10)


def delivery_looks_implausible(planned: Decimal | None, delivered: Decimal | None) -> bool:
    """Whether a reported quantity is far above plan: more than ``IMPLAUSIBLE_RATIO`` times it.

    Legitimate over-achievement (4 reports for 3 planned, 2 plans for 1) passes silently; the
    form asks for a confirmation and the API answers with a warning beside the saved result.
    """
    if planned is None or delivered is None or planned <= 0:
        return False
    return delivered > planned * IMPLAUSIBLE_RATIO
