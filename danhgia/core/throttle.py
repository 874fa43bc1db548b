"""Login throttling in the database: it holds across processes and concurrent requests.

Two limits (SPEC §14, docs/decisions.md "Login throttling"):

- LOGIN_MAX_FAILURES failures of one username *from one address* lock that pair; nobody
  elsewhere can lock a colleague out, and the colleague's own address stays usable;
- LOGIN_MAX_FAILURES_PER_ADDRESS failures from one address, whatever the usernames, lock the
  address (guessing across many accounts).

A lock-out ends LOGIN_LOCKOUT_SECONDS after the last counted failure; attempts refused while
locked are not counted, so a lock cannot be extended forever. Each attempt is written *before*
the password is checked and only the attempts written before it count, so that parallel requests
cannot get more guesses than the limit. Rows older than twice the window are pruned.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import LoginFailure


@dataclass(frozen=True)
class Lock:
    """A refused attempt: which limit, and how many minutes until the next try is counted."""

    per_address: bool
    minutes: int


def _hash(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()


def _window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def _locked_until(rows: QuerySet, limit: int, now: datetime) -> datetime | None:
    """When a lock ends, if the newest ``limit`` failures lie within one window and are recent."""
    window = _window()
    times = list(
        rows.filter(at__gt=now - 2 * window)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)[:limit]
    )
    if len(times) < limit:
        return None
    newest, oldest = times[0], times[-1]
    if newest + window <= now or newest - oldest > window:
        return None
    return newest + window


def begin_attempt(username: str, address: str) -> LoginFailure | Lock:
    """Write the attempt as a failure, or refuse it (written nowhere) when a limit is reached."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - 2 * _window()).delete()
    attempt = LoginFailure.objects.create(
        username_hash=_hash(username), address=address[:45], at=now
    )
    earlier = LoginFailure.objects.filter(pk__lt=attempt.pk)
    checks = (
        (
            False,
            earlier.filter(username_hash=attempt.username_hash, address=attempt.address),
            settings.LOGIN_MAX_FAILURES,
        ),
        (True, earlier.filter(address=attempt.address), settings.LOGIN_MAX_FAILURES_PER_ADDRESS),
    )
    for per_address, rows, limit in checks:
        until = _locked_until(rows, limit, now)
        if until is not None:
            attempt.delete()
            minutes = max(1, math.ceil((until - now).total_seconds() / 60))
            return Lock(per_address=per_address, minutes=minutes)
    return attempt


def succeeded(attempt: LoginFailure) -> None:
    """A correct password: forget this attempt and the username's failures from this address."""
    LoginFailure.objects.filter(
        username_hash=attempt.username_hash, address=attempt.address
    ).delete()


def abandoned(attempt: LoginFailure) -> None:
    """The check could not run (an error of ours): the attempt is not a failure."""
    LoginFailure.objects.filter(pk=attempt.pk).delete()
