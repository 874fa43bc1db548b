"""Vietnamese display of dates, numbers and ratings (SPEC §14): dd/mm/yyyy, a decimal comma.

Loaded as a template builtin (settings.TEMPLATES), so every template can use the filters; the
functions live in ``danhgia.vn_format`` (shared with the HTML written in Python).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from danhgia.vn_format import vn_date, vn_number

register = template.Library()
register.filter("vn_date", vn_date)
register.filter("vn_number", vn_number)

_NO_RATING = mark_safe('<span class="muted">—</span>')  # a constant


@register.filter
def rating_badge(code: Any) -> SafeString:
    """A rating's badge: its code (HTXSNV …) styled per rating, "Chưa xếp loại" for a deferred
    person, a dash without a rating. A filter, not an include: a decision page shows a few
    badges for each of its hundreds of people."""
    if code == "DEFERRED":
        return format_html(
            '<span class="rating rating--deferred" title="DEFERRED">{}</span>', _("Chưa xếp loại")
        )
    if not code:
        return _NO_RATING
    value = str(code)
    return format_html(
        '<span class="rating rating--{}" title="{}">{}</span>', value.lower(), value, value
    )
