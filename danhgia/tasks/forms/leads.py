"""The lead picker of the assignment form: search as you type, never thousands of options.

A province's assigning agency reaches 20,000 officials; the form renders at most
``LEAD_OPTIONS`` of them (those matching the search, by name, post or unit), grouped by unit,
plus the ones already chosen, while the field still accepts anyone in the assigning unit's reach.
Every person is a checkbox, so a click never drops an earlier pick (rough edge #6): the chosen
ones are listed first (chips; unticking one removes it), the matches below, by unit. With
JavaScript the search field asks the page again as one types (HTMX, the form's own GET, only the
matches are swapped) and a ticked match moves up to the chosen list; without it, the
"Tìm" button submits the form by GET and the page comes back with the matches and the picks.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass
class LeadPicker:
    """What the picker renders: the chosen people, and the matches grouped by unit."""

    chosen: list[tuple[str, str]]
    groups: list[tuple[str, list[tuple[str, str]]]]
    limit: int = LEAD_OPTIONS

    @property
    def found(self) -> int:
        return sum(len(people) for _unit, people in self.groups)


def short_label(obj: Official) -> str:
    """A match under its unit's heading: the name and the post."""
    return f"{obj.full_name} — {obj.position_titles or obj.get_leadership_role_display()}"


def limit_options(field: LeadChoiceField, term: str, selected) -> LeadPicker:
    """Render only the chosen leads and the first ``LEAD_OPTIONS`` matches of ``term``."""
    ids = sorted({n for n in (parse_int(v) for v in selected or ()) if n is not None and n > 0})
    ids = [n for n in ids if n < 2**31]  # no overflow (S6)
    chosen = list(field.queryset.filter(pk__in=ids)) if ids else []
    found = list(matching(field.queryset, term).exclude(pk__in=ids)[:LEAD_OPTIONS])
    field.widget.choices = [(str(o.pk), field.label_from_instance(o)) for o in chosen + found]
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for official in found:  # ordered by unit
        if not groups or groups[-1][0] != official.unit.name:
            groups.append((official.unit.name, []))
        groups[-1][1].append((str(official.pk), short_label(official)))
    return LeadPicker([(str(o.pk), field.label_from_instance(o)) for o in chosen], groups)
