"""What the evaluations, the rating run and the pages read about tasks (SPEC §7.3, §8.2, §9).

They count the same tasks (``counted_tasks``): everything of the quarter except cancelled tasks,
tasks carried to the next quarter, and tasks that will be carried because they are not done and
not due by the quarter's results cut-off (SPEC §9). The figures and the engine inputs of a task
follow the engine's rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Count, F, Q, QuerySet

from danhgia.db_rows import Statement, raw_rows, statement
from danhgia.engine import (
    Policy,
    TaskFigures,
    TaskInput,
    UnitFigures,
    results_cutoff,
    task_figures,
    task_input,
)
from danhgia.organisation.models import Official, Unit
from danhgia.organisation.paths import topmost_paths
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period

from .choices import TaskState
from .models import Task
from .rules import policy_of

#: states in which the lead may still report and the assigning side may still edit or cancel
OPEN_STATES = (TaskState.ASSIGNED, TaskState.REPORTED)


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
    """One task as the engine's TaskInput, with the engine's defaults (``task_input``)."""
    return task_input(task.facts, policy)


def engine_task_inputs(tasks: Iterable[Task], policy: Policy) -> tuple[TaskInput, ...]:
    """The tasks as the engine's TaskInputs, for the task KPI of a criterion (SPEC §7.3).

    Decision, for results the assigning side has not assessed yet (the engine's
    ``default_factors``): a delivered quantity not reported counts as 0 (nothing delivered); a
    factor not set counts as 1,0 ("as required"), except the timeliness of a task completed
    after its due date, which is the policy's ``late_timeliness`` (0,75 in the shipped
    policies), so that lateness computed from the dates lowers the score even before the
    assessment.
    """
    return tuple(engine_task_input(task, policy) for task in tasks)


def collective_tasks(unit: Unit, period: Period) -> QuerySet[Task]:
    """The counted tasks of a collective: those led by people of the unit or of a unit below.

    Decision: a unit's tasks are its people's tasks, its sub-units' included, as Phụ lục 7
    reports everything the unit was given to do.
    """
    return counted_tasks(period).filter(lead__unit__path__startswith=unit.path)


def count_figures(tasks: Sequence[Task], policy: Policy) -> TaskFigures:
    """(total, completed, late, exceeding) of already counted tasks: the engine's
    ``task_figures``, read in memory."""
    return task_figures((task.facts for task in tasks), policy)


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


#: past this many subtrees, a condition per subtree costs more than reading every task
SUBTREES_MAX = 50


def tasks_under(tasks: QuerySet[Task], paths: Iterable[str]) -> QuerySet[Task]:
    """``tasks`` led by officials of the units at ``paths`` and below them.

    One ``LIKE 'path%'`` per topmost path (the unit path index, then the officials' and the
    tasks' lead indexes): a comparison group of a few communes reads their tasks only, not the
    province's. Many subtrees (a province-wide run) read every task instead.
    """
    tops = topmost_paths(paths)
    if len(tops) > SUBTREES_MAX:
        return tasks
    return tasks.filter(
        lead__unit__in=Unit.objects.filter(
            reduce(or_, (Q(path__startswith=p) for p in tops), Q(pk__in=[]))
        )
    )


def figures_by_lead(
    period: Period, policy: Policy, under: Iterable[str] | None = None
) -> list[tuple[int, int, int, int, int]]:
    """(lead id, total, completed, late, exceeding) of the counted tasks, counted in the
    database: the last four are ``TaskFigures``, as plain tuples (a province has 20,000 leads).
    The query is ``figures_by_lead_query``."""
    return raw_rows(figures_by_lead_query(period, policy, under))


def figures_by_lead_query(
    period: Period, policy: Policy, under: Iterable[str] | None = None
) -> Statement | None:
    """The query of ``figures_by_lead`` (``None``: nothing to count), to send ahead
    (``db_rows.rows_ahead``).

    One aggregate query, whatever the number of tasks: the SQL form of ``count_figures``
    (``task_figures`` of the engine) — completed = a completion date and something delivered;
    late = completed after the due date; exceeding = completed and more delivered than planned
    or an assessed factor above 1 (a timeliness not assessed is the policy's ``late_timeliness``
    for a late task, else 1). ``under``: only the tasks of these units' subtrees
    (``tasks_under``). Grouped by lead alone (no join before grouping: a province's tasks are
    aggregated in half the time), its rows read with a plain cursor (``raw_rows``: the ORM would
    convert every count with ``int()``, a quarter of the time at province size).
    """
    completed = Q(completed_on__isnull=False, delivered_quantity__gt=0)
    late = Q(completed_on__gt=F("due_date"))
    exceeding = (
        Q(delivered_quantity__gt=F("planned_quantity"))
        | Q(quality__gt=1)
        | Q(timeliness__gt=1)
        | Q(leadership__gt=1)
    )
    if policy.late_timeliness > 1:
        exceeding |= Q(timeliness__isnull=True) & late
    tasks = counted_tasks(period)
    if under is not None:
        tasks = tasks_under(tasks, under)
    rows = (
        tasks.values_list("lead_id")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=completed),
            late=Count("pk", filter=completed & late),
            exceeding=Count("pk", filter=completed & exceeding),
        )
        .order_by()
    )
    return statement(rows)  # None without a unit ``under``


def open_periods() -> QuerySet[Period]:
    """Open periods, newest first: the quarters tasks can be assigned in."""
    return Period.objects.filter(state=PeriodState.OPEN).order_by("-year", "-quarter")


def open_tasks_under(period: Period, paths: Iterable[str]) -> dict[str, int]:
    """For each unit path, the counted tasks of that unit and the units below it still waiting
    for their results to be confirmed (assigned or reported). One query, whatever the paths.

    A decision rests on exactly these tasks (the unit conditions of SPEC §8.2 count a unit's
    subtree), so a person is decided only once none is left (``decisions.services.decide``).
    """
    wanted = set(paths)
    if not wanted:
        return {}
    by_prefix: Counter[str] = Counter()
    for path, count in (
        tasks_under(counted_tasks(period), wanted)
        .filter(state__in=OPEN_STATES)
        .values_list("lead__unit__path")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        parts = path.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            by_prefix["/" + "/".join(parts[:depth]) + "/"] += count
    return {path: by_prefix[path] for path in wanted}
