from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Unit
from .pickers import limit_unit_options, unit_search_field


class OfficialFilterForm(forms.Form):
    """Filters of the officials list; the unit choices are the units the user may see."""

    q = forms.CharField(label=_("Tìm theo họ tên"), required=False, max_length=100)
    unit_search = unit_search_field()
    unit = forms.ModelChoiceField(
        label=_("Đơn vị (gồm đơn vị trực thuộc)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Tất cả đơn vị trong phạm vi"),
    )

    rated_quarterly = forms.ChoiceField(
        label=_("Đánh giá hằng quý"),
        choices=(
            ("", _("Tất cả")),
            ("yes", _("Có")),
            ("no", _("Không (cấp ủy viên không chuyên trách)")),
        ),
        required=False,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        limit_unit_options(self, "unit", "unit_search")

    def filter(self, queryset):
        """Apply the valid filters to a queryset of officials."""
        if not self.is_valid():
            return queryset
        if self.cleaned_data["q"]:
            queryset = queryset.filter(full_name__icontains=self.cleaned_data["q"])
        unit = self.cleaned_data["unit"]
        if unit is not None:
            queryset = queryset.filter(unit__path__startswith=unit.path)
        if self.cleaned_data["rated_quarterly"]:
            queryset = queryset.filter(
                rated_quarterly=self.cleaned_data["rated_quarterly"] == "yes"
            )
        return queryset


class OrganisationUploadForm(forms.Form):
    """The workbook of SPEC §13.2 to preview before it is imported."""

    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class OrganisationConfirmForm(forms.Form):
    """The previewed file, named by the token under which the server kept it for this user."""

    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
