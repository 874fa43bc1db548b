"""The engine's refusals in Vietnamese, from their ``code`` and ``params`` (never their English).

``render_error_vi(exc)`` names where the problem is — the criterion (``B.1.2, nhiệm vụ thứ 1,
hệ số chất lượng``) when the error is about one, else the JSON path — and what is expected. The
codes are listed in ``docs/engine.md``; an error with a code this module does not know falls
back to its English message, so a message is never lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import EngineError, InputError

Params = Mapping[str, Any]

#: measure types of a criterion, as the web application names them (SPEC §7.2)
MEASURE_LABELS = {
    "yes_no": "đảm bảo / không đảm bảo",
    "ratio": "tỷ lệ thực hiện so với mục tiêu",
    "reduction": "mức giảm so với mục tiêu giảm",
    "category": "điểm theo mức xếp loại",
    "level": "mức độ đáp ứng (3 mức)",
    "tasks": "tính từ các nhiệm vụ được giao",
}

#: the last key of a JSON path, in Vietnamese
FIELD_LABELS = {
    "target": "mục tiêu",
    "actual": "kết quả thực tế",
    "category": "mức xếp loại",
    "level": "mức độ đáp ứng",
    "tasks": "nhiệm vụ",
    "not_applicable": "không áp dụng",
    "planned": "số lượng kế hoạch",
    "delivered": "số lượng hoàn thành",
    "coefficient": "hệ số quy đổi",
    "quality": "hệ số chất lượng",
    "timeliness": "hệ số tiến độ",
    "leadership": "hệ số lãnh đạo, chỉ đạo",
    "total": "tổng điểm",
    "tasks_total": "tổng số nhiệm vụ",
    "tasks_completed": "số nhiệm vụ hoàn thành",
    "tasks_late": "số nhiệm vụ hoàn thành chậm",
    "tasks_exceeding": "số nhiệm vụ vượt mức",
    "exceeded_count": "số chỉ tiêu, nhiệm vụ vượt",
    "quota_pct": "tỷ lệ HTXSNV",
    "unit": "đơn vị",
    "collective": "tập thể",
    "group": "nhóm so sánh",
    "role": "vai trò",
    "dossier": "hồ sơ",
    "deferred": "trường hợp chưa đánh giá",
    "gender": "giới tính",
    "rating": "mức xếp loại",
    "period": "quý",
    "framework": "khung chấm điểm",
    "policy": "bộ quy tắc",
    "late_timeliness": "hệ số tiến độ của nhiệm vụ chậm",
    "points_decimals": "số chữ số thập phân của điểm",
    "dossier_days_late": "số ngày làm việc nộp chậm",
    "axis_maxima": "điểm tối đa của các trục",
    "main_axes": "các trục chính",
    "working_days": "số ngày làm việc",
    "pct": "tỷ lệ",
}
_KIND_LABELS = {"framework": "khung chấm điểm", "policy": "bộ quy tắc"}
_ID_KINDS = {"group": "nhóm", "unit": "đơn vị", "person": "cán bộ"}


def _vn(value: Any) -> str:
    """A number (or a number given as text) with a decimal comma; anything else as text."""
    if isinstance(value, bool) or value is None:
        return str(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{number.normalize():f}".replace(".", ",")


def _quoted(values: Any) -> str:
    return ", ".join(f"“{v}”" for v in values or ())


def _choices(values: Any) -> str:
    return " | ".join("null" if v is None else str(v) for v in values or ())


def _range(p: Params, whole: bool = False) -> str:
    what = "một số nguyên" if whole else "một số"
    if "max" not in p:
        return f"cần {what} từ {_vn(p.get('min'))} trở lên"
    upper = f"nhỏ hơn {_vn(p['max'])}" if p.get("max_excluded") else _vn(p["max"])
    text = f"cần {what} từ {_vn(p.get('min', 0))} đến {upper}"
    return text + (f" (bộ quy tắc {p['policy']})" if p.get("policy") else "")


_MESSAGES: dict[str, Callable[[Params], str]] = {
    # criteria (check_entries, danhgia score)
    "missing_criterion": lambda p: "thiếu tiêu chí này",
    "unknown_criterion": lambda p: f"không có tiêu chí này trong khung {p.get('framework', '')}",
    "expected_met": lambda p: "chưa chọn “Đảm bảo” hoặc “Không đảm bảo”",
    "not_applicable_forbidden": lambda p: (
        "chính sách của kỳ không cho phép đánh dấu “Không áp dụng”"
    ),
    "not_applicable_alone": lambda p: "tiêu chí “Không áp dụng” không nhận giá trị nào khác",
    "not_task_scorable": lambda p: "tiêu chí này không chấm theo nhiệm vụ được",
    "tasks_required": lambda p: "cần ít nhất một nhiệm vụ",
    "tasks_or_values": lambda p: (
        "chỉ nhập danh sách nhiệm vụ hoặc các giá trị đo được, không cả hai"
    ),
    "not_used_by_measure": lambda p: (
        f"không dùng cho tiêu chí loại “{MEASURE_LABELS.get(p.get('measure'), p.get('measure'))}”"
    ),
    "unknown_category": lambda p: f"chọn một trong các mức {_quoted(p.get('categories'))}",
    "category_expected": lambda p: f"chọn một trong các mức {_quoted(p.get('categories'))}",
    "level_expected": lambda p: "chọn mức độ đáp ứng 1, 2 hoặc 3",
    "target_expected": lambda p: "cần mục tiêu là một số dương hoặc một khoảng [thấp, cao]",
    "actual_expected": lambda p: "cần kết quả thực tế là một số",
    "target_range_invalid": lambda p: "cần 0 < cận dưới ≤ cận trên",
    "axis_all_not_applicable": lambda p: (
        "phải có ít nhất một tiêu chí được áp dụng (không thể đánh dấu “Không áp dụng” cho mọi "
        "tiêu chí của trục)"
    ),
    "part_a_all_not_applicable": lambda p: (
        "phải có ít nhất một tiêu chí chung được áp dụng (không thể đánh dấu “Không áp dụng” cho "
        "mọi tiêu chí của phần A)"
    ),
    # axis maxima proposed per person (axis_maxima: proposed)
    "axis_maxima_fixed": lambda p: (
        f"bộ quy tắc {p.get('policy')} dùng điểm tối đa cố định của khung, không nhận đề xuất"
    ),
    "missing_axis": lambda p: f"thiếu điểm tối đa đề xuất của trục {p.get('axis')}",
    "unknown_axis": lambda p: (
        f"cần số thứ tự một trục của khung ({', '.join(p.get('axes') or ())})"
    ),
    "axis_maxima_sum": lambda p: (
        f"tổng điểm tối đa đề xuất của các trục phải bằng {_vn(p.get('expected'))} "
        f"(hiện là {_vn(p.get('total'))})"
    ),
    "main_axis_not_heavier": lambda p: (
        f"trục chính {p.get('axis')} ({_vn(p.get('max'))} điểm) phải có điểm tối đa cao hơn trục "
        f"{p.get('other')} ({_vn(p.get('other_max'))} điểm)"
    ),
    # a late dossier by working days (late_dossier: scale)
    "days_late_not_scaled": lambda p: (
        f"bộ quy tắc {p.get('policy')} không tính theo số ngày làm việc nộp chậm"
    ),
    "days_late_not_late": lambda p: "chỉ nhập số ngày nộp chậm khi hồ sơ nộp chậm",
    "unknown_request_key": lambda p: (
        f"khóa “{p.get('key')}” không được hỗ trợ (chỉ được thêm name, title, note để mô tả)"
    ),
    # numbers
    "expected_number": lambda p: "cần một số",
    "expected_positive": lambda p: "cần một số lớn hơn 0",
    "expected_nonnegative": lambda p: "cần một số không âm (≥ 0)",
    "number_out_of_range": lambda p: _range(p),
    "too_precise": lambda p: "số quá nhỏ: tối đa 9 chữ số sau dấu phẩy",
    "expected_whole_number": lambda p: "cần một số nguyên",
    "whole_number_out_of_range": lambda p: _range(p, whole=True),
    "expected_count": lambda p: "cần một số nguyên không âm",
    "count_above": lambda p: (
        f"không được lớn hơn {FIELD_LABELS.get(p.get('other'), p.get('other'))} ({p.get('max')})"
    ),
    # shapes and references
    "expected_object": lambda p: "cần một đối tượng JSON",
    "expected_list": lambda p: "cần một danh sách",
    "expected_mapping": lambda p: "cần một ánh xạ (mapping)",
    "expected_bool": lambda p: "cần true hoặc false",
    "expected_id": lambda p: "cần một mã (văn bản)",
    "expected_date": lambda p: "cần một ngày dạng YYYY-MM-DD",
    "expected_text": lambda p: "cần văn bản",
    "expected_texts": lambda p: "cần một danh sách văn bản",
    "expected_period": lambda p: "cần một quý dạng 2026-Q3",
    "expected_choice": lambda p: f"cần một trong các giá trị {_choices(p.get('choices'))}",
    "expected_ref": lambda p: (
        f"cần mã hoặc đường dẫn tệp {_KIND_LABELS.get(p.get('kind'), p.get('kind'))}"
    ),
    "required": lambda p: f"bắt buộc phải có “{p.get('key')}”",
    "duplicate_id": lambda p: f"mã {_ID_KINDS.get(p.get('kind'), '')} “{p.get('id')}” bị trùng",
    "unknown_unit": lambda p: f"không có đơn vị “{p.get('id')}” trong danh sách đơn vị",
    "unknown_framework": lambda p: f"không có khung chấm điểm “{p.get('ref')}”",
    "framework_file_not_found": lambda p: f"không tìm thấy tệp khung chấm điểm {p.get('ref')}",
    "unknown_policy": lambda p: f"không có bộ quy tắc “{p.get('ref')}”",
    "policy_file_not_found": lambda p: f"không tìm thấy tệp bộ quy tắc {p.get('ref')}",
    # the API: a request names a shipped id, never a file of the server (docs/api.md)
    "file_not_allowed": lambda p: (
        f"cần mã đi kèm phần mềm, không nhận đường dẫn tệp ({p.get('ref')})"
    ),
    "invalid_json": lambda p: f"JSON không hợp lệ ({p.get('detail', '')})",
    # data files (frameworks, policies)
    "unknown_key": lambda p: f"khóa “{p.get('key')}” không được hỗ trợ",
    "missing_key": lambda p: f"thiếu khóa “{p.get('key')}”",
    "cannot_read_file": lambda p: f"không đọc được tệp {p.get('file')} ({p.get('reason')})",
    "not_utf8": lambda p: "tệp phải là văn bản UTF-8",
    "invalid_syntax": lambda p: f"tệp không đúng cú pháp YAML/JSON ({p.get('detail', '')})",
    "expected_axes": lambda p: "cần một danh sách các trục (không rỗng)",
    "expected_target": lambda p: "cần mục tiêu là một số hoặc một khoảng [thấp, cao]",
    "expected_scale": lambda p: "cần một danh sách các mức {label, value}",
    "code_prefix": lambda p: f"mã tiêu chí phải bắt đầu bằng {p.get('prefix')}",
    "target_not_allowed": lambda p: "chỉ tiêu chí tỷ lệ hoặc mức giảm mới có mục tiêu",
    "categories_required": lambda p: "tiêu chí tính điểm theo mức xếp loại cần bảng các mức",
    "categories_not_allowed": lambda p: "chỉ tiêu chí tính điểm theo mức xếp loại mới có bảng mức",
    "unknown_part_a": lambda p: f"không có bộ tiêu chí chung “{p.get('ref')}”",
    "extends_cycle": lambda p: f"bộ quy tắc kế thừa vòng tròn ({p.get('ref')})",
    "policy_id_required": lambda p: "cần mã (id) của bộ quy tắc",
    "bands_not_falling": lambda p: "ngưỡng điểm phải giảm dần: HTXSNV > HTTNV > HTNV",
    "weights_sum": lambda p: "tổng các trọng số phải bằng 1",
    "max_pct_below_pct": lambda p: "tỷ lệ tối đa phải lớn hơn hoặc bằng tỷ lệ mặc định",
    "duplicate_entry": lambda p: "mỗi giá trị chỉ được xuất hiện một lần",
    "expected_unique_key": lambda p: "cần một khóa (key) không trùng",
    "late_scale_order": lambda p: (
        f"số ngày làm việc phải tăng dần (lớn hơn {p.get('after')} của dòng trước)"
    ),
    "late_scale_rising": lambda p: f"tỷ lệ không được cao hơn dòng trước ({_vn(p.get('max'))} %)",
    "late_scale_required": lambda p: (
        "late_dossier: scale cần ít nhất một dòng trong late_dossier_scale"
    ),
}

#: every code an engine error may carry
ERROR_CODES = tuple(_MESSAGES)

_CRITERION = re.compile(r"(?:^|\.)([AB]\.\d+(?:\.\d+)?)(?=\.|\[|$)")
_SEGMENT = re.compile(r"\.?([A-Za-z_]+)|\[(\d+)\]")


#: errors about a whole criterion: named by its code alone
_WHOLE_CRITERION = {
    "missing_criterion",
    "unknown_criterion",
    "expected_met",
    "not_applicable_forbidden",
    "not_applicable_alone",
    "not_task_scorable",
}


def _where(path: str, params: Params, code: str = "") -> str:
    """Where the problem is: the criterion and the field in Vietnamese, else the JSON path."""
    criterion = params.get("criterion")
    if criterion and code in _WHOLE_CRITERION:
        return str(criterion)
    match = _CRITERION.search(path)
    if match is None:
        field = FIELD_LABELS.get(path.rsplit(".", 1)[-1])
        where = path or "Dữ liệu"
        return f"{where} ({field})" if field and field != where else where
    criterion = criterion or match.group(1)
    parts = [str(criterion)]
    rest = path[match.end() :]
    previous = ""
    for name, index in _SEGMENT.findall(rest):
        if name:
            parts.append(FIELD_LABELS.get(name, name))
            previous = name
        elif previous == "tasks":
            parts[-1] = f"nhiệm vụ thứ {int(index) + 1}"
        elif previous == "target":
            parts[-1] = "cận dưới của mục tiêu" if index == "0" else "cận trên của mục tiêu"
        else:
            parts.append(f"[{index}]")
    return ", ".join(parts)


def render_error_vi(exc: EngineError) -> str:
    """An engine error in Vietnamese: ``"B.1.1, mục tiêu: cần một số lớn hơn 0."``.

    ``axis_all_not_applicable`` names the axis (``"Trục 2: …"``); an error with a code this
    module does not know keeps its English message after the place.
    """
    code = getattr(exc, "code", "")
    params = getattr(exc, "params", {}) or {}
    message = _MESSAGES.get(code)
    if not isinstance(exc, InputError):
        text = message(params) if message else str(exc)
        return text[:1].upper() + text[1:] + "."
    if code == "axis_all_not_applicable":
        return f"Trục {params.get('axis')}: {message(params) if message else exc.message}."
    if code == "part_a_all_not_applicable" and message:
        return f"Phần A: {message(params)}."
    text = message(params) if message else f"dữ liệu không hợp lệ ({exc.message})"
    return f"{_where(exc.path, params, code)}: {text}."
