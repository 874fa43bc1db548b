"""Forms of the rules pages: uploading a data file, the admin's content field, comparing."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .messages import RulesFileRefused, parse_data_text


class DataFileField(forms.JSONField):
    """The content of a version typed in the admin: YAML or JSON (JSON is YAML), stored as JSON.

    Shown as indented JSON, so a framework is no longer a one-line blob (D7/D8 of the rough
    edges); an unreadable text is refused in Vietnamese with its line and column.
    """

    widget = forms.Textarea(attrs={"rows": 24, "cols": 100, "class": "vLargeTextField"})

    default_error_messages: ClassVar[dict] = {
        "invalid": _("Nội dung không đúng cú pháp YAML hoặc JSON.")
    }

    def to_python(self, value: Any) -> Any:
        if self.disabled or value in self.empty_values:
            return None if value in self.empty_values else value
        if isinstance(value, (dict, list, int, float)) and not isinstance(value, bool):
            return value
        try:
            return parse_data_text(str(value))
        except RulesFileRefused as refused:
            raise ValidationError(refused.messages[0], code="invalid") from None

    def bound_data(self, data: Any, initial: Any) -> Any:
        if self.disabled:
            return initial
        if data is None:
            return None
        try:
            return parse_data_text(str(data))
        except RulesFileRefused:
            return forms.fields.InvalidJSONInput(data)

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


class RulesUploadForm(forms.Form):
    """A framework or policy file in the format of ``danhgia`` (docs/framework-format.md)."""

    kind = forms.ChoiceField(
        label=_("Loại tệp"),
        choices=(("framework", _("Khung chấm điểm")), ("policy", _("Chính sách (bộ quy tắc)"))),
        initial="framework",
    )
    file = forms.FileField(label=_("Tệp YAML hoặc JSON"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml", ".json")):
            raise ValidationError(_("Chọn một tệp .yaml, .yml hoặc .json."), code="extension")
        return upload


class CompareForm(forms.Form):
    """Two versions of the same kind, chosen by their id (``?loai=framework&a=1&b=2``)."""

    loai = forms.ChoiceField(
        label=_("So sánh"),
        choices=(("framework", _("Khung chấm điểm")), ("policy", _("Chính sách"))),
        initial="framework",
    )
    a = forms.IntegerField(label=_("Phiên bản bên trái"), min_value=1, max_value=2**31 - 1)
    b = forms.IntegerField(label=_("Phiên bản bên phải"), min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import FrameworkVersion, PolicyVersion

        kind = self.data.get("loai") if self.is_bound else "framework"
        model = PolicyVersion if kind == "policy" else FrameworkVersion
        self.model = model
        choices = [(v.pk, str(v)) for v in model.objects.order_by("code", "-version")]
        for name in ("a", "b"):
            self.fields[name].widget = forms.Select(choices=[("", "—"), *choices])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, key in (("a", "left"), ("b", "right")):
            pk = cleaned.get(name)
            if pk is None:
                continue
            record = self.model.objects.filter(pk=pk).first()
            if record is None:
                self.add_error(name, _("Không có phiên bản này."))
            cleaned[key] = record
        return cleaned
