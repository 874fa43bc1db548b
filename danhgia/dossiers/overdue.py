"""The units whose dossier is missing or late once the deadline has passed (SPEC §10; D4).

Which units owe a dossier: those of the user's scope (as appraiser or authority) with at
least one official rated every quarter. Each unit's state is judged by the engine
(``dossier_state``, through ``states.dossier_submissions``): a unit is covered by its own
dossier or by its nearest ancestor's. The list is built in a fixed number of queries whatever
the number of units: the candidate units, the period's submitted dossiers, then the page's
units with their heads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef

from danhgia import access
from danhgia.organisation.choices import LeadershipRole
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period

from .choices import DossierState
from .states import deadline_of, dossier_submissions

OVERDUE = (DossierState.MISSING, DossierState.LATE)


@dataclass
class OverdueUnit:
    unit: Unit
    state: str
    submitted_at: datetime | None
    heads: list[Official]

    @property
    def state_label(self) -> str:
        return str(DossierState(self.state).label)


def overdue_unit_ids(user, period: Period, today: date) -> tuple[date | None, list[int], dict]:
    """(the deadline, the ids of the overdue units in tree order, their states and times).

    Before the deadline (or without one) nothing is overdue.
    """
    deadline = deadline_of(period)
    if deadline is None or today <= deadline:
        return deadline, [], {}
    rated = Official.objects.filter(unit=OuterRef("pk"), rated_quarterly=True)
    ids = list(
        access.followed_dossier_units(user)
        .filter(Exists(rated))
        .order_by("path")
        .values_list("pk", flat=True)
    )
    states = dossier_submissions(period, ids)
    overdue = [pk for pk in ids if states[pk][0] in OVERDUE]
    return deadline, overdue, {pk: states[pk] for pk in overdue}


def overdue_rows(unit_ids: list[int], states: dict) -> list[OverdueUnit]:
    """The rows of one page of overdue units, with each unit's head (two queries)."""
    units = Unit.objects.in_bulk(unit_ids)
    heads: dict[int, list[Official]] = {pk: [] for pk in unit_ids}
    for head in Official.objects.filter(
        unit__in=unit_ids, leadership_role=LeadershipRole.HEAD
    ).order_by("full_name", "pk"):
        heads[head.unit_id].append(head)
    return [
        OverdueUnit(units[pk], states[pk][0], states[pk][1], heads[pk])
        for pk in unit_ids
        if pk in units
    ]
