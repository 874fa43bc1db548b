"""A deputy's area (SPEC §8.2): the unit conditions judged on the sub-units in their charge.

A deputy whose ``Official.area_units`` are recorded is judged on the figures of those sub-units
(each with its subtree; a sub-unit under another chosen one counts once); without any, on the
whole unit as before. The collective (the unit's leadership the deputy belongs to) stays the
unit. Recorded units outside the deputy's unit are ignored. One query, sent with the run's
others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import QuerySet

from danhgia.db_rows import Row, Statement, statement
from danhgia.engine import UnitFigures
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import LeadershipRole
from danhgia.organisation.models import Official
from danhgia.organisation.paths import topmost_paths

from .run_figures import Counts


def area_id(official_id: int) -> str:
    """The id of a deputy's area among the rating run's units."""
    return f"area-{official_id}"


def links_query(evaluations: QuerySet[Evaluation]) -> Statement | None:
    """The sub-units recorded for the deputies among ``evaluations``' officials: (official id,
    unit path) rows, to send ahead (``db_rows.sent_ahead``) and give to ``area_paths``."""
    deputies = evaluations.filter(official__leadership_role=LeadershipRole.DEPUTY)
    links = Official.area_units.through.objects.filter(
        official_id__in=deputies.values("official_id")
    )
    return statement(links.values_list("official_id", "unit__path"))


def area_paths(deputies: Iterable[tuple[int, str]], links: Iterable[Row]) -> dict[int, list[str]]:
    """Official id → the paths of the sub-units in their charge, for the deputies with one
    recorded (``deputies``: the id and unit path of each deputy read; ``links``: the rows of
    ``links_query``). A recorded unit outside the deputy's unit is ignored."""
    deputies = dict(deputies)
    paths: dict[int, list[str]] = defaultdict(list)
    for official_id, path in links:
        own = deputies.get(official_id)
        if own is not None and path.startswith(own) and path != own:
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
