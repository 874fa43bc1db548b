"""Forms of a unit's meeting and dossier: the minutes, a component, the appraiser's check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.evidence import check_upload
from danhgia.tasks.forms import DATE_INPUT

from .choices import DossierComponent
from .services import PRODUCIBLE


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Ngày họp"), widget=DATE_INPUT)
    attendees = forms.CharField(
        label=gettext_lazy("Thành phần dự họp"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    minutes = forms.CharField(
        label=gettext_lazy("Nội dung biên bản"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class DocumentForm(forms.Form):
    """A dossier component: a file, or "produced by the system"."""

    component = forms.ChoiceField(
        label=gettext_lazy("Thành phần hồ sơ"), choices=DossierComponent.choices
    )
    file = forms.FileField(label=gettext_lazy("Tệp đính kèm"), required=False)
    produced = forms.BooleanField(
        label=gettext_lazy("Do hệ thống lập (không cần tệp)"),
        required=False,
        help_text=gettext_lazy(
            "Chỉ cho bản tự đánh giá, biểu tổng hợp, Phụ lục 7 và biên bản đã ghi trong hệ thống."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        produced, upload = data.get("produced"), data.get("file")
        if produced and upload:
            raise forms.ValidationError(_("Chọn tệp hoặc “do hệ thống lập”, không chọn cả hai."))
        if not produced and not upload and "file" not in self.errors:
            raise forms.ValidationError(_("Hãy chọn tệp đính kèm."))
        if produced and data.get("component") not in PRODUCIBLE:
            raise forms.ValidationError(_("Thành phần này cần tệp đính kèm."))
        return data


class DossierCheckForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Nhận xét khi kiểm tra hồ sơ"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
