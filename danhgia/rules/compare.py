"""Two versions side by side: what differs, per axis and criterion (frameworks) or per key
(policies). Read from the stored content, so an invalid or draft version compares too."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .choices import Measure
from .messages import KEY_LABELS
from .models import FrameworkVersion, RulesVersion
from .services import describe_problem

#: the fields of a criterion compared, in the order shown
CRITERION_FIELDS = ("text", "max", "measure", "categories", "target_hint", "target", "note")
AXIS_FIELDS = ("title", "max", "items")
HEADER_FIELDS = ("title", "appendix", "policy", "status", "missing", "general", "applies_to")


@dataclass(frozen=True)
class Difference:
    label: str
    left: str
    right: str


@dataclass
class Block:
    """One axis (or the file's head): its own differences and its criteria's."""

    title: str
    differences: list[Difference] = field(default_factory=list)
    #: (criterion code, differences); a criterion only on one side has one "có / không có" row
    criteria: list[tuple[str, list[Difference]]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.differences or self.criteria)


@dataclass
class Comparison:
    left: RulesVersion
    right: RulesVersion
    head: list[Difference]
    blocks: list[Block]

    @property
    def identical(self) -> bool:
        return not self.head and not any(b.changed for b in self.blocks)


def show(value: Any) -> str:
    """A value of a data file as the page prints it (numbers with a decimal comma)."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, (int, float)):
        return str(value).replace(".", ",")
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    if isinstance(value, list):
        if all(isinstance(v, (int, float)) for v in value):
            return " – ".join(show(v) for v in value)
        return "; ".join(show(v) for v in value)
    return str(value)


def _value(key: str, value: Any) -> str:
    """A value as the page prints it; a measure type or a file status by its Vietnamese name."""
    if key == "measure" and value in Measure.values:
        return str(Measure(value).label)
    if key == "status" and value in ("complete", "draft"):
        return _("Đầy đủ") if value == "complete" else _("Bản nháp (nguồn chưa đầy đủ)")
    return show(value)


def _diff(left: dict, right: dict, keys: tuple[str, ...]) -> list[Difference]:
    return [
        Difference(_label(key), _value(key, left.get(key)), _value(key, right.get(key)))
        for key in keys
        if _same(left.get(key), right.get(key)) is False
    ]


def _label(key: str) -> str:
    label = KEY_LABELS.get(key, key)
    return label[:1].upper() + label[1:]


def _same(a: Any, b: Any) -> bool:
    empty = (None, "", [], {})
    if a in empty and b in empty:
        return True
    # an ordered comparison: the order of a category table is part of the framework
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def _problems(version: RulesVersion) -> str:
    return "; ".join(describe_problem(p) for p in version.problems) or "—"


def compare_versions(left: RulesVersion, right: RulesVersion) -> Comparison:
    head = []
    for label, a, b in (
        (_("Mã"), left.code, right.code),
        (_("Tên"), left.title, right.title),
        (_("Trạng thái"), left.get_status_display(), right.get_status_display()),
        (_("Các vấn đề"), _problems(left), _problems(right)),
    ):
        if a != b:
            head.append(Difference(label, a, b))
    a_content = left.content if isinstance(left.content, dict) else {}
    b_content = right.content if isinstance(right.content, dict) else {}
    if isinstance(left, FrameworkVersion):
        head += _diff(a_content, b_content, tuple(k for k in HEADER_FIELDS if k != "title"))
        blocks = _axes(a_content.get("axes"), b_content.get("axes"))
    else:
        blocks = [_policy_keys(a_content, b_content)]
    return Comparison(left, right, head, blocks)


def _by(rows: Any, key: str) -> dict[Any, dict]:
    found: dict[Any, dict] = {}
    for i, row in enumerate(rows if isinstance(rows, list) else []):
        if isinstance(row, dict):
            found.setdefault(row.get(key, f"#{i + 1}"), row)
    return found


def _axes(left: Any, right: Any) -> list[Block]:
    a_axes, b_axes = _by(left, "axis"), _by(right, "axis")
    blocks = []
    for number in [*a_axes, *(n for n in b_axes if n not in a_axes)]:
        a, b = a_axes.get(number), b_axes.get(number)
        title = _("Trục %(n)s") % {"n": number}
        if a is None or b is None:
            present = Difference(
                _("Có trục này"), _("có") if a else _("không có"), _("có") if b else _("không có")
            )
            blocks.append(Block(f"{title}: {(a or b).get('title', '')}", [present]))
            continue
        block = Block(
            f"{title}: {b.get('title') or a.get('title') or ''}", _diff(a, b, AXIS_FIELDS)
        )
        a_rows, b_rows = _by(a.get("criteria"), "code"), _by(b.get("criteria"), "code")
        for code in [*a_rows, *(c for c in b_rows if c not in a_rows)]:
            ra, rb = a_rows.get(code), b_rows.get(code)
            if ra is None or rb is None:
                present = Difference(
                    _("Có tiêu chí này"),
                    _("có") if ra else _("không có"),
                    _("có") if rb else _("không có"),
                )
                text = Difference(
                    _label("text"), show((ra or {}).get("text")), show((rb or {}).get("text"))
                )
                block.criteria.append((str(code), [present, text]))
                continue
            differences = _diff(ra, rb, CRITERION_FIELDS)
            if differences:
                block.criteria.append((str(code), differences))
        blocks.append(block)
    return blocks


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict) and data:
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    return {prefix: data}


def _policy_keys(left: dict, right: dict) -> Block:
    a, b = _flatten(left), _flatten(right)
    keys = [*a, *(k for k in b if k not in a)]
    differences = [
        Difference(k, show(a.get(k)), show(b.get(k))) for k in keys if not _same(a.get(k), b.get(k))
    ]
    return Block(_("Các khóa khác nhau"), differences)
