"""Vietnamese display of dates and numbers (SPEC §14): dd/mm/yyyy and a decimal comma.

Loaded as a template builtin (settings.TEMPLATES), so every template can use the filters; the
functions live in ``danhgia.vn_format`` (shared with the HTML written in Python).
"""

from __future__ import annotations

from django import template

from danhgia.vn_format import vn_date, vn_number

register = template.Library()
register.filter("vn_date", vn_date)
register.filter("vn_number", vn_number)
