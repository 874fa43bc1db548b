"""Parsers of the task workbooks' cells that the shared ones do not cover."""

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
