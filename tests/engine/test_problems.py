"""Framework problems: the English text of the command line, a code, params and Vietnamese."""

import copy
import json
import pickle
from decimal import Decimal

import pytest

from danhgia.engine import (
    PROBLEM_CODES,
    Problem,
    framework_from_mapping,
    framework_listing,
    load_framework,
    problem_from_text,
    render_problem_vi,
)


def test_a_problem_is_its_english_sentence_with_a_code():
    pl1 = load_framework("lamdong-2026-pl1")
    (problem,) = pl1.problems
    assert problem == "axis 6 rows add up to 9 of 10"
    assert isinstance(problem, str)
    assert problem.code == "axis_sum"
    assert problem.params == {"axis": 6, "total": "9", "max": "10"}
    assert render_problem_vi(problem) == "Trục 6: các tiêu chí cộng lại 9/10 điểm"


def test_draft_sentences_are_problems_that_pass_through():
    pl3 = load_framework("lamdong-2026-pl3")
    drafts = [p for p in pl3.problems if p.code == "draft_missing"]
    assert drafts[0] == "Trục 2: thiếu các tiêu chí sau 2.4 (có 12/15 điểm)"
    assert render_problem_vi(drafts[0]) == drafts[0]
    sums = [p for p in pl3.problems if p.code == "axis_sum"]
    assert sums[0].params == {"axis": 2, "total": "12", "max": "15"}


@pytest.mark.parametrize(
    ("problem", "english", "vietnamese"),
    [
        (
            Problem("duplicate_criterion", {"criterion": "B.1.1"}),
            "criterion B.1.1 appears twice",
            "Tiêu chí B.1.1 xuất hiện hai lần",
        ),
        (
            Problem("part_a_group_sum", {"group": 1, "total": "16", "max": "18"}),
            "part A group 1 rows add up to 16 of 18",
            "Phần A, nhóm 1: các tiêu chí cộng lại 16/18 điểm",
        ),
        (
            Problem("part_a_sum", {"total": "28.5", "max": "30"}),
            "part A adds up to 28.5 of 30",
            "Phần A cộng lại 28,5/30 điểm",
        ),
        (
            Problem("axis_no_max", {"axis": 2}),
            "axis 2 has no max points",
            "Trục 2 chưa có điểm tối đa",
        ),
        (
            Problem("axis_sum", {"axis": 6, "total": "9.5", "max": "10"}),
            "axis 6 rows add up to 9.5 of 10",
            "Trục 6: các tiêu chí cộng lại 9,5/10 điểm",
        ),
        (
            Problem("axes_sum", {"total": "60", "max": "70"}),
            "axes add up to 60 of 70",
            "Các trục cộng lại 60/70 điểm",
        ),
    ],
)
def test_each_code_in_english_and_vietnamese(problem, english, vietnamese):
    assert problem == english
    assert render_problem_vi(problem) == vietnamese
    # a problem stored as its English text reads back into the same problem
    assert problem_from_text(english).to_json() == problem.to_json()
    assert render_problem_vi(english) == vietnamese


def test_every_code_is_covered_by_the_table_above():
    assert set(PROBLEM_CODES) == {
        "draft_missing",
        "duplicate_criterion",
        "part_a_group_sum",
        "part_a_sum",
        "axis_no_max",
        "axis_sum",
        "axes_sum",
    }


def test_storage_round_trips():
    problem = Problem("axis_sum", {"axis": 6, "total": "9", "max": "10"})
    stored = json.loads(json.dumps(problem.to_json()))
    assert Problem.from_json(stored) == problem
    assert Problem.from_json(stored).params == problem.params
    assert Problem.from_json("axis 6 rows add up to 9 of 10").code == "axis_sum"
    assert json.dumps([problem]) == '["axis 6 rows add up to 9 of 10"]'
    for clone in (pickle.loads(pickle.dumps(problem)), copy.deepcopy(problem)):
        assert (clone, clone.code, clone.params) == (problem, problem.code, problem.params)
    with pytest.raises(ValueError):
        Problem.from_json(42)


def test_framework_problems_from_a_mapping_have_codes():
    data = {
        "id": "test",
        "axes": [
            {"axis": 1, "max": 30, "criteria": [{"code": "B.1.1", "text": "x", "max": 30}]},
            {"axis": 2, "max": 30, "criteria": [{"code": "B.2.1", "text": "y", "max": 30}]},
        ],
    }
    framework = framework_from_mapping(data)
    assert framework.problems == ("axes add up to 60 of 70",)
    assert [p.code for p in framework.problems] == ["axes_sum"]


def test_the_listing_json_is_unchanged_text():
    listing = {item["id"]: item for item in framework_listing()}
    assert json.loads(json.dumps(listing["lamdong-2026-pl1"]["problems"])) == [
        "axis 6 rows add up to 9 of 10"
    ]


def test_part_maxima_come_from_the_framework():
    pl5 = load_framework("lamdong-2026-pl5")
    assert (pl5.part_a_max, pl5.part_b_max, pl5.total_max) == (30, 70, 100)
    assert pl5.axis_maxima == {1: 25, 2: 15, 3: 15, 4: 15}
    assert pl5.group_maxima == {1: 18, 2: 4, 3: 8}
    pl1 = load_framework("lamdong-2026-pl1")
    # declared maxima, not the rows: axis 6 is 10 although its rows add up to 9
    assert pl1.part_b_max == 70
    assert pl1.axis_maxima[6] == 10
    assert pl1.axis(6).rows_total == Decimal(9)
