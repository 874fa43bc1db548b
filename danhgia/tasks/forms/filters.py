"""The task list's filter form: per official, per unit, per assigning agency, and more."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from danhgia.organisation.models import Unit
from danhgia.organisation.pickers import limit_unit_options, unit_search_field
from danhgia.periods.models import Period

from ..choices import Axis, TaskSource, TaskState
from ..models import Task

# --- Lists ---------------------------------------------------------------------------------


class TaskFilterForm(forms.Form):
    """Filters of the task list: per official, per unit, per assigning agency, and more."""

    MINE, MANAGED = "mine", "managed"
    period = forms.ModelChoiceField(
        label=_("Quý"), queryset=Period.objects.none(), required=False, empty_label=None
    )
    view = forms.ChoiceField(
        label=_("Xem"),
        required=False,
        choices=(
            ("", _("Tất cả nhiệm vụ trong phạm vi")),
            (MINE, _("Nhiệm vụ tôi chủ trì")),
            (MANAGED, _("Nhiệm vụ do đơn vị tôi giao")),
        ),
    )
    q = forms.CharField(label=_("Tìm theo nhiệm vụ, người chủ trì"), required=False, max_length=100)
    unit_search = unit_search_field(_("Tìm đơn vị của người chủ trì"))
    unit = forms.ModelChoiceField(
        label=_("Đơn vị của người chủ trì (gồm trực thuộc)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )
    assigning_unit_search = unit_search_field(_("Tìm cơ quan giao nhiệm vụ"))
    assigning_unit = forms.ModelChoiceField(
        label=_("Cơ quan giao nhiệm vụ"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )
    axis = forms.TypedChoiceField(
        label=_("Trục kết quả"),
        choices=(("", _("Tất cả")), *Axis.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"), choices=(("", _("Tất cả")), *TaskState.choices), required=False
    )
    source = forms.ChoiceField(
        label=_("Nguồn"), choices=(("", _("Tất cả")), *TaskSource.choices), required=False
    )
    # bounded: a 27-digit id must not overflow the database's integer (a 500, rough edge S6)
    lead = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )

    def __init__(self, *args, units: QuerySet[Unit], periods: QuerySet[Period], axes=None,
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        if axes is not None:  # the axes of the frameworks in use (rough edge #25)
            labels = dict(Axis.choices)
            self.fields["axis"].choices = [
                ("", _("Tất cả")),
                *((number, labels.get(number, label)) for number, label in axes),
            ]
        self.fields["unit"].queryset = units
        self.fields["assigning_unit"].queryset = units
        self.fields["period"].queryset = periods
        limit_unit_options(self, "unit", "unit_search")
        limit_unit_options(self, "assigning_unit", "assigning_unit_search")

    def filter(self, queryset: QuerySet[Task], user, managed: QuerySet[Task]) -> QuerySet[Task]:
        """Apply the valid filters (``managed``: the tasks the user's assigning roles manage)."""
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["period"] is not None:
            queryset = queryset.filter(period=data["period"])
        if data["view"] == self.MINE:
            queryset = queryset.filter(lead__user=user)
        elif data["view"] == self.MANAGED:
            queryset = queryset.filter(pk__in=managed.values("pk"))
        if data["q"]:
            queryset = queryset.filter(
                Q(title__icontains=data["q"]) | Q(lead__full_name__icontains=data["q"])
            )
        if data["unit"] is not None:
            queryset = queryset.filter(lead__unit__path__startswith=data["unit"].path)
        if data["assigning_unit"] is not None:
            queryset = queryset.filter(assigning_unit=data["assigning_unit"])
        for name in ("axis", "state", "source", "lead"):
            if data[name] not in (None, ""):
                queryset = queryset.filter(**{name: data[name]})
        return queryset
