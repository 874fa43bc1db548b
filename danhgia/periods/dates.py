"""Dates of a quarter's deadlines (pure date arithmetic, no database)."""

from __future__ import annotations

import calendar
from datetime import date


def quarter_last_month(quarter: int) -> int:
    return quarter * 3


def deadline_date(year: int, quarter: int, month: int, day: int) -> date:
    """The date of a policy deadline given relative to the quarter.

    ``month`` 0 is the quarter's last month, 1 the next month, -1 the one before; ``day`` is
    clamped to the month's length, so "day 30" in February is its last day.
    """
    index = year * 12 + quarter_last_month(quarter) - 1 + month
    target_year, target_month = divmod(index, 12)
    target_month += 1
    last_day = calendar.monthrange(target_year, target_month)[1]
    return date(target_year, target_month, min(day, last_day))


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of the quarter."""
    first = date(year, quarter_last_month(quarter) - 2, 1)
    return first, deadline_date(year, quarter, 0, 31)
