"""`danhgia score` / `danhgia rate` under the policy keys of other provinces' variants (SPEC §15).

Part A "not applicable" rescaled (``general_not_applicable: rescale``), a late dossier scaled by
working days late (``late_dossier: scale``), axis maxima proposed per person
(``axis_maxima: proposed``): each through the command as a user runs it, with its exit codes,
its output and the JSON path of every refusal.
"""

import json

import pytest

from .test_cli import pl5_request, rate_request, run_json


def policy_file(tmp_path, extends="lamdong-2026", **keys):
    path = tmp_path / "variant.json"
    path.write_text(json.dumps({"id": "variant-2026", "extends": extends, **keys}))
    return str(path)


def fail_line(result):
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    return lines[0]


# --- general_not_applicable: rescale -----------------------------------------------------------


def attech(tmp_path, decimals=2):
    """ATTECH's example: A.1.1 not applicable (28 applicable), A.2.1 and A.2.2 not met (26 met)."""
    data = pl5_request()
    data["policy"] = policy_file(
        tmp_path, general_not_applicable="rescale", points_decimals=decimals
    )
    data["general"]["A.1.1"] = {"not_applicable": True}
    data["general"]["A.2.1"] = False
    data["general"]["A.2.2"] = False
    return data


def test_part_a_rescaled_26_of_28_is_27_86(tmp_path):
    result = run_json("score", attech(tmp_path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["part_a"] == 27.86
    assert out["criteria"]["A.1.1"] == {"points": None, "max": 2, "not_applicable": True}
    assert out["criteria"]["A.2.1"] == {"points": 0, "max": 1}
    assert out["total"] == pytest.approx(27.86 + out["part_b"])
    # groups keep the points met: the rescaling is part A's as a whole
    assert [g["points"] for g in out["groups"]] == [16, 2, 8]


def test_part_a_rescaled_at_one_decimal_is_27_9(tmp_path):
    out = json.loads(run_json("score", attech(tmp_path, decimals=1)).stdout)
    assert out["part_a"] == 27.9


def test_part_a_without_not_applicable_is_unchanged_under_rescale(tmp_path):
    data = pl5_request()
    plain = json.loads(run_json("score", data).stdout)
    data["policy"] = policy_file(tmp_path, general_not_applicable="rescale")
    out = json.loads(run_json("score", data).stdout)
    assert out["part_a"] == plain["part_a"] == 30
    assert out["total"] == plain["total"]


def test_part_a_not_applicable_is_refused_by_the_shipped_policies():
    data = pl5_request()
    data["general"]["A.1.1"] = {"not_applicable": True}
    for policy in ("central-2026", "lamdong-2026", "laocai-2026"):
        line = fail_line(run_json("score", {**data, "policy": policy}))
        assert line.startswith(f"general.A.1.1: policy {policy} does not allow not_applicable")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"not_applicable": False}, "general.A.1.1: expected true (met) or false (not met)"),
        ("yes", "general.A.1.1: expected true (met) or false (not met)"),
        ({"not_applicable": True, "met": True}, "general.A.1.1.met: unknown key"),
    ],
)
def test_part_a_values_refused_under_rescale(tmp_path, value, expected):
    data = attech(tmp_path)
    data["general"]["A.1.1"] = value
    assert fail_line(run_json("score", data)).startswith(expected)


def test_every_part_a_row_not_applicable_is_refused(tmp_path):
    data = attech(tmp_path)
    data["general"] = {code: {"not_applicable": True} for code in data["general"]}
    line = fail_line(run_json("score", data))
    assert line.startswith("general: at least one part A criterion must be applicable")


# --- late_dossier: scale -----------------------------------------------------------------------

SCALE = [
    {"working_days": 1, "pct": 80},
    {"working_days": 3, "pct": 60},
    {"working_days": 6, "pct": 0},
]


def late_request(tmp_path, days, total=91.5, **person):
    data = rate_request()
    data["policy"] = policy_file(
        tmp_path, "laocai-2026", late_dossier="scale", late_dossier_scale=SCALE
    )
    data["people"][3].update(total=total, dossier="late", dossier_days_late=days, **person)
    return data


@pytest.mark.parametrize(
    ("days", "counted", "rating"),
    [(0, None, "HTXSNV"), (1, "73,20", "HTTNV"), (2, "73,20", "HTTNV"), (4, "54,90", "HTNV")],
)
def test_a_late_dossier_counts_a_share_of_the_total(tmp_path, days, counted, rating):
    out = json.loads(run_json("rate", late_request(tmp_path, days)).stdout)
    person = out["people"][3]
    if counted is None:  # no row reached: the total counts in full (then the quota's cut)
        assert person["band"] == rating
        assert person["reasons"][0] == "91,50 điểm → HTXSNV"
        return
    assert person["rating"] == rating
    pct = {1: 80, 2: 80, 4: 60}[days]
    assert person["reasons"][:2] == [
        f"Hồ sơ nộp chậm {days} ngày làm việc: tính {pct} % tổng điểm → {counted} điểm",
        f"{counted} điểm → {rating}",
    ]
    assert person["band"] == rating


def test_six_working_days_late_counts_nothing(tmp_path):
    out = json.loads(run_json("rate", late_request(tmp_path, 9)).stdout)
    person = out["people"][3]
    assert person["rating"] == "KHTNV"
    assert person["reasons"][0].endswith("tính 0 % tổng điểm → 0,00 điểm")


def test_the_quota_ranks_the_counted_total(tmp_path):
    # p4 (index 3) has the highest total, 99, but 1 working day late: 79,20 counts, no candidate
    out = json.loads(run_json("rate", late_request(tmp_path, 1, total=99)).stdout)
    group = out["groups"][0]
    assert "p4" not in group["candidates"]
    assert out["people"][3]["rating"] == "HTTNV"


def test_days_late_alone_means_late(tmp_path):
    data = late_request(tmp_path, 4)
    del data["people"][3]["dossier"]
    out = json.loads(run_json("rate", data).stdout)
    assert out["people"][3]["reasons"][0].startswith("Hồ sơ nộp chậm 4 ngày làm việc")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"dossier_days_late": -1}, "people[3].dossier_days_late: expected a whole number ≥ 0"),
        ({"dossier_days_late": 1.5}, "people[3].dossier_days_late: expected a whole number ≥ 0"),
        ({"dossier_days_late": "2"}, "people[3].dossier_days_late: expected a whole number ≥ 0"),
        ({"dossier": "on_time"}, "people[3].dossier_days_late: given only for a late dossier"),
    ],
)
def test_days_late_refused(tmp_path, change, expected):
    data = late_request(tmp_path, 2)
    data["people"][3].update(change)
    assert fail_line(run_json("rate", data)).startswith(expected)


def test_a_late_dossier_without_days_is_left_to_the_authority(tmp_path):
    data = late_request(tmp_path, 2)
    del data["people"][3]["dossier_days_late"]
    out = json.loads(run_json("rate", data).stdout)
    person = out["people"][3]
    assert person["reasons"][0] == "91,50 điểm → HTXSNV"
    assert "Hồ sơ nộp chậm: đề nghị cấp có thẩm quyền xem xét" in person["warnings"]


def test_days_late_refused_under_a_policy_that_does_not_scale():
    data = rate_request()
    data["people"][0].update(dossier="late", dossier_days_late=2)
    line = fail_line(run_json("rate", data))
    assert line.startswith(
        "people[0].dossier_days_late: policy laocai-2026 does not count working days late"
    )


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ({"late_dossier": "scale"}, "late_dossier_scale: late_dossier: scale needs at least one"),
        (
            {"late_dossier": "scale", "late_dossier_scale": [SCALE[1], SCALE[0]]},
            "late_dossier_scale[1].working_days: expected more than 3",
        ),
        (
            {
                "late_dossier": "scale",
                "late_dossier_scale": [SCALE[1], {"working_days": 4, "pct": 70}],
            },
            "late_dossier_scale[1].pct: expected at most 60",
        ),
        (
            {"late_dossier": "scale", "late_dossier_scale": [{"working_days": 1, "pct": 120}]},
            "late_dossier_scale[0].pct: expected a number from 0 to 100",
        ),
        (
            {"late_dossier": "scale", "late_dossier_scale": [{"days": 1, "pct": 80}]},
            "late_dossier_scale[0].days: unknown policy key",
        ),
        ({"missing_dossier": "scale"}, "missing_dossier: expected one of none"),
        ({"general_not_applicable": "maybe"}, "general_not_applicable: expected one of"),
        ({"axis_maxima": "free"}, "axis_maxima: expected one of fixed | proposed"),
    ],
)
def test_variant_policy_keys_out_of_range_exit_2(tmp_path, keys, expected):
    data = {**rate_request(), "policy": policy_file(tmp_path, "laocai-2026", **keys)}
    assert fail_line(run_json("rate", data)).startswith(expected)


# --- axis_maxima: proposed ---------------------------------------------------------------------

PROPOSAL = {"1": 30, "2": 10, "3": 15, "4": 15}


def proposed(tmp_path, maxima=PROPOSAL, main=(1,), **results):
    data = pl5_request(**results)
    data["policy"] = policy_file(tmp_path, axis_maxima="proposed")
    data["axis_maxima"] = dict(maxima)
    data["main_axes"] = list(main)
    return data


def test_proposed_axis_maxima_scale_the_criteria(tmp_path):
    data = proposed(
        tmp_path,
        **{"B.1.1": {"target": 5, "actual": 3}, "B.2.5": {"category": "Khá"}},
    )
    result = run_json("score", data)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert [(a["axis"], a["max"]) for a in out["axes"]] == [(1, 30), (2, 10), (3, 15), (4, 15)]
    # axis 1: 25 → 30 (× 1,2): B.1.1's max 5 → 6, KPI 0,6 → 3,6 points
    assert out["criteria"]["B.1.1"] == {"kpi": 0.6, "points": 3.6, "max": 6, "exceeded": False}
    # axis 2: 15 → 10 (× 2/3): B.2.1's max 2 → 1,333…; on target: 1,33 points
    assert out["criteria"]["B.2.1"]["max"] == pytest.approx(4 / 3)
    assert out["criteria"]["B.2.1"]["points"] == 1.33
    # a category row's table points scale by the same factor: "Khá" 2 of 3 → 1,33 of 2
    assert out["criteria"]["B.2.5"]["max"] == 2
    assert out["criteria"]["B.2.5"]["points"] == 1.33
    assert out["part_b"] == pytest.approx(sum(a["points"] for a in out["axes"]))


def test_proposed_maxima_equal_to_the_frameworks_change_nothing(tmp_path):
    plain = json.loads(run_json("score", pl5_request()).stdout)
    maxima = {"1": 25, "2": 15, "3": 15, "4": 15}
    out = json.loads(run_json("score", proposed(tmp_path, maxima=maxima)).stdout)
    assert out["criteria"] == plain["criteria"]
    assert out["total"] == plain["total"]


@pytest.mark.parametrize(
    ("maxima", "main", "expected"),
    [
        (
            {**PROPOSAL, "1": 35},
            (1,),
            "axis_maxima: expected axis maxima adding up to 70 (they add up to 75)",
        ),
        ({"1": 30, "2": 10, "3": 30}, (1,), "axis_maxima.4: missing axis"),
        ({**PROPOSAL, "5": 0}, (1,), "axis_maxima.5: unknown key"),
        ({**PROPOSAL, "2": 0, "3": 25}, (3,), "axis_maxima.2: expected a number > 0"),
        ({**PROPOSAL, "2": "10"}, (1,), "axis_maxima.2: expected a number > 0"),
        (PROPOSAL, (3,), "main_axes[0]: main axis 3 (15) must weigh more than axis 1 (30)"),
        (PROPOSAL, (1, 3), "main_axes[1]: main axis 3 (15) must weigh more than axis 4 (15)"),
        (PROPOSAL, (), "main_axes: expected a non-empty list of axis numbers"),
        (PROPOSAL, (7,), "main_axes[0]: expected the number of an axis of the framework"),
        (PROPOSAL, (1, 1), "main_axes[1]: each axis may appear once"),
    ],
)
def test_proposals_refused(tmp_path, maxima, main, expected):
    line = fail_line(run_json("score", proposed(tmp_path, maxima=maxima, main=main)))
    assert line.startswith(expected)


def test_a_proposal_is_required_under_proposed(tmp_path):
    data = proposed(tmp_path)
    del data["main_axes"]
    assert fail_line(run_json("score", data)).startswith("main_axes: required")
    del data["axis_maxima"]
    assert fail_line(run_json("score", data)).startswith("axis_maxima: required")


def test_axis_maxima_under_fixed_is_invalid_input():
    data = {**pl5_request(), "axis_maxima": PROPOSAL}
    line = fail_line(run_json("score", data))
    assert line.startswith("axis_maxima: policy lamdong-2026 has fixed axis maxima")
    data = {**pl5_request(), "main_axes": [1]}
    assert fail_line(run_json("score", data)).startswith("main_axes: policy lamdong-2026")
