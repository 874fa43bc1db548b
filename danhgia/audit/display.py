"""The audit log in plain Vietnamese: each entry's before and after as a list of changes.

Entries keep JSON (``before``, ``after``). To read them, each key gets a Vietnamese label —
the field's ``verbose_name`` when the key is a field of the entry's model, else a word from
``KEY_LABELS`` — and each value a readable form: the choice's label for a field with choices,
"Có"/"Không", dates as dd/mm/yyyy, numbers with a decimal comma. Nested values (the targets of
each criterion) become one line per criterion. The models are found through the app registry,
so this module depends on no other application.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

EMPTY = "—"
#: words for keys that are not fields of the entry's model (written by the workflow steps)
KEY_LABELS = {
    "state": _("Trạng thái"),
    "rating": _("Xếp loại"),
    "engine_rating": _("Xếp loại theo quy tắc"),
    "total": _("Tổng điểm"),
    "band": _("Mức theo điểm"),
    "proposed_rating": _("Đề xuất xếp loại"),
    "submitted_at": _("Nộp lúc"),
    "deadline": _("Thời hạn"),
    "late": _("Nộp muộn"),
    "target": _("Mục tiêu"),
    "targets": _("Mục tiêu"),
    "not_applicable": _("Không áp dụng"),
    "met": _("Đảm bảo"),
    "actual": _("Kết quả thực tế"),
    "category": _("Mức xếp loại"),
    "level": _("Mức độ đáp ứng"),
    "use_tasks": _("Chấm theo nhiệm vụ"),
    "comment": _("Nhận xét, giải trình"),
    "code": _("Mã tiêu chí"),
    "evidence": _("Tài liệu minh chứng (mã)"),
    "name": _("Tên tệp"),
    "size": _("Dung lượng (byte)"),
    "evaluations": _("Số phiếu"),
    "scope": _("Phạm vi"),
    "unit": _("Đơn vị (mã)"),
    "deferral_case": _("Lý do chưa đánh giá"),
    "framework": _("Khung chấm điểm"),
    "criteria": _("Số tiêu chí"),
    "policy": _("Chính sách"),
    "deadlines": _("Số mốc thời hạn"),
    "block": _("Khối"),
    "quality": _("Hệ số chất lượng"),
    "timeliness": _("Hệ số tiến độ"),
    "leadership": _("Hệ số lãnh đạo, chỉ đạo"),
    "points": _("Điểm"),
    "part_a": _("Điểm nhóm tiêu chí chung"),
    "part_b": _("Điểm kết quả thực hiện nhiệm vụ"),
    "explanation": _("Giải trình"),
    "response": _("Mức độ đáp ứng"),
    "units": _("Số đơn vị"),
    "officials": _("Số cán bộ"),
    "groups": _("Số nhóm so sánh"),
    "periods": _("Số kỳ đánh giá"),
    "accounts": _("Số tài khoản"),
    "tasks": _("Số nhiệm vụ"),
    "stage": _("Bước"),
    "from_step": _("Bước trả lại"),
    "to_step": _("Trả về bước"),
    "reason": _("Lý do"),
    "content": _("Nội dung"),
    "quota": _("Hạn mức HTXSNV"),
    "pct": _("Tỷ lệ (%)"),
    "max_pct": _("Tỷ lệ tối đa (%)"),
}
#: the words for values of keys that are not fields: the workflow's steps and the stages
#: (the same labels as ``evaluations.workflow.STEPS`` and ``review.choices.Stage``; a test
#: keeps them equal, since this module depends on no other application)
STEP_LABELS = {
    "self_assessment": _("Tự đánh giá"),
    "verification": _("Xác nhận kết quả nhiệm vụ"),
    "review": _("Tập thể lãnh đạo nhận xét, đề xuất"),
    "appraisal": _("Thẩm định"),
    "decision": _("Quyết định xếp loại"),
}
STAGE_LABELS = {
    "review": _("Tập thể lãnh đạo đơn vị"),
    "appraisal": _("Ban Tổ chức thẩm định"),
    "decision": _("Cấp có thẩm quyền quyết định"),
}
VALUE_LABELS = {"from_step": STEP_LABELS, "to_step": STEP_LABELS, "stage": STAGE_LABELS}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_NUMBER = re.compile(r"^-?\d+\.\d+$")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str

    @property
    def added(self) -> bool:
        return self.before == EMPTY and self.after != EMPTY

    @property
    def removed(self) -> bool:
        return self.after == EMPTY and self.before != EMPTY


def model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type) if object_type else None
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = model_of(object_type)
    if model is None:
        return object_type or ""
    return capfirst(str(model._meta.verbose_name))


def object_type_choices() -> list[tuple[str, str]]:
    """The application's models, by their Vietnamese names (no query)."""
    choices = [
        (model._meta.label_lower, capfirst(str(model._meta.verbose_name)))
        for model in apps.get_models()
        if model.__module__.startswith("danhgia.") or model._meta.label_lower == "auth.user"
    ]
    return sorted(choices, key=lambda c: c[1])


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if key in (field.name, field.attname):
            return field
    return None


def _label(model, key: str) -> str:
    field = _field(model, key)
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    return str(KEY_LABELS.get(key, key))


#: (model label, primary key as text) → the record's name, for the keys that point at a record
Names = Mapping[tuple[str, str], str]


def _points_at(field: models.Field | None) -> type[models.Model] | None:
    if field is not None and field.many_to_one and field.related_model is not None:
        return field.related_model
    return None


def _name_of(record: models.Model) -> str:
    full_name = getattr(record, "get_full_name", None)
    return (full_name() if callable(full_name) else "") or str(record)


def reference_names(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], str]:
    """The names of the records the entries' keys point at (the lead, the unit, who assigned…),
    read with one query per kind of record, so that a page of entries reads "Phạm Thu Lan", not
    "494". A record deleted since keeps its number."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = model_of(entry.object_type)
        if model is None:
            continue
        for data in (entry.before, entry.after):
            for key, value in (data or {}).items() if isinstance(data, dict) else ():
                related = _points_at(_field(model, key))
                if related is not None and str(value).isdigit():
                    wanted[related].add(str(value))
    names: dict[tuple[str, str], str] = {}
    for related, ids in wanted.items():
        for record in related._default_manager.filter(pk__in=[int(i) for i in ids]):
            names[(related._meta.label_lower, str(record.pk))] = _name_of(record)
    return names


def format_value(value: Any, field: models.Field | None = None, names: Names | None = None) -> str:
    """A JSON value as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    related = _points_at(field)
    if related is not None and names:
        name = names.get((related._meta.label_lower, str(value)))
        if name is not None:
            return name
    if isinstance(field, models.UUIDField):
        return str(value)[:8]  # an identifier shared by records made together (a batch)
    if field is not None and field.choices:
        labels = {str(k): v for k, v in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, (int, float, Decimal)):
        return _number(str(value))
    if isinstance(value, (list, tuple)):
        return "; ".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    text = str(value)
    if _ISO_DATETIME.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d/%m/%Y %H:%M")
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text).strftime("%d/%m/%Y")
        except ValueError:
            return text
    if _NUMBER.match(text):
        return _number(text)
    return text


def _number(text: str) -> str:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f").replace(".", ",")


def _flatten(data: dict | None, prefix: str = "") -> dict[str, Any]:
    """{"B.1.1": {"target": "5"}} → {"B.1.1 › target": "5"} (criterion rows of a form)."""
    flat: dict[str, Any] = {}
    for key, value in (data or {}).items():
        if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
            flat.update(_flatten(value, f"{prefix}{key} › "))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def changes(entry: AuditEntry, names: Names | None = None) -> list[Change]:
    """The entry's before and after, key by key, in Vietnamese (``names``: see
    ``reference_names``)."""
    model = model_of(entry.object_type)
    before = _flatten(entry.before if isinstance(entry.before, dict) else None)
    after = _flatten(entry.after if isinstance(entry.after, dict) else None)
    keys = list(dict.fromkeys([*after, *before]))
    if before and after:
        # a change lists what changed: a form's save carries every row, most of them unchanged
        keys = [
            key
            for key in keys
            if before.get(key) != after.get(key)
            # "" and None both read "—": no "— → —" row (D10)
            and format_value(before.get(key)) != format_value(after.get(key))
        ]
    result = []
    for key in keys:
        *path, last = key.split(" › ")
        field = _field(model, last) if not path else None
        if path:
            words = [str(KEY_LABELS.get(part, part)) for part in path]
            label = " › ".join([*words, _label(None, last)])
        else:
            label = _label(model, last)
        words = VALUE_LABELS.get(key) if not path and field is None else None
        result.append(
            Change(
                label,
                _value_in_words(before.get(key), words)
                or format_value(before.get(key), field, names),
                _value_in_words(after.get(key), words)
                or format_value(after.get(key), field, names),
            )
        )
    return result


def _value_in_words(value: Any, words: Mapping[str, Any] | None) -> str:
    """A step's or stage's code as its Vietnamese label ("" when it is not one)."""
    if words and isinstance(value, str) and value in words:
        return str(words[value])
    return ""
