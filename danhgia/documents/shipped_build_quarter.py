"""The shipped .docx templates of the scope-and-quarter documents (``kinds/quarter.py``): the
summary tables (Phụ lục 05–07, landscape), the report to the centre (landscape) and the
announcement of results. Written by ``manage.py build_document_templates`` like the others."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm

from . import docxbuild as b

LANDSCAPE_WIDTH_MM = 297 - 30 - 15
PORTRAIT_WIDTH_MM = 210 - 30 - 15
SUMMARY_WIDTHS = (10, 33, 35, 33, 12.5, 16.5, 12.5, 16.5, 12.5, 16.5, 12.5, 16.5, 25)
SUMMARY_CELLS = (
    "number", "name", "position", "unit", "self_total", "self_rating", "review_total",
    "review_rating", "appraisal_total", "appraisal_rating", "decision_total", "decision_rating",
    "note",
)  # fmt: skip
SUMMARY_ALIGNS = ("center", "left", "left", "left", *("right", "center") * 4, "left")


def _table(document, rows: int, widths: Sequence[float]):
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for index, width in enumerate(widths):
            row.cells[index].width = Mm(width)
    return table


def _merged_row(table, index: int, text: str, *, bold: bool = False) -> None:
    row = table.rows[index]
    cell = row.cells[0].merge(row.cells[-1])
    b._cell_text(cell, text, bold=bold)


def summary():
    d = b.new_document(landscape=True, version="bang-tong-hop v1")
    b.paragraph(d, "{{ appendix_note }}", italic=True, align="right", size=12)
    b.letterhead(d, body_width_mm=LANDSCAPE_WIDTH_MM)
    b.title(d, "{{ title }}", "{{ subtitle }}")
    b.paragraph(d, "{{ scope }}", italic=True, align="center", space_after=6)
    table = _table(d, 8, SUMMARY_WIDTHS)
    first, second = table.rows[0], table.rows[1]
    for row in (first, second):
        b._repeat_header(row)
    for index, text in enumerate(("STT", "Họ và tên", "Chức vụ", "Đơn vị")):
        cell = first.cells[index].merge(second.cells[index])
        b._cell_text(cell, text, bold=True, align="center", size=10)
    for stage in range(4):
        column = 4 + 2 * stage
        cell = first.cells[column].merge(first.cells[column + 1])
        b._cell_text(
            cell, "{{ stage_headings[" + str(stage) + "] }}", bold=True, align="center", size=10
        )
        b._cell_text(second.cells[column], "Điểm", bold=True, align="center", size=10)
        b._cell_text(second.cells[column + 1], "Xếp loại", bold=True, align="center", size=10)
    note = first.cells[12].merge(second.cells[12])
    b._cell_text(note, "Ghi chú", bold=True, align="center", size=10)
    b._cell_text(table.rows[2].cells[0], "{%tr for g in groups %}")
    _merged_row(table, 3, "{{ g.line }}", bold=True)
    b._cant_split(table.rows[3])
    b._cell_text(table.rows[4].cells[0], "{%tr for r in g.rows %}")
    body = table.rows[5]
    b._cant_split(body)
    for cell, key, align in zip(body.cells, SUMMARY_CELLS, SUMMARY_ALIGNS, strict=True):
        b._cell_text(cell, f"{{{{ r.{key} }}}}", align=align, size=10)
    b._cell_text(table.rows[6].cells[0], "{%tr endfor %}")
    b._cell_text(table.rows[7].cells[0], "{%tr endfor %}")
    b.paragraph(d, "", space_after=2)
    b.paragraph(d, "{{ legend }}", italic=True, size=10)
    return d


REPORT_WIDTHS = (52, 14, *(15.5, 15.5) * 5, 16)


def _counts(document, heading: str, loop: str) -> None:
    table = _table(document, 5, REPORT_WIDTHS)
    first, second = table.rows[0], table.rows[1]
    for row in (first, second):
        b._repeat_header(row)
    for index, text in ((0, heading), (1, "Tổng số")):
        cell = first.cells[index].merge(second.cells[index])
        b._cell_text(cell, text, bold=True, align="center", size=10)
    for column in range(5):
        index = 2 + 2 * column
        cell = first.cells[index].merge(first.cells[index + 1])
        b._cell_text(cell, "{{ columns[" + str(column) + "] }}", bold=True, align="center", size=10)
        b._cell_text(second.cells[index], "Số người", bold=True, align="center", size=10)
        b._cell_text(second.cells[index + 1], "Tỷ lệ", bold=True, align="center", size=10)
    last = first.cells[12].merge(second.cells[12])
    b._cell_text(last, "{{ columns[5] }}", bold=True, align="center", size=10)
    b._cell_text(table.rows[2].cells[0], "{%tr for row in " + loop + " %}")
    body = table.rows[3]
    b._cant_split(body)
    b._cell_text(body.cells[0], "{{ row.name }}", size=10)
    b._cell_text(body.cells[1], "{{ row.total }}", align="right", size=10)
    for column in range(5):
        index = 2 + 2 * column
        cell = "{{ row.cells[" + str(column) + "]"
        b._cell_text(body.cells[index], cell + ".count }}", align="right", size=10)
        b._cell_text(body.cells[index + 1], cell + ".share }}", align="right", size=10)
    b._cell_text(body.cells[12], "{{ row.cells[5].count }}", align="right", size=10)
    b._cell_text(table.rows[4].cells[0], "{%tr endfor %}")
    b.paragraph(document, "", space_after=2)


PEOPLE_WIDTHS = (12, 55, 70, 60, 55)


def _people(document, loop: str) -> None:
    b.paragraph(document, "{%p if " + loop + " %}")
    b.grid(
        document,
        ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Xếp loại các quý trong năm"],
        PEOPLE_WIDTHS,
        "p in " + loop,
        ["{{ p.number }}", "{{ p.name }}", "{{ p.position }}", "{{ p.unit }}", "{{ p.quarters }}"],
        aligns=["center", "left", "left", "left", "left"],
    )
    b.paragraph(document, "{%p else %}")
    b.paragraph(document, "Không có.", italic=True)
    b.paragraph(document, "{%p endif %}")


def report():
    d = b.new_document(landscape=True, version="bao-cao-quy v1")
    b.letterhead(d, body_width_mm=LANDSCAPE_WIDTH_MM)
    b.title(d, "{{ title }}", "{{ subtitle }}")
    b.paragraph(d, "Kính gửi: Ban Tổ chức Trung ương", align="center", space_after=6)
    b.paragraph(
        d,
        "Thực hiện Hướng dẫn số 02-HD/BTCTW ngày 22/5/2026 của Ban Tổ chức Trung ương về đánh "
        "giá, xếp loại chất lượng cán bộ lãnh đạo, quản lý hằng quý, {{ scope }} báo cáo kết quả "
        "đánh giá, xếp loại {{ quarter }} như sau:",
    )
    b.paragraph(d, "1. Kết quả chung", bold=True, space_before=6)
    b.paragraph(
        d, "Tổng số cán bộ thuộc diện đánh giá: {{ total }}; đã được xếp loại: {{ rated }}."
    )
    _counts(d, "Phạm vi", "overall_rows")
    b.paragraph(d, "2. Theo nhóm đối tượng so sánh", bold=True, space_before=6)
    _counts(d, "Nhóm so sánh", "by_group")
    b.paragraph(d, "3. Theo khối", bold=True, space_before=6)
    _counts(d, "Khối", "by_block")
    b.paragraph(d, "4. Cán bộ không hoàn thành nhiệm vụ trong quý", bold=True, space_before=6)
    _people(d, "not_completed")
    b.paragraph(
        d,
        "5. Cán bộ có 02 quý liên tiếp không hoàn thành nhiệm vụ (xem xét thay thế)",
        bold=True,
        space_before=6,
    )
    _people(d, "to_replace")
    b.signatures(
        d,
        ("Nơi nhận:", "- Như trên; - Văn phòng Trung ương Đảng; - Lưu.", ""),
        ("T/M BAN THƯỜNG VỤ", "(Ký, ghi rõ họ tên, đóng dấu)", ""),
    )
    return d


ANNOUNCEMENT_WIDTHS = (12, 40, 48, 35, 30)


def announcement():
    d = b.new_document(version="thong-bao-ket-qua v1")
    b.letterhead(d, body_width_mm=PORTRAIT_WIDTH_MM)
    b.title(d, "{{ title }}", "{{ subtitle }}")
    b.paragraph(
        d,
        "Căn cứ quyết định của cấp có thẩm quyền về đánh giá, xếp loại chất lượng cán bộ lãnh "
        "đạo, quản lý {{ quarter }}, {{ scope }} thông báo công khai kết quả xếp loại (công khai "
        "ngày {{ published_on }}) như sau:",
    )
    b.paragraph(d, "Tổng số: {{ count }} đồng chí; trong đó:")
    b.paragraph(d, "{%p for t in tally %}")
    b.paragraph(d, "- {{ t.label }}: {{ t.count }} đồng chí.")
    b.paragraph(d, "{%p endfor %}")
    b.paragraph(d, "Danh sách cụ thể:")
    b.grid(
        d,
        ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Xếp loại"],
        ANNOUNCEMENT_WIDTHS,
        "r in rows",
        [
            "{{ r.number }}",
            "{{ r.name }}",
            "{{ r.position }}",
            "{{ r.unit }}",
            "{{ r.rating }}{% if show_scores %} ({{ r.total }} điểm){% endif %}",
        ],
        aligns=["center", "left", "left", "left", "left"],
    )
    b.paragraph(d, "{{ note }}")
    b.signatures(
        d,
        ("Nơi nhận:", "- Các đồng chí có tên trên; - Lưu.", ""),
        ("T/M BAN THƯỜNG VỤ", "(Ký, ghi rõ họ tên, đóng dấu)", ""),
    )
    return d


YEAR_END_WIDTHS = (8, 30, 30, *(11.5, 15) * 4, 12, 15, 12, 29)


def year_end():
    """The year-end table (``kinds/year_end.py``): four quarters and the year's result."""
    d = b.new_document(landscape=True, version="cuoi-nam v1")
    b.letterhead(d, body_width_mm=LANDSCAPE_WIDTH_MM)
    b.title(d, "{{ title }}", "{{ subtitle }}")
    b.paragraph(d, "{{ scope }}", italic=True, align="center", space_after=6)
    table = _table(d, 8, YEAR_END_WIDTHS)
    first, second = table.rows[0], table.rows[1]
    for row in (first, second):
        b._repeat_header(row)
    for index, text in ((0, "STT"), (1, "Họ và tên"), (2, "Đơn vị")):
        cell = first.cells[index].merge(second.cells[index])
        b._cell_text(cell, text, bold=True, align="center", size=9)
    for quarter in range(4):
        column = 3 + 2 * quarter
        cell = first.cells[column].merge(first.cells[column + 1])
        b._cell_text(
            cell, "{{ quarter_headings[" + str(quarter) + "] }}", bold=True, align="center", size=9
        )
        b._cell_text(second.cells[column], "Điểm", bold=True, align="center", size=9)
        b._cell_text(second.cells[column + 1], "Xếp loại", bold=True, align="center", size=9)
    tail = ("Số quý HTXSNV", "Được xét HTXSNV cả năm", "Thứ tự trong nhóm", "Căn cứ")
    for offset, text in enumerate(tail):
        cell = first.cells[11 + offset].merge(second.cells[11 + offset])
        b._cell_text(cell, text, bold=True, align="center", size=9)
    b._cell_text(table.rows[2].cells[0], "{%tr for g in groups %}")
    _merged_row(table, 3, "{{ g.line }}", bold=True)
    b._cant_split(table.rows[3])
    b._cell_text(table.rows[4].cells[0], "{%tr for r in g.rows %}")
    body = table.rows[5]
    b._cant_split(body)
    cells = ["{{ r.number }}", "{{ r.name }}", "{{ r.unit }}"]
    aligns = ["center", "left", "left"]
    for quarter in range(4):
        q = "r.quarters[" + str(quarter) + "]"
        cells += ["{{ " + q + ".total }}", "{{ " + q + ".rating }}"]
        aligns += ["right", "center"]
    cells += ["{{ r.excellent_quarters }}", "{{ r.possible }}", "{{ r.rank }}", "{{ r.reasons }}"]
    aligns += ["right", "center", "right", "left"]
    for cell, text, align in zip(body.cells, cells, aligns, strict=True):
        b._cell_text(cell, text, align=align, size=9)
    b._cell_text(table.rows[6].cells[0], "{%tr endfor %}")
    b._cell_text(table.rows[7].cells[0], "{%tr endfor %}")
    b.paragraph(d, "", space_after=2)
    b.paragraph(d, "{{ legend }}", italic=True, size=10)
    return d


TEMPLATES = {
    "bang-tong-hop.docx": summary,
    "bao-cao-quy.docx": report,
    "thong-bao-ket-qua.docx": announcement,
    "cuoi-nam.docx": year_end,
}
