"""The home page's data (login throttling: ``throttle``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.urls import reverse
from django.utils import timezone

from danhgia import access
from danhgia.access import Scope
from danhgia.decisions.own_results import OwnResults, own_results
from danhgia.evaluations.overview import OwnCard, UnitTable, leader_tables, own_card
from danhgia.organisation.models import Official
from danhgia.periods.models import Period
from danhgia.periods.services import CalendarRow, DueItem, calendar_rows, current_period, due_items

from .counts import waiting_items


@dataclass(frozen=True)
class HomePage:
    official: Official | None
    scopes: list[Scope]
    period: Period | None
    calendar: list[CalendarRow]
    due: list[DueItem]
    today: date
    own_card: OwnCard | None = None
    leader_tables: list[UnitTable] = field(default_factory=list)
    own_results: OwnResults | None = None


def duties_due(user, calendar: list[CalendarRow]) -> list[DueItem]:
    """What is due from the user under the roles they hold (the reminders' "who owes what")."""
    return due_items(access.scopes(user), calendar)


def home_page(user, today: date | None = None) -> HomePage:
    """Who the user is, the current quarter's calendar and what is due from them."""
    today = today or timezone.localdate()
    scopes = access.scopes(user)
    period = current_period()
    calendar = calendar_rows(period, today) if period else []
    card = own_card(user, period)
    due = due_items(scopes, calendar) if period else []
    if card is not None and card.evaluation is not None and not card.editable:
        # Submitted or deferred: the self-assessment no longer waits for the official.
        due = [item for item in due if item.duty != "self_assessment"]
    elif card is not None and card.evaluation is not None:
        # rough edge #21: the item leads to the form it is about
        page = reverse("evaluations:self_assessment", args=[card.evaluation.pk])
        due = [replace(item, url=page) if item.duty == "self_assessment" else item for item in due]
    if due:
        waiting = waiting_items(user, period, {item.duty for item in due})
        due = [
            replace(item, waiting=tuple(w for w in waiting if w.duty == item.duty)) for item in due
        ]
    official = access.own_official(user)
    results = own_results(user, official, period) if official else None
    if card is not None and card.evaluation is not None and results is not None:
        # D9: once published, the card says the rating decided, not only the self-assessed total
        decided = next(
            (r.decision for r in results.published if r.evaluation.pk == card.evaluation.pk), None
        )
        if decided is not None:
            card = replace(card, decided_total=decided.total, decided_rating=decided.rating)
    return HomePage(
        official=official,
        scopes=scopes,
        period=period,
        calendar=calendar,
        due=due,
        today=today,
        own_card=card,
        leader_tables=leader_tables(user, period),
        own_results=results,
    )
