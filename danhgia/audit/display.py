"""The audit log in plain Vietnamese: each entry's before and after as a list of changes.

Entries keep JSON (``before``, ``after``). To read them, each key gets a Vietnamese label —
the field's ``verbose_name`` when the key is a field of the entry's model, else a word from
``words.KEY_LABELS`` — and each value a readable form: the choice's label for a field with choices,
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
from .words import (
    CODED_FIELDS,
    DEFAULT_FLAGS,
    HIDDEN_KEYS,
    KEY_CHOICES,
    KEY_LABELS,
    KEY_REFERENCES,
    OBJECT_VALUE_LABELS,
    RECORD_KINDS,
    RETURN_KEYS,
    RULES_KEYS,
    RULES_OBJECTS,
    STEP_LABELS,
    VALUE_LABELS,
)

EMPTY = "—"
_RULES_REF = re.compile(r"(?P<code>[a-z0-9][a-z0-9_-]*) \(v(?P<version>\d+)\)")
_SHIPPED = "shipped:"
_PERIOD_CODE = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$")
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


def record_kind_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """``RECORD_KINDS`` as grouped choices with the models' Vietnamese names (no query)."""
    return [
        (str(group), [(label, object_type_label(label)) for label in labels if model_of(label)])
        for group, labels in RECORD_KINDS
    ]


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
    "494". A record deleted since keeps its number. Also the blocks by code ("thuong-truc") and
    the rules versions by "code (vN)" (the framework's or policy's title and version)."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    blocks: set[str] = set()
    rules: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        model = model_of(entry.object_type)
        if entry.object_type in RULES_OBJECTS:
            rules[RULES_OBJECTS[entry.object_type]].update(_rules_refs(entry.object_repr))
        if model is None:
            continue
        for data in (entry.before, entry.after):
            for key, value in (data or {}).items() if isinstance(data, dict) else ():
                field = _field(model, key)
                related = _points_at(field)
                if field is None and key in KEY_REFERENCES:
                    related = model_of(KEY_REFERENCES[key])
                if related is not None and str(value).isdigit():
                    wanted[related].add(str(value))
                elif key == "block" and isinstance(value, str):
                    blocks.add(value)
                elif isinstance(value, str):
                    if key in RULES_KEYS:
                        rules[RULES_KEYS[key]].update(_rules_refs(value))
                    elif key == "origin" and entry.object_type in RULES_OBJECTS:
                        rules[RULES_OBJECTS[entry.object_type]].update(_rules_refs(value))
    names: dict[tuple[str, str], str] = {}
    for related, ids in wanted.items():
        for record in related._default_manager.filter(pk__in=[int(i) for i in ids]):
            names[(related._meta.label_lower, str(record.pk))] = _name_of(record)
    block_model = model_of("organisation.block")
    if blocks and block_model is not None:
        for code, name in block_model._default_manager.filter(code__in=blocks).values_list(
            "code", "name"
        ):
            names[("organisation.block", code)] = name
    for label, refs in rules.items():
        rules_model = model_of(label)
        if rules_model is None or not refs:
            continue
        codes = {code for code, _version in refs}
        for code, version, title in rules_model._default_manager.filter(code__in=codes).values_list(
            "code", "version", "title"
        ):
            if (code, str(version)) in refs:
                names[(label, f"{code} (v{version})")] = str(
                    _("%(title)s (phiên bản %(version)s)") % {"title": title, "version": version}
                )
    return names


def _rules_refs(text: str) -> set[tuple[str, str]]:
    """The rules versions a text names: {("lamdong-2026-pl6", "1")} for "lamdong-2026-pl6 (v1)"."""
    return {(m["code"], m["version"]) for m in _RULES_REF.finditer(text or "")}


def rules_text(text: str, label: str, names: Names | None) -> str:
    """ "lamdong-2026-pl6 (v1)" → "Lâm Đồng – Phụ lục 6: … (phiên bản 1)" wherever it occurs;
    "shipped:…" (a file shipped with the application) → "Có sẵn trong phần mềm"."""
    if text.startswith(_SHIPPED):
        return str(_("Có sẵn trong phần mềm"))
    if not names:
        return text
    return _RULES_REF.sub(lambda m: names.get((label, m.group(0)), m.group(0)), text)


def object_name(entry: AuditEntry, names: Names | None = None) -> str:
    """The entry's object as a person reads it: a rules version by its title, not its code."""
    label = RULES_OBJECTS.get(entry.object_type)
    if label is None:
        return entry.object_repr
    return rules_text(entry.object_repr, label, names)


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
    period = _PERIOD_CODE.match(text)
    if period:  # a quarter's code, "2026-Q3": "Quý III/2026" as everywhere else
        roman = ("I", "II", "III", "IV")[int(period["quarter"]) - 1]
        return str(_("Quý %(quarter)s/%(year)s") % {"quarter": roman, "year": period["year"]})
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


def _default_flag(key: str, before: Any, after: Any) -> bool:
    """A flag left at its default on a criterion's row ("A.1.1 › Không áp dụng — → Không" for
    each of 23 criteria when targets are approved): not a change anyone made."""
    return key.rsplit(" › ", 1)[-1] in DEFAULT_FLAGS and not before and after is False


def changes(entry: AuditEntry, names: Names | None = None) -> list[Change]:
    """The entry's before and after, key by key, in Vietnamese (``names``: see
    ``reference_names``). A return reads as one row, the step it left → the step it went back
    to (its state and "returned from" say the same: decisions.md "One action, one row")."""
    model = model_of(entry.object_type)
    before = _flatten(entry.before if isinstance(entry.before, dict) else None)
    after = _flatten(entry.after if isinstance(entry.after, dict) else None)
    keys = [
        key
        for key in dict.fromkeys([*after, *before])
        if key not in HIDDEN_KEYS and not _default_flag(key, before.get(key), after.get(key))
    ]
    if before and after:
        # a change lists what changed: a form's save carries every row, most of them unchanged
        keys = [
            key
            for key in keys
            if before.get(key) != after.get(key)
            # "" and None both read "—": no "— → —" row (D10)
            and format_value(before.get(key)) != format_value(after.get(key))
        ]
    if "from_step" in after and "to_step" in after:
        return [_return_row(after), *_rows(model, entry, before, after, keys, names, RETURN_KEYS)]
    return _rows(model, entry, before, after, keys, names)


def _return_row(after: dict[str, Any]) -> Change:
    return Change(
        str(_("Trả lại")),
        _value_in_words(after["from_step"], STEP_LABELS) or str(after["from_step"]),
        _value_in_words(after["to_step"], STEP_LABELS) or str(after["to_step"]),
    )


def _rows(model, entry, before, after, keys, names, skip=frozenset()) -> list[Change]:
    result = []
    for key in keys:
        if key in skip:
            continue
        *path, last = key.split(" › ")
        field = _field(model, last) if not path else None
        if path:
            words = [str(KEY_LABELS.get(part, part)) for part in path]
            label = " › ".join([*words, _label(None, last)])
        else:
            label = _label(model, last)
        special = not path and (field is None or key in CODED_FIELDS)
        words = (
            VALUE_LABELS.get(key) or OBJECT_VALUE_LABELS.get((entry.object_type, key))
            if special
            else None
        )
        result.append(
            Change(
                label,
                _value_in_words(before.get(key), words)
                or (_special_value(entry, key, before.get(key), names) if special else "")
                or format_value(before.get(key), field, names),
                _value_in_words(after.get(key), words)
                or (_special_value(entry, key, after.get(key), names) if special else "")
                or format_value(after.get(key), field, names),
            )
        )
    return result


def _special_value(entry: AuditEntry, key: str, value: Any, names: Names | None) -> str:
    """A key that is not a field of the entry's model, read through what it holds: a record's
    number, a block's code, a rules version, another model's choice ("" when none applies)."""
    if value is None or value == "":
        return ""
    text = str(value)
    if key in KEY_REFERENCES and names and key not in CODED_FIELDS:
        return names.get((KEY_REFERENCES[key], text), "")
    if key == "block" and names:
        return names.get(("organisation.block", text), "")
    if key in RULES_KEYS:
        return rules_text(text, RULES_KEYS[key], names)
    if key == "origin":
        return rules_text(text, RULES_OBJECTS.get(entry.object_type, ""), names)
    if key in KEY_CHOICES:
        label, field_name = KEY_CHOICES[key]
        model = model_of(label)
        if model is not None:
            choices = {str(k): v for k, v in model._meta.get_field(field_name).flatchoices}
            return str(choices.get(text, ""))
    return ""


def _value_in_words(value: Any, words: Mapping[str, Any] | None) -> str:
    """A step's or stage's code as its Vietnamese label ("" when it is not one)."""
    if words and isinstance(value, str) and value in words:
        return str(words[value])
    return ""
