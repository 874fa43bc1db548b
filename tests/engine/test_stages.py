"""A stage's own points (review, appraisal): totals, valid points, the explanation rule."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danhgia.engine import (
    CriterionInput,
    Reason,
    band_changed,
    check_entries,
    check_stage_points,
    explanations_required,
    needs_explanation,
    policy_from_mapping,
    proposal_explanation,
    proposal_needs_explanation,
    render_reason,
    round_points,
    score_evaluation,
    score_json,
    stage_totals,
)
from danhgia.engine.score_request import parse_score_request

from .helpers import D, entries_for
from .test_properties import evaluation

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def points_of(result):
    return {code: score.points for code, score in result.criteria.items()}


def not_applicable_of(result):
    return {code for code, score in result.criteria.items() if score.not_applicable}


def test_stage_totals_of_the_example_are_the_scores_totals():
    request = json.loads((EXAMPLES / "score-lamdong-pl5.json").read_text(), parse_float=Decimal)
    framework, policy, entries = parse_score_request(request)
    result = score_evaluation(framework, policy, entries)
    totals = stage_totals(framework, policy, points_of(result), not_applicable_of(result))
    assert (totals.part_a, totals.part_b, totals.total) == (D(28), D("65.64"), D("93.64"))
    assert totals.axes[1] == D("22.39")
    assert totals.rescaled == frozenset({1})
    assert totals.band.value == "HTXSNV"
    assert totals.complete and totals.missing == frozenset()


def test_no_band_while_an_applicable_row_has_no_points(pl5, lamdong):
    result = score_evaluation(pl5, lamdong, entries_for(pl5))
    points = points_of(result)
    points["B.2.1"] = None
    totals = stage_totals(pl5, lamdong, points, set())
    assert totals.band is None and not totals.complete
    assert totals.missing == frozenset({"B.2.1"})
    assert totals.total == result.total - result.criteria["B.2.1"].points
    # a not-applicable row needs no points
    totals = stage_totals(pl5, lamdong, points, {"B.2.1"})
    assert totals.complete
    assert totals.rescaled == frozenset({2})


@given(evaluation())
def test_stage_totals_equal_the_scores_totals_when_points_come_from_scoring(case):
    framework, policy, entries = case
    check_entries(framework, policy, entries)
    result = score_evaluation(framework, policy, entries)
    totals = stage_totals(framework, policy, points_of(result), not_applicable_of(result))
    assert (totals.part_a, totals.part_b, totals.total) == (
        result.part_a,
        result.part_b,
        result.total,
    )
    assert totals.band == result.band
    assert totals.groups == {g.number: g.points for g in result.groups}
    for axis in result.axes:
        assert totals.axes[axis.number] == axis.points
        assert (axis.number in totals.rescaled) == axis.rescaled
    # and the scores are valid stage points: a reviewer may keep them as they are
    assert check_stage_points(framework, policy, points_of(result), not_applicable_of(result)) == {}


def test_a_one_decimal_policy_adds_up_as_danhgia_score_does(pl5):
    one = policy_from_mapping({"id": "one", "extends": "central-2026", "points_decimals": 1})
    entries = entries_for(
        pl5,
        B_1_1=CriterionInput(target=D(3), actual=D(2)),
        B_1_2=CriterionInput(not_applicable=True),
    )
    result = score_evaluation(pl5, one, entries)
    assert result.criteria["B.1.1"].points == D("3.3")  # 2/3 × 5 = 3.333…
    totals = stage_totals(pl5, one, points_of(result), not_applicable_of(result))
    assert totals.total == result.total
    assert totals.axes[1] == round_points(totals.axes[1], one)
    # 3.3 + 3 + 3 + 4 + 4 + 3 = 20.3 of 22 applicable, × 25 ÷ 22 = 23.068… → 23.1
    assert totals.axes[1] == D("23.1")


def test_check_stage_points_names_each_problem(pl5, lamdong):
    points = points_of(score_evaluation(pl5, lamdong, entries_for(pl5)))
    points |= {
        "A.1.1": D(1),  # part A: 0 or 2 only
        "B.1.1": D("5.5"),  # max 5
        "B.1.3": D("1.234"),  # 2 decimals
        "B.2.1": None,
        "B.2.2": D(-1),
    }
    problems = check_stage_points(pl5, lamdong, points, {"B.4.1"})
    assert problems == {
        "A.1.1": [Reason("points_part_a", {"max": "2", "places": 2})],
        "B.1.1": [Reason("points_out_of_range", {"max": "5", "places": 2})],
        "B.1.3": [Reason("points_too_precise", {"places": 2})],
        "B.2.1": [Reason("points_missing", {})],
        "B.2.2": [Reason("points_out_of_range", {"max": "2", "places": 2})],
    }
    texts = {code: render_reason(p[0]) for code, p in problems.items()}
    assert texts == {
        "A.1.1": "tiêu chí chung chỉ nhận 0 (không đảm bảo) hoặc 2,00 (đảm bảo)",
        "B.1.1": "điểm phải từ 0 đến 5,00",
        "B.1.3": "tối đa 2 chữ số sau dấu phẩy",
        "B.2.1": "chưa nhập điểm",
        "B.2.2": "điểm phải từ 0 đến 2,00",
    }


def test_a_kpi_cap_above_1_raises_the_ceiling(pl5):
    capped = policy_from_mapping({"id": "cap", "extends": "central-2026", "kpi_cap": 1.2})
    points = points_of(score_evaluation(pl5, capped, entries_for(pl5)))
    points["B.1.1"] = D(6)  # 5 × 1.2
    assert check_stage_points(pl5, capped, points, set()) == {}
    points["B.1.1"] = D("6.01")
    assert check_stage_points(pl5, capped, points, set())["B.1.1"][0].params["max"] == "6"


@pytest.mark.parametrize(
    ("base", "new", "band", "expected"),
    [
        (D(3), D(3), True, False),  # unchanged
        (None, D(3), True, False),  # nothing to compare with
        (D(3), None, True, False),
        (D(10), D(5), False, True),  # 5 points or more
        (D(10), D("5.01"), False, False),
        (D(10), D("9.5"), True, True),  # any change once the band changes
        (D(10), D("9.5"), False, False),
    ],
)
def test_needs_explanation(central, base, new, band, expected):
    assert needs_explanation(central, base, new, band) is expected


def test_without_the_rating_change_rule_only_the_points_count(pl5):
    policy = policy_from_mapping(
        {"id": "x", "extends": "central-2026", "explanation": {"rating_change": False}}
    )
    assert needs_explanation(policy, D(10), D("9.5"), True) is False
    assert not proposal_needs_explanation(policy, "HTXSNV", "HTTNV")


def test_explanations_required_say_why(pl5, lamdong):
    base = points_of(score_evaluation(pl5, lamdong, entries_for(pl5)))
    new = dict(base) | {"A.1.1": D(0), "A.1.2": D(0), "A.1.3": D(0), "B.1.1": D(0)}
    before = stage_totals(pl5, lamdong, base, set())
    after = stage_totals(pl5, lamdong, new, set())
    assert (before.total, after.total) == (D(100), D(89))  # HTXSNV → HTTNV
    changed = band_changed(before, after)
    assert changed
    required = explanations_required(pl5, lamdong, base, new, changed)
    assert list(required) == ["A.1.1", "A.1.2", "A.1.3", "B.1.1"]
    assert render_reason(required["B.1.1"]) == (
        "B.1.1: cần giải trình vì điểm thay đổi từ 5,00 thành 0,00 và làm thay đổi mức xếp loại "
        "theo điểm."
    )
    same_band = explanations_required(pl5, lamdong, base, new, False)
    assert list(same_band) == ["B.1.1"]
    assert render_reason(same_band["B.1.1"]) == (
        "B.1.1: cần giải trình vì điểm thay đổi từ 5,00 thành 0,00."
    )


def test_band_changed_needs_a_band_to_start_from(pl5, lamdong):
    points = points_of(score_evaluation(pl5, lamdong, entries_for(pl5)))
    full = stage_totals(pl5, lamdong, points, set())
    partial = stage_totals(pl5, lamdong, points | {"B.1.1": None}, set())
    assert not band_changed(partial, full)  # no band before
    assert band_changed(full, partial)  # a band, then none
    assert not band_changed(full, full)


def test_a_changed_proposal_needs_a_general_explanation(central):
    assert proposal_needs_explanation(central, "HTTNV", "HTXSNV")
    assert not proposal_needs_explanation(central, "HTTNV", "HTTNV")
    assert not proposal_needs_explanation(central, "", "HTXSNV")  # no proposal before
    assert not proposal_needs_explanation(central, None, "HTXSNV")
    assert render_reason(proposal_explanation("HTTNV", "HTXSNV")) == (
        "Cần giải trình vì mức đề xuất (HTXSNV) khác mức đề xuất của bước trước (HTTNV)."
    )


POLICIES = [
    policy_from_mapping({"id": f"p{n}", "extends": "central-2026", "points_decimals": n})
    for n in range(5)
]


@given(st.decimals(min_value=-1000, max_value=1000, places=6), st.integers(0, 4))
def test_round_points_is_idempotent_and_has_the_policys_places(value, places):
    policy = POLICIES[places]
    once = round_points(value, policy)
    assert round_points(once, policy) == once
    assert abs(once - value) <= Decimal(1).scaleb(-places) / 2
    assert -once.as_tuple().exponent == places


def test_a_one_decimal_policy_gives_the_web_the_numbers_of_danhgia_score(tmp_path):
    """The stage's points and totals as the web adds them equal the command line's output."""
    policy_file = tmp_path / "one-decimal.yaml"
    policy_file.write_text(
        "id: one-decimal\nextends: lamdong-2026\npoints_decimals: 1\n", encoding="utf-8"
    )
    request = json.loads((EXAMPLES / "score-lamdong-pl5.json").read_text(), parse_float=Decimal)
    request["policy"] = str(policy_file)
    out = score_json(request)
    framework, policy, _ = parse_score_request(request)
    assert policy.points_decimals == 1
    points = {
        code: None if row["points"] is None else Decimal(str(row["points"]))
        for code, row in out["criteria"].items()
    }
    not_applicable = {code for code, row in out["criteria"].items() if row.get("not_applicable")}
    assert check_stage_points(framework, policy, points, not_applicable) == {}
    totals = stage_totals(framework, policy, points, not_applicable)
    assert totals.total == Decimal(str(out["total"]))
    assert totals.part_b == Decimal(str(out["part_b"]))
    assert totals.axes[1] == Decimal(str(out["axes"][0]["points"]))
    assert totals.band.value == out["band"]
    assert all(p is None or p == round_points(p, policy) for p in points.values())
    # two decimals would be refused by this policy
    points["B.1.1"] = Decimal("2.25")
    problems = check_stage_points(framework, policy, points, not_applicable)
    assert problems == {"B.1.1": [Reason("points_too_precise", {"places": 1})]}
