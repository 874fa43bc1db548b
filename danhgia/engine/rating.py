"""Rating a quarter: bands, the conditions of SPEC §8.2 in order, the HTXSNV quota (§8.3).

Each step can only lower a rating, and each step that sets or lowers one adds a ``Reason`` (a code
with params, rendered in plain Vietnamese by ``reasons.render_reason``), so that the decision page
shows the whole chain. Results do not depend on the order of the input: quota candidates are
ranked by total, the policy's tie-break chain and finally the id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .numbers import HUNDRED, ZERO, decimal_text, format_pct, round_half_up
from .policy import Policy
from .quota import (
    QuotaAllowance,
    counts_towards_quota,
    group_quota,
    quota_base,
)
from .quota import quota_allowed as quota_allowed  # re-exported
from .ratings import DEFERRED, Rating
from .reasons import DEFERRAL_REASONS as DEFERRAL_REASONS  # re-exported
from .reasons import Reason

DOSSIER_STATES = ("on_time", "late", "missing")
THIRTY = Decimal(30)
SEVENTY = Decimal(70)
TWENTY = Decimal(20)


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
    deferred: str | None = None
    gender: str | None = None
    ethnic_minority: bool = False
    service_start: date | None = None
    retirement_date: date | None = None
    name: str | None = None  # shown in warnings instead of the id when given

    @property
    def collective_id(self) -> str:
        return self.collective or self.unit


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


def rounded_total(person: PersonInput, policy: Policy) -> Decimal:
    """SPEC §8.1: bands are compared on the total rounded as the policy rounds points."""
    assert person.total is not None
    return round_half_up(person.total, policy.points_decimals)


def rate_person(person: PersonInput, units: dict[str, UnitFigures], policy: Policy) -> PersonRating:
    """Band and the conditions of SPEC §8.2, steps 1-8 (the quota is applied per group later)."""
    if person.deferred is not None:
        band = policy.band_for(rounded_total(person, policy)) if person.total is not None else None
        return PersonRating(
            person.id,
            band,
            DEFERRED,
            [Reason("deferred", {"case": person.deferred})],
            group=person.group,
        )

    assert person.total is not None
    total = rounded_total(person, policy)
    band = policy.band_for(total)
    result = PersonRating(
        person.id,
        band,
        band,
        [Reason("band", {"total": decimal_text(total), "rating": band.value})],
        group=person.group,
    )
    conditions = policy.conditions

    # Step 2: the person's own assigned tasks.
    if (
        "own_tasks" in conditions
        and person.tasks_completed < person.tasks_total
        and not person.force_majeure
    ):
        result.lower_to(
            Rating.NOT_COMPLETED,
            "own_tasks",
            completed=person.tasks_completed,
            total=person.tasks_total,
        )

    unit = units[person.unit]
    # Step 3: HTXSNV needs the unit 100 % on time and ≥ 30 % exceeding.
    if "unit_excellent" in conditions and result.rating == Rating.EXCELLENT:
        if not unit.all_on_time:
            result.lower_to(Rating.GOOD, "unit_not_on_time", **_on_time(unit, Rating.EXCELLENT))
        elif not unit.exceeding_at_least(THIRTY):
            result.lower_to(
                Rating.GOOD,
                "unit_exceeding",
                unit=unit.id,
                exceeding=unit.tasks_exceeding,
                total=unit.effective_total,
            )
    # Step 4: HTTNV needs the unit 100 % on time.
    if "unit_good" in conditions and result.rating == Rating.GOOD and not unit.all_on_time:
        result.lower_to(Rating.SATISFACTORY, "unit_not_on_time", **_on_time(unit, Rating.GOOD))
    # Step 5: unit below 70 % → KHTNV; HTNV needs 100 % with ≤ 20 % late; between: warn.
    if "unit_satisfactory" in conditions:
        if not unit.completion_at_least(SEVENTY):
            result.lower_to(Rating.NOT_COMPLETED, "unit_below_70", **_figures(unit))
        elif result.rating == Rating.SATISFACTORY and not (
            unit.all_completed and unit.late_at_most(TWENTY)
        ):
            result.warnings.append(Reason("unit_gap", _figures(unit)))
    # Step 6: the collective below 70 %: its head KHTNV, deputies and members at most HTTNV.
    collective = units[person.collective_id]
    if "collective" in conditions and not collective.completion_at_least(SEVENTY):
        head = person.role == "head"
        result.lower_to(
            Rating.NOT_COMPLETED if head else Rating.GOOD,
            "collective_below_70",
            **_figures(collective),
            head=head,
        )
    # Step 7: a head's rating is tied to the collective's (02-HD §6.2).
    if "head_collective" in conditions and person.role == "head" and collective.rating is not None:
        result.lower_to(
            collective.rating,
            "head_collective",
            unit=collective.id,
            collective_rating=collective.rating.value,
        )
    # Step 8: the dossier.
    _apply_dossier(result, person, policy)
    return result


def _figures(unit: UnitFigures) -> dict[str, Any]:
    """A unit's figures as a reason shows them: the total is the effective one (force majeure)."""
    return {
        "unit": unit.id,
        "completed": unit.tasks_completed,
        "total": unit.effective_total,
        "late": unit.tasks_late,
    }


def _on_time(unit: UnitFigures, needs: Rating) -> dict[str, Any]:
    return {**_figures(unit), "needs": needs.value}


def _apply_dossier(result: PersonRating, person: PersonInput, policy: Policy) -> None:
    if person.dossier == "on_time":
        return
    rule = policy.late_dossier if person.dossier == "late" else policy.missing_dossier
    assert isinstance(result.rating, Rating)
    if rule == "down_one_level":
        lowered = result.rating.lower_one()
        if lowered != result.rating:
            result.lower_to(lowered, "dossier_down", dossier=person.dossier)
    elif rule == "khtnv":
        result.lower_to(Rating.NOT_COMPLETED, "dossier_khtnv", dossier=person.dossier)
    elif rule == "warn":
        result.warnings.append(Reason("dossier_warn", {"dossier": person.dossier}))


def _sort_key(person: PersonInput, chain: Sequence[str], places: int) -> tuple:
    """Ranking key: the rounded total first (higher first), then the policy's chain.

    Missing values sort last.
    """
    key: list = [-round_half_up(person.total or ZERO, places)]
    for rule in chain:
        if rule == "total":
            continue
        if rule == "exceeded_count":
            key.append(-person.exceeded_count)
        elif rule == "female":
            key.append(0 if person.gender == "female" else 1)
        elif rule == "ethnic_minority":
            key.append(0 if person.ethnic_minority else 1)
        elif rule == "longer_service":
            start = person.service_start
            key.append((0, start.toordinal()) if start else (1, 0))
        elif rule == "nearest_retirement":
            end = person.retirement_date
            key.append((0, end.toordinal()) if end else (1, 0))
    return tuple(key)


def apply_quota(
    group: GroupInput,
    members: Sequence[tuple[PersonInput, PersonRating]],
    policy: Policy,
) -> GroupResult:
    """SPEC §8.3: at most round(pct × base) HTXSNV among the group's non-excluded members."""
    pct = group_quota(policy, group.quota_pct)
    candidates = [
        (p, r)
        for p, r in members
        if counts_towards_quota(policy, p.role) and r.rating == Rating.EXCELLENT
    ]
    base = quota_base(policy, [(p.role, r.rating) for p, r in members])
    allowed = quota_allowed(base, pct, policy.quota.rounding)

    keyed = sorted(
        (
            (_sort_key(p, policy.tie_break, policy.points_decimals), p.id, p, r)
            for p, r in candidates
        ),
        key=lambda item: (item[0], item[1]),
    )
    keep, cut = keyed[:allowed], keyed[allowed:]
    if cut and keep and keep[-1][0] == cut[0][0]:
        # The chain could not separate the last kept from the first cut: the authority decides.
        tied = [(p, r) for key, _, p, r in keyed if key == keep[-1][0]]
        warning = Reason(
            "tie",
            {
                "group": group.id,
                "people": [p.id for p, _ in tied],
                "names": [p.name or p.id for p, _ in tied],
            },
        )
        for _, r in tied:
            r.warnings.append(warning)
    for *_, r in cut:
        r.lower_to(
            Rating.GOOD,
            "quota_cut",
            group=group.id,
            allowed=allowed,
            base=base,
            pct=decimal_text(pct),
        )
    kept_ids = {item[1] for item in keep}
    return GroupResult(
        id=group.id,
        pct=pct,
        base=base,
        allowed=allowed,
        candidates=tuple(p.id for p, _ in candidates),
        excellent=tuple(p.id for p, _ in candidates if p.id in kept_ids),
        cut=tuple(item[1] for item in cut),
        rounding=policy.quota.rounding,
    )


def _as_rating(value: Rating | str | None) -> Rating | None:
    try:
        return Rating(value) if value else None
    except ValueError:
        return None


def head_accountable(
    proposed: Rating | str | None, decided: Rating | str | None, engine: Rating | str | None
) -> bool:
    """02-HD §5.2: the unit's leadership answers for a proposal the conditions did not support.

    True when the proposed rating is above the decided one and above the engine's rating (what
    the conditions allowed); a deferred or missing rating never makes the head accountable. An
    authority choosing below what the conditions allowed does not.
    """
    proposed_r, decided_r, engine_r = _as_rating(proposed), _as_rating(decided), _as_rating(engine)
    if proposed_r is None or decided_r is None or engine_r is None:
        return False
    return proposed_r.rank > decided_r.rank and proposed_r.rank > engine_r.rank


def rate_quarter(
    policy: Policy,
    people: Sequence[PersonInput],
    units: Sequence[UnitFigures],
    groups: Sequence[GroupInput] = (),
    period: str | None = None,
) -> RateResult:
    """Rate everyone of a quarter; people come back in input order."""
    unit_index = {u.id: u for u in units}
    ratings = [rate_person(p, unit_index, policy) for p in people]

    group_index: dict[str, GroupInput] = {g.id: g for g in groups if g.id is not None}
    order: list[str] = list(group_index)
    members: dict[str, list[tuple[PersonInput, PersonRating]]] = {g: [] for g in order}
    for person, rating in zip(people, ratings, strict=True):
        if person.group is None:
            continue  # the quota applies within a comparison group (SPEC §8.3)
        if person.group not in members:
            members[person.group] = []
            order.append(person.group)
            group_index[person.group] = GroupInput(person.group)
        members[person.group].append((person, rating))
    results = tuple(apply_quota(group_index[g], members[g], policy) for g in order)
    return RateResult(policy.id, period, tuple(ratings), results)
