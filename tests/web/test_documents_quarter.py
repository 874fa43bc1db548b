"""The scope-and-quarter documents as files (SPEC §13.1, issue 10): the summary table (Phụ lục
05–07) as .xlsx, .docx and PDF, the report to the centre, the announcement after publication.
Every file is opened with a library; its rows and numbers equal the stored stages and the
engine's decisions; the layout facts (A4 landscape, 36-HD/VPTW margins, embedded font) hold."""

from __future__ import annotations

import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from danhgia.decisions.models import Decision
from danhgia.decisions.publication import publish
from danhgia.decisions.services import decide, decision_run
from danhgia.documents.models import ArchivedDocument
from danhgia.engine import format_pct, format_vn
from danhgia.review.choices import Stage

from .decision_data import make_quarter, stage_score
from .document_data import meeting

MM = Decimal("25.4") / 72  # one PDF point in mm


def _dump(response) -> None:
    """DOCUMENTS_DUMP=/dir keeps each file for a look (pdftoppm -png -r 60)."""
    folder = os.environ.get("DOCUMENTS_DUMP")
    if folder:
        name = response["Content-Disposition"].split("filename=")[-1].strip('"')
        Path(folder, name).write_bytes(response.content)


def _url(kind: str, pk: int, fmt: str, **query) -> str:
    params = "&".join(f"{k}={v}" for k, v in query.items())
    return reverse("documents:download", args=[kind, pk, fmt]) + (f"?{params}" if params else "")


@pytest.fixture
def decided(world):
    quarter = make_quarter(world, entries=True, totals=("95", "93", "80", "78", "40"))
    head = world.users["unit_head"]
    stage_score(quarter.evaluations[0], Stage.REVIEW, "94", "HTXSNV", head)
    stage_score(quarter.evaluations[0], Stage.APPRAISAL, "95", "HTXSNV", world.users["appraiser"])
    meeting(world.unit_a, quarter.period, head)
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    return quarter


def _decisions() -> dict[str, Decision]:
    return {
        d.evaluation.official.full_name: d
        for d in Decision.objects.filter(superseded_by__isnull=True).select_related(
            "evaluation__official"
        )
    }


def _pdf(response) -> PdfReader:
    assert response.status_code == 200, response.content[:500]
    _dump(response)
    return PdfReader(io.BytesIO(response.content))


def _pdf_text(reader: PdfReader) -> str:
    """The text of every page, lines joined by spaces (cells wrap)."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _embedded_fonts(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object()
            if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                fonts.add(str(font["/BaseFont"]))
    return fonts


# --- the summary table ------------------------------------------------------------------------


def test_summary_xlsx_rows_equal_the_decisions(world, login, decided):
    response = login("authority").get(
        _url("bang-tong-hop", world.unit_a.pk, "xlsx", ky=decided.period.pk)
    )
    assert response.status_code == 200
    _dump(response)
    assert "Bang-tong-hop_PL06_So-A_Q3-2026.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "ĐẢNG BỘ TỈNH THỬ NGHIỆM"
    assert values[1][0] == "SỞ A"
    assert values[3][0].startswith("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG QUÝ")
    decisions = _decisions()
    body = [row for row in values[10:] if row[1] in decisions]
    assert len(body) == 5
    for row in body:
        decision = decisions[row[1]]
        assert Decimal(str(row[10])) == decision.total
        assert row[11] == decision.rating
        assert Decimal(str(row[4])) == decision.evaluation.self_total
    assert sheet.page_setup.orientation == "landscape"


def test_summary_docx_is_landscape_with_every_row(world, login, decided):
    response = login("authority").get(
        _url("bang-tong-hop", world.unit_a.pk, "docx", ky=decided.period.pk)
    )
    assert response.status_code == 200
    _dump(response)
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    [table] = document.tables[1:]  # the first is the letterhead
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][0] == "STT" and rows[0][4] == "Cá nhân tự đánh giá"
    assert rows[1][4:6] == ["Điểm", "Xếp loại"]
    assert rows[2][0].startswith("I. Nhóm so sánh:")
    decisions = _decisions()
    people = [r for r in rows if r[1] in decisions]
    assert len(people) == 5
    for row in people:
        decision = decisions[row[1]]
        assert row[10] == format_vn(decision.total, 2)
        assert row[11] == decision.rating
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Quý III năm 2026" in text


def test_summary_pdf_is_a4_landscape_with_the_font_embedded(world, login, decided):
    reader = _pdf(
        login("authority").get(_url("bang-tong-hop", world.unit_a.pk, "pdf", ky=decided.period.pk))
    )
    box = reader.pages[0].mediabox
    assert round(Decimal(str(box.width)) * MM) == 297
    assert round(Decimal(str(box.height)) * MM) == 210
    text = _pdf_text(reader)
    for name, decision in _decisions().items():
        assert name in text
        assert format_vn(decision.total, 2) in text
    assert "Ngoài tỷ lệ HTXSNV của nhóm" in text
    assert any("Liberation-Serif" in font for font in _embedded_fonts(reader))


def test_summary_variant_05_keeps_the_provincial_people(world, login, decided):
    response = login("authority").get(
        _url("bang-tong-hop", world.unit_a.pk, "xlsx", ky=decided.period.pk, mau="05")
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[3][0].startswith("BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ VÀ ĐỀ XUẤT XẾP LOẠI")
    assert (
        login("authority")
        .get(_url("bang-tong-hop", world.unit_a.pk, "xlsx", ky=decided.period.pk, mau="99"))
        .status_code
        == 404
    )


def test_summary_is_archived_once_decided_and_served_identically(world, login, decided):
    client = login("authority")
    url = _url("bang-tong-hop", world.unit_a.pk, "xlsx", ky=decided.period.pk)
    first = client.get(url).content
    assert client.get(url).content == first
    record = ArchivedDocument.objects.get(kind="bang-tong-hop", format="xlsx")
    import hashlib

    assert record.sha256 == hashlib.sha256(first).hexdigest()


# --- the report to the centre -----------------------------------------------------------------


def test_report_files_carry_the_counts_and_the_replacements(world, login, decided):
    client = login("authority")
    decisions = _decisions()
    khtnv = [name for name, d in decisions.items() if d.rating == "KHTNV"]
    assert len(khtnv) == 1
    share = format_pct(1, 5)
    text = _pdf_text(
        _pdf(client.get(_url("bao-cao-quy", world.root.pk, "pdf", ky=decided.period.pk)))
    )
    assert "BÁO CÁO" in text and khtnv[0] in text and share in text
    response = client.get(_url("bao-cao-quy", world.root.pk, "docx", ky=decided.period.pk))
    _dump(response)
    document = Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert khtnv[0] in cells and share in cells
    assert document.sections[0].page_width > document.sections[0].page_height
    response = client.get(_url("bao-cao-quy", world.root.pk, "xlsx", ky=decided.period.pk))
    _dump(response)
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Tổng hợp"].iter_rows(values_only=True))
    overall = next(r for r in rows if r[0] == "Toàn bộ phạm vi")
    assert overall[1] == 5
    assert [
        r[1] for r in book["Không hoàn thành NV"].iter_rows(min_row=2, values_only=True)
    ] == khtnv


# --- the announcement -------------------------------------------------------------------------


def test_the_announcement_exists_only_after_publication(world, login, decided):
    publication = publish(decided.period, world.unit_a, world.users["authority"])
    client = login("official")
    reader = _pdf(client.get(_url("thong-bao-ket-qua", publication.pk, "pdf")))
    text = _pdf_text(reader)
    assert "THÔNG BÁO" in text
    for name, _decision in _decisions().items():
        assert name in text
    response = client.get(_url("thong-bao-ket-qua", publication.pk, "docx"))
    _dump(response)
    document = Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Hoàn thành xuất sắc nhiệm vụ" in cells
    assert (
        login("outsider").get(_url("thong-bao-ket-qua", publication.pk, "pdf")).status_code == 404
    )
    assert (
        login("official").get(_url("thong-bao-ket-qua", publication.pk + 1, "pdf")).status_code
        == 404
    )


# --- the whole dossier as one ZIP ---------------------------------------------------------------


def test_the_dossier_zip_holds_every_document_with_an_index(world, login, decided):
    import hashlib
    import zipfile

    from danhgia.jobs.worker import Worker

    client = login("authority")
    queued = client.post(
        reverse("documents:dossier_zip", args=[world.unit_a.pk]) + f"?ky={decided.period.pk}"
    )
    assert queued.status_code == 302  # a job, queued by a POST (tests/web/test_documents_jobs.py)
    Worker("test").run(burst=True)
    job_page = client.get(queued["Location"]).content.decode()
    link = re.search(r'href="(/[^"]*/tep/)"', job_page).group(1)
    response = client.get(link)
    assert response.status_code == 200
    assert "Ho-so_So-A_Q3-2026.zip" in response["Content-Disposition"]
    _dump(response)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    index = archive.read("00_Muc-luc.txt").decode("utf-8")
    assert "Đơn vị: Sở A" in index
    files = [n for n in names if n != "00_Muc-luc.txt"]
    for name in files:
        content = archive.read(name)
        assert f"{name} | {hashlib.sha256(content).hexdigest()}" in index
        if name.endswith(".pdf"):
            assert PdfReader(io.BytesIO(content)).pages
        elif name.endswith(".docx"):
            assert Document(io.BytesIO(content)).paragraphs
        elif name.endswith(".xlsx"):
            assert load_workbook(io.BytesIO(content)).active.max_row > 5
    stems = [name.split("_", 1)[1] for name in files]
    assert stems[:4] == [
        "To-trinh_So-A_Q3-2026.docx",
        "To-trinh_So-A_Q3-2026.pdf",
        "Bien-ban-hoi-nghi_So-A_Q3-2026.docx",
        "Bien-ban-hoi-nghi_So-A_Q3-2026.pdf",
    ]
    for evaluation in decided.evaluations:
        person = evaluation.official.full_name
        assert f"Bản tự đánh giá: {person}" in index
    assert "Bang-tong-hop_PL06_So-A_Q3-2026.xlsx" in stems
    assert "Phu-luc-7_So-A_Q3-2026.pdf" in stems
    # what this reader may not see is not in it
    assert world.outsider_b.full_name not in index


def test_a_table_too_long_for_docx_or_pdf_is_refused_with_a_message(
    world, login, decided, monkeypatch
):
    from danhgia.documents.kinds import quarter

    monkeypatch.setitem(quarter.MAX_ROWS, "pdf", 4)
    monkeypatch.setitem(quarter.MAX_ROWS, "docx", 4)
    client = login("authority")
    for fmt in ("pdf", "docx"):
        response = client.get(_url("bang-tong-hop", world.unit_a.pk, fmt, ky=decided.period.pk))
        assert response.status_code == 409
        assert "Bảng có 5 dòng, quá dài" in response.content.decode()
    xlsx = client.get(_url("bang-tong-hop", world.unit_a.pk, "xlsx", ky=decided.period.pk))
    assert xlsx.status_code == 200


def test_the_administrator_previews_and_lists_the_new_templates(world, login, decided):
    publish(decided.period, world.unit_a, world.users["authority"])
    client = login("admin")
    listing = client.get(reverse("documents:templates")).content.decode()
    for code in ("bang-tong-hop", "bao-cao-quy", "thong-bao-ket-qua"):
        assert reverse("documents:template_download", args=[code]) in listing
        preview = client.get(reverse("documents:template_preview", args=[code, "docx"]))
        assert preview.status_code == 200, code
        assert Document(io.BytesIO(preview.content)).paragraphs
