"""Numbers typed the Vietnamese way, one parser for every form (issue "Every rough edge", item 2).

"12,5", "1.234,5" and "1.000" (a thousand) read as a Vietnamese official writes them; "12.5" is
accepted too; "1e3", "0x10", "1_000" are not numbers. Every form that takes a number (the
self-assessment, targets, stage points, task quantities) uses ``NumberField``; values are shown
with a decimal comma and without thousands separators, so that what is shown reads back the same.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NUMBER_LIMIT = Decimal(10) ** 10
NUMBER_PLACES = 4
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^[+-]?[\d.,]*\d[\d.,]*$")


def parse_number(text: str) -> Decimal:
    """A number typed the Vietnamese way: "12,5", "1.234,5", "1.000"; "12.5" is accepted too.

    Raises ValueError. With a comma, dots group thousands; without one, a dot followed by
    groups of exactly three digits groups thousands ("1.000" is a thousand) and any other dot
    is a decimal point.
    """
    text = text.strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if not _PLAIN.match(text):  # digits, one sign, dots and commas only: no "1e3", no "0x10"
        raise ValueError(text)
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


def _named(label: str | None, message: str) -> str:
    """ "Số lượng: không được là số âm."; the bare message where the page names the field."""
    return f"{label}: {message}" if label else message


def check_number(
    number: Decimal, label: str | None, places: int = NUMBER_PLACES, limit: Decimal = NUMBER_LIMIT
) -> Decimal:
    if abs(number) >= limit:
        raise ValidationError(_named(label, _("số quá lớn.")))
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(
            _named(label, _("tối đa %(places)d chữ số sau dấu phẩy.") % {"places": places})
        )
    return number


class NumberField(forms.CharField):
    """A Decimal typed with a decimal comma; negative only when ``allow_negative``; at most
    ``places`` decimals and below ``limit`` (what the database column keeps)."""

    def __init__(
        self,
        *,
        allow_negative: bool = False,
        places: int = NUMBER_PLACES,
        limit: Decimal = NUMBER_LIMIT,
        label_in_message: bool = True,
        **kwargs,
    ) -> None:
        self.allow_negative = allow_negative
        #: False where the page prints the field's label before its errors (no "X: X: …")
        self.label_in_message = label_in_message
        self.places = places
        self.limit = limit
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        label = str(self.label) if self.label_in_message else None
        try:
            number = parse_number(text)
        except ValueError:
            raise ValidationError(
                _named(label, _("“%(text)s” không phải là số (ví dụ: 12,5).") % {"text": text})
            ) from None
        if number < 0 and not self.allow_negative:
            raise ValidationError(_named(label, _("không được là số âm.")))
        return check_number(number, label, self.places, self.limit)

    def prepare_value(self, value):
        """A stored Decimal as typed back: "1,5", "12" (no trailing zeros, decimal comma)."""
        if isinstance(value, float):
            value = Decimal(str(value))  # a data file's 0.375 must not read back as 375
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return shown(Decimal(value))
        return value


def shown(number: Decimal) -> str:
    """12.50 → "12,5"; 3 → "3"; no thousands separator (it reads back as the same number)."""
    text = format(number.normalize(), "f") if number == number else str(number)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
