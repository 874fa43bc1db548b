"""Vietnamese display of dates and numbers (SPEC §14): dd/mm/yyyy and a decimal comma.

The template filters ``vn_date`` and ``vn_number`` (``core.templatetags.vn``, a template builtin)
and the code that writes HTML in Python (``evaluations.sheet_html``) share these functions.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from danhgia.engine import format_number, format_vn, round_half_up


def vn_date(value: date | datetime | None) -> str:
    """21/11/2026; a datetime is shown in the local time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def vn_number(value, places: int | None = None) -> str:
    """89,37 with ``places`` decimals (rounded half-up); without it, no trailing zeros: 22,5
    (a number with more than 4 decimals, such as a scaled maximum, is rounded to 2)."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if places is None:
        if number.is_finite() and number.as_tuple().exponent < -4:
            # a maximum scaled with a proposed axis (4/3): shown to 2 decimals, as points are
            number = round_half_up(number, 2)
        return format_number(number)
    return format_vn(number, int(places))


# Letters that the Vietnamese alphabet orders after their base letter (ă â after a, ê after e,
# ô ơ after o, ư after u, đ after d) and the tones, ordered as in dictionaries.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vn_sort_key(text: str) -> tuple:
    """A key that sorts Vietnamese text as a reader expects: "Đánh giá" after "Duyệt", not after
    "Xóa" as code points do; letters first, tones only to break ties."""
    letters, tones = [], []
    for char in str(text).casefold():
        if char == "đ":
            letters.append(("d", 9))
            tones.append(0)
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        letters.append((base, max((_LETTER_MARKS.get(m, 0) for m in marks), default=0)))
        tones.append(max((_TONES.get(m, 0) for m in marks), default=0))
    return tuple(letters), tuple(tones)
