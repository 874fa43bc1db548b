"""A deputy's area (SPEC §8.2): the unit conditions judged on the sub-units in their charge.

A deputy whose ``Official.area_units`` are recorded is judged on the figures of those sub-units
(each with its subtree; a sub-unit under another chosen one counts once); without any, on the
whole unit as before. The collective (the unit's leadership the deputy belongs to) stays the
unit. Recorded units outside the deputy's unit are ignored. One query, only when the run has
deputies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from danhgia.engine import UnitFigures
from danhgia.organisation.models import Official
from danhgia.organisation.paths import topmost_paths

from .run_figures import Counts


def area_id(official_id: int) -> str:
    """The id of a deputy's area among the rating run's units."""
    return f"area-{official_id}"


def area_paths(deputies: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    """Official id → the paths of the sub-units in their charge, for the deputies with one
    recorded (``deputies``: the id and unit path of each deputy read)."""
    deputies = dict(deputies)
    if not deputies:
        return {}
    links = Official.area_units.through.objects.filter(official_id__in=list(deputies))
    paths: dict[int, list[str]] = defaultdict(list)
    for official_id, path in links.values_list("official_id", "unit__path"):
        own = deputies[official_id]
        if path.startswith(own) and path != own:
            paths[official_id].append(path)
    return dict(paths)


def area_figures(
    paths: Mapping[int, list[str]], subtree: Mapping[str, Counts]
) -> dict[int, UnitFigures]:
    """Official id → the figures of the area in their charge (``paths``: ``area_paths``), each
    chosen sub-unit with its subtree, once."""
    areas = {}
    for official_id, chosen in paths.items():
        total = completed = late = exceeding = 0
        for path in topmost_paths(chosen):
            counts = subtree.get(path)
            if counts is not None:
                total += counts.total
                completed += counts.completed
                late += counts.late
                exceeding += counts.exceeding
        areas[official_id] = UnitFigures(
            id=area_id(official_id),
            tasks_total=total,
            tasks_completed=completed,
            tasks_late=late,
            tasks_exceeding=exceeding,
        )
    return areas
