"""The `danhgia` command as a user runs it: a subprocess, JSON in, JSON out, exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from danhgia.engine import load_framework

from .helpers import score_request

DANHGIA = str(Path(sys.executable).with_name("danhgia"))
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(*args, stdin=None):
    return subprocess.run(
        [DANHGIA, *args], input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def run_json(kind, data):
    return run(kind, "-", stdin=json.dumps(data, ensure_ascii=False))


def rate_request(**changes):
    data = {
        "policy": "laocai-2026",
        "period": "2026-Q3",
        "groups": [{"id": "g", "quota_pct": 25}],
        "units": [
            {
                "id": "u",
                "tasks_total": 20,
                "tasks_completed": 20,
                "tasks_late": 0,
                "tasks_exceeding": 7,
                "force_majeure": False,
                "rating": "HTTNV",
            }
        ],
        "people": [
            {
                "id": f"p{i}",
                "unit": "u",
                "group": "g",
                "role": "deputy",
                "total": t,
                "tasks_total": 6,
                "tasks_completed": 6,
            }
            for i, t in enumerate([92.5, 95, 91, 80, 80, 80, 80, 80], start=1)
        ],
    }
    data.update(changes)
    return data


def test_help_explains_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for word in ("score", "rate", "frameworks", "policies", "Exit status"):
        assert word in result.stdout
    for sub in ("score", "rate", "frameworks", "policies"):
        sub_help = run(sub, "--help")
        assert sub_help.returncode == 0
        assert sub_help.stdout.strip()
    assert "target" in run("score", "--help").stdout
    assert "deferred" in run("rate", "--help").stdout


def test_score_the_example_file():
    result = run("score", str(EXAMPLES / "score-lamdong-pl5.json"))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["framework"] == "lamdong-2026-pl5"
    assert out["policy"] == "lamdong-2026"
    assert out["criteria"]["A.1.1"] == {"points": 2, "max": 2}
    assert out["criteria"]["B.1.1"] == {"kpi": 0.6, "points": 3, "max": 5, "exceeded": False}
    assert out["criteria"]["B.1.7"]["kpi"] == 1.05
    assert out["criteria"]["B.2.5"]["points"] == 2
    assert out["criteria"]["B.4.2"]["points"] == 2.25
    assert out["criteria"]["B.1.6"]["points"] is None
    assert out["criteria"]["B.1.2"]["kpi"] == 0.9375
    assert out["axes"][0] == {"axis": 1, "points": 22.39, "max": 25, "rescaled": True}
    assert out["part_a"] == 28
    assert out["part_b"] == 65.64
    assert out["total"] == 93.64
    assert out["band"] == "HTXSNV"
    assert out["warnings"] == []


def test_score_takes_the_frameworks_own_policy_by_default():
    data = score_request(load_framework("lamdong-2026-pl1"))
    data["results"]["B.1.1"] = {"target": [18, 20], "actual": 12}
    result = run_json("score", data)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["policy"] == "lamdong-2026"
    assert out["criteria"]["B.1.1"] == {"kpi": 0.6667, "points": 1.33, "max": 2, "exceeded": False}
    assert out["warnings"] == ["axis 6 rows add up to 9 of 10"]
    assert out["total"] == 98.33  # 30 + 69 (axis 6 adds to 9) - 0.67


def test_rate_prints_people_in_input_order_with_reasons():
    result = run_json("rate", rate_request())
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert [p["id"] for p in out["people"]] == [f"p{i}" for i in range(1, 9)]
    assert out["people"][0] == {
        "id": "p1",
        "band": "HTXSNV",
        "rating": "HTXSNV",
        "reasons": ["92,50 điểm → HTXSNV"],
        "warnings": [],
    }
    group = out["groups"][0]
    assert (group["id"], group["base"], group["allowed"]) == ("g", 8, 2)
    assert group["excellent"] == ["p1", "p2"]
    assert out["people"][2]["rating"] == "HTTNV"


def test_rate_deferred_person_without_total():
    data = rate_request()
    data["people"][3] = {"id": "p4", "unit": "u", "deferred": "maternity_leave"}
    out = json.loads(run_json("rate", data).stdout)
    assert out["people"][3]["rating"] == "DEFERRED"
    assert out["people"][3]["band"] is None


def test_lists_as_json():
    frameworks = json.loads(run("frameworks", "--json").stdout)
    status = {f["id"]: f["status"] for f in frameworks}
    assert status == {
        "central-2026-pl3": "valid",
        "lamdong-2026-pl1": "invalid",
        "lamdong-2026-pl2": "invalid",
        "lamdong-2026-pl3": "draft",
        "lamdong-2026-pl4": "draft",
        "lamdong-2026-pl5": "valid",
        "lamdong-2026-pl6": "draft",
    }
    pl1 = next(f for f in frameworks if f["id"] == "lamdong-2026-pl1")
    assert set(pl1) >= {"id", "title", "status", "problems"}
    assert pl1["problems"] == ["axis 6 rows add up to 9 of 10"]
    policies = json.loads(run("policies", "--json").stdout)
    assert [p["id"] for p in policies] == ["central-2026", "lamdong-2026", "laocai-2026"]
    assert all(p["status"] == "valid" for p in policies)
    text = run("frameworks")
    assert "lamdong-2026-pl1  invalid" in text.stdout


def pl5_request(**results):
    return score_request(load_framework("lamdong-2026-pl5"), **results)


def without(data, section, code):
    del data[section][code]
    return data


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        (
            "score",
            {**pl5_request(), "framework": "lamdong-2026-pl9"},
            "framework: unknown framework 'lamdong-2026-pl9'",
        ),
        ("score", {**pl5_request(), "policy": "hanoi-2026"}, "policy: unknown policy 'hanoi-2026'"),
        ("score", without(pl5_request(), "results", "B.3.3"), "results.B.3.3: missing criterion"),
        ("score", without(pl5_request(), "general", "A.2.2"), "general.A.2.2: missing criterion"),
        (
            "score",
            pl5_request(**{"B.2.5": {"category": "Xuất sắc"}}),
            'results.B.2.5.category: expected one of "Tốt", "Khá", "Trung bình"',
        ),
        (
            "score",
            pl5_request(**{"B.2.5": {"level": 1}}),
            "results.B.2.5.level: not used by a category criterion",
        ),
        (
            "score",
            pl5_request(**{"B.4.2": {"target": 3, "actual": 3}}),
            "results.B.4.2.target: not used by a level criterion",
        ),
        (
            "score",
            pl5_request(**{"B.4.2": {"level": 4}}),
            "results.B.4.2.level: expected 1, 2 or 3",
        ),
        (
            "score",
            pl5_request(**{"B.1.1": {"target": 0, "actual": 3}}),
            "results.B.1.1.target: expected a number > 0",
        ),
        (
            "score",
            pl5_request(**{"B.1.1": {"target": -5, "actual": 3}}),
            "results.B.1.1.target: expected a number > 0",
        ),
        (
            "score",
            pl5_request(**{"B.1.7": {"target": [0, 25], "actual": 3}}),
            "results.B.1.7.target[0]: expected a number > 0",
        ),
        (
            "score",
            pl5_request(**{"B.1.1": {"target": 5, "actual": -1}}),
            "results.B.1.1.actual: expected a number ≥ 0",
        ),
        (
            "score",
            pl5_request(**{"B.1.1": {"target": 5}}),
            "results.B.1.1.actual: expected a number",
        ),
        (
            "score",
            pl5_request(**{"B.1.1": {"target": "5", "actual": 3}}),
            "results.B.1.1.target: expected a positive number or [low, high]",
        ),
        (
            "score",
            pl5_request(**{"B.2.5": {"tasks": [{"planned": 1, "delivered": 1}]}}),
            "results.B.2.5.tasks: a category criterion is not scored from tasks",
        ),
        (
            "score",
            pl5_request(**{"B.1.2": {"tasks": []}}),
            "results.B.1.2.tasks: expected a non-empty list of tasks",
        ),
        (
            "score",
            pl5_request(**{"B.1.2": {"tasks": [{"planned": 1, "delivered": -1}]}}),
            "results.B.1.2.tasks[0].delivered: expected a number ≥ 0",
        ),
        (
            "score",
            pl5_request(**{"B.1.2": {"tasks": [{"planned": 1, "delivered": 1, "quality": 1.5}]}}),
            "results.B.1.2.tasks[0].quality: expected a number from 0 to 1.2",
        ),
        (
            "score",
            pl5_request(**{"B.9.9": {"level": 1}}),
            "results.B.9.9: unknown criterion for framework lamdong-2026-pl5",
        ),
        (
            "score",
            {**pl5_request(), "general": {**pl5_request()["general"], "A.1.1": "yes"}},
            "general.A.1.1: expected true (met) or false (not met)",
        ),
        (
            "rate",
            rate_request(people=[{"id": "p1", "unit": "u", "total": 101}]),
            "people[0].total: expected a number from 0 to 100",
        ),
        (
            "rate",
            rate_request(people=[{"id": "p1", "unit": "u", "total": -1}]),
            "people[0].total: expected a number from 0 to 100",
        ),
        (
            "rate",
            rate_request(people=[{"id": "p1", "unit": "u"}]),
            "people[0].total: expected a number from 0 to 100",
        ),
        (
            "rate",
            rate_request(people=[{"id": "p1", "unit": "nowhere", "total": 80}]),
            "people[0].unit: unknown unit 'nowhere'",
        ),
        (
            "rate",
            rate_request(people=[{"id": "p1", "unit": "u", "collective": "x", "total": 80}]),
            "people[0].collective: unknown unit 'x'",
        ),
        (
            "rate",
            rate_request(groups=[{"id": "g", "quota_pct": 30}]),
            "groups[0].quota_pct: expected a number from 0 to 25 (policy laocai-2026)",
        ),
        (
            "rate",
            {**rate_request(), "policy": "lamdong-2026", "groups": [{"id": "g", "quota_pct": 25}]},
            "groups[0].quota_pct: expected a number from 0 to 20 (policy lamdong-2026)",
        ),
        (
            "rate",
            rate_request(people=[{"id": "p1", "unit": "u", "total": 80, "role": "boss"}]),
            "people[0].role: expected head | deputy | member",
        ),
        (
            "rate",
            rate_request(people=[{"id": "p1", "unit": "u", "total": 80, "dossier": "lost"}]),
            "people[0].dossier: expected on_time | late | missing",
        ),
        (
            "rate",
            rate_request(people=[{"id": "p1", "unit": "u", "total": 80, "deferred": "holiday"}]),
            "people[0].deferred: expected null | training",
        ),
        (
            "rate",
            rate_request(
                people=[{"id": "p1", "unit": "u", "total": 80, "service_start": "01/03/1998"}]
            ),
            "people[0].service_start: expected a date YYYY-MM-DD",
        ),
        (
            "rate",
            rate_request(units=[{"id": "u", "tasks_total": 5, "tasks_completed": 6}]),
            "units[0].tasks_completed: expected at most tasks_total (5)",
        ),
        (
            "rate",
            rate_request(units=[{"id": "u", "rating": "TOT"}]),
            "units[0].rating: expected one of HTXSNV | HTTNV | HTNV | KHTNV",
        ),
        (
            "rate",
            {**rate_request(), "period": "Q3-2026"},
            "period: expected a quarter like 2026-Q3",
        ),
        (
            "rate",
            {k: v for k, v in rate_request().items() if k != "policy"},
            "policy: required: a policy id or file path",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_path(kind, data, expected):
    result = run_json(kind, data)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(expected), lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text",
    ["{", "[1, 2", "", "not json", '{"framework": NaN}'],
)
def test_invalid_json_exits_2(text):
    result = run("score", "-", stdin=text)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "invalid JSON" in result.stderr


def test_the_top_level_must_be_an_object():
    result = run("rate", "-", stdin="[]")
    assert result.returncode == 2
    assert result.stderr.strip() == "$: expected an object"


def test_a_missing_input_file_is_not_invalid_input_but_exits_1():
    result = run("score", "/nonexistent/file.json")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "cannot read input file" in result.stderr


def test_usage_errors_are_one_line():
    result = run("score")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1


def test_the_descriptive_keys_name_title_and_note_are_accepted():
    data = rate_request(note="Quý III", title="Xếp loại quý III")
    data["units"][0]["name"] = "Sở Tài chính"
    data["groups"][0]["name"] = "Phó Giám đốc sở"
    data["people"][0]["title"] = "Phó Giám đốc"
    data["people"][0]["note"] = "Phụ trách tài chính"
    assert run_json("rate", data).returncode == 0
    score = pl5_request(**{"B.1.1": {"target": 5, "actual": 3, "note": "05 nhiệm vụ"}})
    score["name"] = "Phiếu mẫu"
    score["results"]["B.1.2"] = {"tasks": [{"planned": 1, "delivered": 1, "title": "Đề án"}]}
    assert run_json("score", score).returncode == 0


@pytest.mark.parametrize(
    ("kind", "change", "path"),
    [
        ("rate", lambda d: d.update(comment="x"), "comment"),
        ("rate", lambda d: d["units"][0].update(head="x"), "units[0].head"),
        ("rate", lambda d: d["groups"][0].update(size=3), "groups[0].size"),
        ("rate", lambda d: d["people"][2].update(position="Phó Giám đốc"), "people[2].position"),
        ("score", lambda d: d.update(person="p1"), "person"),
        ("score", lambda d: d["results"]["B.1.1"].update(unit="%"), "results.B.1.1.unit"),
        (
            "score",
            lambda d: d["results"].update({"B.1.2": {"tasks": [{"planned": 1, "weight": 2}]}}),
            "results.B.1.2.tasks[0].weight",
        ),
    ],
)
def test_a_key_the_engine_does_not_know_exits_2_naming_it(kind, change, path):
    data = rate_request() if kind == "rate" else pl5_request()
    change(data)
    result = run_json(kind, data)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}: unknown key"), result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_numbers_out_of_range_exit_2_naming_the_path():
    data = pl5_request(**{"B.1.1": {"target": 1, "actual": 1e300}})
    result = run_json("score", data)
    assert result.returncode == 2
    assert result.stderr.startswith("results.B.1.1.actual: expected a number")


def test_a_policy_file_needs_its_own_id(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("extends: central-2026\npoints_decimals: 1\n")
    result = run_json("score", {**pl5_request(), "policy": str(policy)})
    assert result.returncode == 2
    assert result.stderr.startswith("id: expected the policy's own id")


def test_a_policy_file_path_with_an_unknown_key_exits_2(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("id: p\nextends: laocai-2026\nquota: {pct: 20, bonus: 3}\n")
    result = run_json("rate", {**rate_request(), "policy": str(policy)})
    assert result.returncode == 2
    assert result.stderr.startswith("quota.bonus: unknown policy key")


def test_a_policy_file_path_with_an_out_of_range_value_exits_2(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("id: p\nextends: central-2026\npoints_decimals: 7\n")
    data = {**pl5_request(), "policy": str(policy)}
    result = run_json("score", data)
    assert result.returncode == 2
    assert result.stderr.startswith("points_decimals: expected a whole number from 0 to 4")


def test_a_policy_file_changes_the_rounding(tmp_path):
    policy = tmp_path / "p.json"
    policy.write_text(json.dumps({"id": "p", "extends": "lamdong-2026", "points_decimals": 1}))
    data = score_request(load_framework("lamdong-2026-pl1"))
    data["policy"] = str(policy)
    data["results"]["B.1.1"] = {"target": [18, 20], "actual": 12}
    out = json.loads(run_json("score", data).stdout)
    assert out["policy"] == "p"
    assert out["criteria"]["B.1.1"]["points"] == 1.3


def test_no_command_prints_help():
    result = run()
    assert result.returncode == 0
    assert "score" in result.stdout


def test_unknown_command_exits_2():
    result = run("frobnicate")
    assert result.returncode == 2
