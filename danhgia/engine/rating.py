"""Rating a quarter: bands, the conditions of SPEC §8.2 in order, the HTXSNV quota (§8.3).

Each step can only lower a rating, and each step that sets or lowers one adds a ``Reason`` (a code
with params, rendered in plain Vietnamese by ``reasons.render_reason``), so that the decision page
shows the whole chain. Results do not depend on the order of the input: quota candidates are
ranked by total, the policy's tie-break chain and finally the id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .late_dossier import late_scale_reason, scaled_total
from .numbers import decimal_text, quantum, round_half_up
from .policy import Policy
from .quota_ranking import apply_quota
from .rating_types import (
    GroupInput,
    PersonInput,
    PersonRating,
    RateResult,
    UnitFigures,
)
from .ratings import DEFERRED, Rating
from .reasons import Reason

EXCELLENT, GOOD = Rating.EXCELLENT, Rating.GOOD
SATISFACTORY, NOT_COMPLETED = Rating.SATISFACTORY, Rating.NOT_COMPLETED
THIRTY = Decimal(30)
SEVENTY = Decimal(70)
TWENTY = Decimal(20)


def rounded_total(person: PersonInput, policy: Policy) -> Decimal:
    """SPEC §8.1: bands are compared on the total rounded as the policy rounds points."""
    assert person.total is not None
    return round_half_up(person.total, policy.points_decimals)


def counted_total(person: PersonInput, policy: Policy) -> tuple[Decimal, list[Reason]]:
    """The total bands, conditions and the quota use, and the reason when it is not the total.

    The rounded total; under ``late_dossier: scale`` a late dossier's total × pct ÷ 100 of the
    row its working days reach (SPEC §15 variants).
    """
    assert person.total is not None
    if (
        policy.late_dossier == "scale"
        and person.dossier == "late"
        and person.dossier_days_late is not None
    ):
        reason = late_scale_reason(person.total, person.dossier_days_late, policy)
        if reason is not None:
            return scaled_total(person.total, person.dossier_days_late, policy), [reason]
    return rounded_total(person, policy), []


@dataclass(frozen=True, slots=True)
class _UnitFacts:
    """What the conditions ask of a unit, worked out once per unit (not once per person)."""

    all_on_time: bool
    exceeding_30: bool  # ≥ 30 % of the tasks exceeding
    completion_70: bool  # ≥ 70 % completed
    no_gap: bool  # all completed with ≤ 20 % late


class _RunCache:
    """Shared by the people of one rating run: each unit's facts, and the reasons that repeat
    (a unit's figures for each of its people, the same totals). A Reason is immutable, so
    people may share one."""

    __slots__ = ("band_texts", "bands", "facts", "reasons")

    def __init__(self) -> None:
        self.facts: dict[str, _UnitFacts] = {}
        self.reasons: dict[tuple[Any, ...], Reason] = {}
        self.bands: dict[Decimal, tuple[Rating, Reason]] = {}  # rounded total → band, reason
        # the same by the rounded total's text: a Decimal's hash costs ten times its ``str``
        # (equal texts are equal totals; a new text looks up ``bands``, so nothing changes)
        self.band_texts: dict[str, tuple[Rating, Reason]] = {}

    def unit(self, unit: UnitFigures) -> _UnitFacts:
        found = self.facts.get(unit.id)
        if found is None:
            found = self.facts[unit.id] = _unit_facts(unit)
        return found

    def reason(self, key: tuple[Any, ...], code: str, params: dict[str, Any]) -> Reason:
        found = self.reasons.get(key)
        if found is None:
            found = self.reasons[key] = Reason(code, params)
        return found


def _unit_facts(unit: UnitFigures) -> _UnitFacts:
    return _UnitFacts(
        all_on_time=unit.all_on_time,
        exceeding_30=unit.exceeding_at_least(THIRTY),
        completion_70=unit.completion_at_least(SEVENTY),
        no_gap=unit.all_completed and unit.late_at_most(TWENTY),
    )


def rate_person(
    person: PersonInput,
    units: dict[str, UnitFigures],
    policy: Policy,
    cache: _RunCache | None = None,
) -> PersonRating:
    """Band and the conditions of SPEC §8.2, steps 1-8 (the quota is applied per group later).

    ``cache``, shared by the calls of one rating run, keeps each unit's checks and the reasons
    that repeat from being worked out again for each person.
    """
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
    if cache is None:
        cache = _RunCache()
    if person.dossier == "late" and policy.late_dossier == "scale":
        total, reasons = counted_total(person, policy)
    else:  # rounded_total, inline (20,000 people)
        total = person.total.quantize(quantum(policy.points_decimals), rounding=ROUND_HALF_UP)
        reasons = []
    # (rounded totals all have the policy's places: equal totals are the same text)
    text = str(total)
    banded = cache.band_texts.get(text)
    if banded is None:
        banded = cache.bands.get(total)
        if banded is None:
            band = policy.band_for(total)
            reason = Reason("band", {"total": decimal_text(total), "rating": band.value})
            banded = cache.bands[total] = (band, reason)
        cache.band_texts[text] = banded
    band, band_reason = banded
    reasons.append(band_reason)
    result = PersonRating.made(person.id, band, band, reasons, person.group, total)
    conditions = policy.conditions

    # Step 2: the person's own assigned tasks.
    if (
        "own_tasks" in conditions
        and person.tasks_completed < person.tasks_total
        and not person.force_majeure
    ):
        _lower_to(
            result,
            NOT_COMPLETED,
            cache,
            "own_tasks",
            {"completed": person.tasks_completed, "total": person.tasks_total},
        )

    unit = units[person.unit]
    unit_facts = cache.facts.get(unit.id) or cache.unit(unit)
    # Step 3: HTXSNV needs the unit 100 % on time and ≥ 30 % exceeding.
    if "unit_excellent" in conditions and result.rating == EXCELLENT:
        if not unit_facts.all_on_time:
            _lower(result, GOOD, cache, "unit_not_on_time", unit, _on_time, EXCELLENT)
        elif not unit_facts.exceeding_30:
            _lower(result, GOOD, cache, "unit_exceeding", unit, _exceeding, None)
    # Step 4: HTTNV needs the unit 100 % on time.
    if "unit_good" in conditions and result.rating == GOOD and not unit_facts.all_on_time:
        _lower(result, SATISFACTORY, cache, "unit_not_on_time", unit, _on_time, GOOD)
    # Step 5: unit below 70 % → KHTNV; HTNV needs 100 % with ≤ 20 % late; between: warn.
    if "unit_satisfactory" in conditions:
        if not unit_facts.completion_70:
            _lower(result, NOT_COMPLETED, cache, "unit_below_70", unit, _figures_of, None)
        elif result.rating == SATISFACTORY and not unit_facts.no_gap:
            key = ("unit_gap", unit.id)
            warning = cache.reasons.get(key)
            if warning is None:
                warning = cache.reasons[key] = Reason("unit_gap", _figures(unit))
            result.warnings.append(warning)
    # Step 6: the collective below 70 %: its head KHTNV, deputies and members at most HTTNV.
    collective = units[person.collective or person.unit]  # person.collective_id
    collective_facts = cache.facts.get(collective.id) or cache.unit(collective)
    if "collective" in conditions and not collective_facts.completion_70:
        head = person.role == "head"
        _lower(
            result,
            NOT_COMPLETED if head else GOOD,
            cache,
            "collective_below_70",
            collective,
            _collective,
            head,
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
    if person.dossier != "on_time":
        _apply_dossier(result, person, policy, cache)
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


def _exceeding(unit: UnitFigures, _: Any) -> dict[str, Any]:
    return {"unit": unit.id, "exceeding": unit.tasks_exceeding, "total": unit.effective_total}


def _figures_of(unit: UnitFigures, _: Any) -> dict[str, Any]:
    return _figures(unit)


def _collective(unit: UnitFigures, head: bool) -> dict[str, Any]:
    return {**_figures(unit), "head": head}


def _lower(
    result: PersonRating,
    ceiling: Rating,
    cache: _RunCache,
    code: str,
    unit: UnitFigures,
    params: Callable[[UnitFigures, Any], dict[str, Any]],
    arg: Any,
) -> None:
    """``result.lower_to(ceiling, code, **params(unit, arg))``, with the reason made once per
    unit (and ``arg``, ``ceiling``) in a run: the same sentence for each of its people."""
    assert isinstance(result.rating, Rating)
    if result.rating.rank > ceiling.rank:
        result.rating = ceiling
        key = (code, unit.id, arg, ceiling)
        reason = cache.reasons.get(key)
        if reason is None:
            reason = cache.reasons[key] = Reason(
                code, {**params(unit, arg), "rating": ceiling.value}
            )
        result.reasons.append(reason)


def _lower_to(
    result: PersonRating, ceiling: Rating, cache: _RunCache, code: str, params: dict[str, Any]
) -> None:
    """``result.lower_to(ceiling, code, **params)`` with the reason made once per run for the
    same params (a reason is immutable: people share it)."""
    assert isinstance(result.rating, Rating)
    if result.rating.rank > ceiling.rank:
        result.rating = ceiling
        key = (code, ceiling, *params.values())
        reason = cache.reasons.get(key)
        if reason is None:
            reason = cache.reasons[key] = Reason(code, {**params, "rating": ceiling.value})
        result.reasons.append(reason)


def _apply_dossier(
    result: PersonRating, person: PersonInput, policy: Policy, cache: _RunCache | None = None
) -> None:
    if person.dossier == "on_time":
        return
    if cache is None:
        cache = _RunCache()
    rule = policy.late_dossier if person.dossier == "late" else policy.missing_dossier
    if rule == "scale" and person.dossier_days_late is None:
        # late, but by how many working days is not known: the authority decides
        rule = "warn"
    assert isinstance(result.rating, Rating)
    if rule == "down_one_level":
        lowered = result.rating.lower_one()
        if lowered != result.rating:
            _lower_to(result, lowered, cache, "dossier_down", {"dossier": person.dossier})
    elif rule == "khtnv":
        _lower_to(result, NOT_COMPLETED, cache, "dossier_khtnv", {"dossier": person.dossier})
    elif rule == "warn":
        result.warnings.append(
            cache.reason(
                ("dossier_warn", person.dossier), "dossier_warn", {"dossier": person.dossier}
            )
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
    cache = _RunCache()
    ratings = [rate_person(p, unit_index, policy, cache) for p in people]

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
        if rating.total is not None and rating.total != person.total:
            person = replace(person, total=rating.total)  # the quota ranks the counted total
        members[person.group].append((person, rating))
    results = tuple(apply_quota(group_index[g], members[g], policy) for g in order)
    return RateResult(policy.id, period, tuple(ratings), results)
