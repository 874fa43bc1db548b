"""The empty organisation workbook: the four sheets of SPEC §13.2 with their header rows."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from danhgia.xlsx.prefilled import add_dropdown

from .columns import DROPDOWNS, SHEETS

ROWS = 5000  # rows the dropdowns cover
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def template_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    columns_of = {}
    for name, columns in SHEETS:
        sheet = workbook.create_sheet(name)
        sheet.append([column.header for column in columns])
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(index)].width = max(
                14, len(column.header) + 4
            )
        sheet.freeze_panes = "A2"
        columns_of[name] = [column.key for column in columns]
    for name, key, options in DROPDOWNS:
        letter = get_column_letter(columns_of[name].index(key) + 1)
        add_dropdown(workbook[name], f"{letter}2:{letter}{ROWS}", options)
    return workbook
