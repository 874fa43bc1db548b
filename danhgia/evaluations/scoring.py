"""From criterion rows (stored or just posted) to the engine's inputs and its numbers.

One helper for every caller: the recalculation while the official types, saving a draft,
submitting, amending a target and the tests all go through ``score_rows``, so the numbers on the
screen, in the database and from ``danhgia score`` are the same (SPEC §7, §15). The arithmetic
is the engine's; this module only chooses the inputs.

A form being filled in is scored too: the criteria not filled yet are left out of a copy of the
framework (and an axis not complete yet is summed without rescaling), so that the points of what
is filled and provisional totals show as the official types. Only a complete evaluation has a
band.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.utils.translation import gettext as _

from danhgia.engine import (
    Criterion,
    CriterionInput,
    CriterionScore,
    Framework,
    GroupScore,
    InputError,
    Policy,
    Rating,
    ScoreResult,
    TaskInput,
    render_error_vi,
    round_kpi,
    round_points,
    scaled_framework,
    score_partial,
)
from danhgia.tasks.models import Task
from danhgia.tasks.rules import framework_of, policy_of
from danhgia.tasks.selectors import counted_tasks, engine_task_inputs

from .models import CriterionEntry, Evaluation

#: the largest KPI the database keeps (decimal(10, 4)); points use min(KPI, cap) anyway
KPI_STORED_MAX = Decimal("999999.9999")
#: the database keeps points with 2 decimals (a policy may round to fewer)
POINTS_PLACES = Decimal("0.01")


class RowValues(Protocol):
    """What the official entered for one criterion: a CriterionEntry, stored or not yet."""

    code: str
    met: bool | None
    target_low: Decimal | None
    target_high: Decimal | None
    actual: Decimal | None
    category: str
    level: int | None
    not_applicable: bool
    use_tasks: bool


@dataclass(frozen=True)
class Rules:
    framework: Framework
    policy: Policy


def rules_for(evaluation: Evaluation) -> Rules:
    """The engine's framework (the evaluation's version) and policy (the period's).

    Under ``axis_maxima: proposed`` the framework is scaled to the axis maxima the official
    proposed (``proposed_maxima``): every page, score and stage of the evaluation uses them.
    """
    framework = framework_of(evaluation.framework_version)
    policy = policy_of(evaluation.period)
    maxima = proposed_maxima(evaluation, framework, policy)
    if maxima:
        framework = scaled_framework(framework, maxima)
    return Rules(framework, policy)


def proposed_maxima(
    evaluation: Evaluation, framework: Framework, policy: Policy
) -> dict[int, Decimal]:
    """The stored proposal of axis maxima when the policy uses them and it is complete."""
    if policy.axis_maxima != "proposed" or not evaluation.axis_maxima:
        return {}
    try:
        maxima = {int(k): Decimal(str(v)) for k, v in evaluation.axis_maxima.items()}
    except (TypeError, ValueError, ArithmeticError):
        return {}
    return maxima if set(maxima) == set(framework.axis_maxima) else {}


def target_of(row: RowValues) -> Decimal | tuple[Decimal, Decimal] | None:
    """A single target, or a range ``(low, high)`` measured against its lower bound."""
    if row.target_low is None:
        return None
    if row.target_high is not None and row.target_high != row.target_low:
        return (row.target_low, row.target_high)
    return row.target_low


def scored_from_tasks(criterion: Criterion, row: RowValues) -> bool:
    """A `tasks` criterion always is; a `ratio` or `level` one when the official chose so."""
    return criterion.measure == "tasks" or (criterion.accepts_tasks and row.use_tasks)


def criterion_input(
    criterion: Criterion, row: RowValues, tasks: Sequence[TaskInput]
) -> CriterionInput | str:
    """The engine input of one row, or why it cannot be scored yet (in Vietnamese)."""
    if criterion.part == "A":
        if row.not_applicable:
            return CriterionInput(not_applicable=True)  # the engine refuses it under forbid
        if row.met is None:
            return _("chưa chọn “Đảm bảo” hoặc “Không đảm bảo”")
        return CriterionInput(met=row.met)
    if row.not_applicable:
        return CriterionInput(not_applicable=True)
    if scored_from_tasks(criterion, row):
        if not tasks:
            return _("chưa có nhiệm vụ nào được giao cho tiêu chí này trong quý")
        return CriterionInput(tasks=tuple(tasks))
    if criterion.measure == "category":
        if not row.category:
            return _("chưa chọn mức xếp loại")
        return CriterionInput(category=row.category)
    if criterion.measure == "level":
        if row.level is None:
            return _("chưa chọn mức độ đáp ứng")
        return CriterionInput(level=row.level)
    target = target_of(row)
    if target is None:
        return _("chưa có mục tiêu được duyệt")
    if row.actual is None:
        return _("chưa nhập kết quả thực tế")
    return CriterionInput(target=target, actual=row.actual)


@dataclass(frozen=True)
class Missing:
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"


@dataclass(frozen=True)
class Scoring:
    """The engine's result for the rows filled, and what is still missing."""

    result: ScoreResult | None
    missing: tuple[Missing, ...] = ()
    problem: str = ""  # the engine refused the inputs (Vietnamese, names the criterion)
    policy: Policy | None = None  # whose precision the stored points follow

    @property
    def complete(self) -> bool:
        return self.result is not None and not self.missing and not self.problem

    def criterion(self, code: str) -> CriterionScore | None:
        if self.result is None:
            return None
        return self.result.criteria.get(code)

    def axis(self, number: int) -> GroupScore | None:
        return _group(self.result.axes if self.result else (), number)

    def group(self, number: int) -> GroupScore | None:
        return _group(self.result.groups if self.result else (), number)

    @property
    def part_a(self) -> Decimal | None:
        return self.result.part_a if self.result else None

    @property
    def part_b(self) -> Decimal | None:
        return self.result.part_b if self.result else None

    @property
    def total(self) -> Decimal | None:
        return self.result.total if self.result else None

    @property
    def band(self) -> Rating | None:
        return self.result.band if self.complete else None


def _group(groups: Iterable[GroupScore], number: int) -> GroupScore | None:
    return next((g for g in groups if g.number == number), None)


def score_rows(
    rules: Rules,
    rows: Mapping[str, RowValues],
    tasks: Mapping[str, Sequence[TaskInput]] | None = None,
) -> Scoring:
    """Score the rows with the engine: exactly ``score_evaluation`` once every row is filled.

    ``tasks`` maps a criterion code to the engine inputs of the tasks linked to it.
    """
    tasks = tasks or {}
    framework, policy = rules.framework, rules.policy
    inputs: dict[str, CriterionInput] = {}
    missing: list[Missing] = []
    for criterion in framework.criteria:
        row = rows.get(criterion.code)
        if row is None:
            missing.append(Missing(criterion.code, _("thiếu dòng tiêu chí")))
            continue
        value = criterion_input(criterion, row, tasks.get(criterion.code, ()))
        if isinstance(value, str):
            missing.append(Missing(criterion.code, value))
        else:
            inputs[criterion.code] = value
    try:
        result, _complete = score_partial(framework, policy, inputs)
    except InputError as exc:
        return Scoring(None, tuple(missing), render_error_vi(exc), policy)
    return Scoring(result, tuple(missing), policy=policy)


# --- Tasks ---------------------------------------------------------------------------------


def linked_tasks(evaluation: Evaluation) -> dict[str, list[Task]]:
    """Criterion code → the official's tasks linked to it that count in the quarter.

    ``tasks.selectors.tasks_for_criterion`` for every criterion at once: one query whatever the
    number of criteria.
    """
    tasks: dict[str, list[Task]] = defaultdict(list)
    queryset = (
        counted_tasks(evaluation.period)
        .filter(lead_id=evaluation.official_id)
        .exclude(criterion_code="")
        .order_by("due_date", "id")
    )
    for task in queryset:
        tasks[task.criterion_code].append(task)
    return dict(tasks)


def task_inputs(tasks: Mapping[str, Sequence[Task]], policy: Policy) -> dict[str, tuple]:
    return {code: engine_task_inputs(items, policy) for code, items in tasks.items()}


# --- Storing the engine's numbers ----------------------------------------------------------

#: what ``store_scores`` writes on each row and on the evaluation
ENTRY_SCORE_FIELDS = ("kpi", "points", "exceeded")
EVALUATION_SCORE_FIELDS = (
    "self_part_a",
    "self_part_b",
    "self_total",
    "self_band",
    "exceeded_count",
)


def store_scores(
    evaluation: Evaluation, entries: Iterable[CriterionEntry], scoring: Scoring
) -> list[CriterionEntry]:
    """Copy the engine's numbers onto the rows and the evaluation (not saved here).

    Totals and band are kept only for a complete evaluation: a partial total is not a score.
    Returns the rows whose numbers changed.
    """
    changed = []
    for entry in entries:
        score = scoring.criterion(entry.code)
        points = kpi = None
        exceeded = False
        if score is not None:
            points = None if score.points is None else stored_points(score.points, scoring.policy)
            kpi = None if score.kpi is None else min(round_kpi(score.kpi), KPI_STORED_MAX)
            exceeded = score.exceeded
        if (entry.points, entry.kpi, entry.exceeded) != (points, kpi, exceeded):
            entry.points, entry.kpi, entry.exceeded = points, kpi, exceeded
            changed.append(entry)
    if scoring.complete:
        evaluation.self_part_a = stored_points(scoring.part_a, scoring.policy)
        evaluation.self_part_b = stored_points(scoring.part_b, scoring.policy)
        evaluation.self_total = stored_points(scoring.total, scoring.policy)
        evaluation.self_band = scoring.band.value
        evaluation.exceeded_count = scoring.result.exceeded_count
    else:
        evaluation.self_part_a = evaluation.self_part_b = evaluation.self_total = None
        evaluation.self_band = ""
        evaluation.exceeded_count = 0
    return changed


def stored_points(value: Decimal, policy: Policy) -> Decimal:
    """Points as the policy rounds them (``round_points``), in the database's 2 decimals.

    A period refuses a policy with more than 2 decimals (``periods.models.Period``).
    """
    return round_points(value, policy).quantize(POINTS_PLACES)


# --- One evaluation's rows ------------------------------------------------------------------


def entries_of(evaluation: Evaluation) -> dict[str, CriterionEntry]:
    """The evaluation's rows by criterion code, in the order they were created.

    Ordered by id only: the model's default ordering starts with the evaluation, which Django
    expands into the evaluation's own ordering (its quarter and its official's name), joining
    three tables to sort the rows of one evaluation."""
    return {e.code: e for e in evaluation.entries.order_by("id")}


def score_evaluation_rows(evaluation: Evaluation, entries: Mapping[str, CriterionEntry]) -> Scoring:
    rules = rules_for(evaluation)
    tasks = task_inputs(linked_tasks(evaluation), rules.policy)
    return score_rows(rules, entries, tasks)


def store_evaluation_scores(
    evaluation: Evaluation, entries: Mapping[str, CriterionEntry], scoring: Scoring
) -> None:
    store_scores(evaluation, entries.values(), scoring)
    CriterionEntry.objects.bulk_update(list(entries.values()), ENTRY_SCORE_FIELDS)
