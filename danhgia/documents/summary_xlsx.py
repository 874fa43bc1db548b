"""The summary table (Lào Cai Phụ lục 05–07) as .xlsx: A4 landscape, streamed (write-only).

The header blocks, the title and the two header rows, then per comparison group a line with its
quota figures and its people. Points are numbers (what the engine computed, shown with two
decimals; Excel prints the reader's decimal comma); text is neutralised like every export. The
header rows repeat on every printed page.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from danhgia.xlsx.writing import neutralise, workbook_bytes

from . import summary_tables as t
from .presentation import Letterhead
from .summary import Summary

MM_PER_INCH = 25.4
#: 36-HD/VPTW margins (mm): top 20–25, bottom 20–25, left 30–35, right 15–20
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = "wrap"
CENTRE = "centre"
MIDDLE = "middle"
ALIGNMENTS = {
    WRAP: Alignment(wrap_text=True, vertical="top"),
    CENTRE: Alignment(horizontal="center", vertical="center", wrap_text=True),
    MIDDLE: Alignment(horizontal="center"),
}
POINTS_FORMAT = "0.00"


class _Cells:
    """Styled write-only cells for one sheet. Each combination of styles is registered in the
    workbook once and its StyleArray copied: setting a font, alignment and border on each of
    250,000 cells hashes them every time (~40 s for 20,000 rows instead of ~2 s)."""

    def __init__(self, sheet) -> None:
        self.sheet = sheet
        self.styles: dict[tuple, object] = {}

    def _style(self, key: tuple):
        styles = self.styles.get(key)
        if styles is None:
            bold, italic, underline, align, box, number_format = key
            probe = WriteOnlyCell(self.sheet)
            probe.font = Font(name=FONT, size=12, bold=bold, italic=italic,
                              underline="single" if underline else None)  # fmt: skip
            if align is not None:
                probe.alignment = ALIGNMENTS[align]
            if box:
                probe.border = BOX
            if number_format:
                probe.number_format = number_format
            styles = self.styles[key] = probe._style
        return styles

    def __call__(self, value, *, bold=False, italic=False, underline=False, align=None,
                 box=False, number_format=None) -> WriteOnlyCell:  # fmt: skip
        cell = WriteOnlyCell(self.sheet, value=neutralise(value))
        # shared, not copied: a written cell is never changed again (write-only sheet)
        cell._style = self._style((bold, italic, underline, align, box, number_format))
        return cell


def _merge(sheet, row: int, first: int, last: int) -> None:
    sheet.merged_cells.add(f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")


def summary_workbook(summary: Summary, kind: t.Variant, head: Letterhead) -> Workbook:
    """The workbook of one summary (any number of rows: they are streamed)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(kind.appendix))
    cell = _Cells(sheet)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(
        **{side: mm / MM_PER_INCH for side, mm in MARGINS_MM.items()},
        header=0.3,
        footer=0.3,
    )
    sheet.oddFooter.center.text = "&P"
    for index, width in enumerate(t.WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last = t.COLUMN_COUNT
    centre = MIDDLE
    # rows 1-2: the issuing body (left) and the Party's name and the date (right)
    sheet.append([cell(head.parent, align=centre), *[None] * 7,
                  cell(head.party, bold=True, underline=True,
                        align=centre)])  # fmt: skip
    _merge(sheet, 1, 1, 4)
    _merge(sheet, 1, 9, last)
    sheet.append([cell(head.body, bold=True, align=centre), *[None] * 7,
                  cell(head.place_date, italic=True,
                        align=centre)])  # fmt: skip
    _merge(sheet, 2, 1, 4)
    _merge(sheet, 2, 9, last)
    sheet.append([])
    sheet.append([cell(str(kind.title).upper(), bold=True, align=CENTRE)])
    _merge(sheet, 4, 1, last)
    sheet.row_dimensions[4].height = 32
    sheet.append([cell(t.quarter_text(summary.period), bold=True, align=centre)])
    _merge(sheet, 5, 1, last)
    sheet.append([cell(f"({kind.appendix})", italic=True, align=centre)])
    _merge(sheet, 6, 1, last)
    sheet.append([])
    first, second = t.header_rows()
    sheet.append([cell(h or None, bold=True, align=CENTRE, box=True) for h in first])
    sheet.append([cell(h or None, bold=True, align=CENTRE, box=True) for h in second])
    header = 8
    for column in range(1, len(t.LEADING) + 1):
        sheet.merged_cells.add(f"{get_column_letter(column)}{header}:{get_column_letter(column)}9")
    for index in range(len(t.STAGE_HEADINGS)):
        column = len(t.LEADING) + 1 + 2 * index
        _merge(sheet, header, column, column + 1)
    sheet.merged_cells.add(f"{get_column_letter(last)}{header}:{get_column_letter(last)}9")
    sheet.print_title_rows = "8:9"
    sheet.freeze_panes = "A10"
    row_number = 9
    for index, group in enumerate(summary.groups, 1):
        row_number += 1
        sheet.append([cell(t.group_line(group, index), bold=True, align=WRAP, box=True)])
        _merge(sheet, row_number, 1, last)
        for row in group.rows:
            row_number += 1
            cells = []
            for index, value in enumerate(t.row_values(row)):
                is_points = index >= len(t.LEADING) and index < last - 1 and index % 2 == 0
                align = CENTRE if is_points or index == 0 else WRAP
                number_format = POINTS_FORMAT if is_points else None
                cells.append(cell(value, align=align, box=True,
                                   number_format=number_format))  # fmt: skip
            sheet.append(cells)
    sheet.append([])
    sheet.append([cell(t.legend(), italic=True)])
    return workbook


def summary_xlsx(summary: Summary, kind: t.Variant, head: Letterhead) -> bytes:
    return workbook_bytes(summary_workbook(summary, kind, head))
