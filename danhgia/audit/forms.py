"""The filters of the audit log page (SPEC §5 "Audit log": searchable)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction
from .display import object_type_choices
from .models import AuditEntry


class AuditFilterForm(forms.Form):
    nguoi = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    hanh_dong = forms.ChoiceField(label=_("Hành động"), required=False)
    loai = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    ma = forms.CharField(label=_("Mã đối tượng"), required=False, max_length=64)
    q = forms.CharField(label=_("Tìm trong nội dung"), required=False, max_length=100)
    tu_ngay = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    den_ngay = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = sorted(AuditAction.choices, key=lambda c: str(c[1]))
        self.fields["hanh_dong"].choices = [("", _("Mọi hành động")), *actions]
        self.fields["loai"].choices = [("", _("Mọi loại")), *object_type_choices()]

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
            entries = entries.filter(
                Q(object_repr__icontains=data["q"])
                | Q(note__icontains=data["q"])
                | Q(actor_name__icontains=data["q"])
            )
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
