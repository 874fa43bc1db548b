"""Task figures of a rating run (SPEC §8.2): per lead official, per unit, per unit subtree.

Counted in the database by the tasks app (``tasks.selectors.figures_by_lead_query``, one
aggregate query, sent ahead by the run), rolled up per unit subtree here in one pass over the
unit paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from danhgia.engine import UnitFigures
from danhgia.organisation.models import Official
from danhgia.organisation.paths import path_prefixes


class Counts(NamedTuple):
    total: int = 0
    completed: int = 0
    late: int = 0
    exceeding: int = 0


NONE = Counts()
#: a lead's row of ``task_counts`` without tasks
NO_ROW = (None, 0, 0, 0, 0)

#: past this many leads of unknown unit, every official's unit path is read (20,000 in 18 ms)
#: instead of sending their ids (a group's page in a province-wide aggregate: 19,600 ids,
#: 0.2 s to write and run)
MISSING_MAX = 1000


def task_counts(
    rows: list[tuple[int, int, int, int, int]], known: dict[int, str]
) -> tuple[dict[int, Sequence[int]], dict[str, Counts]]:
    """Task figures per lead official (their row: lead, total, completed, late, exceeding) and
    per lead's unit path, from the rows of the tasks app's aggregate
    (``tasks.selectors.figures_by_lead_query``).

    ``known``: official id → unit path of the people the run read; the units of other leads
    (people of other groups in the same units) in one query.
    """
    missing = [row[0] for row in rows if row[0] not in known]
    if missing:
        leads = Official.objects.order_by()
        if len(missing) <= MISSING_MAX:
            leads = leads.filter(pk__in=missing)
        known = {**known, **dict(leads.values_list("pk", "unit__path"))}
    # a row per lead: (lead, total, completed, late, exceeding)
    per_official: dict[int, Sequence[int]] = {row[0]: row for row in rows}
    per_unit_path: dict[str, list[int]] = {}
    for lead_id, total, completed, late, exceeding in rows:
        path = known[lead_id]
        sums = per_unit_path.get(path)
        if sums is None:
            per_unit_path[path] = [total, completed, late, exceeding]
        else:
            sums[0] += total
            sums[1] += completed
            sums[2] += late
            sums[3] += exceeding
    return per_official, {path: Counts(*sums) for path, sums in per_unit_path.items()}


def subtree_counts(per_unit_path: dict[str, Counts]) -> dict[str, Counts]:
    """Per unit path, the counts of the unit and of every unit below it (linear in the paths:
    each path adds its counts to each of its ancestors' prefixes)."""
    totals: dict[str, list[int]] = {}
    for path, counts in per_unit_path.items():
        total, completed, late, exceeding = counts
        for prefix in path_prefixes(path):
            sums = totals.get(prefix)
            if sums is None:
                totals[prefix] = [total, completed, late, exceeding]
            else:
                sums[0] += total
                sums[1] += completed
                sums[2] += late
                sums[3] += exceeding
    return {path: Counts(*sums) for path, sums in totals.items()}


def figures_of_unit(unit_id: int, path: str, subtree: dict[str, Counts]) -> UnitFigures:
    """A unit's figures: the tasks led by officials of the unit and of its subtree."""
    total = subtree.get(path, NONE)
    return UnitFigures(
        id=str(unit_id),
        tasks_total=total.total,
        tasks_completed=total.completed,
        tasks_late=total.late,
        tasks_exceeding=total.exceeding,
    )
