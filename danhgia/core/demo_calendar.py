"""The demo's dates, relative to the day it is seeded (``seed_demo --today``).

The demo tells one story: the quarter containing today is open and the two quarters before it
are decided and published. Its dates were written for Q3/2026 (``STORY``); ``moved`` carries a
date of that story into the quarter being built, month for month and day for day (a day past
the month's end becomes its last day), so "30/09" is the last month's 30th in every quarter.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from danhgia.engine import quarter_bounds

#: the quarter the demo's dates are written in
STORY = (2026, 3)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_before(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def move_date(day: date, year: int, quarter: int) -> date:
    """``day`` of the story quarter carried into ``year``/``quarter`` (months kept)."""
    months = (day.year * 12 + day.month) - (STORY[0] * 12 + STORY[1] * 3 - 2)
    index = year * 12 + quarter * 3 - 3 + months
    target_year, target_month = divmod(index, 12)
    last = calendar.monthrange(target_year, target_month + 1)[1]
    return date(target_year, target_month + 1, min(day.day, last))


@dataclass(frozen=True)
class DemoCalendar:
    """Today, the open quarter and the two published ones before it (oldest first)."""

    today: date

    @property
    def open_quarter(self) -> tuple[int, int]:
        return quarter_of(self.today)

    @property
    def past_quarters(self) -> list[tuple[int, int]]:
        last = quarter_before(*self.open_quarter)
        return [quarter_before(*last), last]

    @property
    def first_day(self) -> date:
        """The first day of the oldest quarter the demo holds (ages and posts count from it)."""
        return quarter_bounds(*self.past_quarters[0])[0]

    def moved(self, day: date, quarter: tuple[int, int] | None = None) -> date:
        """A date of the story carried into ``quarter`` (the open one by default)."""
        return move_date(day, *(quarter or self.open_quarter))

    def done_on(self, day: date, quarter: tuple[int, int] | None = None) -> date:
        """The day of the story something was done (a meeting held) carried into ``quarter``;
        in the open quarter never after today, like ``at`` (walk of 05/12/2026: a meeting of
        29/12 recorded on 05/12)."""
        moved = self.moved(day, quarter)
        if (quarter or self.open_quarter) == self.open_quarter:
            return min(moved, self.today)
        return moved

    def at(self, moment: datetime, quarter: tuple[int, int] | None = None) -> datetime:
        """A moment of the story carried into ``quarter``; in the open quarter never after
        the end of today (what the demo says was done has been done by now)."""
        day = self.moved(moment.date(), quarter)
        aware = timezone.make_aware(datetime.combine(day, moment.time()))
        if (quarter or self.open_quarter) == self.open_quarter:
            limit = timezone.make_aware(datetime.combine(self.today, time(17, 0)))
            if self.today == timezone.localdate():
                limit = min(limit, timezone.now() - timedelta(minutes=5))
            aware = min(aware, limit)
        return aware

    def task_dates(
        self, due: date, done: date | None, quarter: tuple[int, int] | None = None
    ) -> tuple[date, date | None]:
        """A task's due and completion dates carried into ``quarter``. In the open quarter a
        task is never completed after today: both dates move back together (a late task stays
        late by the same days), the due date not before the quarter's first day."""
        quarter = quarter or self.open_quarter
        due, done = self.moved(due, quarter), done and self.moved(done, quarter)
        if done is None or quarter != self.open_quarter or done <= self.today:
            return due, done
        back = done - self.today
        first = quarter_bounds(*quarter)[0]
        return max(due - back, first), self.today

    def shift(self, quarter: tuple[int, int]) -> timedelta:
        """How far ``quarter`` starts after the story's quarter (for whole-period offsets)."""
        return quarter_bounds(*quarter)[0] - quarter_bounds(*STORY)[0]


def quarter_words(period) -> str:
    """ "quý III/2026": a period as the middle of a sentence names it."""
    text = str(period)
    return text[:1].lower() + text[1:]


def default_today() -> date:
    return timezone.localdate()
