"""The upload of a round-trip workbook (SPEC §13.2)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bảng tính đã điền (.xlsx)"),
        help_text=_("Tệp tải về từ trang này, điền rồi lưu dạng Excel Workbook (*.xlsx)."),
    )
