"""Fields shared by the tasks app's forms: dates, quantities, the reach of a scope."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q

from danhgia.access import Scope

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


def date_field(label, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, **kwargs)


def quantity_field(label, required=True, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        localize=True,
        **kwargs,
    )


def reach_q(scopes: list[Scope], prefix: str = "") -> Q:
    """Rows whose unit (through ``prefix``) one of the scopes covers; none without scopes."""
    q = Q(pk__in=[])
    for scope in scopes:
        if scope.include_subtree:
            q |= Q(**{f"{prefix}path__startswith": scope.unit.path})
        else:
            q |= Q(**{f"{prefix}pk": scope.unit.pk})
    return q
