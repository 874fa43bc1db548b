"""A late dossier scaling the total by working days late (SPEC §15 ``late_dossier: scale``).

Under ``late_dossier: scale`` a person rated late carries ``dossier_days_late`` (working days,
counted by the caller: the web application skips weekends and the holidays an administrator
records). The total that counts is total × pct ÷ 100 of the highest row of
``late_dossier_scale`` reached, rounded as points are; bands, conditions and the quota use it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from decimal import Decimal

from .numbers import HUNDRED, decimal_text, round_half_up
from .policy import LateStep, Policy
from .reasons import Reason


def working_days_late(deadline: date, submitted_on: date, holidays: Collection[date] = ()) -> int:
    """Working days from the day after the deadline to the submission's local date, inclusive.

    Saturdays, Sundays and ``holidays`` (the days off an administrator records) do not count;
    submitted on or before the deadline: 0. A dossier due Friday and sent on Monday is 1 working
    day late; sent on Saturday, 0 (it is late, but by no working day).
    """
    if submitted_on <= deadline:
        return 0
    total_days = (submitted_on - deadline).days
    weeks, rest = divmod(total_days, 7)
    count = weeks * 5
    day = deadline + timedelta(days=weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    off = sum(1 for h in set(holidays) if deadline < h <= submitted_on and h.weekday() < 5)
    return count - off


def late_step(policy: Policy, working_days: int) -> LateStep | None:
    """The highest row of the policy's scale reached by ``working_days`` late, or None."""
    reached = None
    for step in policy.late_dossier_scale:
        if working_days >= step.working_days:
            reached = step
    return reached


def late_pct(policy: Policy, working_days: int) -> Decimal:
    """The share of the total that counts (100 when no row is reached). Never rises with days."""
    step = late_step(policy, working_days)
    return HUNDRED if step is None else step.pct


def scaled_total(total: Decimal, working_days: int, policy: Policy) -> Decimal:
    """The total that counts: total × pct ÷ 100 of the row reached, rounded as points are."""
    return round_half_up(total * late_pct(policy, working_days) / HUNDRED, policy.points_decimals)


def late_scale_reason(total: Decimal, working_days: int, policy: Policy) -> Reason | None:
    """The reason of the chain ("Hồ sơ nộp chậm 4 ngày làm việc: tính 60 % tổng điểm → 54,90
    điểm"), or None when no row is reached (the total counts in full)."""
    step = late_step(policy, working_days)
    if step is None:
        return None
    return Reason(
        "dossier_scaled",
        {
            "days": working_days,
            "pct": decimal_text(step.pct),
            "total": decimal_text(scaled_total(total, working_days, policy)),
            "places": policy.points_decimals,
        },
    )
