"""Rating levels and their order (Quy định 366-QĐ/TW, Điều 11; SPEC §3, §8)."""

from __future__ import annotations

from enum import StrEnum


class Rating(StrEnum):
    EXCELLENT = "HTXSNV"
    GOOD = "HTTNV"
    SATISFACTORY = "HTNV"
    NOT_COMPLETED = "KHTNV"

    @property
    def rank(self) -> int:
        """Higher is better: KHTNV 0 … HTXSNV 3."""
        return _RANK[self]

    @property
    def label(self) -> str:
        return LABELS[self]

    def lower_one(self) -> Rating:
        """One level lower; KHTNV stays KHTNV."""
        return _BY_RANK[max(self.rank - 1, 0)]

    def at_most(self, ceiling: Rating) -> Rating:
        return self if self.rank <= ceiling.rank else ceiling


DEFERRED = "DEFERRED"

LABELS = {
    Rating.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Rating.GOOD: "Hoàn thành tốt nhiệm vụ",
    Rating.SATISFACTORY: "Hoàn thành nhiệm vụ",
    Rating.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}
_RANK = {
    Rating.NOT_COMPLETED: 0,
    Rating.SATISFACTORY: 1,
    Rating.GOOD: 2,
    Rating.EXCELLENT: 3,
}
_BY_RANK = {rank: rating for rating, rank in _RANK.items()}
RATING_CODES = tuple(r.value for r in Rating)
