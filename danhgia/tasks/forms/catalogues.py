"""Forms of catalogues (central Phụ lục 1) and the collective results (Phụ lục 7)."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.web import LockVersionField

from ..collective import NARRATIVE_FIELDS
from ..models import Catalogue, CollectiveResult, Product

# --- Catalogues ----------------------------------------------------------------------------


class CatalogueCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    period = forms.ModelChoiceField(
        label=_("Áp dụng từ quý"), queryset=Period.objects.none(), empty_label=None
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units: QuerySet[Unit], periods: QuerySet[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["period"].queryset = periods


class NewVersionForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Phiên bản mới áp dụng từ quý"), queryset=Period.objects.none(), empty_label=None
    )

    def __init__(self, *args, periods: QuerySet[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = (
            "order",
            "name",
            "kind",
            "submission_level",
            "complexity",
            "points",
            "is_standard",
        )
        localized_fields = ("points",)
        widgets: ClassVar[dict] = {"order": forms.NumberInput(attrs={"min": 0})}


class BaseProductFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        standards = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("is_standard")
        ]
        if len(standards) > 1:
            raise forms.ValidationError(_("Mỗi danh mục chỉ có một sản phẩm chuẩn."))


ProductFormSet = forms.inlineformset_factory(
    Catalogue, Product, form=ProductForm, formset=BaseProductFormSet, extra=3, can_delete=True
)


# --- Collective results --------------------------------------------------------------------


class CollectiveResultForm(forms.ModelForm):
    """The written parts of Phụ lục 7, with the version the form was opened with."""

    lock_version = LockVersionField()

    class Meta:
        model = CollectiveResult
        fields = NARRATIVE_FIELDS
        widgets: ClassVar[dict] = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in NARRATIVE_FIELDS
            if name != "self_level"
        }
        labels: ClassVar[dict] = {
            "highlights": _("1. Kết quả nổi bật"),
            "new_models": _("2. Mô hình mới, cách làm sáng tạo, sản phẩm tiêu biểu"),
            "ad_hoc_done": _("3. Nhiệm vụ đột xuất hoàn thành trong quý"),
            "shortcomings": _("Hạn chế, tồn tại"),
            "causes": _("Nguyên nhân"),
            "remedies": _("Giải pháp khắc phục"),
            "self_level": _("Tập thể tự đánh giá mức độ hoàn thành nhiệm vụ"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "self_level" in self.fields:  # never Django's "---------" (rough edge #25)
            choices = [c for c in self.fields["self_level"].choices if c[0] != ""]
            self.fields["self_level"].choices = [("", _("— Chọn mức —")), *choices]
