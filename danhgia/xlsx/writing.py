"""Writing workbooks: lists as .xlsx, text neutralised, the download response."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``…) gets a leading
    apostrophe so that it stays text (OWASP "CSV injection"); other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(sheet, value: Any, *, header: bool = False) -> WriteOnlyCell:
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    if header:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def table_workbook(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int] | None = None,
) -> Workbook:
    """One sheet: a bold, frozen header row, then the rows (streamed: any number of rows).

    Datetimes must be local already (Excel has no time zones); aware ones lose their zone.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or [max(12, min(40, len(h) + 4)) for h in headers], 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_cell(sheet, h, header=True) for h in headers])
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook: Workbook | bytes, filename: str) -> HttpResponse:
    """The workbook as a download called ``filename`` (Vietnamese names kept, RFC 5987)."""
    content = workbook if isinstance(workbook, bytes) else workbook_bytes(workbook)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
