"""Structured reasons and warnings of a rating, and their one Vietnamese rendering (SPEC §8, §14).

A ``Reason`` is a code with JSON-friendly params; ``render_reason`` turns it into the sentence
the decision page, the documents and ``danhgia rate`` show ("92,50 điểm → HTXSNV"), and the
Reason is that sentence as a ``str`` too, so that callers that treat reasons as text keep
working. The web application stores ``reason.to_json()`` and renders with the same function, so
that wording lives in one place and a tie warning can name people by name without parsing a
sentence. Decisions stored before reasons had codes hold plain sentences: ``render_reason``
passes a ``str`` through.

Params are JSON-friendly: text, whole numbers, booleans, ``None`` and lists of text. Decimals are
text in plain notation (``"92.5"``, ``"25"``). A step that sets or lowers the rating has the
param ``rating`` (the rating it led to); the sentence then ends with ``" → <rating>"``.

The codes, their params and the sentences are listed in ``docs/engine.md`` (and ``REASON_CODES``).
Besides the rating chain the same renderer serves the other Vietnamese messages the engine
gives the web application: a stage's points (``points_*``), the explanation rule
(``explanation_*``), the quota check (``quota_exceeded``) and the authority's own additions
(``override``, ``correction``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from .numbers import format_number, format_pct, format_vn

#: the deferral cases of SPEC §9 and how a reason says them
DEFERRAL_REASONS = {
    "training": "đi đào tạo, bồi dưỡng từ 2 tháng trở lên trong quý",
    "new_appointment": "mới được bổ nhiệm chưa đủ 1 tháng tính đến cuối quý",
    "sick_leave": "nghỉ ốm từ 2 tháng trở lên trong quý",
    "maternity_leave": "nghỉ chế độ thai sản từ 2 tháng trở lên trong quý",
    "under_inspection": "đang bị thanh tra, kiểm tra do có dấu hiệu vi phạm",
}
DEFERRAL_OTHER = "thuộc trường hợp chưa đánh giá theo quy định"


@dataclass(frozen=True)
class Reason(str):
    """One step of a rating's chain, a warning, or another engine message: a code and params.

    A Reason is also a ``str``: its Vietnamese sentence (``render_reason``), made when it is
    created. So ``str(reason)``, templates, ``"; ".join(reasons)`` and a JSON encoder see the
    sentence, as they saw the plain sentences the engine gave before, while ``code`` and
    ``params`` carry the structure: store ``to_json()`` to keep it. Two reasons are equal when
    code and params are; a reason equals a plain ``str`` with its sentence. Params must not be
    changed once the reason is made.
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __new__(cls, code: str, params: Mapping[str, Any] | None = None) -> Reason:
        return super().__new__(cls, _sentence(code, params or {}))

    def __hash__(self) -> int:  # equal reasons have equal sentences
        return str.__hash__(self)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return str.__ne__(self, other) if equal is NotImplemented else not equal

    def __getnewargs__(self) -> tuple[str, dict[str, Any]]:  # pickling, copying
        return (self.code, self.params)

    @property
    def rating(self) -> str | None:
        """The rating this step led to, when it set or lowered one."""
        value = self.params.get("rating")
        return None if value is None else str(value)

    def to_json(self) -> dict[str, Any]:
        """``{"code": …, "params": {…}}`` for storage (a JSON column)."""
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: Any) -> Reason | str:
        """Back from ``to_json``. A stored plain sentence (older decisions) comes back as it is."""
        if isinstance(data, str):
            return data
        if isinstance(data, Mapping) and isinstance(data.get("code"), str):
            return cls(data["code"], dict(data.get("params") or {}))
        raise ValueError(f"not a stored reason: {data!r}")


Params = Mapping[str, Any]
Names = Mapping[str, str]


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)


def _step(text: str, p: Params) -> str:
    """A step that set or lowered the rating ends with the rating it led to."""
    return f"{text} → {p['rating']}" if p.get("rating") else text


def _completion(p: Params) -> str:
    """``"6/10 nhiệm vụ (60 %)"`` from ``completed`` and ``total``."""
    completed, total = int(p.get("completed", 0)), int(p.get("total", 0))
    return f"{completed}/{total} nhiệm vụ ({format_pct(completed, total)})"


def _not_on_time(p: Params) -> str:
    completed, total = int(p.get("completed", 0)), int(p.get("total", 0))
    if completed < total:
        fact = f"Đơn vị hoàn thành {_completion(p)}"
    else:
        fact = f"Đơn vị có {p.get('late', 0)} nhiệm vụ hoàn thành chậm tiến độ"
    return f"{fact}; {p.get('needs')} cần đơn vị hoàn thành 100 % nhiệm vụ đúng hạn"


def _gap(p: Params) -> str:
    completed, total = int(p.get("completed", 0)), int(p.get("total", 0))
    if completed >= total:
        late = format_pct(int(p.get("late", 0)), total)
        detail = f"đơn vị hoàn thành 100 % nhưng {late} nhiệm vụ chậm tiến độ (> 20 %)"
    else:
        detail = f"đơn vị hoàn thành {_completion(p)} (từ 70 % đến dưới 100 %)"
    return (
        f"Chưa có quy định xếp loại khi {detail}: giữ tối đa HTNV, "
        "đề nghị cấp có thẩm quyền xem xét, quyết định"
    )


def _dossier(p: Params) -> str:
    return "Không nộp hồ sơ đánh giá" if p.get("dossier") == "missing" else "Hồ sơ nộp chậm"


def _tie_names(p: Params, names: Names | None) -> str:
    ids = list(p.get("people") or [])
    shown = list(p.get("names") or ids)
    if names:
        shown = [names.get(pid, shown[i] if i < len(shown) else pid) for i, pid in enumerate(ids)]
    return ", ".join(str(n) for n in shown)


def _points(value: Any, places: Any) -> str:
    return format_vn(_decimal(value), int(places if places is not None else 2))


_TEMPLATES: dict[str, Callable[[Params, Names | None], str]] = {
    # --- the rating chain (SPEC §8.1, §8.2, §8.3) ---
    "band": lambda p, n: _step(f"{format_vn(_decimal(p.get('total')))} điểm", p),
    "deferred": lambda p, n: (
        "Chưa đánh giá, xếp loại quý này: "
        f"{DEFERRAL_REASONS.get(str(p.get('case')), DEFERRAL_OTHER)}; kết quả chuyển sang quý sau"
    ),
    "own_tasks": lambda p, n: _step(
        f"Cá nhân hoàn thành {p.get('completed')}/{p.get('total')} nhiệm vụ được giao "
        f"({format_pct(int(p.get('completed', 0)), int(p.get('total', 0)))}) < 100 %",
        p,
    ),
    "unit_not_on_time": lambda p, n: _step(_not_on_time(p), p),
    "unit_exceeding": lambda p, n: _step(
        "Nhiệm vụ vượt mức của đơn vị "
        f"{format_pct(int(p.get('exceeding', 0)), int(p.get('total', 0)))} < 30 %",
        p,
    ),
    "unit_below_70": lambda p, n: _step(f"Đơn vị hoàn thành {_completion(p)} < 70 %", p),
    "unit_gap": lambda p, n: _gap(p),
    "collective_below_70": lambda p, n: _step(
        f"Tập thể hoàn thành {_completion(p)} < 70 %"
        + (", người đứng đầu" if p.get("head") else ""),
        p,
    ),
    "head_collective": lambda p, n: _step(
        f"Người đứng đầu không cao hơn mức xếp loại của tập thể ({p.get('collective_rating')})",
        p,
    ),
    "dossier_scaled": lambda p, n: (
        f"Hồ sơ nộp chậm {p.get('days')} ngày làm việc: tính "
        f"{format_number(_decimal(p.get('pct')))} % tổng điểm → "
        f"{_points(p.get('total'), p.get('places'))} điểm"
    ),
    "dossier_down": lambda p, n: _step(f"{_dossier(p)}: hạ một mức", p),
    "dossier_khtnv": lambda p, n: _step(_dossier(p), p),
    "dossier_warn": lambda p, n: f"{_dossier(p)}: đề nghị cấp có thẩm quyền xem xét",
    "quota_cut": lambda p, n: _step(
        f"Ngoài tỷ lệ HTXSNV của nhóm: tối đa {p.get('allowed')} trên {p.get('base')} người "
        f"({format_number(_decimal(p.get('pct')))} %), xếp sau theo thứ tự ưu tiên",
        p,
    ),
    "tie": lambda p, n: (
        f"Không phân định được thứ tự ưu tiên giữa {_tie_names(p, n)} theo tiêu chí của quy "
        "định; hệ thống xếp theo mã, đề nghị cấp có thẩm quyền quyết định"
    ),
    # --- force majeure confirmed by the authority (added by the web application's run) ---
    "force_majeure_unit": lambda p, n: (
        f"Bất khả kháng của đơn vị đã được cấp có thẩm quyền xác nhận ({p.get('reason', '')}): "
        f"{p.get('excused', 0)} nhiệm vụ chưa hoàn thành không tính khi xét điều kiện của đơn vị"
    ),
    "force_majeure_person": lambda p, n: (
        f"Bất khả kháng của cá nhân đã được cấp có thẩm quyền xác nhận ({p.get('reason', '')}): "
        f"không xét điều kiện hoàn thành {p.get('completed', 0)}/{p.get('total', 0)} nhiệm vụ "
        "được giao"
    ),
    # --- what the authority adds (the web application) ---
    "override": lambda p, n: f"Cấp có thẩm quyền điều chỉnh: {p.get('reason', '')}",
    "correction": lambda p, n: f"Đính chính: {p.get('reason', '')}",
    # --- a stage's points (stages.check_stage_points), said after the criterion code ---
    "points_missing": lambda p, n: "chưa nhập điểm",
    "points_out_of_range": lambda p, n: (
        f"điểm phải từ 0 đến {_points(p.get('max'), p.get('places'))}"
    ),
    "points_too_precise": lambda p, n: f"tối đa {p.get('places')} chữ số sau dấu phẩy",
    "points_part_a": lambda p, n: (
        "tiêu chí chung chỉ nhận 0 (không đảm bảo) hoặc "
        f"{_points(p.get('max'), p.get('places'))} (đảm bảo)"
    ),
    # --- the explanation rule (stages.explanations_required) ---
    "explanation_points": lambda p, n: (
        f"{p.get('criterion')}: cần giải trình vì điểm thay đổi từ "
        f"{_points(p.get('old'), p.get('places'))} thành {_points(p.get('new'), p.get('places'))}"
        + (" và làm thay đổi mức xếp loại theo điểm" if p.get("band_changed") else "")
        + "."
    ),
    "explanation_rating": lambda p, n: (
        f"Cần giải trình vì mức đề xuất ({p.get('new')}) khác mức đề xuất của bước trước "
        f"({p.get('old')})."
    ),
    # --- the year-end roll-up (yearend.summarise_year) ---
    "year_khtnv": lambda p, n: (
        f"Có quý không hoàn thành nhiệm vụ (quý {', '.join(p.get('quarters') or [])}): "
        "không được xếp loại HTXSNV cả năm"
    ),
    "year_candidate": lambda p, n: (
        f"Không có quý không hoàn thành nhiệm vụ: được xét HTXSNV cả năm, "
        f"{p.get('excellent', 0)} quý HTXSNV (nhiều quý HTXSNV hơn được xét trước)"
    ),
    "year_consecutive_khtnv": lambda p, n: (
        f"Hai quý liên tiếp không hoàn thành nhiệm vụ (quý {' và '.join(p.get('quarters') or [])})"
        ": phải xem xét thay thế, bố trí công tác khác (Hướng dẫn 02-HD/BTCTW, mục 6.3)"
    ),
    "year_last_khtnv": lambda p, n: (
        f"Quý gần nhất (quý {p.get('quarter', '')}) không hoàn thành nhiệm vụ: cần theo dõi; "
        "thêm một quý nữa là hai quý liên tiếp"
    ),
    "year_q4_pending": lambda p, n: (
        "Quý IV chưa có kết quả: được xếp loại cùng với đánh giá, xếp loại cuối năm"
    ),
    # --- the quota (quota.check_quota) ---
    "quota_exceeded": lambda p, n: (
        f"Nhóm {p.get('group')} chỉ được tối đa {p.get('allowed')} người xếp loại HTXSNV; "
        f"đã có {p.get('existing')}, quyết định này thêm {p.get('new')}."
    ),
}

#: every code ``render_reason`` knows
REASON_CODES = tuple(_TEMPLATES)
#: the codes a rating's chain (``PersonRating.reasons``) may hold, and its warnings
RATING_REASON_CODES = (
    "band",
    "deferred",
    "own_tasks",
    "unit_not_on_time",
    "unit_exceeding",
    "unit_below_70",
    "collective_below_70",
    "head_collective",
    "dossier_scaled",
    "dossier_down",
    "dossier_khtnv",
    "quota_cut",
    "force_majeure_unit",
    "force_majeure_person",
    "override",
    "correction",
)
WARNING_CODES = ("unit_gap", "dossier_warn", "tie")


def render_reason(reason: Reason | str, names: Names | None = None) -> str:
    """The Vietnamese sentence of a reason; a plain ``str`` (stored before codes) passes through.

    ``names`` (id → name) names the people of a tie warning by the caller's names.
    """
    if not isinstance(reason, Reason):
        return str(reason)
    return _render(reason.code, reason.params, names)


def _render(code: str, params: Params, names: Names | None) -> str:
    template = _TEMPLATES.get(code)
    if template is None:  # a code from a newer engine: say what we have
        return f"{code}: {json.dumps(dict(params), ensure_ascii=False, sort_keys=True)}"
    return template(params, names)


@lru_cache(maxsize=32_768)
def _cached_sentence(
    code: str, items: tuple[tuple[str, Any], ...], _types: tuple[type, ...]
) -> str:
    # _types: 1, True and 1.0 are equal keys but not the same text
    return _render(code, dict(items), None)


def _sentence(code: str, params: Params) -> str:
    """The sentence of a new reason. A quarter repeats the same few thousand (a unit's figures
    for each of its people, the same totals): rendered once each, from a bounded cache."""
    types = tuple(map(type, params.values()))
    if Decimal in types or float in types:  # 2.5 == Decimal("2.50"), not the same text
        return _render(code, params, None)
    try:
        return _cached_sentence(code, tuple(params.items()), types)
    except TypeError:  # a list among the params (a tie's people): not hashable, not repeated
        return _render(code, params, None)


def render_reasons(reasons: Iterable[Reason | str], names: Names | None = None) -> list[str]:
    return [render_reason(r, names) for r in reasons]


def reasons_to_json(reasons: Iterable[Reason | str]) -> list[Any]:
    """For storage: reasons as ``to_json()`` mappings, plain sentences as they are."""
    return [r.to_json() if isinstance(r, Reason) else r for r in reasons]


def reasons_from_json(data: Iterable[Any]) -> list[Reason | str]:
    return [Reason.from_json(item) for item in data]
