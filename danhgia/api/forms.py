"""The form of the personal token page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .tokens import MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên khóa"),
        max_length=100,
        help_text=_("Để nhận ra khóa sau này, ví dụ “Phần mềm quản lý văn bản”."),
    )
    days = forms.IntegerField(
        label=_("Hết hạn sau (ngày)"),
        min_value=1,
        max_value=MAX_DAYS,
        required=False,
        initial=90,
        help_text=_("Để trống: không hết hạn."),
    )
    read_only = forms.BooleanField(
        label=_("Chỉ đọc"),
        required=False,
        help_text=_("Khóa chỉ đọc không ghi được dữ liệu (giao nhiệm vụ, báo cáo, lưu phiếu)."),
    )
