"""Forms of a unit's meeting and dossier: the minutes, a component, the appraiser's check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from danhgia.evidence import check_upload
from danhgia.tasks.forms import DATE_INPUT
from danhgia.web import LockVersionField

from .components import UPLOADED


class MeetingForm(forms.Form):
    #: the meeting's version when the form was opened; 0 when none was recorded yet
    lock_version = LockVersionField(min_value=0)
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
    """An uploaded file of the memo or the evidence; the other components are computed."""

    component = forms.ChoiceField(
        label=gettext_lazy("Thành phần hồ sơ"),
        choices=[(c.value, c.label) for c in UPLOADED],
        help_text=gettext_lazy(
            "Biên bản hội nghị, bản tự đánh giá, biểu tổng hợp và Phụ lục 7 do hệ thống lập từ "
            "dữ liệu đã ghi: không cần đính kèm."
        ),
    )
    file = forms.FileField(label=gettext_lazy("Tệp đính kèm"))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload(upload)
        return upload


class DossierCheckForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Nhận xét khi kiểm tra hồ sơ"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
