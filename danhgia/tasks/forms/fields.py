"""Fields shared by the tasks app's forms: dates, quantities, the reach of a scope."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q

from danhgia.access import Scope
from danhgia.number_input import NumberField

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


def date_field(label, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, **kwargs)


#: what a quantity column keeps (DecimalField max_digits=10, decimal_places=2)
QUANTITY_LIMIT = Decimal(10) ** 8


def quantity_field(label, required=True, **kwargs) -> NumberField:
    """A quantity typed the Vietnamese way, with the one parser of every form ("1.000" is a
    thousand, "1,5" one and a half): not negative, at most 2 decimals."""
    return NumberField(
        label=label,
        required=required,
        places=2,
        limit=QUANTITY_LIMIT,
        label_in_message=False,  # the form shows the label beside the field
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
