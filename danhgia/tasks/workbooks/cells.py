"""Parsers of the task workbooks' cells the shared ones do not cover; a row against its task."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

from danhgia.xlsx import parse_text, unquote


def parse_note(max_length: int | None = None):
    """Free text whose line breaks are kept (a note, a description)."""

    def parse(value: Any) -> str:
        text = unquote(unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").strip())
        if max_length is not None and len(text) > max_length:
            raise ValueError(_("dài quá %(max)s ký tự") % {"max": max_length})
        return text

    return parse


def same_note(stored: str, typed: str | None) -> bool:
    return (stored or "").replace("\r\n", "\n").strip() == (typed or "")


_CODE_SPLIT = re.compile(r"\s+[—–-]\s+")


def leading_code(label: str) -> str:
    """ "B.1.2 – Tỷ lệ…" or "CB001 — Nguyễn Văn A" → the code before the dash."""
    return _CODE_SPLIT.split(label.strip(), maxsplit=1)[0].strip()


def parse_codes(value: Any) -> list[str]:
    """One code or several separated by ";" (each may carry its dropdown label)."""
    text = parse_text()(value)
    codes = [leading_code(part) for part in text.split(";") if part.strip()]
    if not codes:
        raise ValueError(_("chưa ghi mã cán bộ"))
    return codes


def same_task(task, spec) -> bool:
    """An assignments row (``TaskSpec``) says what its task already says."""
    name = spec.product_name or (spec.product.name if spec.product else "")
    return (
        task.title == spec.title
        and same_note(task.description, spec.description)
        and task.responsibility == spec.responsibility
        and task.authority == spec.authority
        and task.criterion_code == spec.criterion_code
        and task.product_id == (spec.product.pk if spec.product else None)
        and task.product_name == name
        and task.planned_quantity == spec.planned_quantity
        and task.source == spec.source
        and task.is_key == spec.is_key
        and task.due_date == spec.due_date
    )
