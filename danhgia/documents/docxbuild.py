"""Building the shipped .docx templates (``manage.py build_document_templates``).

The templates are data: the files in ``documents/shipped/`` are what the application fills and
what an administrator downloads, edits and uploads back. This module writes them once, with
python-docx, following Hướng dẫn 36-HD/VPTW: A4, margins top/bottom 20 mm, left 30 mm,
right 15 mm, Times New Roman 13–14 pt, header blocks, italic place and date, bold centred
title, page numbers centred at the top from the second page. Jinja tags (docxtpl) mark where
the data goes: ``{{ name }}`` in text, ``{%tr for row in rows %}`` … ``{%tr endfor %}`` rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .rendering import DOCX_FONT

BODY_PT = 13
TABLE_PT = 11


def new_document(*, landscape: bool = False, version: str = ""):
    """An empty A4 document with 36-HD/VPTW margins, font and page numbers from page 2."""
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15.02)  # 15 mm is 850.4 twips: not below 15 once rounded
    section.header_distance = Mm(10)
    style = document.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), DOCX_FONT)
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.space_before = Pt(0)
    # page numbers: none on the first page, centred at the top from the second (36-HD/VPTW)
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)
    document.core_properties.title = version
    document.core_properties.version = version
    return document


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def paragraph(
    document,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: str = "justify",
    size: int | None = None,
    upper: bool = False,
    space_before: int = 0,
    space_after: int = 3,
    container=None,
):
    """A paragraph (in ``container``, a cell, or the document) with one run of ``text``."""
    target = container if container is not None else document
    p = target.add_paragraph()
    p.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    p.paragraph_format.space_before = Pt(space_before)
    p.paragraph_format.space_after = Pt(space_after)
    if text:
        run = p.add_run(text.upper() if upper else text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    return p


def _cell_text(cell, text: str, *, bold=False, italic=False, align="left", size=None) -> None:
    cell.paragraphs[0].text = ""
    p = cell.paragraphs[0]
    p.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size or TABLE_PT)


def _column_widths(table, widths_mm: Sequence[float]) -> None:
    """Every cell's width and the table grid's (Word reads the cells, LibreOffice the grid)."""
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        column.set(qn("w:w"), str(round(Mm(width).twips)))


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def letterhead(document, *, body_width_mm: float = 165) -> None:
    """The header blocks as a borderless two-column table filled from ``letterhead``."""
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _column_widths(table, (body_width_mm * 0.42, body_width_mm * 0.58))
    left, right = table.rows[0].cells
    _cell_text(left, "{{ letterhead.parent }}", align="center", size=BODY_PT)
    paragraph(document, "{{ letterhead.body }}", bold=True, align="center", container=left)
    paragraph(document, "*", align="center", container=left)
    _cell_text(right, "{{ letterhead.party }}", bold=True, align="center", size=BODY_PT)
    right.paragraphs[0].runs[0].underline = True
    paragraph(
        document,
        "{{ letterhead.place_date }}",
        italic=True,
        align="right",
        container=right,
        space_before=6,
    )


def title(document, text: str, subtitle: str = "") -> None:
    paragraph(document, text, bold=True, align="center", size=14, space_before=12, space_after=0)
    if subtitle:
        paragraph(document, subtitle, italic=True, align="center", space_after=6)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _cant_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def grid(
    document,
    headers: Sequence[str],
    widths_mm: Sequence[float],
    loop: str,
    cells: Sequence[str],
    *,
    aligns: Sequence[str] = (),
    footer: Sequence[Sequence[str]] = (),
    row_bold: str = "",
):
    """A bordered table: a header row repeated on each page, then one row per item of ``loop``
    (``"row in rows"``) with ``cells`` (Jinja expressions), rows not split across pages, then
    fixed ``footer`` rows (text with tags). ``row_bold`` is an expression making a row bold."""
    table = document.add_table(rows=4 + len(footer), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _column_widths(table, widths_mm)
    head = table.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, headers, strict=True):
        _cell_text(cell, text, bold=True, align="center")
    _cell_text(table.rows[1].cells[0], "{%tr for " + loop + " %}")
    body = table.rows[2]
    _cant_split(body)
    aligns = list(aligns) or ["left"] * len(cells)
    for cell, text, align in zip(body.cells, cells, aligns, strict=True):
        if row_bold:
            _cell_text(cell, "", align=align)
            p = cell.paragraphs[0]
            p.add_run("{%r if " + row_bold + " %}").font.size = Pt(TABLE_PT)
            strong = p.add_run(text)
            strong.bold = True
            strong.font.size = Pt(TABLE_PT)
            p.add_run("{%r else %}").font.size = Pt(TABLE_PT)
            p.add_run(text).font.size = Pt(TABLE_PT)
            p.add_run("{%r endif %}").font.size = Pt(TABLE_PT)
        else:
            _cell_text(cell, text, align=align)
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    for offset, values in enumerate(footer):
        row = table.rows[4 + offset]
        _cant_split(row)
        for cell, text, align in zip(row.cells, values, aligns, strict=False):
            _cell_text(cell, text, bold=True, align=align)
    paragraph(document, "", space_after=2)
    return table


def signatures(document, left: Sequence[str], right: Sequence[str]) -> None:
    """Two signature blocks side by side: (role, hint, name) each, any may be empty."""
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    for cell, (role, hint, name) in zip(table.rows[0].cells, (left, right), strict=True):
        _cell_text(cell, role, bold=True, align="center", size=BODY_PT)
        if hint:
            paragraph(document, hint, italic=True, align="center", container=cell)
        paragraph(document, "", container=cell, space_after=36)
        if name:
            paragraph(document, name, bold=True, align="center", container=cell)


def save(document, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
