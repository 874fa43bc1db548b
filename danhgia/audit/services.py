"""Writing the audit log (STYLE: every state change writes an entry with a stable action code)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from danhgia.names import display_name

from .choices import AuditAction
from .models import AuditEntry
from .paths import fill_unit_paths


def snapshot(instance: models.Model, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The concrete field values of a record as JSON-ready data (foreign keys by id)."""
    data = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name not in exclude and field.attname not in exclude
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def changed_only(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Keep only the keys whose values differ, so that an entry shows what changed."""
    if before is None or after is None:
        return before, after
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def log_action(
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Record one action. ``actor`` is a user, or None for the system (commands, imports)."""
    entry = new_entry(actor, action, obj, before=before, after=after, note=note)
    fill_unit_paths([entry])
    entry.save()
    return entry


def new_entry(
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """An unsaved entry, as ``log_action`` writes it (for ``log_actions``)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        actor=actor if is_user else None,
        actor_name=(display_name(actor)) if is_user else "",
        action=str(action),
        note=note,
        before=before,
        after=after,
    )
    if obj is not None:
        entry.object_type = obj._meta.label_lower
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:300]
        entry._record = obj  # for fill_unit_paths, no query when the unit is already loaded
    return entry


def log_actions(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Record many actions at once (entries from ``new_entry``): one insert, whatever their
    number (a workbook's rows)."""
    entries = list(entries)
    fill_unit_paths(entries)
    return AuditEntry.objects.bulk_create(entries)
