"""Policies: a province's rule set (SPEC §11, §15 "Policy files"): the ``Policy`` value.

The keys a policy file may use, the value sets of its choices and the frozen dataclasses a loaded
policy is made of. Reading files and ``extends`` is ``policy_loading``; checking each value and
building the ``Policy`` is ``policy_validation``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .ratings import Rating

ROLES = ("head", "deputy", "member")
QUOTA_BASES = ("good_or_better", "good_only", "all_rated")
QUOTA_ROUNDINGS = ("half_up", "down")
NOT_APPLICABLE_MODES = ("rescale", "forbid")
DOSSIER_RULES = ("none", "down_one_level", "warn", "khtnv")
#: a late dossier may also scale the total by working days late (SPEC §15 variants)
LATE_DOSSIER_RULES = (*DOSSIER_RULES, "scale")
TIE_BREAKS = (
    "total",
    "exceeded_count",
    "female",
    "ethnic_minority",
    "longer_service",
    "nearest_retirement",
)
CONDITIONS = (
    "own_tasks",
    "unit_excellent",
    "unit_good",
    "unit_satisfactory",
    "collective",
    "head_collective",
)
TASK_DIMENSIONS = ("quantity", "quality", "timeliness", "leadership")
FACTOR_DIMENSIONS = ("quality", "timeliness", "leadership")
AXIS_MAXIMA = ("fixed", "proposed")

TOP_KEYS = {
    "id",
    "title",
    "version",
    "extends",
    "province",
    "description",
    "bands",
    "points_decimals",
    "kpi_cap",
    "level_factors",
    "task_factor_max",
    "task_kpi_weights",
    "task_factor_scales",
    "late_timeliness",
    "not_applicable",
    "general_not_applicable",
    "axis_maxima",
    "quota",
    "late_dossier",
    "late_dossier_scale",
    "missing_dossier",
    "tie_break",
    "conditions",
    "explanation",
    "publish_scores",
    "deadlines",
}
QUOTA_KEYS = {"pct", "max_pct", "base", "rounding", "exclude_roles"}
EXPLANATION_KEYS = {"points_change", "rating_change"}
DEADLINE_KEYS = {"key", "label", "who", "month", "day"}
LATE_SCALE_KEYS = {"working_days", "pct"}


@dataclass(frozen=True)
class FactorChoice:
    label: str
    value: Decimal


@dataclass(frozen=True)
class Quota:
    pct: Decimal
    max_pct: Decimal
    base: str
    rounding: str
    exclude_roles: tuple[str, ...]


@dataclass(frozen=True)
class Deadline:
    """A deadline relative to the quarter: ``month`` 0 is its last month, 1 the next month."""

    key: str
    label: str
    who: str
    month: int
    day: int


@dataclass(frozen=True)
class LateStep:
    """A row of ``late_dossier_scale``: late by at least ``working_days``, ``pct`` % counts."""

    working_days: int
    pct: Decimal


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    version: int
    province: str
    description: str
    bands: dict[Rating, Decimal]
    points_decimals: int
    kpi_cap: Decimal
    level_factors: dict[int, Decimal]
    task_factor_max: Decimal
    task_kpi_weights: dict[str, Decimal]
    task_factor_scales: dict[str, tuple[FactorChoice, ...]]
    not_applicable: str
    axis_maxima: str
    quota: Quota
    late_dossier: str
    missing_dossier: str
    tie_break: tuple[str, ...]
    conditions: frozenset[str]
    explanation_points_change: Decimal
    explanation_rating_change: bool
    publish_scores: bool
    deadlines: tuple[Deadline, ...]
    #: timeliness factor of a task completed after its due date that nobody assessed yet
    late_timeliness: Decimal = Decimal("0.75")
    #: part A "not applicable": ``forbid`` (the default) or ``rescale`` (SPEC §15 variants)
    general_not_applicable: str = "forbid"
    #: rows of ``late_dossier: scale``, working days rising (SPEC §15 variants)
    late_dossier_scale: tuple[LateStep, ...] = ()
    source: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def band_for(self, total: Decimal) -> Rating:
        """SPEC §8.1: compare the rounded total with the band thresholds."""
        for rating in (Rating.EXCELLENT, Rating.GOOD, Rating.SATISFACTORY):
            if total >= self.bands[rating]:
                return rating
        return Rating.NOT_COMPLETED
