"""Reading a framework or policy file as the administrator typed or uploaded it, in Vietnamese.

The engine refuses a file it cannot use with a ``DataFileError`` naming the JSON path of the
first problem (``axes[5].criteria[2].max``) and says what is wrong through ``render_error_vi``.
Here the path is named the way the administrator sees the file: the axis by its number, the
criterion by its code (``Trục 6, tiêu chí B.6.3, điểm tối đa (axes[5].criteria[2].max)``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext as _

from danhgia.engine import EngineError, InputError, render_error_vi

#: the keys of a framework file, as the form and the compare page name them
KEY_LABELS = {
    "id": "mã",
    "version": "phiên bản trong tệp",
    "title": "tên",
    "appendix": "phụ lục",
    "source": "nguồn",
    "form_title": "tên biểu mẫu",
    "applies_to": "đối tượng áp dụng",
    "policy": "chính sách mặc định",
    "status": "trạng thái",
    "missing": "phần còn thiếu",
    "general": "phần A",
    "axis": "số trục",
    "max": "điểm tối đa",
    "items": "các nội dung",
    "code": "mã tiêu chí",
    "text": "nội dung tiêu chí",
    "measure": "cách tính",
    "target_hint": "mục tiêu gợi ý",
    "target": "mục tiêu mặc định",
    "note": "ghi chú",
    "categories": "bảng mức xếp loại",
}

_SEGMENT = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


class RulesFileRefused(Exception):
    """A file or text that cannot become a version; ``messages`` say why, in Vietnamese."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def parse_data_text(text: str) -> dict[str, Any]:
    """A data file's text (YAML or JSON: JSON is read as YAML) as a mapping, or refused."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = _("dòng %(line)d, cột %(column)d") % {
                "line": mark.line + 1,
                "column": mark.column + 1,
            }
            raise RulesFileRefused(
                [_("Nội dung không đúng cú pháp YAML hoặc JSON (%(where)s).") % {"where": where}]
            ) from None
        raise RulesFileRefused([_("Nội dung không đúng cú pháp YAML hoặc JSON.")]) from None
    if not isinstance(data, dict):
        raise RulesFileRefused(
            [_("Nội dung phải là một ánh xạ (các khóa id, title, axes …), không phải danh sách.")]
        )
    # A JSON round trip: what the database keeps (dates of a YAML file become text).
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def describe_path(path: str, data: Any) -> str:
    """A JSON path of a framework file in Vietnamese, the path itself kept in brackets."""
    if not path:
        return _("Tệp dữ liệu")
    parts: list[str] = []
    node: Any = data
    previous = ""
    for index, key in _SEGMENT.findall(path):
        if index:
            i = int(index)
            child = node[i] if isinstance(node, list) and i < len(node) else None
            if previous == "axes":
                number = child.get("axis") if isinstance(child, dict) else None
                parts.append(
                    _("Trục %(n)s") % {"n": number}
                    if number
                    else _("trục thứ %(n)d") % {"n": i + 1}
                )
            elif previous == "criteria":
                code = child.get("code") if isinstance(child, dict) else None
                parts.append(
                    _("tiêu chí %(code)s") % {"code": code}
                    if isinstance(code, str) and code
                    else _("tiêu chí thứ %(n)d") % {"n": i + 1}
                )
            else:
                parts.append(_("mục thứ %(n)d") % {"n": i + 1})
            node = child
            previous = ""
            continue
        if previous == "categories":
            parts.append(_("mức “%(label)s”") % {"label": key})
        elif key not in ("axes", "criteria"):
            parts.append(KEY_LABELS.get(key, key))
        node = node.get(key) if isinstance(node, dict) else None
        previous = key
    described = ", ".join(parts) if parts else path
    described = described[:1].upper() + described[1:]
    return f"{described} ({path})"


def describe_error(exc: EngineError, data: Any) -> str:
    """The engine's refusal in Vietnamese, naming the place as :func:`describe_path` does
    (``data`` is the framework's content; None for a policy, named by its JSON path)."""
    rendered = render_error_vi(exc)
    if not isinstance(exc, InputError):
        return rendered
    _where, sep, message = rendered.partition(": ")
    if not sep:
        return rendered
    if data is None:  # a policy: its keys are named by their path
        return f"{exc.path or _('Tệp dữ liệu')}: {message}"
    return f"{describe_path(exc.path, data)}: {message}"
