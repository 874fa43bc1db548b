"""Completing a framework in a form (issue 15, item 7): its head, its axes and its criteria.

The form is three parts posted together: the head (title, status, what is missing), a formset
of axes and a formset of criteria rows, each row naming its axis. ``content_from_forms`` builds
the data file back (keys the form does not show are kept from the stored content) and
``check_forms`` says what is wrong, naming the axis or the row, through the engine: the same
check the page runs while the administrator types and again when the version is saved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.engine import MEASURES, EngineError, framework_from_mapping, render_problem_vi
from danhgia.number_input import NumberField, parse_number

from .choices import Measure
from .messages import describe_error
from .models import FrameworkVersion, RulesVersionLocked

MEASURE_CHOICES = [(m, Measure(m).label) for m in MEASURES]
#: points in a framework: up to 3 decimals, read with the one parser of every form
NUMBER = {"places": 3, "limit": Decimal(10) ** 5}


def _number(value: Decimal | None) -> int | float | None:
    """A form's decimal as the data file's number (``2``, ``1.5``)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(str(value.normalize()))


class HeadForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Tên khung"), max_length=300)
    appendix = forms.CharField(label=gettext_lazy("Phụ lục"), max_length=100, required=False)
    policy = forms.CharField(label=gettext_lazy("Chính sách mặc định"), max_length=100)
    status = forms.ChoiceField(
        label=gettext_lazy("Nguồn"),
        choices=(
            ("complete", gettext_lazy("Đầy đủ")),
            ("draft", gettext_lazy("Bản nháp (nguồn chưa đầy đủ)")),
        ),
    )
    missing = forms.CharField(
        label=gettext_lazy("Phần còn thiếu (mỗi dòng một câu; chỉ cho bản nháp)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AxisForm(forms.Form):
    axis = forms.IntegerField(label=gettext_lazy("Trục"), min_value=1, max_value=99)
    # a draft may not know an axis's title yet (Lâm Đồng Phụ lục 4, axis 2)
    title = forms.CharField(label=gettext_lazy("Tên trục"), max_length=500, required=False)
    max = NumberField(label=gettext_lazy("Điểm tối đa"), required=False, **NUMBER)


class CriterionForm(forms.Form):
    field_order = (
        "axis",
        "code",
        "max",
        "measure",
        "text",
        "target_hint",
        "target",
        "categories",
        "note",
    )
    axis = forms.IntegerField(label=gettext_lazy("Trục"), min_value=1, max_value=99)
    code = forms.CharField(label=gettext_lazy("Mã"), max_length=20)
    text = forms.CharField(label=gettext_lazy("Tiêu chí"), widget=forms.Textarea(attrs={"rows": 2}))
    max = NumberField(label=gettext_lazy("Điểm tối đa"), required=True, **NUMBER)
    measure = forms.ChoiceField(label=gettext_lazy("Cách tính"), choices=MEASURE_CHOICES)
    target_hint = forms.CharField(label=gettext_lazy("Mục tiêu gợi ý"), required=False)
    target = forms.CharField(
        label=gettext_lazy("Mục tiêu mặc định"),
        required=False,
        help_text=gettext_lazy("Một số (90) hoặc khoảng (18-20); chỉ cho tỷ lệ, mức giảm."),
    )
    categories = forms.CharField(
        label=gettext_lazy("Bảng mức xếp loại"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Mỗi dòng “Mức: điểm”, ví dụ “Tốt: 2”."),
    )
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False)

    def clean_max(self) -> Decimal:
        number = self.cleaned_data["max"]
        if number is not None and number <= 0:
            raise ValidationError(_("Điểm tối đa phải lớn hơn 0."))
        return number

    def clean_target(self) -> Any:
        text = self.cleaned_data["target"].strip().replace(" ", "")
        if not text:
            return None
        low, sep, high = text.partition("-")
        try:
            values = [parse_number(v) for v in ((low, high) if sep else (low,))]
        except ValueError:
            raise ValidationError(_("Cần một số hoặc một khoảng “thấp-cao”.")) from None
        numbers = [_number(v) for v in values]
        return numbers if sep else numbers[0]

    def clean_categories(self) -> dict[str, Any] | None:
        table: dict[str, Any] = {}
        for n, line in enumerate(self.cleaned_data["categories"].splitlines(), start=1):
            if not line.strip():
                continue
            label, sep, points = line.rpartition(":")
            try:
                number = parse_number(points)
            except ValueError:
                number = None
            if not sep or not label.strip() or number is None or not number.is_finite():
                raise ValidationError(
                    _("Dòng %(n)d: cần dạng “Mức: điểm”, ví dụ “Tốt: 2”.") % {"n": n}
                )
            table[label.strip()] = _number(number)
        return table or None


#: the keys of an axis and of a criterion the form edits; any other key is kept as stored
AXIS_FORM_KEYS = {"axis", "title", "max", "criteria"}
CRITERION_FORM_KEYS = set(CriterionForm.base_fields)

AxisFormSet = forms.formset_factory(AxisForm, extra=0, can_delete=True, max_num=30)
CriterionFormSet = forms.formset_factory(CriterionForm, extra=0, can_delete=True, max_num=200)


@dataclass
class EditForms:
    head: HeadForm
    axes: Any
    rows: Any

    def all(self) -> list[Any]:
        return [self.head, self.axes, self.rows]


def _target_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "-".join(str(v).replace(".", ",") for v in value)
    return str(value).replace(".", ",")


def forms_for(version: FrameworkVersion, data: Any = None) -> EditForms:
    """The three parts of the page, bound to ``data`` or filled from the stored content."""
    content = version.content if isinstance(version.content, dict) else {}
    axes = [a for a in content.get("axes") or [] if isinstance(a, dict)]
    head_initial = {
        "title": content.get("title", ""),
        "appendix": content.get("appendix", ""),
        "policy": content.get("policy", "central-2026"),
        "status": content.get("status", "complete"),
        "missing": "\n".join(m for m in content.get("missing") or [] if isinstance(m, str)),
    }
    axes_initial = [
        {"axis": a.get("axis"), "title": a.get("title"), "max": a.get("max")} for a in axes
    ]
    rows_initial = [
        {
            "axis": a.get("axis"),
            "code": c.get("code", ""),
            "text": c.get("text", ""),
            "max": c.get("max"),
            "measure": c.get("measure", "level"),
            "target_hint": c.get("target_hint", ""),
            "target": _target_text(c.get("target")),
            "categories": "\n".join(
                f"{label}: {str(points).replace('.', ',')}"
                for label, points in (c.get("categories") or {}).items()
            ),
            "note": c.get("note", ""),
        }
        for a in axes
        for c in a.get("criteria") or []
        if isinstance(c, dict)
    ]
    if data is not None:
        return EditForms(
            HeadForm(data, prefix="head"),
            AxisFormSet(data, prefix="axes"),
            CriterionFormSet(data, prefix="rows"),
        )
    return EditForms(
        HeadForm(initial=head_initial, prefix="head"),
        AxisFormSet(initial=axes_initial, prefix="axes"),
        CriterionFormSet(initial=rows_initial, prefix="rows"),
    )


def _kept(formset) -> list[tuple[int, dict]]:
    """(row number from 1, cleaned data) of the rows not marked for removal, in order."""
    return [
        (i + 1, form.cleaned_data)
        for i, form in enumerate(formset.forms)
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def content_from_forms(version: FrameworkVersion, parts: EditForms) -> dict[str, Any]:
    """The data file of valid forms: keys the form does not show are kept from the version."""
    stored = version.content if isinstance(version.content, dict) else {}
    head = parts.head.cleaned_data
    content = {**stored, "id": version.code}
    content.update(title=head["title"], policy=head["policy"], status=head["status"])
    for key, value in (("appendix", head["appendix"]),):
        if value:
            content[key] = value
        else:
            content.pop(key, None)
    missing = [line.strip() for line in head["missing"].splitlines() if line.strip()]
    if missing:
        content["missing"] = missing
    else:
        content.pop("missing", None)
    stored_axes = {a.get("axis"): a for a in stored.get("axes") or [] if isinstance(a, dict)}
    axes = []
    for _n, axis in _kept(parts.axes):
        entry: dict[str, Any] = {
            "axis": axis["axis"],
            "title": axis["title"],
            "max": _number(axis["max"]),
        }
        # keys the form does not show (an axis's items, any later key) are kept from the file
        kept = stored_axes.get(axis["axis"], {})
        entry.update({k: v for k, v in kept.items() if k not in AXIS_FORM_KEYS and v})
        entry["criteria"] = []
        axes.append(entry)
    by_number = {a["axis"]: a for a in axes}
    stored_rows = {
        c.get("code"): c
        for a in stored_axes.values()
        for c in a.get("criteria") or []
        if isinstance(c, dict)
    }
    for _n, row in _kept(parts.rows):
        criterion: dict[str, Any] = {
            "code": row["code"].strip(),
            "text": row["text"].strip(),
            "max": _number(row["max"]),
            "measure": row["measure"],
        }
        kept_row = stored_rows.get(criterion["code"], {})
        criterion.update({k: v for k, v in kept_row.items() if k not in CRITERION_FORM_KEYS})
        for key in ("target_hint", "note"):
            if row[key].strip():
                criterion[key] = row[key].strip()
        if row["target"] is not None:
            criterion["target"] = row["target"]
        if row["categories"]:
            criterion["categories"] = row["categories"]
        axis = by_number.get(row["axis"])
        if axis is not None:
            axis["criteria"].append(criterion)
    content["axes"] = axes
    return json.loads(json.dumps(content, ensure_ascii=False))


def _row_name(formset_name: str, number: int, form) -> str:
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    if formset_name == "axes":
        axis = data.get("axis") or form.data.get(form.add_prefix("axis"))
        return _("Trục %(axis)s (dòng %(n)d)") % {"axis": axis or "?", "n": number}
    code = data.get("code") or form.data.get(form.add_prefix("code"))
    return _("Tiêu chí %(code)s (dòng %(n)d)") % {"code": code or "?", "n": number}


def check_forms(version: FrameworkVersion, parts: EditForms) -> tuple[list[str], dict | None]:
    """What is wrong, in Vietnamese and naming the axis or row, and the content when readable.

    Field errors first (a number that is not one, a missing text), then the engine's refusal
    (``DataFileError``, naming the path), then the framework's problems (sums, missing rows).
    """
    messages: list[str] = []
    for field, errors in parts.head.errors.items():
        label = parts.head.fields[field].label if field in parts.head.fields else ""
        messages += [f"{label}: {e}" for e in errors]
    for name, formset in (("axes", parts.axes), ("rows", parts.rows)):
        messages += [str(e) for e in formset.non_form_errors()]
        for i, form in enumerate(formset.forms):
            if form.is_bound and not form.is_valid() and not _marked_deleted(form):
                for field, errors in form.errors.items():
                    label = form.fields[field].label if field in form.fields else ""
                    where = _row_name(name, i + 1, form)
                    messages += [f"{where}, {str(label).lower()}: {e}" for e in errors]
    if messages:
        return messages, None
    content = content_from_forms(version, parts)
    kept_axes = {a["axis"] for a in content["axes"]}
    for number, row in _kept(parts.rows):
        if row["axis"] not in kept_axes:
            messages.append(
                _("Tiêu chí %(code)s (dòng %(n)d): không có trục %(axis)d trong khung.")
                % {"code": row["code"], "n": number, "axis": row["axis"]}
            )
    if messages:
        return messages, None
    try:
        framework = framework_from_mapping(content)
    except EngineError as exc:
        return [describe_error(exc, content)], None
    return [render_problem_vi(p) for p in framework.problems], content


def _marked_deleted(form) -> bool:
    return form.data.get(form.add_prefix("DELETE")) in ("on", "true", "True", "1")


def save_framework_content(version: FrameworkVersion, content: dict[str, Any], actor) -> None:
    """Store the completed content (an unused version only; audited with the status change)."""
    with transaction.atomic():
        locked = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
        if locked.in_use():
            raise RulesVersionLocked(
                _(
                    "Phiên bản này đã được kỳ đánh giá sử dụng nên không thể sửa; "
                    "hãy tạo phiên bản mới."
                ),
                code="locked",
            )
        before = {"status": locked.status, "problems": len(locked.problems)}
        locked.content = content
        locked.save()
        log_action(
            actor,
            AuditAction.RECORD_CHANGED,
            locked,
            before=before,
            after={"status": locked.status, "problems": len(locked.problems)},
            note=_("Hoàn thiện khung chấm điểm trên biểu mẫu"),
        )
    version.refresh_from_db()
