"""Engine errors carry a machine code and params; their Vietnamese comes from those."""

import ast
import json
from decimal import Decimal
from pathlib import Path

import pytest

from danhgia.engine import (
    ERROR_CODES,
    CriterionInput,
    DataFileError,
    EngineError,
    InputError,
    check_entries,
    load_framework,
    load_policy,
    policy_from_mapping,
    rate_json,
    render_error_vi,
    score_json,
)

from .helpers import entries_for, score_request

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "danhgia" / "engine").rglob("*.py")), ROOT / "danhgia" / "cli.py"]
ERROR_CLASSES = {"InputError", "DataFileError", "EngineError"}


def raise_sites():
    """Every ``InputError(...)``, ``DataFileError(...)``, ``EngineError(...)`` in the engine."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ERROR_CLASSES
            ):
                yield path, node


def code_of(node: ast.Call):
    for keyword in node.keywords:
        if keyword.arg == "code":
            return keyword.value
    if node.func.id != "EngineError" and len(node.args) >= 3:
        return node.args[2]
    return None


def test_every_raise_site_names_a_code():
    missing = [
        f"{path.name}:{node.lineno}" for path, node in raise_sites() if code_of(node) is None
    ]
    assert missing == []


def test_every_code_raised_has_a_vietnamese_message():
    codes = set()
    for _, node in raise_sites():
        code = code_of(node)
        if isinstance(code, ast.Constant):
            codes.add(code.value)
    assert codes  # the scan found the literal codes
    assert codes - set(ERROR_CODES) == set()


@pytest.mark.parametrize("code", ERROR_CODES)
def test_every_code_renders_vietnamese_without_placeholders(code):
    params = {
        "criterion": "B.1.1",
        "axis": 2,
        "min": "0",
        "max": "1.2",
        "measure": "ratio",
        "key": "bonus",
        "kind": "unit",
        "id": "u1",
        "ref": "x",
        "file": "x.yaml",
        "reason": "No such file",
        "detail": "line 1",
        "choices": ["a", "b"],
        "categories": ["Tốt", "Khá"],
        "other": "tasks_total",
        "prefix": "B.1.",
        "framework": "lamdong-2026-pl5",
        "policy": "laocai-2026",
        "expected": "70",
        "total": "65",
        "other_max": "20",
        "after": 3,
        "axes": ["1", "2"],
        "rule": "warn",
        "dossier": "on_time",
    }
    text = render_error_vi(InputError("results.B.1.1.target", "english", code, params))
    places = {"axis_all_not_applicable": "Trục 2:", "part_a_all_not_applicable": "Phần A:"}
    assert text.startswith(places.get(code, "B.1.1"))
    assert "%(" not in text
    assert "{" not in text.replace("{label, value}", "")
    assert "None" not in text
    assert text.endswith(".")


def score_error(**results) -> InputError:
    request = score_request(load_framework("lamdong-2026-pl5"), **results)
    with pytest.raises(InputError) as caught:
        score_json(json.loads(json.dumps(request), parse_float=Decimal))
    return caught.value


@pytest.mark.parametrize(
    ("results", "text", "code", "params", "vietnamese"),
    [
        (
            {"B.1.1": {"target": 5}},
            "results.B.1.1.actual: expected a number",
            "actual_expected",
            {"criterion": "B.1.1"},
            "B.1.1, kết quả thực tế: cần kết quả thực tế là một số.",
        ),
        (
            {"B.1.1": {"actual": 5}},
            "results.B.1.1.target: expected a positive number or [low, high]",
            "target_expected",
            {"criterion": "B.1.1"},
            "B.1.1, mục tiêu: cần mục tiêu là một số dương hoặc một khoảng [thấp, cao].",
        ),
        (
            {"B.1.7": {"target": [0, 25], "actual": 3}},
            "results.B.1.7.target[0]: expected a number > 0",
            "expected_positive",
            {"criterion": "B.1.7"},
            "B.1.7, cận dưới của mục tiêu: cần một số lớn hơn 0.",
        ),
        (
            {"B.4.2": {"level": 4}},
            "results.B.4.2.level: expected 1, 2 or 3",
            "level_expected",
            {"criterion": "B.4.2"},
            "B.4.2, mức độ đáp ứng: chọn mức độ đáp ứng 1, 2 hoặc 3.",
        ),
        (
            {"B.2.5": {"category": "Xuất sắc"}},
            'results.B.2.5.category: expected one of "Tốt", "Khá", "Trung bình"',
            "unknown_category",
            {"criterion": "B.2.5", "category": "Xuất sắc"},
            "B.2.5, mức xếp loại: chọn một trong các mức “Tốt”, “Khá”, “Trung bình”.",
        ),
        (
            {"B.2.5": {"tasks": [{"planned": 1, "delivered": 1}]}},
            "results.B.2.5.tasks: a category criterion is not scored from tasks",
            "not_task_scorable",
            {"criterion": "B.2.5", "measure": "category"},
            "B.2.5: tiêu chí này không chấm theo nhiệm vụ được.",
        ),
        (
            {"B.1.2": {"tasks": []}},
            "results.B.1.2.tasks: expected a non-empty list of tasks",
            "tasks_required",
            {"criterion": "B.1.2"},
            "B.1.2, nhiệm vụ: cần ít nhất một nhiệm vụ.",
        ),
        (
            {"B.1.2": {"tasks": [{"planned": 1, "delivered": 1, "quality": 1.5}]}},
            "results.B.1.2.tasks[0].quality: expected a number from 0 to 1.2",
            "number_out_of_range",
            {"min": "0", "max": "1.2"},
            "B.1.2, nhiệm vụ thứ 1, hệ số chất lượng: cần một số từ 0 đến 1,2.",
        ),
        (
            {"B.9.9": {"level": 1}},
            "results.B.9.9: unknown criterion for framework lamdong-2026-pl5",
            "unknown_criterion",
            {"criterion": "B.9.9", "framework": "lamdong-2026-pl5"},
            "B.9.9: không có tiêu chí này trong khung lamdong-2026-pl5.",
        ),
        (
            {"B.2.5": {"level": 1}},
            "results.B.2.5.level: not used by a category criterion",
            "not_used_by_measure",
            {"criterion": "B.2.5", "measure": "category", "key": "level"},
            "B.2.5, mức độ đáp ứng: không dùng cho tiêu chí loại “điểm theo mức xếp loại”.",
        ),
    ],
)
def test_score_errors_keep_their_text_and_carry_a_code(results, text, code, params, vietnamese):
    error = score_error(**results)
    assert str(error) == text
    assert error.code == code
    assert params.items() <= error.params.items()
    assert render_error_vi(error) == vietnamese


def test_check_entries_codes_as_the_web_application_calls_it(pl5, central):
    entries = entries_for(pl5)
    del entries["B.1.1"]
    with pytest.raises(InputError) as caught:
        check_entries(pl5, central, entries)
    assert (caught.value.path, caught.value.code) == ("B.1.1", "missing_criterion")
    assert render_error_vi(caught.value) == "B.1.1: thiếu tiêu chí này."

    entries = entries_for(pl5, A_1_1=CriterionInput())
    with pytest.raises(InputError) as caught:
        check_entries(pl5, central, entries)
    assert caught.value.code == "expected_met"
    assert render_error_vi(caught.value) == "A.1.1: chưa chọn “Đảm bảo” hoặc “Không đảm bảo”."


def test_an_axis_entirely_not_applicable_names_the_axis(pl5, central):
    na = CriterionInput(not_applicable=True)
    entries = entries_for(pl5, **{c.code.replace(".", "_"): na for c in pl5.axis(2).criteria})
    with pytest.raises(InputError) as caught:
        check_entries(pl5, central, entries)
    error = caught.value
    assert error.code == "axis_all_not_applicable"
    assert error.params == {"criterion": "B.2.1", "axis": 2}
    assert str(error) == "B.2.1: at least one criterion of axis 2 must be applicable"
    assert render_error_vi(error) == (
        "Trục 2: phải có ít nhất một tiêu chí được áp dụng (không thể đánh dấu “Không áp dụng” "
        "cho mọi tiêu chí của trục)."
    )


def test_a_policy_forbidding_not_applicable(pl5):
    forbid = policy_from_mapping(
        {"id": "forbid", "extends": "central-2026", "not_applicable": "forbid"}
    )
    entries = entries_for(pl5, B_1_1=CriterionInput(not_applicable=True))
    with pytest.raises(InputError) as caught:
        check_entries(pl5, forbid, entries)
    assert caught.value.code == "not_applicable_forbidden"
    assert caught.value.params == {"criterion": "B.1.1", "policy": "forbid"}
    assert render_error_vi(caught.value) == (
        "B.1.1: chính sách của kỳ không cho phép đánh dấu “Không áp dụng”."
    )


def test_rate_errors_carry_codes():
    request = {
        "policy": "laocai-2026",
        "groups": [{"id": "g", "quota_pct": 30}],
        "units": [{"id": "u"}],
        "people": [],
    }
    with pytest.raises(InputError) as caught:
        rate_json(request)
    error = caught.value
    assert str(error) == "groups[0].quota_pct: expected a number from 0 to 25 (policy laocai-2026)"
    assert error.code == "number_out_of_range"
    assert error.params == {"min": "0", "max": "25", "policy": "laocai-2026"}
    assert render_error_vi(error) == (
        "groups[0].quota_pct (tỷ lệ HTXSNV): cần một số từ 0 đến 25 (bộ quy tắc laocai-2026)."
    )

    request = {"policy": "laocai-2026", "units": [{"id": "u"}], "people": [{"id": "p"}]}
    with pytest.raises(InputError) as caught:
        rate_json(request)
    assert (caught.value.code, caught.value.params) == ("required", {"key": "unit"})


def test_policy_file_errors_carry_codes():
    with pytest.raises(DataFileError) as caught:
        policy_from_mapping({"id": "x", "extends": "central-2026", "quota": {"bonus": 1}})
    assert str(caught.value) == "quota.bonus: unknown policy key"
    assert (caught.value.code, caught.value.params) == ("unknown_key", {"key": "bonus"})
    assert render_error_vi(caught.value) == "quota.bonus: khóa “bonus” không được hỗ trợ."

    with pytest.raises(DataFileError) as caught:
        policy_from_mapping({"id": "x", "extends": "central-2026", "points_decimals": 7})
    assert caught.value.code == "whole_number_out_of_range"
    assert caught.value.params == {"min": 0, "max": 4}
    assert render_error_vi(caught.value) == (
        "points_decimals (số chữ số thập phân của điểm): cần một số nguyên từ 0 đến 4."
    )

    with pytest.raises(InputError) as caught:
        load_policy("nowhere-2026")
    assert caught.value.code == "unknown_policy"
    assert caught.value.params["ref"] == "nowhere-2026"
    assert "central-2026" in caught.value.params["known"]


def test_an_engine_error_without_a_path():
    error = EngineError("cannot read input file x.json (No such file or directory)")
    assert error.code == "engine_error"
    assert error.params == {}
    assert render_error_vi(error) == "Cannot read input file x.json (No such file or directory)."
    coded = EngineError("x", code="cannot_read_file", params={"file": "x.json", "reason": "gone"})
    assert render_error_vi(coded) == "Không đọc được tệp x.json (gone)."


def test_an_unknown_code_keeps_the_english_message():
    error = InputError("people[0].total", "expected something new", "brand_new_code")
    assert render_error_vi(error) == (
        "people[0].total (tổng điểm): dữ liệu không hợp lệ (expected something new)."
    )
