"""The filters of the audit log page (SPEC §5 "Audit log": searchable)."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danhgia.vn_format import vn_sort_key

from .choices import AuditAction
from .display import record_kind_choices
from .models import AuditEntry

#: a criterion's code as the forms and the audit entries write it ("B.1.6", "a.1.1")
CRITERION_CODE = re.compile(r"^[A-Za-z](?:\.\d+)+$")


def changed_criterion(code: str) -> Q:
    """The entries whose before and after differ on criterion ``code`` (a self-assessment's save
    carries every criterion; a stage's change only the changed ones)."""
    return (Q(before__has_key=code) | Q(after__has_key=code)) & (
        Q(_criterion_before__isnull=True)
        | Q(_criterion_after__isnull=True)
        | ~Q(_criterion_before=F("_criterion_after"))
    )


class DayField(forms.DateField):
    """A date typed dd/mm/yyyy whose error names the field and repeats what was typed.

    Django's "Nhập một ngày hợp lệ." said neither which filter nor what was wrong (D11).
    """

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code != "invalid":
                raise
            raise forms.ValidationError(
                _(
                    "“%(label)s”: “%(value)s” không phải là một ngày có thật; ghi theo dạng "
                    "dd/mm/yyyy, ví dụ 30/11/2026."
                ),
                code="invalid",
                params={"label": self.label, "value": str(value).strip()[:40]},
            ) from None


class FilterChoiceField(forms.ChoiceField):
    """A choice whose error for a value not offered (a hand-edited address: ``?loai=jobs.job``)
    names the filter and repeats the value, shortened (walk of 05/12/2026)."""

    def validate(self, value):
        try:
            super().validate(value)
        except forms.ValidationError as error:
            if error.code != "invalid_choice":
                raise
            raise forms.ValidationError(
                _("“%(label)s”: “%(value)s” không có trong danh sách; hãy chọn trong danh sách."),
                code="invalid_choice",
                params={"label": self.label, "value": str(value).strip()[:40]},
            ) from None


class AuditFilterForm(forms.Form):
    nguoi = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    hanh_dong = FilterChoiceField(label=_("Hành động"), required=False)
    loai = FilterChoiceField(label=_("Loại đối tượng"), required=False)
    ma = forms.CharField(label=_("Mã đối tượng"), required=False, max_length=64)
    q = forms.CharField(
        label=_("Tìm trong nội dung"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("tên, nội dung hoặc mã tiêu chí (B.1.6)"), "size": 32}
        ),
    )
    tu_ngay = DayField(
        label=_("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    den_ngay = DayField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = sorted(AuditAction.choices, key=lambda c: vn_sort_key(c[1]))
        self.fields["hanh_dong"].choices = [("", _("Mọi hành động")), *actions]
        self.fields["loai"].choices = [("", _("Mọi loại")), *record_kind_choices()]

    def clean(self):
        data = super().clean()
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and start > end:
            raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
        return data

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """The entries matching the filters; none while a filter is invalid (its error shows)."""
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["nguoi"]:
            entries = entries.filter(
                Q(actor_name__icontains=data["nguoi"]) | Q(actor__username__iexact=data["nguoi"])
            )
        if data["hanh_dong"]:
            entries = entries.filter(action=data["hanh_dong"])
        if data["loai"]:
            entries = entries.filter(object_type=data["loai"])
        if data["ma"]:
            entries = entries.filter(object_id=data["ma"].strip())
        if data["q"]:
            query = data["q"].strip()
            found = (
                Q(object_repr__icontains=query)
                | Q(note__icontains=query)
                | Q(actor_name__icontains=query)
            )
            if CRITERION_CODE.match(query):
                code = query.upper()
                entries = entries.annotate(
                    _criterion_before=KeyTextTransform(code, "before"),
                    _criterion_after=KeyTextTransform(code, "after"),
                )
                found |= changed_criterion(code)
            entries = entries.filter(found)
        # Whole local days: from 00:00 of the first to 00:00 of the day after the last.
        if data["tu_ngay"]:
            start = timezone.make_aware(datetime.combine(data["tu_ngay"], time.min))
            entries = entries.filter(created_at__gte=start)
        if data["den_ngay"]:
            end = timezone.make_aware(
                datetime.combine(data["den_ngay"] + timedelta(days=1), time.min)
            )
            entries = entries.filter(created_at__lt=end)
        return entries
