"""Working days late of the units' dossiers (SPEC §15 ``late_dossier: scale``).

From the covering dossier's submission time (its local date) and the period's ``dossier``
deadline, skipping Saturdays, Sundays and the holidays an administrator records
(``periods.Holiday``); the counting is the engine's ``working_days_late``. One query more than
``dossier_states`` whatever the number of units; ``lateness_of`` counts from rows read already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet, Subquery
from django.utils import timezone

from danhgia.engine import working_days_late
from danhgia.periods.models import Holiday, Period

from .choices import DossierState
from .states import deadline_of, deadline_query, dossier_submissions


def holidays_between(after: date, until: date) -> set[date]:
    """The recorded days off after ``after`` up to ``until`` (inclusive)."""
    return set(Holiday.objects.filter(day__gt=after, day__lte=until).values_list("day", flat=True))


def holidays_after_deadline(period: Period) -> QuerySet[Any]:
    """The recorded days off after the period's ``dossier`` deadline (none without one), as
    ``(day,)`` rows: for a caller that reads its queries together (the rating run)."""
    return Holiday.objects.filter(day__gt=Subquery(deadline_query(period)[:1])).values_list("day")


def dossier_lateness(
    period: Period, unit_ids: Iterable[int], paths: Mapping[int, str] | None = None
) -> dict[int, tuple[str, int | None]]:
    """Per unit: the engine's state (on time, late, missing) and, when late, working days late
    (``paths``: the units' paths when the caller has them, as for ``dossier_states``)."""
    deadline = deadline_of(period)
    submissions = dossier_submissions(period, unit_ids, paths)
    return lateness_of(submissions, deadline, lambda until: holidays_between(deadline, until))


def lateness_of(
    submissions: Mapping[int, tuple[str, datetime | None]],
    deadline: date | None,
    holidays_until: Callable[[date], Iterable[date]],
) -> dict[int, tuple[str, int | None]]:
    """``dossier_lateness`` from the units' submissions (``states.dossier_submissions`` or
    ``judge_submissions``), the deadline and the days off after it up to a given day."""
    zone = timezone.get_current_timezone()
    late_on = {
        unit_id: at.astimezone(zone).date()
        for unit_id, (state, at) in submissions.items()
        if state == DossierState.LATE and at is not None
    }
    holidays = (
        set(holidays_until(max(late_on.values()))) if late_on and deadline is not None else set()
    )
    result: dict[int, tuple[str, int | None]] = {}
    for unit_id, (state, _at) in submissions.items():
        on = late_on.get(unit_id)
        days = working_days_late(deadline, on, holidays) if on and deadline else None
        result[unit_id] = (state, days)
    return result
