"""The fields of steps 1 and 2: numbers typed the Vietnamese way, targets, field names.

Numbers are typed the Vietnamese way ("12,5", "1.234,5") and also as "12.5"; a target may be a
range ("20-25"). Split from ``forms`` (which re-exports these names).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danhgia.engine import format_number
from danhgia.number_input import (  # one parser for every form; re-exported for the forms
    check_number,
    parse_number,
)

from .models import CriterionEntry

_RANGE = re.compile(r"^\s*([^-–—]+?)\s*[-–—]\s*([^-–—]+?)\s*$")


def field_key(code: str) -> str:
    """A criterion code as a form field prefix: "B.1.2" → "B_1_2"."""
    return code.replace(".", "_")


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
            check_number(number, str(self.label))
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
