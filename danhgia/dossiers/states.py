"""Each unit's dossier state for a period: on time, late or missing (SPEC §10), never typed.

A unit is covered by its own dossier or, without one, by the nearest ancestor's (a department's
dossier covers its divisions). The deadline is the policy's ``dossier`` deadline of the period;
the submission time counts by its local date; the engine judges (``dossier_state``). Read in a
fixed number of queries whatever the number of units (``dossier_submissions``), or from rows the
caller has read (``judge_submissions``: the rating run sends its queries together).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from danhgia.engine import dossier_state
from danhgia.organisation.models import Unit
from danhgia.organisation.paths import path_prefixes
from danhgia.periods.models import Period

from .models import Dossier


def deadline_of(period: Period) -> date | None:
    """The period's ``dossier`` deadline (none recorded: no dossier can be late)."""
    return deadline_query(period).values_list("due_date", flat=True).first()


def dossier_states(
    period: Period, unit_ids: Iterable[int], paths: Mapping[int, str] | None = None
) -> dict[int, str]:
    """On time, late or missing per unit, from data read in three queries whatever the number
    of units. ``paths``: the units' paths when the caller has them (one query less)."""
    return {pk: state for pk, (state, _at) in dossier_submissions(period, unit_ids, paths).items()}


#: past this many units, reading every submitted dossier of the period (at most one per unit)
#: costs less than sending their paths and their ancestors'
PATHS_MAX = 200


def dossier_submissions(
    period: Period, unit_ids: Iterable[int], paths: Mapping[int, str] | None = None
) -> dict[int, tuple[str, datetime | None]]:
    """Per unit: the engine's state and the covering dossier's submission time."""
    unit_ids = list(unit_ids)
    if paths is None:
        paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    dossiers = submitted_dossiers(period)
    if len(paths) <= PATHS_MAX:
        ancestor_paths = {p for path in paths.values() for p in path_prefixes(path)}
        dossiers = dossiers.filter(unit__path__in=ancestor_paths)
    return judge_submissions(unit_ids, paths, dict(dossiers), deadline_of(period))


def submitted_dossiers(period: Period) -> QuerySet[Dossier]:
    """(unit path, submission time) of the period's submitted dossiers (at most one per unit)."""
    return Dossier.objects.filter(period=period, submitted_at__isnull=False).values_list(
        "unit__path", "submitted_at"
    )


def deadline_query(period: Period) -> QuerySet[Any]:
    """The period's ``dossier`` deadline (``deadline_of``) as ``(due date,)`` rows: at most one,
    a key being set once per period."""
    return period.deadlines.filter(key="dossier").values_list("due_date")


def judge_submissions(
    unit_ids: Iterable[int],
    paths: Mapping[int, str],
    submitted: Mapping[str, datetime | None],
    deadline: date | None,
) -> dict[int, tuple[str, datetime | None]]:
    """``dossier_submissions`` from what it reads: the units' paths, the submission times by
    unit path (``submitted_dossiers``, every one of the period or those of the units and their
    ancestors) and the deadline. Each covering dossier is judged once."""
    judged: dict[str | None, tuple[str, datetime | None]] = {}  # per covering dossier's path
    zone = timezone.get_current_timezone()  # once (``localtime`` looks it up at every call)
    result = {}
    for unit_id in unit_ids:
        # the unit's own dossier, else the nearest ancestor's
        prefixes = path_prefixes(paths.get(unit_id, ""))
        covering = next((p for p in prefixes if p in submitted), None)
        found = judged.get(covering)
        if found is None:
            at = submitted.get(covering) if covering is not None else None
            on = at.astimezone(zone).date() if at is not None else None
            found = judged[covering] = (dossier_state(on, deadline), at)
        result[unit_id] = found
    return result
