"""Special cases of SPEC §9: who is deferred this quarter, and which tasks carry over.

02-HD §6.1b / Lâm Đồng VIII.1b: not rated in the quarter (results move to the next one) when
away for training ≥ 2 months, first appointed to a leading post < 1 month before the quarter's
end, on sick or maternity leave ≥ 2 months, or under inspection for a suspected violation.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .policy import Deadline

#: absence kinds and the deferral case each one leads to
ABSENCE_CASES = {
    "training": "training",
    "sick_leave": "sick_leave",
    "maternity_leave": "maternity_leave",
    "inspection": "under_inspection",
}
#: Decision: "2 months" of absence is 60 days or more inside the quarter, summed per kind.
TWO_MONTHS_DAYS = 60


@dataclass(frozen=True)
class Absence:
    kind: str
    start: date
    end: date | None = None  # None: still ongoing


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter."""
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return date(year, first_month, 1), date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def results_cutoff(year: int, quarter: int) -> date:
    """Results count up to day 30 of the quarter's last month (SPEC §9)."""
    _, end = quarter_bounds(year, quarter)
    return end.replace(day=min(30, end.day))


def overlap_days(absence: Absence, start: date, end: date) -> int:
    last = min(absence.end or end, end)
    first = max(absence.start, start)
    return max((last - first).days + 1, 0)


def deferral_case(
    absences: Iterable[Absence],
    year: int,
    quarter: int,
    appointed_on: date | None = None,
) -> str | None:
    """The deferral case of SPEC §9 that applies this quarter, or None (first match wins)."""
    start, end = quarter_bounds(year, quarter)
    days: dict[str, int] = {}
    for absence in absences:
        case = ABSENCE_CASES.get(absence.kind)
        if case is None:
            continue
        overlap = overlap_days(absence, start, end)
        if overlap:
            days[case] = days.get(case, 0) + overlap
    if days.get("under_inspection"):
        return "under_inspection"
    if appointed_on is not None and add_months(end, -1) < appointed_on <= end:
        return "new_appointment"
    for case in ("training", "sick_leave", "maternity_leave"):
        if days.get(case, 0) >= TWO_MONTHS_DAYS:
            return case
    return None


def is_carried_over(due: date, completed_on: date | None, rating_date: date) -> bool:
    """A task not due by the rating date and not done moves to the next quarter (Lào Cai 6.2.1)."""
    return completed_on is None and due > rating_date


def is_late(due: date, completed_on: date | None) -> bool:
    """Late is computed from dates, never typed: done after the due date (SPEC §8.2, §10).

    The one definition of late: a task completed after its due date (``tasks.task_is_late``), a
    dossier or a self-assessment submitted (local date) after its deadline.
    """
    return completed_on is not None and completed_on > due


#: a dossier's states (SPEC §10), the ``dossier`` of ``PersonInput``
DOSSIER_ON_TIME, DOSSIER_LATE, DOSSIER_MISSING = "on_time", "late", "missing"


def dossier_state(submitted_on: date | None, deadline: date | None) -> str:
    """``"on_time"``, ``"late"`` or ``"missing"`` from the submission's local date (SPEC §10).

    Not submitted: missing. Submitted after the deadline: late. With no deadline configured a
    submitted dossier is on time. The caller turns the recorded submission time into the local
    date (the province's time zone).
    """
    if submitted_on is None:
        return DOSSIER_MISSING
    if deadline is not None and is_late(deadline, submitted_on):
        return DOSSIER_LATE
    return DOSSIER_ON_TIME


def submission_is_late(submitted_on: date, deadline: date | None) -> bool | None:
    """A self-assessment submitted (local date) after its deadline; None without a deadline."""
    if deadline is None:
        return None
    return is_late(deadline, submitted_on)


def deadline_date(year: int, quarter: int, month: int, day: int) -> date:
    """The date of a policy deadline given relative to the quarter (``Policy.deadlines``).

    ``month`` 0 is the quarter's last month, 1 the next month, -1 the one before; ``day`` is
    clamped to the month's length, so "day 30" in February is its last day.
    """
    index = year * 12 + quarter * 3 - 1 + month
    target_year, target_month = divmod(index, 12)
    target_month += 1
    last_day = calendar.monthrange(target_year, target_month)[1]
    return date(target_year, target_month, min(day, last_day))


def deadline_dates(deadlines: Iterable[Deadline], year: int, quarter: int) -> dict[str, date]:
    """Deadline key → its date in the quarter, for a policy's ``deadlines``, in order."""
    return {d.key: deadline_date(year, quarter, d.month, d.day) for d in deadlines}
