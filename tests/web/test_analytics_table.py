"""The dashboards' "by unit" figures show their largest units only; "Xem tất cả" lists every
row, a page at a time, with the same numbers as the workbook (issue 12 item 5)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danhgia.analytics import charts
from tests.web import analytics_data as data
from tests.web import once
from tests.web.conftest import build_world
from tests.web.factories import close_download

BY_UNIT = [("ratings", "ratings_unit", 0), ("axes", "axes", 0), ("stages", "stages", 0),
           ("progress", "progress", 0)]  # fmt: skip


def _build(request):
    world = build_world()
    world.history = data.build(world)
    return world


shared_world = once.module_world(_build)


@pytest.fixture
def world(request, shared_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_world, tmp_path)


def _workbook(client, chart: str) -> list[tuple]:
    response = client.get(reverse("analytics:export"), {"bieu": chart})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    close_download(response)
    return list(load_workbook(BytesIO(body)).active.iter_rows(values_only=True))[1:]


@pytest.mark.parametrize(("page", "chart", "index"), BY_UNIT)
def test_a_page_shows_the_largest_units_and_links_to_every_row(
    world, login, monkeypatch, page, chart, index
):
    client = login("authority")
    every = _workbook(client, chart)
    assert len(every) >= 3
    monkeypatch.setattr(charts, "MAX_ROWS", 2)
    response = client.get(reverse(f"analytics:{page}"))
    table = response.context["tables"][index]
    assert len(table.rows) == 2 and table.rows_total == len(every) and table.more == len(every) - 2
    # the rows shown are rows of the whole figure, with the same numbers
    by_name = {row[0]: row for row in every}
    for values in table.export_rows():
        assert tuple(values[1:]) == pytest.approx(by_name[values[0]][1:])
    link = reverse("analytics:table") + f"?bieu={chart}"
    assert link in response.content.decode()
    full = client.get(link)
    assert full.status_code == 200
    shown = [[c.value for c in row] for row in full.context["table"].rows]
    assert [r[0] for r in shown] == [r[0] for r in every]
    assert f"Cả bảng: {len(every)} dòng" in full.content.decode()


def test_the_full_table_pages_its_rows(world, login, monkeypatch):
    from danhgia.analytics import views

    client = login("authority")
    every = _workbook(client, "ratings_unit")
    monkeypatch.setattr(views, "TABLE_PER_PAGE", 2)
    first = client.get(reverse("analytics:table"), {"bieu": "ratings_unit"})
    second = client.get(reverse("analytics:table"), {"bieu": "ratings_unit", "page": 2})
    names = [r[0].value for r in first.context["table"].rows + second.context["table"].rows]
    assert names == [r[0] for r in every][:4]
    assert first.context["page"].paginator.num_pages == -(-len(every) // 2)
