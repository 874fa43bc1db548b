"""The report to the centre's tables as .xlsx: counts (numbers) and shares (as the engine's
``format_pct`` wrote them) per rating, in all, per comparison group and per block; the KHTNV
list; who must be replaced. A4 landscape, 36-HD/VPTW margins."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from danhgia.xlsx.writing import neutralise, workbook_bytes

from . import quarter_report as qr
from .summary_xlsx import MARGINS_MM, MM_PER_INCH

BOLD = Font(bold=True)


def _page(sheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    sheet.page_margins.left = MARGINS_MM["left"] / MM_PER_INCH
    sheet.page_margins.right = MARGINS_MM["right"] / MM_PER_INCH
    sheet.page_margins.top = MARGINS_MM["top"] / MM_PER_INCH
    sheet.page_margins.bottom = MARGINS_MM["bottom"] / MM_PER_INCH


def _counts_table(sheet, heading: str, rows: list[qr.Counts]) -> None:
    codes = (*qr.COLUMNS, qr.UNDECIDED)
    header = [heading, "Tổng số"]
    for code in codes:
        label = qr.column_label(code)
        header += [label] if code == qr.UNDECIDED else [label, f"Tỷ lệ {label}"]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for counts in rows:
        line: list[Any] = [neutralise(counts.name), counts.total]
        for code in codes:
            line.append(counts.count(code))
            if code != qr.UNDECIDED:
                line.append(counts.share(code))
        sheet.append(line)
    sheet.append([])


def _people(workbook: Workbook, title: str, people: list[qr.Person]) -> None:
    sheet = workbook.create_sheet(title)
    _page(sheet)
    sheet.append(["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Xếp loại các quý trong năm"])
    for cell in sheet[1]:
        cell.font = BOLD
    for number, person in enumerate(people, 1):
        texts = (person.full_name, person.position, person.unit_name, person.quarters_text)
        sheet.append([number, *(neutralise(v) for v in texts)])
    for index, width in enumerate((6, 28, 34, 30, 34), 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def report_xlsx(context: dict[str, Any]) -> bytes:
    report: qr.QuarterReport = context["report"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    _page(sheet)
    sheet.append([context["subtitle"]])
    sheet["A1"].font = BOLD
    sheet.append([neutralise(context["scope"])])
    sheet.append([])
    _counts_table(sheet, "Phạm vi", [report.overall])
    _counts_table(sheet, "Nhóm so sánh", report.by_group)
    _counts_table(sheet, "Khối", report.by_block)
    sheet.column_dimensions["A"].width = 36
    _people(workbook, "Không hoàn thành NV", report.not_completed)
    _people(workbook, "Hai quý liên tiếp KHTNV", report.to_replace)
    return workbook_bytes(workbook)
