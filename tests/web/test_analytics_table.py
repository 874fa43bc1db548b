"""The dashboards' "by unit" figures show their largest units only; "Xem tất cả" lists every
row, a page at a time, with the same numbers as the workbook (issue 12 item 5)."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from danhgia.analytics import charts
from danhgia.decisions.models import Decision
from danhgia.evaluations.models import Evaluation
from tests.web import analytics_data as data
from tests.web import factories as f
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


def _more_people(world, count: int) -> None:
    """``count`` more decided officials in unit A's division, in Q1 and Q2."""
    people = f.make_officials(world.division_a1, count)
    version = f.framework(data.FRAMEWORK)
    q1, q2, _q3 = world.history["periods"]
    made = Evaluation.objects.bulk_create(
        Evaluation(official=p, period=period, framework_version=version, state=state,
                   self_total=Decimal(80))
        for p in people for period, state in ((q1, "published"), (q2, "decided"))
    )  # fmt: skip
    Decision.objects.bulk_create(
        Decision(evaluation=e, rating="HTTNV", engine_rating="HTTNV", total=Decimal(80),
                 decided_by=world.users["authority"])
        for e in made
    )  # fmt: skip


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)
    close_download(response)
    return len(captured)


def test_the_full_table_and_the_year_end_document_read_a_fixed_number_of_queries(world, login):
    client = login("authority")
    urls = [reverse("analytics:table") + "?bieu=ratings_unit",
            reverse("analytics:table") + "?bieu=progress",
            reverse("documents:download", args=["cuoi-nam", 2026, "docx"])]  # fmt: skip
    _more_people(world, 5)
    few = [_queries(client, url) for url in urls]
    _more_people(world, 45)
    assert [_queries(client, url) for url in urls] == few
