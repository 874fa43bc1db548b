"""Year-end roll-up of the quarterly ratings (SPEC §13; 02-HD §6.3).

The year-end rating itself is decided under Quy định 366-QĐ/TW; what the quarters tell it is
fixed here: HTXSNV for the year is impossible after any KHTNV quarter, candidates with more
HTXSNV quarters come first, and two consecutive KHTNV quarters mean the person must be replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .ratings import DEFERRED, Rating

QuarterRating = Rating | str | None  # a Rating, "DEFERRED", or None (not rated / no data)


@dataclass(frozen=True)
class YearEndSummary:
    counts: dict[str, int]
    excellent_possible: bool
    consecutive_khtnv: bool
    at_risk: bool

    @property
    def excellent_quarters(self) -> int:
        return self.counts[Rating.EXCELLENT.value]


def summarise_year(quarters: Sequence[QuarterRating]) -> YearEndSummary:
    """Summarise up to four quarters, in order (Q1 first; Q4 is rated with the year-end review)."""
    counts = {r.value: 0 for r in Rating} | {DEFERRED: 0}
    previous_khtnv = False
    consecutive = False
    for rating in quarters:
        if rating is None:
            previous_khtnv = False
            continue
        key = rating.value if isinstance(rating, Rating) else str(rating)
        counts[key] = counts.get(key, 0) + 1
        is_khtnv = key == Rating.NOT_COMPLETED.value
        consecutive = consecutive or (is_khtnv and previous_khtnv)
        previous_khtnv = is_khtnv
    last_rated = next((q for q in reversed(quarters) if q not in (None, DEFERRED)), None)
    return YearEndSummary(
        counts=counts,
        excellent_possible=counts[Rating.NOT_COMPLETED.value] == 0,
        consecutive_khtnv=consecutive,
        at_risk=consecutive or last_rated == Rating.NOT_COMPLETED,
    )


def rank_year_end_candidates(
    people: Sequence[tuple[str, Sequence[QuarterRating]]],
) -> list[str]:
    """Ids of the people who may still be HTXSNV for the year, most HTXSNV quarters first."""
    eligible = []
    for person_id, quarters in people:
        summary = summarise_year(quarters)
        if summary.excellent_possible:
            eligible.append((-summary.excellent_quarters, person_id))
    return [person_id for _, person_id in sorted(eligible)]
