"""Login throttling and the home page's data."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from danhgia import access
from danhgia.access import Scope
from danhgia.evaluations.overview import OwnCard, UnitTable, leader_tables, own_card
from danhgia.organisation.models import Official
from danhgia.periods.models import Period
from danhgia.periods.services import CalendarRow, DueItem, calendar_rows, current_period, due_items

from .counts import waiting_items


def _throttle_key(username: str, address: str) -> str:
    raw = f"{username.strip().lower()}|{address}".encode()
    return "login-failures:" + hashlib.sha256(raw).hexdigest()


def login_locked(username: str, address: str) -> bool:
    """Whether this username, from this address, has failed too often (SPEC §14)."""
    return cache.get(_throttle_key(username, address), 0) >= settings.LOGIN_MAX_FAILURES


def record_login_failure(username: str, address: str) -> None:
    """Count one failure; the count (and so the lock) expires LOGIN_LOCKOUT_SECONDS later."""
    key = _throttle_key(username, address)
    cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    else:
        cache.touch(key, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def reset_login_failures(username: str, address: str) -> None:
    cache.delete(_throttle_key(username, address))


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
    if due:
        waiting = waiting_items(user, period, {item.duty for item in due})
        due = [
            replace(item, waiting=tuple(w for w in waiting if w.duty == item.duty)) for item in due
        ]
    return HomePage(
        official=access.own_official(user),
        scopes=scopes,
        period=period,
        calendar=calendar,
        due=due,
        today=today,
        own_card=card,
        leader_tables=leader_tables(user, period),
    )
