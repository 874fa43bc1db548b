"""The template upload form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Mẫu .docx đã sửa"),
        error_messages={"required": _("Chọn tệp mẫu .docx để tải lên.")},
    )
