"""A task workbook's rows against what the download wrote and what their task says now.

Each row's fingerprint (its cells read back as the upload reads them) is kept in the hidden
stamp: a row whose cells still give the download's fingerprint is left as downloaded and left
alone, whatever happened to its task since (confirmed, reported, cancelled, carried over). A
changed row of a task that changed since is refused, naming what happened (from the audit
trail). The preview lists, for each changed row, the fields that change, old → new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.audit.models import AuditEntry
from danhgia.engine import format_number
from danhgia.xlsx import Column, Problem

from ..choices import TaskState
from ..models import Task

#: an audit entry this close to a task's last save was written by that save
SAME_SAVE = timedelta(seconds=5)


def _canonical(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(_canonical(v) for v in value)
    return str(value).replace("\r\n", "\n").strip()


def fingerprint(columns: Sequence[Column], values: Mapping[str, Any]) -> str:
    """What a row says, as read (every column but the task number), in 16 hex digits."""
    text = "\x1f".join(_canonical(values.get(c.key)) for c in columns if c.key != "id")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def written(columns: Sequence[Column], cells: Iterable[Any]) -> dict[str, Any]:
    """A row as the download wrote it, read as an upload reads it (the same parsers)."""
    values = {}
    for column, raw in zip(columns, cells, strict=False):
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            values[column.key] = None
            continue
        try:
            values[column.key] = column.parse(raw)
        except ValueError:
            values[column.key] = raw
    return values


def row_key(sheet: str, task_id: int) -> str:
    return f"{sheet}:{task_id}"


def keep_print(prints: dict[str, str], sheet, columns: Sequence[Column], task_id: int) -> None:
    """Record the fingerprint of the row just written on ``sheet`` for the task."""
    values = written(columns, [c.value for c in sheet[sheet.max_row]])
    prints[row_key(sheet.title, task_id)] = fingerprint(columns, values)


def left_as_downloaded(
    recorded: Mapping[str, str], sheet: str, columns: Sequence[Column], row
) -> bool:
    """The row's cells give the fingerprint the download recorded for its task."""
    task_id = row.values.get("id")
    if task_id is None:
        return False
    kept = recorded.get(row_key(sheet, task_id))
    return kept is not None and kept == fingerprint(columns, row.values)


# --- What happened to a task -------------------------------------------------------------

#: what took a task off the workbooks (a task still open "đã được sửa")
_HAPPENED = {
    TaskState.VERIFIED: gettext_lazy("đã được xác nhận"),
    TaskState.CANCELLED: gettext_lazy("đã bị hủy"),
    TaskState.CARRIED_OVER: gettext_lazy("đã được chuyển sang quý sau"),
}


def what_happened(task_ids: Iterable[int]) -> dict[int, str]:
    """For each task, what happened to it last: "đã được xác nhận lúc 12/09/2026 10:00 bởi
    Nguyễn Văn A" (its state; the time it was last saved; the person of the audit entry
    written then, if any: a save without one names no one rather than the wrong person)."""
    ids = sorted(set(task_ids))
    if not ids:
        return {}
    tasks = Task.objects.filter(pk__in=ids).in_bulk()
    latest: dict[str, AuditEntry] = {}
    entries = AuditEntry.objects.filter(
        object_type=Task._meta.label_lower, object_id__in=[str(i) for i in ids]
    ).order_by("created_at", "pk")
    for entry in entries:
        latest[entry.object_id] = entry
    said = {}
    for task_id in ids:
        task = tasks.get(task_id)
        if task is None:
            said[task_id] = _("đã bị xóa")
            continue
        what = str(_HAPPENED.get(task.state, gettext_lazy("đã được sửa")))
        values = {"what": what, "when": shown(task.updated_at)}
        entry = latest.get(str(task_id))
        if entry is not None and abs(entry.created_at - task.updated_at) <= SAME_SAVE:
            values["who"] = entry.actor_name or _("hệ thống")
            said[task_id] = _("%(what)s lúc %(when)s bởi %(who)s") % values
        else:
            said[task_id] = _("%(what)s lúc %(when)s") % values
    return said


def refused_changes(sheet: str, rows: Mapping[int, str], happened: Mapping[int, str]):
    """Changed rows (task id → cell) of tasks that changed since the download."""
    return [
        Problem(
            sheet,
            cell,
            _(
                "nhiệm vụ số %(id)d %(what)s sau khi bạn tải bảng tính; dòng này đã bị sửa nên "
                "không lưu được: hãy trả dòng về như lúc tải (hoặc xóa dòng) hoặc tải bảng "
                "tính mới"
            )
            % {"id": task_id, "what": happened.get(task_id, _("đã được sửa"))},
        )
        for task_id, cell in rows.items()
    ]


# --- The preview -------------------------------------------------------------------------


@dataclass
class Line:
    """One line of the preview: what the row does and, for a changed row, old → new."""

    text: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text


def shown(value: Any) -> str:
    """A value as the preview shows it: dd/mm/yyyy, decimal comma, Có/Không, — for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).replace("\r\n", "\n").strip() or "—"


def changes(pairs: Iterable[tuple[str, Any, Any]]) -> list[tuple[str, str, str]]:
    """The (label, old, new) of the fields whose shown value changes."""
    out = []
    for label, old, new in pairs:
        before, after = shown(old), shown(new)
        if before != after:
            out.append((str(label), before, after))
    return out
