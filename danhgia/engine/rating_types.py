"""What rating a quarter takes and gives (SPEC §8): people, units, groups, results.

``PersonInput``, ``UnitFigures`` and ``GroupInput`` are what the web application or ``danhgia rate``
hands to ``rating.rate_quarter``; ``PersonRating``, ``GroupResult`` and ``RateResult`` are what it
returns, each rating with its chain of ``Reason`` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .numbers import HUNDRED, format_pct
from .quota import QuotaAllowance
from .ratings import Rating
from .reasons import Reason

DOSSIER_STATES = ("on_time", "late", "missing")


@dataclass(frozen=True)
class UnitFigures:
    """A unit's task figures for the quarter (the area a person leads, or a collective)."""

    id: str
    tasks_total: int = 0
    tasks_completed: int = 0
    tasks_late: int = 0
    tasks_exceeding: int = 0
    force_majeure: bool = False
    rating: Rating | None = None

    @property
    def effective_total(self) -> int:
        """Force majeure confirmed by the authority excuses the uncompleted tasks (SPEC §8.2)."""
        return self.tasks_completed if self.force_majeure else self.tasks_total

    def completion_at_least(self, pct: Decimal) -> bool:
        return Decimal(self.tasks_completed) * HUNDRED >= pct * self.effective_total

    @property
    def all_completed(self) -> bool:
        return self.tasks_completed >= self.effective_total

    @property
    def all_on_time(self) -> bool:
        return self.all_completed and self.tasks_late == 0

    def exceeding_at_least(self, pct: Decimal) -> bool:
        return Decimal(self.tasks_exceeding) * HUNDRED >= pct * self.effective_total

    def late_at_most(self, pct: Decimal) -> bool:
        return Decimal(self.tasks_late) * HUNDRED <= pct * self.effective_total

    def describe_completion(self) -> str:
        return f"{self.tasks_completed}/{self.effective_total} nhiệm vụ ({self.completion_pct})"

    @property
    def completion_pct(self) -> str:
        return format_pct(self.tasks_completed, self.effective_total)


@dataclass(frozen=True)
class PersonInput:
    id: str
    unit: str
    role: str = "member"
    total: Decimal | None = None
    collective: str | None = None
    group: str | None = None
    tasks_total: int = 0
    tasks_completed: int = 0
    exceeded_count: int = 0
    force_majeure: bool = False
    dossier: str = "on_time"
    #: working days late, under ``late_dossier: scale`` (SPEC §15 variants)
    dossier_days_late: int | None = None
    deferred: str | None = None
    gender: str | None = None
    ethnic_minority: bool = False
    service_start: date | None = None
    retirement_date: date | None = None
    name: str | None = None  # shown in warnings instead of the id when given

    @property
    def collective_id(self) -> str:
        return self.collective or self.unit

    @classmethod
    def of(cls, **fields: Any) -> PersonInput:
        """The same as ``PersonInput(**fields)`` with every field given, without the frozen
        dataclass's one ``object.__setattr__`` per field (a fifth of reading 20,000 people)."""
        if len(fields) != len(_PERSON_FIELDS) or not _PERSON_FIELDS.issuperset(fields):
            return cls(**fields)
        return cls.from_fields(fields)

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> PersonInput:
        """``PersonInput.of(**fields)`` for a dict of every field, exactly (the request's
        reader); the dict becomes the person's own."""
        person = object.__new__(cls)
        object.__setattr__(person, "__dict__", fields)
        return person


_PERSON_FIELDS = frozenset(PersonInput.__dataclass_fields__)


@dataclass(frozen=True)
class GroupInput:
    id: str | None
    quota_pct: Decimal | None = None


@dataclass
class PersonRating:
    """A person's rating with its chain of reasons and the warnings for the authority.

    ``reasons`` and ``warnings`` are ``Reason`` values: each is its Vietnamese sentence (a
    ``str``) with a ``code`` and ``params``; ``reason.to_json()`` is what to store.
    """

    id: str
    band: Rating | None
    rating: Rating | str
    reasons: list[Reason] = field(default_factory=list)
    warnings: list[Reason] = field(default_factory=list)
    group: str | None = None
    #: the total that counts, rounded (scaled by a late dossier under ``late_dossier: scale``)
    total: Decimal | None = None

    @classmethod
    def made(
        cls,
        id: str,
        band: Rating | None,
        rating: Rating | str,
        reasons: list[Reason],
        group: str | None,
        total: Decimal | None,
    ) -> PersonRating:
        """``PersonRating(id, band, rating, reasons, [], group, total)`` without the dataclass's
        ``__init__`` (a tenth of rating 20,000 people): the same fields, as its ``__dict__``."""
        made = object.__new__(cls)
        made.__dict__ = {
            "id": id,
            "band": band,
            "rating": rating,
            "reasons": reasons,
            "warnings": [],
            "group": group,
            "total": total,
        }
        return made

    def lower_to(self, ceiling: Rating, code: str, **params: Any) -> None:
        """Apply a step: lower the rating to ``ceiling`` when it is above it, with a reason."""
        assert isinstance(self.rating, Rating)
        if self.rating.rank > ceiling.rank:
            self.rating = ceiling
            self.reasons.append(Reason(code, {**params, "rating": ceiling.value}))

    @property
    def reason_texts(self) -> list[str]:
        return [str(r) for r in self.reasons]

    @property
    def warning_texts(self) -> list[str]:
        return [str(w) for w in self.warnings]


@dataclass(frozen=True)
class GroupResult:
    id: str | None
    pct: Decimal
    base: int
    allowed: int
    candidates: tuple[str, ...]
    excellent: tuple[str, ...]
    cut: tuple[str, ...]
    rounding: str = "half_up"

    @property
    def allowance(self) -> QuotaAllowance:
        """What to record with the group's decisions, to check a later correction against."""
        return QuotaAllowance(self.id, self.pct, self.base, self.rounding, self.allowed)


@dataclass(frozen=True)
class RateResult:
    policy_id: str
    period: str | None
    people: tuple[PersonRating, ...]
    groups: tuple[GroupResult, ...]
