"""Rating a quarter: bands, the conditions of SPEC §8.2 in order, the HTXSNV quota (§8.3).

Each step can only lower a rating, and each step that sets or lowers one adds a ``Reason`` (a code
with params, rendered in plain Vietnamese by ``reasons.render_reason``), so that the decision page
shows the whole chain. Results do not depend on the order of the input: quota candidates are
ranked by total, the policy's tie-break chain and finally the id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from .late_dossier import late_scale_reason, scaled_total
from .numbers import decimal_text, round_half_up
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
    total, reasons = counted_total(person, policy)
    band = policy.band_for(total)
    reasons.append(Reason("band", {"total": decimal_text(total), "rating": band.value}))
    result = PersonRating(person.id, band, band, reasons, group=person.group, total=total)
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
    if rule == "scale" and person.dossier_days_late is None:
        # late, but by how many working days is not known: the authority decides
        rule = "warn"
    assert isinstance(result.rating, Rating)
    if rule == "down_one_level":
        lowered = result.rating.lower_one()
        if lowered != result.rating:
            result.lower_to(lowered, "dossier_down", dossier=person.dossier)
    elif rule == "khtnv":
        result.lower_to(Rating.NOT_COMPLETED, "dossier_khtnv", dossier=person.dossier)
    elif rule == "warn":
        result.warnings.append(Reason("dossier_warn", {"dossier": person.dossier}))


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
        if rating.total is not None and rating.total != person.total:
            person = replace(person, total=rating.total)  # the quota ranks the counted total
        members[person.group].append((person, rating))
    results = tuple(apply_quota(group_index[g], members[g], policy) for g in order)
    return RateResult(policy.id, period, tuple(ratings), results)
