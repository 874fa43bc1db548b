"""Unit pickers that search as you type: a province has 2,000 units, a select shows 30.

A form's unit select renders at most ``UNIT_OPTIONS`` units (those matching the search box next
to it, by name or code, in tree order) plus the one already chosen, while the field still
accepts any unit of its queryset. With JavaScript the search box asks ``organisation:unit_options``
for the matching ``<option>``s of the units the user sees (HTMX, swapped into the select); without
it the filter form's own button sends the search with the form and the page comes back with the
matches.
"""

from __future__ import annotations

import json

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Unit

#: the most units a picker renders for one search
UNIT_OPTIONS = 30


def matching_units(queryset: QuerySet[Unit], term: str) -> QuerySet[Unit]:
    term = term.strip()
    if term:
        queryset = queryset.filter(Q(name__icontains=term) | Q(code__icontains=term))
    return queryset.order_by("path")


SEARCH_LABEL = _("Tìm đơn vị")


def unit_search_field(label: str = SEARCH_LABEL) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=100,
        help_text=_("Gõ tên hoặc mã đơn vị: danh sách chọn hiện tối đa %(n)d đơn vị khớp.")
        % {"n": UNIT_OPTIONS},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def limit_unit_options(form: forms.Form, field_name: str, search_name: str) -> None:
    """Render only the chosen unit and the first ``UNIT_OPTIONS`` matches of the search box;
    the search box asks for new options as one types (the units the user sees)."""
    field = form.fields[field_name]
    source = form.data if form.is_bound else form.initial
    term = str(source.get(search_name) or "")[:100]
    chosen_pk = source.get(field_name)
    chosen = []
    if chosen_pk and str(chosen_pk).isdigit() and len(str(chosen_pk)) < 10:  # no overflow (S6)
        chosen = list(field.queryset.filter(pk=int(chosen_pk)))
    found = list(
        matching_units(field.queryset, term).exclude(pk__in=[u.pk for u in chosen])[:UNIT_OPTIONS]
    )
    options = [
        (str(u.pk), field.label_from_instance(u))
        for u in sorted(chosen + found, key=lambda u: u.path)
    ]
    blank = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices = blank + options
    search = form.fields[search_name].widget
    search.attrs.update(
        {
            "hx-get": reverse("organisation:unit_options"),
            "hx-target": f"#{form.auto_id % form.add_prefix(field_name)}",
            "hx-trigger": "input changed delay:300ms, search",
            "hx-swap": "innerHTML",
            "hx-vals": json.dumps(
                {"search": form.add_prefix(search_name), "blank": str(field.empty_label or "")},
                ensure_ascii=False,
            ),
        }
    )
