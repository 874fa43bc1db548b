"""The fields of steps 1 and 2: numbers typed the Vietnamese way, targets, field names.

Numbers are typed the Vietnamese way ("12,5", "1.234,5") and also as "12.5"; a target may be a
range ("20-25"). Split from ``forms`` (which re-exports these names).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danhgia.engine import format_number

from .models import CriterionEntry

#: the database keeps numbers below 10^10 with 4 decimals (CriterionEntry.actual, targets)
NUMBER_LIMIT = Decimal(10) ** 10
NUMBER_PLACES = 4
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^[+-]?[\d.,]*\d[\d.,]*$")
_RANGE = re.compile(r"^\s*([^-–—]+?)\s*[-–—]\s*([^-–—]+?)\s*$")


def field_key(code: str) -> str:
    """A criterion code as a form field prefix: "B.1.2" → "B_1_2"."""
    return code.replace(".", "_")


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


def _check_number(number: Decimal, label: str) -> Decimal:
    if abs(number) >= NUMBER_LIMIT:
        raise ValidationError(_("%(label)s: số quá lớn.") % {"label": label})
    if number != number.quantize(Decimal(1).scaleb(-NUMBER_PLACES)):
        raise ValidationError(
            _("%(label)s: tối đa %(places)d chữ số sau dấu phẩy.")
            % {"label": label, "places": NUMBER_PLACES}
        )
    return number


class NumberField(forms.CharField):
    """A Decimal typed with a decimal comma; negative only when ``allow_negative``."""

    def __init__(self, *, allow_negative: bool = False, **kwargs) -> None:
        self.allow_negative = allow_negative
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            number = parse_number(text)
        except ValueError:
            raise ValidationError(
                _("%(label)s: “%(text)s” không phải là số (ví dụ: 12,5).")
                % {"label": self.label, "text": text}
            ) from None
        if number < 0 and not self.allow_negative:
            raise ValidationError(_("%(label)s: không được là số âm.") % {"label": self.label})
        return _check_number(number, str(self.label))


class TargetField(forms.CharField):
    """A target: a positive number ("5", "12,5") or a range ("20-25"), as (low, high)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "placeholder": _("vd: 5 hoặc 20-25")})

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        match = _RANGE.match(text)
        parts = match.groups() if match else (text,)
        try:
            numbers = [parse_number(p) for p in parts]
        except ValueError:
            raise ValidationError(
                _("%(label)s: “%(text)s” không phải là số hoặc khoảng (ví dụ: 5 hoặc 20-25).")
                % {"label": self.label, "text": text}
            ) from None
        for number in numbers:
            if number <= 0:
                raise ValidationError(
                    _("%(label)s: mục tiêu phải lớn hơn 0.") % {"label": self.label}
                )
            _check_number(number, str(self.label))
        low, high = numbers[0], numbers[-1]
        if high < low:
            raise ValidationError(
                _("%(label)s: cận trên của khoảng phải lớn hơn hoặc bằng cận dưới.")
                % {"label": self.label}
            )
        return (low, high if high != low else None)


def target_initial(entry: CriterionEntry) -> str:
    if entry.target_low is None:
        return ""
    if entry.target_high is not None and entry.target_high != entry.target_low:
        return f"{format_number(entry.target_low)}-{format_number(entry.target_high)}"
    return format_number(entry.target_low)
