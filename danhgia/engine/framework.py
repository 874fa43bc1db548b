"""Scoring frameworks (khung chấm điểm): the criteria tree (SPEC §7, §12).

A framework is a versioned data file (see ``docs/framework-format.md``), read by
``framework_loading``; this module holds what it becomes: ``Framework`` with its part A groups and
part B axes of ``Criterion`` rows, and their maxima. What is wrong with its numbers is
``framework_validation.validate_framework``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from .numbers import ZERO
from .problems import Problem

MEASURES = ("ratio", "reduction", "category", "level", "tasks")
#: measure types whose criterion may instead be scored from the person's tasks (SPEC §7.2)
TASK_SCORABLE = ("ratio", "level", "tasks")
STATUSES = ("valid", "draft", "invalid")
PART_A_TOTAL = Decimal(30)
PART_B_TOTAL = Decimal(70)


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    max: Decimal
    measure: str
    part: str  # "A" or "B"
    group: int  # part A group or part B axis number
    target_hint: str = ""
    target: Decimal | tuple[Decimal, Decimal] | None = None
    note: str = ""
    categories: tuple[tuple[str, Decimal], ...] = ()
    items: tuple[str, ...] = ()

    @property
    def accepts_tasks(self) -> bool:
        return self.measure in TASK_SCORABLE

    def category_points(self, label: str) -> Decimal | None:
        """Points of a category label; compared in Unicode NFC so that typed labels match."""
        wanted = unicodedata.normalize("NFC", label).strip()
        for name, points in self.categories:
            if unicodedata.normalize("NFC", name) == wanted:
                return points
        return None


@dataclass(frozen=True)
class Group:
    """A part A group (1, 2, 3) or a part B axis, with its criteria."""

    number: int
    title: str
    max: Decimal | None
    criteria: tuple[Criterion, ...]
    items: tuple[str, ...] = ()

    @property
    def rows_total(self) -> Decimal:
        return sum((c.max for c in self.criteria), ZERO)


@dataclass(frozen=True)
class Framework:
    id: str
    version: int
    title: str
    appendix: str
    source: str
    form_title: str
    applies_to: str
    policy: str
    declared_status: str
    missing: tuple[str, ...]
    general_id: str
    general_title: str
    groups: tuple[Group, ...]
    axes: tuple[Group, ...]
    #: what is wrong with the numbers (and a draft's own list): ``Problem`` values, which are
    #: the English sentences as ``str`` with a ``code`` and ``params`` (``problems.py``)
    problems: tuple[Problem, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def status(self) -> str:
        if self.declared_status == "draft":
            return "draft"
        return "invalid" if self.problems else "valid"

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self.part_a + self.part_b

    @property
    def part_a(self) -> tuple[Criterion, ...]:
        return tuple(c for g in self.groups for c in g.criteria)

    @property
    def part_b(self) -> tuple[Criterion, ...]:
        return tuple(c for a in self.axes for c in a.criteria)

    def criterion(self, code: str) -> Criterion | None:
        return self._index.get(code)

    @cached_property
    def _index(self) -> dict[str, Criterion]:
        return {c.code: c for c in self.criteria}

    def axis(self, number: int) -> Group | None:
        for axis in self.axes:
            if axis.number == number:
                return axis
        return None

    @property
    def part_a_max(self) -> Decimal:
        """Part A's maximum: its groups' maxima (a group without one: its rows). 30 when valid."""
        return sum((_declared_max(g) for g in self.groups), ZERO)

    @property
    def part_b_max(self) -> Decimal:
        """Part B's maximum: the axes' maxima (an axis without one: its rows). 70 when valid."""
        return sum((_declared_max(a) for a in self.axes), ZERO)

    @property
    def total_max(self) -> Decimal:
        return self.part_a_max + self.part_b_max

    @property
    def axis_maxima(self) -> dict[int, Decimal]:
        """Axis number → its maximum (an axis without one: the sum of its rows), in order."""
        return {axis.number: _declared_max(axis) for axis in self.axes}

    @property
    def group_maxima(self) -> dict[int, Decimal]:
        """Part A group number → its maximum (a group without one: the sum of its rows)."""
        return {group.number: _declared_max(group) for group in self.groups}


def _declared_max(group: Group) -> Decimal:
    return group.max if group.max is not None else group.rows_total
