"""The policy variants of SPEC §15 in the engine's functions, and their properties (hypothesis)."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danhgia.engine import (
    CriterionInput,
    InputError,
    LateStep,
    PersonInput,
    axis_proposal,
    check_axis_proposal,
    late_pct,
    load_framework,
    load_policy,
    rate_quarter,
    scaled_framework,
    scaled_total,
    score_evaluation,
    working_days_late,
)

from .helpers import entries_for, unit

D = Decimal
PL5 = load_framework("lamdong-2026-pl5")
RESCALE = replace(load_policy("lamdong-2026"), general_not_applicable="rescale")
SCALE = replace(
    load_policy("lamdong-2026"),
    late_dossier="scale",
    late_dossier_scale=(LateStep(1, D(80)), LateStep(3, D(60)), LateStep(6, D(0))),
)
PART_A = [c.code for c in PL5.part_a]


# --- part A rescaled ---------------------------------------------------------------------------


@st.composite
def part_a_entries(draw):
    """Each part A row met, not met or not applicable, at least one applicable."""
    states = draw(st.lists(st.sampled_from(["met", "not", "na"]), min_size=17, max_size=17))
    if all(s == "na" for s in states):
        states[0] = "met"
    return {
        code: CriterionInput(not_applicable=True) if s == "na" else CriterionInput(met=s == "met")
        for code, s in zip(PART_A, states, strict=True)
    }


def part_a(entries):
    return score_evaluation(PL5, RESCALE, {**entries_for(PL5), **entries}).part_a


@given(part_a_entries())
def test_rescaled_part_a_is_never_above_30(entries):
    assert D(0) <= part_a(entries) <= D(30)


@given(part_a_entries(), st.data())
def test_rescaled_part_a_is_monotone_in_met_points(entries, data):
    """Meeting one more applicable row never lowers part A."""
    not_met = [c for c, e in entries.items() if e.met is False]
    if not not_met:
        return
    code = data.draw(st.sampled_from(not_met))
    assert part_a({**entries, code: CriterionInput(met=True)}) >= part_a(entries)


@given(part_a_entries())
def test_all_applicable_rows_met_give_30(entries):
    met = {c: e if e.not_applicable else CriterionInput(met=True) for c, e in entries.items()}
    assert part_a(met) == D(30)


def test_the_shipped_policies_forbid_part_a_not_applicable():
    for policy_id in ("central-2026", "lamdong-2026", "laocai-2026"):
        assert load_policy(policy_id).general_not_applicable == "forbid"
        assert load_policy(policy_id).late_dossier != "scale"
        assert load_policy(policy_id).axis_maxima == "fixed"


# --- late dossier scaled -----------------------------------------------------------------------


@given(st.integers(0, 40), st.integers(0, 40), st.decimals(0, 100, places=2))
def test_late_penalty_is_monotone_in_days(days, more, total):
    assert late_pct(SCALE, days + more) <= late_pct(SCALE, days)
    assert scaled_total(total, days + more, SCALE) <= scaled_total(total, days, SCALE) <= total


@given(st.integers(0, 40), st.decimals(0, 100, places=2))
def test_the_rating_never_rises_with_more_days_late(days, total):
    def rating(d):
        person = PersonInput("p", "u", total=total, dossier="late", dossier_days_late=d)
        return rate_quarter(SCALE, [person], [unit()]).people[0].rating

    assert rating(days + 1).rank <= rating(days).rank


@pytest.mark.parametrize(
    ("deadline", "submitted", "holidays", "days"),
    [
        (date(2026, 10, 2), date(2026, 10, 2), (), 0),  # on the day: not late
        (date(2026, 10, 2), date(2026, 10, 3), (), 0),  # Friday → Saturday: 0 working days
        (date(2026, 10, 2), date(2026, 10, 5), (), 1),  # Friday → Monday
        (date(2026, 10, 2), date(2026, 10, 9), (), 5),
        (date(2026, 10, 2), date(2026, 10, 9), (date(2026, 10, 6),), 4),
        (date(2026, 10, 2), date(2026, 10, 9), (date(2026, 10, 10),), 5),  # after: not counted
        (date(2026, 4, 28), date(2026, 5, 4), (date(2026, 4, 30), date(2026, 5, 1)), 2),
    ],
)
def test_working_days_late(deadline, submitted, holidays, days):
    assert working_days_late(deadline, submitted, holidays) == days


@given(st.dates(date(2025, 1, 1), date(2028, 1, 1)), st.integers(0, 400), st.sets(st.dates()))
def test_working_days_late_counts_weekdays_not_holidays(deadline, span, holidays):
    submitted = deadline + timedelta(days=span)
    expected = sum(
        1
        for i in range(1, span + 1)
        if (d := deadline + timedelta(days=i)).weekday() < 5 and d not in holidays
    )
    assert working_days_late(deadline, submitted, holidays) == expected


# --- axis maxima proposed ----------------------------------------------------------------------


@st.composite
def proposals(draw):
    """Four positive whole maxima adding up to 70, axis 1 strictly the heaviest."""
    rest = [draw(st.integers(1, 15)) for _ in range(3)]
    first = 70 - sum(rest)
    return {1: D(first), 2: D(rest[0]), 3: D(rest[1]), 4: D(rest[2])}


@given(proposals())
def test_scaled_criteria_add_up_to_their_axis(maxima):
    framework = scaled_framework(PL5, maxima)
    for axis in framework.axes:
        assert axis.max == maxima[axis.number]
        assert sum(c.max for c in axis.criteria) == pytest.approx(maxima[axis.number])
    result = score_evaluation(framework, RESCALE, entries_for(framework))
    assert result.part_b <= D(70) + D("0.02")  # each row rounded half-up
    check_axis_proposal(axis_proposal(maxima, [1]), PL5)


def test_a_main_axis_not_heavier_is_refused():
    with pytest.raises(InputError) as exc:
        check_axis_proposal(axis_proposal({1: 25, 2: 15, 3: 15, 4: 15}, [2]), PL5)
    assert exc.value.code == "main_axis_not_heavier"
    assert exc.value.path == "main_axes[0]"


def test_a_stage_adds_up_part_a_as_the_form_does():
    """Reviewers' points with part A rows not applicable give the form's very part A."""
    from danhgia.engine import stage_totals

    entries = {
        **entries_for(PL5),
        "A.1.1": CriterionInput(not_applicable=True),
        "A.2.1": CriterionInput(met=False),
        "A.2.2": CriterionInput(met=False),
    }
    result = score_evaluation(PL5, RESCALE, entries)
    points = {code: s.points for code, s in result.criteria.items()}
    na = {code for code, s in result.criteria.items() if s.not_applicable}
    totals = stage_totals(PL5, RESCALE, points, na)
    assert totals.part_a == result.part_a == D("27.86")
    assert totals.total == result.total


# --- changed post (SPEC §9) -------------------------------------------------------------------


def test_post_changes_promoted_and_moved():
    from danhgia.engine import Post, post_changes

    q3, cutoff = date(2026, 7, 1), date(2026, 9, 30)
    promoted = [
        Post("a", "Phó Giám đốc", date(2020, 1, 1), date(2026, 8, 14)),
        Post("a", "Giám đốc", date(2026, 8, 15)),
    ]
    assert [c.kind for c in post_changes(promoted, "a", q3, cutoff)] == ["promoted"]
    # promoted more than two months before the rating: the new post alone counts
    early = [
        Post("a", "Phó Giám đốc", date(2020, 1, 1), date(2026, 7, 10)),
        Post("a", "Giám đốc", date(2026, 7, 11)),
    ]
    assert post_changes(early, "a", q3, cutoff) == []
    moved = [
        Post("b", "Phó Giám đốc", date(2020, 1, 1), date(2026, 8, 31)),
        Post("a", "Phó Giám đốc", date(2026, 9, 1)),
    ]
    changes = post_changes(moved, "a", q3, cutoff)
    assert [(c.kind, c.previous.unit, c.current.unit) for c in changes] == [("moved", "b", "a")]
    # a move in an earlier quarter does not matter now
    old = [Post("b", "x", date(2020, 1, 1), date(2026, 3, 1)), Post("a", "y", date(2026, 3, 2))]
    assert post_changes(old, "a", q3, cutoff) == []
    assert post_changes([], "a", q3, cutoff) == []
