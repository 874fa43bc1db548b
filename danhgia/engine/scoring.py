"""Scoring one evaluation: criterion KPIs and points, axes, parts, total, band (SPEC §7).

Points of a criterion = min(KPI, cap) × max, rounded half-up to the policy's decimals; part totals
and the total are sums of the rounded criterion points, so a printed form adds up by hand. The one
exception is an axis with not-applicable criteria, whose points are rescaled to the axis max
(SPEC §15): then the axis points are printed on the form as the axis line.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .entries import CriterionInput, check_entries
from .errors import InputError
from .framework import Criterion, Framework, Group
from .numbers import ONE, ZERO, round_half_up
from .policy import Policy
from .ratings import Rating
from .task_scoring import TaskKpi, task_kpi


@dataclass(frozen=True)
class CriterionScore:
    code: str
    max: Decimal
    points: Decimal | None  # None when not applicable
    kpi: Decimal | None = None  # None for part A, category rows and not-applicable rows
    exceeded: bool = False
    not_applicable: bool = False
    task_kpi: TaskKpi | None = None
    part: str = "B"


@dataclass(frozen=True)
class GroupScore:
    number: int
    max: Decimal | None
    points: Decimal
    rescaled: bool = False


@dataclass(frozen=True)
class ScoreResult:
    framework_id: str
    policy_id: str
    criteria: dict[str, CriterionScore]
    groups: tuple[GroupScore, ...]
    axes: tuple[GroupScore, ...]
    part_a: Decimal
    part_b: Decimal
    total: Decimal
    band: Rating
    warnings: tuple[str, ...] = field(default=())

    @property
    def exceeded_count(self) -> int:
        """Exceeded criteria plus exceeding tasks: Lào Cai 8.4's "more targets achieved".

        A criterion scored from tasks counts its exceeding tasks, any other one 1 when exceeded
        (``exceeded_count`` from stored data gives the same number).
        """
        return exceeded_count(
            (score.exceeded, score.task_kpi.exceeding_tasks if score.task_kpi else None)
            for score in self.criteria.values()
        )


def round_points(value: Decimal, policy: Policy) -> Decimal:
    """Points rounded half-up to the policy's ``points_decimals`` (SPEC §7.2, §11).

    The one rounding of points: criterion points, rescaled axes, a stage's points, the total
    a band is read on. Idempotent.
    """
    return round_half_up(value, policy.points_decimals)


def exceeded_count(criteria: Iterable[tuple[bool, int | None]]) -> int:
    """The tie-break count of Lào Cai 8.4 from stored data (SPEC §8.3).

    One ``(exceeded, exceeding_tasks)`` per criterion: ``exceeding_tasks`` is the number of
    exceeding tasks (``task_is_exceeding``, or ``count_exceeding``) when the criterion is scored
    from tasks, else ``None``; such a criterion counts its exceeding tasks, any other one 1 when
    it is exceeded. Equals ``ScoreResult.exceeded_count``. Not applicable criteria are
    ``(False, None)``.
    """
    count = 0
    for exceeded, exceeding_tasks in criteria:
        if exceeding_tasks is not None:
            count += exceeding_tasks
        elif exceeded:
            count += 1
    return count


def _target_bounds(target: Decimal | tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal]:
    if isinstance(target, tuple):
        return target
    return target, target


def score_criterion(criterion: Criterion, entry: CriterionInput, policy: Policy) -> CriterionScore:
    """Points of one criterion; the input is assumed already checked against its measure type."""
    places = policy.points_decimals
    if criterion.part == "A":
        if entry.not_applicable:
            return CriterionScore(
                criterion.code, criterion.max, None, not_applicable=True, part="A"
            )
        points = criterion.max if entry.met else ZERO
        return CriterionScore(criterion.code, criterion.max, points, part="A")
    if entry.not_applicable:
        return CriterionScore(criterion.code, criterion.max, None, not_applicable=True)

    detail: TaskKpi | None = None
    # KPI as an exact fraction (numerator ÷ denominator): points multiply before they divide, so
    # that a value of exactly .xx5 rounds half-up (5 ÷ 24 × 3 = 0.625 → 0.63, not 0.62).
    if entry.tasks:
        detail = task_kpi(entry.tasks, policy)
        numerator, denominator = detail.numerator, detail.weight_total
        kpi = detail.kpi
        exceeded = kpi > ONE
    elif criterion.measure == "category":
        points = criterion.category_points(entry.category or "")
        if points is None:  # pragma: no cover - inputs are validated first
            raise InputError(
                criterion.code,
                "unknown category",
                "unknown_category",
                {"criterion": criterion.code},
            )
        return CriterionScore(criterion.code, criterion.max, round_half_up(points, places))
    elif criterion.measure == "level":
        numerator, denominator = policy.level_factors[entry.level or 3], ONE
        kpi = numerator
        exceeded = False
    else:
        assert entry.target is not None and entry.actual is not None
        low, high = _target_bounds(entry.target)
        # a range is measured against its lower bound; a rise (negative cut) gives 0
        numerator = max(entry.actual, ZERO) if criterion.measure == "reduction" else entry.actual
        denominator = low
        kpi = numerator / denominator
        exceeded = entry.actual > high
    raw = min(numerator * criterion.max / denominator, policy.kpi_cap * criterion.max)
    points = round_half_up(raw, places)
    return CriterionScore(criterion.code, criterion.max, points, kpi, exceeded, task_kpi=detail)


def group_points(
    group: Group,
    points: Mapping[str, Decimal | None],
    not_applicable: Collection[str],
    places: int,
) -> tuple[Decimal, bool]:
    """A group's or axis's points and whether they were rescaled (SPEC §7.2, §15).

    The sum of the rounded points of its rows (rows without points count nothing); with
    not-applicable rows, Σ applicable points × axis max ÷ Σ applicable max, rounded. Reviewers'
    stage points are added up with this same function.
    """
    applicable = [c for c in group.criteria if c.code not in not_applicable]
    raw = sum((p for c in applicable if (p := points.get(c.code)) is not None), ZERO)
    if len(applicable) == len(group.criteria) or group.max is None or not applicable:
        return raw, False
    applicable_max = sum((c.max for c in applicable), ZERO)
    return round_half_up(raw * group.max / applicable_max, places), True


def _sum_group(group: Group, scores: Mapping[str, CriterionScore], policy: Policy) -> GroupScore:
    points, rescaled = group_points(
        group,
        {code: s.points for code, s in scores.items()},
        {code for code, s in scores.items() if s.not_applicable},
        policy.points_decimals,
    )
    return GroupScore(group.number, group.max, points, rescaled=rescaled)


def _sum_part_a_group(group: Group, scores: Mapping[str, CriterionScore]) -> GroupScore:
    """A part A group: the points of its met rows (not applicable rows count nothing).

    Part A is rescaled as a whole (``part_a_points``), never group by group.
    """
    points = sum(
        (s.points for c in group.criteria if (s := scores[c.code]).points is not None), ZERO
    )
    return GroupScore(group.number, group.max, points)


def part_a_points(
    framework: Framework,
    points: Mapping[str, Decimal | None],
    not_applicable: Collection[str],
    places: int,
) -> Decimal:
    """Part A: the points met; with not-applicable rows (``general_not_applicable: rescale``)
    points met × part A max ÷ applicable max, rounded as points are (SPEC §15 variants:
    26 met of 28 applicable → 26 ÷ 28 × 30 = 27,86). Reviewers' stage points use it too.
    """
    rows = framework.part_a
    applicable = [c for c in rows if c.code not in not_applicable]
    met = sum((p for c in applicable if (p := points.get(c.code)) is not None), ZERO)
    if len(applicable) == len(rows) or not applicable:
        return met
    applicable_max = sum((c.max for c in applicable), ZERO)
    return round_half_up(met * framework.part_a_max / applicable_max, places)


def score_evaluation(
    framework: Framework,
    policy: Policy,
    entries: Mapping[str, CriterionInput],
) -> ScoreResult:
    """Score one evaluation; ``entries`` holds one input per criterion code of the framework."""
    scores = {c.code: score_criterion(c, entries[c.code], policy) for c in framework.criteria}
    groups = tuple(_sum_part_a_group(g, scores) for g in framework.groups)
    axes = tuple(_sum_group(a, scores, policy) for a in framework.axes if a.criteria)
    part_a = part_a_points(
        framework,
        {code: s.points for code, s in scores.items()},
        {code for code, s in scores.items() if s.not_applicable},
        policy.points_decimals,
    )
    part_b = sum((a.points for a in axes), ZERO)
    total = part_a + part_b
    return ScoreResult(
        framework_id=framework.id,
        policy_id=policy.id,
        criteria=scores,
        groups=groups,
        axes=axes,
        part_a=part_a,
        part_b=part_b,
        total=total,
        band=policy.band_for(total),
        warnings=tuple(framework.problems),
    )


def filled_framework(framework: Framework, entries: Mapping[str, CriterionInput]) -> Framework:
    """A copy of the framework with only the criteria that have an input (a form being filled).

    In an axis or group not complete yet, rows marked not applicable are left out as well: the
    rescaling would otherwise blow the few points filled so far up to the axis maximum. A complete
    group or axis is kept as it is.
    """

    def keep(group: Group) -> Group:
        if all(c.code in entries for c in group.criteria):
            return group
        return replace(
            group,
            criteria=tuple(
                c
                for c in group.criteria
                if c.code in entries and not entries[c.code].not_applicable
            ),
        )

    return replace(
        framework,
        groups=tuple(keep(g) for g in framework.groups),
        axes=tuple(keep(a) for a in framework.axes),
    )


def score_partial(
    framework: Framework, policy: Policy, entries: Mapping[str, CriterionInput]
) -> tuple[ScoreResult, bool]:
    """Provisional scores of a form being filled in, and whether it is complete.

    The criteria without an input are left out (``filled_framework``); the inputs given are
    checked (``check_entries``, InputError) and scored. Once every criterion has an input this
    is exactly ``score_evaluation``. The band of an incomplete form is not a rating: the caller
    shows it only when complete is True.
    """
    complete = all(c.code in entries for c in framework.criteria)
    part = framework if complete else filled_framework(framework, entries)
    inputs = {c.code: entries[c.code] for c in part.criteria}
    check_entries(part, policy, inputs)
    return score_evaluation(part, policy, inputs), complete
