"""The lead picker of the assignment form: search as you type, never thousands of options.

A province's assigning agency reaches 20,000 officials; the form renders at most
``LEAD_OPTIONS`` of them (those matching the search, by name, post or unit) plus the ones already
chosen, while the field still accepts anyone in the assigning unit's reach. With JavaScript the
search field asks the page again as one types (HTMX, the form's own GET); without it, the
"Tìm" button submits the form by GET and the page comes back with the matches.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from danhgia.organisation.models import Official
from danhgia.web import parse_int

#: the most officials the picker renders for one search
LEAD_OPTIONS = 20


class LeadChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # a 30-digit id would overflow the database's integer inside Django's check (S6)
        for pk in value:
            number = parse_int(pk)
            if number is None or number <= 0:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)

    def label_from_instance(self, obj: Official) -> str:
        post = obj.position_titles or obj.get_leadership_role_display()
        return f"{obj.full_name} — {post}, {obj.unit.name}"


def lead_search_field() -> forms.CharField:
    return forms.CharField(
        label=_("Tìm người chủ trì"),
        required=False,
        max_length=100,
        help_text=_(
            "Gõ họ tên, chức vụ hoặc tên đơn vị: danh sách dưới đây hiện tối đa %(n)d người "
            "khớp, cùng những người đã chọn."
        )
        % {"n": LEAD_OPTIONS},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def matching(queryset: QuerySet[Official], term: str) -> QuerySet[Official]:
    term = term.strip()
    if not term:
        return queryset
    return queryset.filter(
        Q(full_name__icontains=term)
        | Q(government_position__icontains=term)
        | Q(party_position__icontains=term)
        | Q(unit__name__icontains=term)
    )


def limit_options(field: LeadChoiceField, term: str, selected) -> None:
    """Render only the chosen leads and the first ``LEAD_OPTIONS`` matches of ``term``."""
    ids = sorted({n for n in (parse_int(v) for v in selected or ()) if n is not None and n > 0})
    chosen = list(field.queryset.filter(pk__in=ids)) if ids else []
    found = list(matching(field.queryset, term).exclude(pk__in=ids)[:LEAD_OPTIONS])
    field.widget.choices = [(str(o.pk), field.label_from_instance(o)) for o in chosen + found]
