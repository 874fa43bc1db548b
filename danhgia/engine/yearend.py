"""Year-end roll-up of the quarterly ratings (SPEC §13; 02-HD §6.3).

The year-end rating itself is decided under Quy định 366-QĐ/TW; what the quarters tell it is
fixed here: HTXSNV for the year is impossible after any KHTNV quarter, candidates with more
HTXSNV quarters come first, and two consecutive KHTNV quarters mean the person must be replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .ratings import DEFERRED, Rating
from .reasons import Reason

QuarterRating = Rating | str | None  # a Rating, "DEFERRED", or None (not rated / no data)


@dataclass(frozen=True)
class YearEndSummary:
    counts: dict[str, int]
    excellent_possible: bool
    consecutive_khtnv: bool
    at_risk: bool
    #: why: the year-end rules that apply, in order (``year_*`` codes of ``REASON_CODES``)
    reasons: tuple[Reason, ...] = ()

    @property
    def excellent_quarters(self) -> int:
        return self.counts[Rating.EXCELLENT.value]


def summarise_year(quarters: Sequence[QuarterRating]) -> YearEndSummary:
    """Summarise up to four quarters, in order (Q1 first; Q4 is rated with the year-end review)."""
    counts = {r.value: 0 for r in Rating} | {DEFERRED: 0}
    previous_khtnv = False
    consecutive: tuple[int, int] | None = None  # the first pair of consecutive KHTNV quarters
    khtnv_quarters: list[int] = []
    for number, rating in enumerate(quarters, start=1):
        if rating is None:
            previous_khtnv = False
            continue
        key = rating.value if isinstance(rating, Rating) else str(rating)
        counts[key] = counts.get(key, 0) + 1
        is_khtnv = key == Rating.NOT_COMPLETED.value
        if is_khtnv:
            khtnv_quarters.append(number)
            if previous_khtnv and consecutive is None:
                consecutive = (number - 1, number)
        previous_khtnv = is_khtnv
    rated = [(n, q) for n, q in enumerate(quarters, start=1) if q not in (None, DEFERRED)]
    last_number, last_rated = rated[-1] if rated else (0, None)
    at_risk = consecutive is not None or last_rated == Rating.NOT_COMPLETED
    reasons = _year_reasons(
        counts,
        khtnv_quarters,
        consecutive,
        last_number if at_risk else 0,
        len(quarters) >= 4 and quarters[3] is not None,
    )
    return YearEndSummary(
        counts=counts,
        excellent_possible=not khtnv_quarters,
        consecutive_khtnv=consecutive is not None,
        at_risk=at_risk,
        reasons=reasons,
    )


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _roman(number: int) -> str:
    return _ROMAN.get(number, str(number))


def _year_reasons(
    counts: dict[str, int],
    khtnv: list[int],
    consecutive: tuple[int, int] | None,
    last_khtnv: int,
    fourth_known: bool,
) -> tuple[Reason, ...]:
    """The sentences of the rules that apply (SPEC §13.3; 02-HD §6.3)."""
    reasons = []
    if khtnv:
        reasons.append(Reason("year_khtnv", {"quarters": [_roman(n) for n in khtnv]}))
    else:
        excellent = counts[Rating.EXCELLENT.value]
        reasons.append(Reason("year_candidate", {"excellent": excellent}))
    if consecutive is not None:
        reasons.append(
            Reason("year_consecutive_khtnv", {"quarters": [_roman(n) for n in consecutive]})
        )
    elif last_khtnv:
        reasons.append(Reason("year_last_khtnv", {"quarter": _roman(last_khtnv)}))
    if not fourth_known:
        reasons.append(Reason("year_q4_pending", {}))
    return tuple(reasons)


def rank_year_end_candidates(
    people: Sequence[tuple[str, Sequence[QuarterRating]]],
) -> list[str]:
    """Ids of the people who may still be HTXSNV for the year, most HTXSNV quarters first."""
    return rank_year_end_summaries([(pid, summarise_year(q)) for pid, q in people])


def rank_year_end_summaries(people: Sequence[tuple[str, YearEndSummary]]) -> list[str]:
    """``rank_year_end_candidates`` on summaries already made (a caller summarising thousands
    of people once, e.g. the year-end page): candidates, most HTXSNV quarters first, then id."""
    eligible = [
        (-summary.excellent_quarters, person_id)
        for person_id, summary in people
        if summary.excellent_possible
    ]
    return [person_id for _, person_id in sorted(eligible)]
