"""A stage's own points: review, appraisal, decision (SPEC §6, §7.2, §11).

The unit leadership and then the appraiser see the points of the stage before and set their own
per criterion. This module holds the rules of those points, so that the web application only
reads and stores them:

- ``stage_totals``: a stage's points added up the way ``score_evaluation`` adds up a form (part A
  the sum of its rows; part B the sum of the axes, an axis with not-applicable rows rescaled to
  its maximum and rounded as points are), with the band only once every applicable row has points;
- ``check_stage_points``: which points are acceptable (given, from 0 to max × max(kpi_cap, 1), at
  most ``points_decimals`` decimals, part A only 0 or its max);
- the explanation rule (``needs_explanation``, ``explanations_required``,
  ``proposal_needs_explanation``): a change of ``explanation.points_change`` points or more needs
  an explanation; with ``explanation.rating_change`` on, so does every change once the changes
  alter the band, and a proposed rating different from the previous stage's.

Problems and required explanations are ``Reason`` values (``points_*``, ``explanation_*``),
rendered in Vietnamese by ``reasons.render_reason``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .framework import Framework
from .numbers import ONE, ZERO, decimal_text
from .policy import Policy
from .ratings import Rating
from .reasons import Reason
from .scoring import group_points, part_a_points, round_points

Points = Mapping[str, Decimal | None]


@dataclass(frozen=True)
class StageTotals:
    """Part, group and axis sums of one stage's points; no band until every applicable row has
    points (``complete``)."""

    groups: dict[int, Decimal]
    axes: dict[int, Decimal]
    rescaled: frozenset[int]
    part_a: Decimal
    part_b: Decimal
    total: Decimal
    band: Rating | None
    #: applicable criteria without points yet
    missing: frozenset[str] = frozenset()

    @property
    def complete(self) -> bool:
        return self.band is not None


def stage_totals(
    framework: Framework, policy: Policy, points: Points, not_applicable: Collection[str]
) -> StageTotals:
    """Add up a stage's points as ``score_evaluation`` adds up a form (SPEC §7.2, §15).

    ``points`` maps criterion codes to points (``None`` or absent: not given yet);
    ``not_applicable`` holds the codes the official marked not applicable (their points are
    ignored). With the points of ``score_evaluation`` this gives its very totals and band.
    """
    places = policy.points_decimals
    na = frozenset(not_applicable)
    missing = frozenset(
        c.code for c in framework.criteria if c.code not in na and points.get(c.code) is None
    )
    groups = {g.number: group_points(g, points, (), places)[0] for g in framework.groups}
    axes: dict[int, Decimal] = {}
    rescaled: set[int] = set()
    for axis in framework.axes:
        axes[axis.number], was_rescaled = group_points(axis, points, na, places)
        if was_rescaled:
            rescaled.add(axis.number)
    part_a = part_a_points(framework, points, na, places)
    part_b = sum(axes.values(), ZERO)
    total = part_a + part_b
    return StageTotals(
        groups=groups,
        axes=axes,
        rescaled=frozenset(rescaled),
        part_a=part_a,
        part_b=part_b,
        total=total,
        band=None if missing else policy.band_for(total),
        missing=missing,
    )


def stage_points_ceiling(max_points: Decimal, policy: Policy) -> Decimal:
    """The most points a stage may give a criterion: its max × max(kpi_cap, 1)."""
    return max_points * max(policy.kpi_cap, ONE)


def check_stage_points(
    framework: Framework, policy: Policy, points: Points, not_applicable: Collection[str]
) -> dict[str, list[Reason]]:
    """The problems of a stage's points, per criterion code (only codes with a problem).

    Every applicable criterion needs points (``points_missing``) from 0 to max × max(kpi_cap, 1)
    (``points_out_of_range``, params ``max``, ``places``) with at most ``points_decimals``
    decimals (``points_too_precise``, ``places``); part A takes only 0 or its max
    (``points_part_a``, ``max``, ``places``). The Vietnamese ("chưa nhập điểm") is meant to
    follow the criterion code: ``f"{code}: {render_reason(problem)}"``.
    """
    places = policy.points_decimals
    problems: dict[str, list[Reason]] = {}
    for criterion in framework.criteria:
        if criterion.code in not_applicable:
            continue
        value = points.get(criterion.code)
        ceiling = stage_points_ceiling(criterion.max, policy)
        problem = None
        if value is None:
            problem = Reason("points_missing", {})
        elif value < ZERO or value > ceiling:
            problem = Reason(
                "points_out_of_range", {"max": decimal_text(ceiling), "places": places}
            )
        elif value != round_points(value, policy):
            problem = Reason("points_too_precise", {"places": places})
        elif criterion.part == "A" and value not in (ZERO, criterion.max):
            problem = Reason(
                "points_part_a", {"max": decimal_text(criterion.max), "places": places}
            )
        if problem is not None:
            problems.setdefault(criterion.code, []).append(problem)
    return problems


def needs_explanation(
    policy: Policy, base: Decimal | None, new: Decimal | None, band_changed: bool
) -> bool:
    """SPEC §11: a criterion's points moved by ``explanation.points_change`` or more from where
    the stage started, or moved at all while the changes alter the band and the policy's
    ``explanation.rating_change`` is on."""
    if base is None or new is None or new == base:
        return False
    if abs(new - base) >= policy.explanation_points_change:
        return True
    return band_changed and policy.explanation_rating_change


def band_changed(before: StageTotals, after: StageTotals) -> bool:
    """The changes alter the band: the stage started from a band and ends on another."""
    return before.band is not None and after.band != before.band


def explanations_required(
    framework: Framework,
    policy: Policy,
    base_points: Points,
    points: Points,
    changed_band: bool,
) -> dict[str, Reason]:
    """Criterion code → why an explanation is required (``explanation_points``), in order.

    ``base_points``: where the stage started; ``points``: what it sets; ``changed_band``: see
    ``band_changed``. The Reason renders the whole sentence ("B.1.1: cần giải trình vì điểm thay
    đổi từ 3,00 thành 5,00.").
    """
    places = policy.points_decimals
    required: dict[str, Reason] = {}
    for criterion in framework.criteria:
        code = criterion.code
        base, new = base_points.get(code), points.get(code)
        if needs_explanation(policy, base, new, changed_band):
            assert base is not None and new is not None
            required[code] = Reason(
                "explanation_points",
                {
                    "criterion": code,
                    "old": decimal_text(base),
                    "new": decimal_text(new),
                    "places": places,
                    "band_changed": changed_band and policy.explanation_rating_change,
                },
            )
    return required


def proposal_needs_explanation(
    policy: Policy, previous_proposal: str | None, new_proposal: str | None
) -> bool:
    """A proposed rating different from the previous stage's needs a general explanation when
    the policy's ``explanation.rating_change`` is on (SPEC §11)."""
    return bool(
        policy.explanation_rating_change and previous_proposal and new_proposal != previous_proposal
    )


def proposal_explanation(previous_proposal: str, new_proposal: str) -> Reason:
    """The general explanation's Reason ("Cần giải trình vì mức đề xuất (HTTNV) khác …")."""
    return Reason("explanation_rating", {"new": new_proposal, "old": previous_proposal})
