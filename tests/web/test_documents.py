"""The documents of SPEC §13.1 (issue 10): every file opened with a library, its text, its
numbers equal to what the engine computed (stored at submission, or the stages' stored scores),
its layout (A4, margins, fonts), the part III visibility, and the query counts."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Mm
from pypdf import PdfReader

from danhgia.documents.presentation import num
from danhgia.engine import format_vn
from danhgia.evaluations.models import Evaluation
from danhgia.tasks.collective import collective_report
from tests.web import factories as f
from tests.web import review_world
from tests.web.tasks_world import private_storage_at

from .document_data import (
    docx_rows,
    docx_text,
    fill_and_submit,
    later_steps,
    meeting,
    pdf_fonts,
    pdf_text,
    pdf_top_margin_text,
)


@pytest.fixture
def rw(world, settings, tmp_path):
    """The review world; what a decided document archives goes under ``tmp_path``."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    with private_storage_at(tmp_path):
        yield review_world.build(world)


def _get(client, kind, pk, fmt, period=None):
    url = reverse("documents:download", args=[kind, pk, fmt])
    return client.get(url + (f"?ky={period}" if period else ""))


def _points_by_number(rows: list[list[str]], points_column: int) -> dict[str, str]:
    return {row[0]: row[points_column] for row in rows[1:] if row[0]}


def _engine_points(evaluation: Evaluation, part: str) -> dict[str, str]:
    """TT as printed → the points the engine computed at submission (stored on the rows)."""
    return {
        e.code.split(".", 1)[1]: format_vn(e.points, 2)
        for e in evaluation.entries.all()
        if e.points is not None and e.code.startswith(part)
    }


def _assert_engine_points(evaluation: Evaluation, content: bytes) -> None:
    for part, table, column in (("A", 1, 5), ("B", 2, 6)):
        printed = _points_by_number(docx_rows(content, table), column)
        engine = _engine_points(evaluation, part)
        assert engine
        for number, points in engine.items():
            assert printed[number] == points, f"{part}.{number}"


def test_self_assessment_docx_has_the_engines_numbers_and_the_appendix_layout(rw, login):
    evaluation = rw.evaluation
    response = _get(login("official"), "ban-tu-danh-gia", evaluation.pk, "docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="Ban-tu-danh-gia_Pham-Thu-Lan_Q3-2026.docx"' in response["Content-Disposition"]
    content = response.content
    text = docx_text(content)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "SỞ A",
        "BẢN TỰ ĐÁNH GIÁ, XẾP LOẠI CỦA CÁ NHÂN",
        "Quý III năm 2026",
        "Họ và tên: Phạm Thu Lan",
        "Thử Nghiệm, ngày",
        "II. Tự đề xuất xếp loại mức chất lượng",
        "III. Nhận xét, đánh giá của cấp có thẩm quyền",
        "XÁC NHẬN CỦA BAN THƯỜNG VỤ",
    ):
        assert expected in text, expected
    _assert_engine_points(evaluation, content)
    part_a = docx_rows(content, 1)
    part_b = docx_rows(content, 2)
    totals = {row[1]: row for row in part_a + part_b if row[1].startswith(("Tổng", "TỔNG"))}
    assert totals["Tổng (A)"][5] == format_vn(evaluation.self_part_a, 2)
    assert totals["TỔNG (B)"][6] == format_vn(evaluation.self_part_b, 2)
    assert totals["TỔNG (A+B)"][6] == format_vn(evaluation.self_total, 2)
    # a group's own row carries the engine's group points
    assert part_a[1][0] == "1" and part_a[1][5] != ""
    # 36-HD/VPTW: A4, margins, the font, page numbers from the second page
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert Mm(20).mm <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    # the header row repeats on every page; a row is never split
    xml = document.tables[1]._tbl.xml
    assert "w:tblHeader" in xml and "w:cantSplit" in xml


def test_self_assessment_pdf_is_a4_with_embedded_liberation_serif(rw, login):
    evaluation = rw.evaluation
    response = _get(login("official"), "ban-tu-danh-gia", evaluation.pk, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Ban-tu-danh-gia_Pham-Thu-Lan_Q3-2026.pdf" in response["Content-Disposition"]
    content = response.content
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    fonts = pdf_fonts(content)
    assert fonts and all(embedded for _name, embedded in fonts)
    assert all("LiberationSerif" in name.replace("-", "") for name, _e in fonts)
    text = pdf_text(content)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BẢN TỰ ĐÁNH GIÁ, XẾP LOẠI CỦA CÁ NHÂN",
        "Phạm Thu Lan",
        format_vn(evaluation.self_total, 2),
        format_vn(evaluation.self_part_a, 2),
    ):
        assert expected in text, expected
    # no number on the first page, "2" in the top margin of the second
    assert pdf_top_margin_text(content, 1) == ""
    assert pdf_top_margin_text(content, 2) == "2"


def _shipped_frameworks() -> list[tuple[str, int]]:
    """(id, number of axes) of every shipped framework the engine finds valid."""
    from danhgia.engine import list_framework_ids, load_framework, validate_framework

    found = []
    for framework_id in list_framework_ids():
        framework = load_framework(framework_id)
        if not validate_framework(framework):
            found.append((framework.id, len(framework.axes)))
    return sorted(found)


SHIPPED_VALID = _shipped_frameworks()


def test_the_shipped_valid_frameworks_have_four_and_six_axes():
    assert {axes for _id, axes in SHIPPED_VALID} >= {4, 6}
    assert "central-2026-pl3" in dict(SHIPPED_VALID)


@pytest.mark.parametrize(("framework_code", "axes"), SHIPPED_VALID)
def test_every_shipped_valid_framework_is_laid_out_like_its_appendix(
    world, login, framework_code, axes
):
    block = f.make_block("khoi-thu", framework_code)
    unit = f.make_unit("don-vi-thu", world.root, block, name="Đơn vị Thử")
    official = f.make_official(unit, name="Trần Văn Khung")
    f.assign_role(world.users["unit_head"], f.Role.UNIT_LEADERSHIP, unit)
    period = f.make_evaluation_period(block, framework_code)
    evaluation = fill_and_submit(official, period, world.users["unit_head"])
    response = _get(login("unit_head"), "ban-tu-danh-gia", evaluation.pk, "docx")
    assert response.status_code == 200
    rows_b = docx_rows(response.content, 2)
    axis_rows = [row for row in rows_b[1:] if row[0].isdigit()]
    assert len(axis_rows) == axes
    _assert_engine_points(evaluation, response.content)
    assert rows_b[-1][6] == format_vn(evaluation.self_total, 2)
    if framework_code.startswith("central"):
        # the central form's axes are lists of items, each printed under its axis
        contents = [row[1] for row in rows_b]
        assert "- Thu ngân sách" in contents
        assert contents.index("- Thu ngân sách") > contents.index(axis_rows[0][1])
    pdf = _get(login("unit_head"), "ban-tu-danh-gia", evaluation.pk, "pdf")
    assert format_vn(evaluation.self_total, 2) in pdf_text(pdf.content)


def test_part_three_comes_from_the_later_steps_for_who_may_read_them(rw, login):
    evaluation = rw.evaluation
    later_steps(evaluation, rw.users, key_task=rw.task_unit)
    head = docx_text(_get(login("unit_head"), "ban-tu-danh-gia", evaluation.pk, "docx").content)
    assert "- Chấm điểm: 84,00 điểm" in head
    assert "- Đề xuất xếp loại: Hoàn thành tốt nhiệm vụ" in head
    assert "Tập thể lãnh đạo đơn vị" in head and "86,00 điểm" in head and "Tích cực" in head
    assert "Báo cáo quyết toán ngân sách quý II/2026: Chủ động, hiệu quả" in head
    assert "- Xếp loại của cấp có thẩm quyền: Hoàn thành tốt nhiệm vụ" in head
    # the person evaluated reads none of it before publication
    own = docx_text(_get(login("official"), "ban-tu-danh-gia", evaluation.pk, "docx").content)
    assert "Tập thể lãnh đạo đơn vị (" not in own and "Tích cực" not in own
    assert "quý II/2026: Chủ động" not in own and "cấp có thẩm quyền: Hoàn thành" not in own
    assert "chỉ hiển thị khi kết quả được công khai" in own


def test_collective_result_has_the_tasks_and_figures_of_phu_luc_7(rw, login):
    unit, period = rw.world.unit_a, rw.period
    report = collective_report(unit, period)
    for fmt in ("docx", "pdf"):
        response = _get(login("unit_head"), "phu-luc-7", unit.pk, fmt, period.pk)
        assert response.status_code == 200
        assert f"Phu-luc-7_So-A_Q3-2026.{fmt}" in response["Content-Disposition"]
        text = docx_text(response.content) if fmt == "docx" else pdf_text(response.content)
        assert "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA TẬP THỂ" in text
        assert "Báo cáo quyết toán ngân sách quý II/2026" in text
        assert f"Tổng số nhiệm vụ được giao: {report.figures.tasks_total}" in text
        assert f"Tỷ lệ hoàn thành: {report.figures.completion_pct}" in text


def test_memo_and_minutes_list_the_members_with_their_stored_scores(rw, login):
    unit, period, evaluation = rw.world.unit_a, rw.period, rw.evaluation
    meeting(unit, period, rw.users["unit_head"])
    memo = _get(login("unit_head"), "to-trinh", unit.pk, "docx", period.pk)
    assert memo.status_code == 200
    assert "To-trinh_So-A_Q3-2026.docx" in memo["Content-Disposition"]
    rows = docx_rows(memo.content, 1)
    row = next(r for r in rows if r[1] == "Phạm Thu Lan")
    assert row[3] == format_vn(evaluation.self_total, 2)
    text = docx_text(memo.content)
    assert "TỜ TRÌNH" in text and "tại hội nghị ngày 28/09/2026" in text
    assert "- Biên bản hội nghị (có)" in text and "- Tờ trình (" not in text
    minutes = _get(login("unit_head"), "bien-ban", unit.pk, "pdf", period.pk)
    assert minutes.status_code == 200
    text = pdf_text(minutes.content)
    assert "BIÊN BẢN" in text and "Tập thể thống nhất đề xuất." in text
    assert format_vn(evaluation.self_total, 2) in text
    # no meeting recorded: no minutes (404), the memo still drafts
    other = f.make_unit("so-c", rw.world.root, rw.world.unit_a.block, name="Sở C")
    f.assign_role(rw.users["unit_head"], f.Role.UNIT_LEADERSHIP, other)
    assert _get(login("unit_head"), "bien-ban", other.pk, "docx", period.pk).status_code == 404


def test_the_memo_prints_a_mass_organisation_position(rw, login):
    # an official of a mass organisation holds only a mass-organisation position
    official = rw.evaluation.official
    official.party_position = official.government_position = ""
    official.mass_org_position = "Chủ tịch Hội Nông dân tỉnh"
    official.save()
    memo = _get(login("unit_head"), "to-trinh", rw.world.unit_a.pk, "docx", rw.period.pk)
    row = next(r for r in docx_rows(memo.content, 1) if r[1] == official.full_name)
    assert row[2] == "Chủ tịch Hội Nông dân tỉnh"


def test_unit_documents_need_a_quarter(rw, login):
    client = login("unit_head")
    assert _get(client, "to-trinh", rw.world.unit_a.pk, "docx").status_code == 404
    assert _get(client, "to-trinh", rw.world.unit_a.pk, "docx", "abc").status_code == 404
    assert _get(client, "to-trinh", rw.world.unit_a.pk, "docx", 999999).status_code == 404
    assert _get(client, "ban-tu-danh-gia", rw.evaluation.pk, "xlsx").status_code == 404
    assert _get(client, "khong-co", rw.evaluation.pk, "docx").status_code == 404


def test_the_memos_queries_do_not_grow_with_the_number_of_members(
    rw, login, django_assert_max_num_queries
):
    unit, period = rw.world.unit_a, rw.period
    client = login("unit_head")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert _get(client, "to-trinh", unit.pk, "docx", period.pk).status_code == 200
    for official in f.make_officials(unit, 12):
        Evaluation.objects.create(
            official=official, period=period, framework_version=rw.evaluation.framework_version
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = _get(client, "to-trinh", unit.pk, "docx", period.pk)
    assert len([r for r in docx_rows(response.content, 1)[1:] if r[1]]) >= 15


def test_phu_luc_7s_queries_do_not_grow_with_the_number_of_tasks(
    rw, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    unit, period = rw.world.unit_a, rw.period
    client = login("unit_head")
    with CaptureQueriesContext(connection) as few:
        assert _get(client, "phu-luc-7", unit.pk, "docx", period.pk).status_code == 200
    for official in f.make_officials(unit, 6):
        for n in range(2):
            f.make_task(official, period, unit, rw.users["unit_head"], title=f"Nhiệm vụ {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = _get(client, "phu-luc-7", unit.pk, "docx", period.pk)
    assert docx_text(response.content).count("Nhiệm vụ 1 (") == 6


def test_numbers_use_the_decimal_comma():
    from decimal import Decimal

    assert num(Decimal("1234.5")) == "1.234,50"
    assert num(Decimal("22.50"), None) == "22,5"
    assert re.fullmatch(r"\d+,\d{2}", num(Decimal("86")))
