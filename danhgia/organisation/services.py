"""Reading the unit tree and the people in it for display."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .choices import Gender
from .models import Unit
from .paths import path_prefixes

# Retirement age by the roadmap of the 2019 Labour Code (Decree 135/2020/NĐ-CP, Art. 4):
# (age in months in 2021, months added per year, final age in months).
_RETIREMENT_ROADMAP = {
    Gender.MALE: (60 * 12 + 3, 3, 62 * 12),
    Gender.FEMALE: (55 * 12 + 4, 4, 60 * 12),
}


@dataclass
class TreeNode:
    unit: Unit
    children: list[TreeNode] = field(default_factory=list)


def unit_tree(units: Iterable[Unit]) -> list[tuple[Unit, int]]:
    """The given units depth-first, each with its depth among them (siblings by order, name).

    A unit whose parent is not among ``units`` (outside the user's scope) starts a new root, so
    a scoped list never shows, or needs, the units above it.
    """
    nodes = {u.path: TreeNode(u) for u in units}
    roots: list[TreeNode] = []
    for path, node in nodes.items():
        parent = _nearest_ancestor(path, nodes)
        (parent.children if parent else roots).append(node)

    result: list[tuple[Unit, int]] = []

    def walk(siblings: list[TreeNode], depth: int) -> None:
        for node in sorted(siblings, key=lambda n: (n.unit.order, n.unit.name)):
            result.append((node.unit, depth))
            walk(node.children, depth + 1)

    walk(roots, 0)
    return result


def _nearest_ancestor(path: str, nodes: dict[str, TreeNode]) -> TreeNode | None:
    return next((nodes[p] for p in path_prefixes(path)[1:] if p in nodes), None)


def expected_retirement_date(date_of_birth: date, gender: Gender | str) -> date:
    """The first day of the month after the person reaches the retirement age.

    The age depends on the year it is reached: men 60 years 3 months in 2021, +3 months a year
    up to 62; women 55 years 4 months in 2021, +4 months a year up to 60.
    """
    start, step, final = _RETIREMENT_ROADMAP[Gender(gender)]
    year = 2021
    while True:
        months = min(start + step * (year - 2021), final)
        reached = _add_months(date_of_birth, months)
        if reached.year <= year or months == final:
            return _add_months(date(reached.year, reached.month, 1), 1)
        year += 1


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the length of the target month."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
