"""Readable ASCII file names: ``Ban-tu-danh-gia_Pham-Thu-Lan_Q3-2026.docx``."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^A-Za-z0-9]+")


def ascii_words(value: object) -> str:
    """``"Phạm Thu Lan"`` → ``"Pham-Thu-Lan"``: diacritics stripped (đ → d), words by "-"."""
    text = str(value).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("-", text).strip("-")


def file_name(stem: str, *parts: object, ext: str) -> str:
    """The stem and each non-empty part as ASCII words, joined by "_", with the extension."""
    words = [ascii_words(part) for part in (stem, *parts) if part not in (None, "")]
    name = "_".join(word for word in words if word)[:180] or "Tai-lieu"
    return f"{name}.{ext.lstrip('.')}"


def quarter_label(period) -> str:
    """``Q3-2026`` for a period (the quarter and year of its records)."""
    return f"Q{period.quarter}-{period.year}"
