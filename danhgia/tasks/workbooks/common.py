"""What the task workbooks share: writing a prefilled sheet and applying rows all or nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from danhgia.xlsx import Problem, WorkbookInvalid
from danhgia.xlsx.prefilled import keep_text, read_download
from danhgia.xlsx.writing import DATE_FORMAT, HEADER_FILL, HEADER_FONT

from ..models import Task
from .rows import Line

#: rows read per sheet (a bounded request; the changed rows are applied in bulk)
MAX_ROWS = 1000
#: empty rows offered below the prefilled ones for new entries
BLANK_ROWS = 200


def new_sheet(workbook: Workbook, title: str, headers: Sequence[str], widths: Sequence[int]):
    """A sheet with a bold, frozen header row (the first sheet of a new workbook is reused)."""
    fresh = workbook.worksheets[0]
    if len(workbook.worksheets) == 1 and fresh.title == "Sheet" and fresh.max_column == 1:
        sheet, sheet.title = fresh, title  # the empty sheet a new workbook starts with
    else:
        sheet = workbook.create_sheet(title)
    sheet.append(list(headers))
    for index, (cell, width) in enumerate(zip(sheet[1], widths, strict=True), start=1):
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def put_row(sheet, values: Sequence[Any]) -> None:
    """Append a row: text kept as text (wrapped when on several lines), dates as dd/mm/yyyy,
    decimals as numbers showing their own decimals (12 → "12", 1,5 → "1,5")."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        keep_text(cell)
        if isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT
        elif isinstance(cell.value, Decimal):
            cell.number_format = number_format(cell.value)
        elif isinstance(cell.value, str) and "\n" in cell.value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def number_format(value: Decimal) -> str:
    """ "#,##0" for a whole number, "#,##0.0" or "#,##0.00" for one with decimals: no
    dangling decimal separator ("#,##0.##" shows 12 as "12,")."""
    places = max(0, -value.normalize().as_tuple().exponent)
    return "#,##0" + ("." + "0" * places if places else "")


def column_range(letter: str, first: int, last: int) -> str:
    return f"{letter}{first}:{letter}{max(first, last)}"


@dataclass
class Step:
    """One row to apply: what it says in the preview and, for a row applied alone, the service
    call that applies it (rows applied together leave ``run`` to their ``Batch``)."""

    sheet: str
    row: int
    label: str
    kind: str  # "created" | "changed"
    run: Callable[[], Any] | None = None
    task_id: int | None = None
    #: a refusal's code (the field it concerns) → the cell it is shown at (else column A)
    cells: dict[str, str] = field(default_factory=dict)
    #: what the preview shows the row changes: (field, old, new)
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Batch:
    """Rows applied together through the bulk services: ``apply`` checks every row and writes
    them all at a constant number of queries, or writes nothing and returns the refusals by
    the index of their step."""

    steps: list[Step]
    apply: Callable[[], dict[int, Exception]]


@dataclass
class Summary:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def saved(self) -> int:
        """The rows the confirmation writes (created or changed)."""
        return len(self.created) + len(self.changed)


def _refusal(step: Step, error: Exception) -> list[Problem]:
    if isinstance(error, PermissionDenied):
        return [Problem(step.sheet, f"A{step.row}", _("bạn không có quyền sửa dòng này"))]
    cell = step.cells.get(getattr(error, "code", None) or "", f"A{step.row}")
    return [Problem(step.sheet, cell, message) for message in error.messages]


def _run_alone(step: Step) -> Exception | None:
    try:
        with transaction.atomic():
            step.run()
    except (PermissionDenied, ValidationError) as error:
        return error
    return None


def execute(work: list[Step] | Batch, summary: Summary, *, dry_run: bool) -> Summary:
    """Apply every row in one transaction; any refusal (each named by its row) undoes all.

    ``work`` is a ``Batch`` (the task workbooks: one bulk write) or steps applied one by one
    (Phụ lục 7: one record). ``dry_run`` (the preview) always undoes, so that it refuses what
    the confirmation would.
    """
    problems: list[Problem] = []
    with transaction.atomic():
        if isinstance(work, Batch):
            refused = work.apply()
            outcomes = [(step, refused.get(i)) for i, step in enumerate(work.steps)]
        else:
            outcomes = [(step, _run_alone(step)) for step in work]
        for step, error in outcomes:
            if error is None:
                getattr(summary, step.kind).append(Line(step.label, step.changes))
            else:
                problems += _refusal(step, error)
        if problems or dry_run:
            transaction.set_rollback(True)
    if problems:
        raise WorkbookInvalid(problems)
    return summary


def download_id(workbook) -> uuid.UUID | None:
    """The id the workbook's download was stamped with (the batch of the tasks it creates)."""
    try:
        return uuid.UUID(read_download(workbook))
    except ValueError:  # stamped before downloads had an id
        return None


def used_download(sheet: str, download: uuid.UUID | None, rows: list[int]) -> list[Problem]:
    """The new rows (by number) of a workbook whose download already created tasks: a
    workbook creates tasks once; uploading it again would create them twice."""
    if download is None or not rows:
        return []
    first = (
        Task.objects.filter(batch=download)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if first is None:
        return []
    message = _(
        "bảng tính này đã được dùng để giao nhiệm vụ lúc %(time)s; để giao thêm nhiệm vụ hãy "
        "tải bảng tính mới (dòng này chưa được giao)"
    ) % {"time": timezone.localtime(first).strftime("%d/%m/%Y %H:%M")}
    return [Problem(sheet, f"A{row}", message) for row in rows]
