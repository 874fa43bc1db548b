"""The year-end table as a document (issue 12 item 2; ``documents/kinds/year_end.py``): the
.docx and the PDF opened with python-docx and pypdf, their numbers the year-end page's (the
engine's), who may download them, and the refusal of a scope too large for a request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danhgia.documents.kinds import quarter as quarter_kinds
from danhgia.engine import format_vn
from tests.web import analytics_data as data
from tests.web import once
from tests.web.conftest import build_world
from tests.web.document_data import docx_rows, pdf_text
from tests.web.factories import close_download


def _build(request):
    world = build_world()
    world.history = data.build(world)
    return world


shared_world = once.module_world(_build)


@pytest.fixture
def world(request, shared_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_world, tmp_path)


def _url(fmt: str, year: int = 2026) -> str:
    return reverse("documents:download", args=["cuoi-nam", year, fmt])


def _content(response) -> bytes:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    close_download(response)
    return body


def _page_rows(client, **params):
    response = client.get(reverse("analytics:year_end"), {"nam": 2026, **params})
    assert response.status_code == 200
    return response, list(response.context["page"].object_list)


def _points(value) -> str:
    return "" if value is None else format_vn(value, 2)


def _expected_cells(row, number: int) -> list[str]:
    """A person's cells worked out from the page's row (the engine's summary) and the plan."""
    cells = [str(number), row.name, row.unit]
    for rating, total in row.quarters:
        cells += [_points(total), "Chưa xếp loại" if rating == "DEFERRED" else (rating or "")]
    return [
        *cells,
        str(row.summary.excellent_quarters),
        "Có" if row.summary.excellent_possible else "Không",
        "" if row.rank is None else str(row.rank),
        "; ".join(str(r) for r in row.summary.reasons),
    ]


def test_the_docx_holds_the_page_s_rows_grouped_by_comparison_group(world, login):
    client = login("authority")
    response, rows = _page_rows(client)
    assert len(rows) == len(data.PLAN)
    link = _url("docx")
    assert link in response.content.decode()  # offered on the page, with its filters
    content = _content(client.get(link))
    table = docx_rows(content, 1)  # table 0: the letterhead
    assert "Quý IV (cùng đánh giá cuối năm)" in " ".join(table[0])
    body = table[2:]
    group_lines = [r[0] for r in body if len(set(r)) == 1 and "Nhóm so sánh" in r[0]]
    groups = sorted({r.group for r in rows})
    assert len(group_lines) == len(groups)
    people = [r for r in body if r not in [[line] * len(r) for line in group_lines]]
    assert len(people) == len(data.PLAN)
    # The rows in the page's order (group, then the rank), each cell the page's
    for number, (cells, row) in enumerate(zip(people, rows, strict=True), 1):
        assert cells == _expected_cells(row, number)
    # and the numbers equal the plan, worked out without the engine
    by_name = {cells[1]: cells for cells in people}
    for name, quarters in data.PLAN.items():
        cells = by_name[getattr(world, name).full_name]
        for index, (rating, _s, _r, _a, total) in enumerate(quarters):
            assert cells[3 + 2 * index] == ("" if total is None else f"{total},00")
            expected = "Chưa xếp loại" if rating == "DEFERRED" else rating
            assert cells[4 + 2 * index] == expected
        ratings = [q[0] for q in quarters]
        assert cells[11] == str(ratings.count("HTXSNV"))
        assert cells[12] == ("Không" if "KHTNV" in ratings else "Có")
    colleague = by_name[world.colleague_a.full_name]
    assert "quý I và II" in colleague[-1]
    assert any("2 người" in line or "4 người" in line for line in group_lines)


def test_the_pdf_holds_the_same_numbers(world, login):
    client = login("appraiser")
    _response, rows = _page_rows(client)
    text = pdf_text(_content(client.get(_url("pdf"))))
    assert "BẢNG TỔNG HỢP KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG CÁC QUÝ VÀ CẢ NĂM" in text
    assert "Năm 2026" in text
    for row in rows:
        assert row.name in text
        for _rating, total in row.quarters:
            if total is not None:
                assert format_vn(total, 2) in text
    assert text.count("Nhóm so sánh:") == len({r.group for r in rows})


def test_the_filters_narrow_the_document_like_the_page(world, login):
    client = login("authority")
    _response, rows = _page_rows(client, chi="candidates")
    content = _content(client.get(_url("docx") + "?chi=candidates"))
    names = {r[1] for r in docx_rows(content, 1)[2:] if len(set(r)) > 1}
    assert names == {r.name for r in rows}
    assert world.colleague_a.full_name not in names


def test_the_unit_head_gets_only_its_subtree(world, login):
    client = login("unit_head")
    content = _content(client.get(_url("docx")))
    names = {r[1] for r in docx_rows(content, 1)[2:] if len(set(r)) > 1}
    assert world.head_a.full_name in names
    assert world.outsider_b.full_name not in names


@pytest.mark.parametrize(
    ("persona", "year", "expected"),
    [("authority", 2026, 200), ("appraiser", 2026, 200), ("unit_head", 2026, 200),
     ("admin", 2026, 200), ("official", 2026, 403), ("outsider", 2026, 403),
     ("authority", 1999, 404)],
)  # fmt: skip
def test_who_may_download(world, login, persona, year, expected):
    for fmt in ("docx", "pdf"):
        response = login(persona).get(_url(fmt, year))
        assert response.status_code == expected
        if expected == 200:
            close_download(response)
    assert login(persona).get(_url("xlsx", year)).status_code == 404  # the page's Excel


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    response = client.get(_url("pdf"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_a_scope_too_large_is_refused_with_a_pointer_to_the_excel(world, login, monkeypatch):
    monkeypatch.setitem(quarter_kinds.MAX_ROWS, "pdf", 3)
    response = login("authority").get(_url("pdf"))
    assert response.status_code == 409
    text = response.content.decode()
    assert f"Bảng có {len(data.PLAN)} người" in text and "bản Excel" in text
    narrowed = login("authority").get(_url("pdf") + "?chi=two_khtnv")  # one person: produced
    assert narrowed.status_code == 200
    close_download(narrowed)


def test_the_administrator_previews_and_lists_the_template(world, login):
    client = login("admin")
    assert "cuoi-nam" in client.get(reverse("documents:templates")).content.decode()
    for fmt in ("docx", "pdf"):
        response = client.get(reverse("documents:template_preview", args=["cuoi-nam", fmt]))
        assert response.status_code == 200
        close_download(response)
