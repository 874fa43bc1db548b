"""The year-end view (SPEC §13.3): the quarters per person, the engine's year-end rules with
their reasons, the order of the candidates, the workbook and the printable table."""

from __future__ import annotations

import itertools
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.web import analytics_data as data
from tests.web import once
from tests.web.conftest import build_world
from tests.web.factories import close_download


def _build(request):
    world = build_world()
    world.history = data.build(world)
    return world


shared_world = once.module_world(_build)


@pytest.fixture
def world(request, shared_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_world, tmp_path)


def _plain(name: str) -> dict:
    """What the rules say of a person, worked out here from the plan (no engine)."""
    ratings = [q[0] for q in data.PLAN[name]]
    khtnv = [i for i, r in enumerate(ratings) if r == "KHTNV"]
    return {
        "excellent": ratings.count("HTXSNV"),
        "possible": not khtnv,
        "consecutive": any(b - a == 1 for a, b in itertools.pairwise(khtnv)),
    }


def _rows(client, **params):
    response = client.get(reverse("analytics:year_end"), {"nam": 2026, **params})
    assert response.status_code == 200
    return response, {r.name: r for r in response.context["page"].object_list}


def test_every_person_s_quarters_and_the_rules(world, login):
    response, rows = _rows(login("authority"))
    assert len(rows) == len(data.PLAN)
    for name, quarters in data.PLAN.items():
        row = rows[getattr(world, name).full_name]
        assert list(row.ratings[:2]) == [q[0] for q in quarters]
        assert list(row.ratings[2:]) == [None, None]
        assert list(row.totals[:2]) == [None if q[1] is None else pytest.approx(float(q[1]))
                                  for q in quarters]  # fmt: skip
        plain = _plain(name)
        assert row.summary.excellent_quarters == plain["excellent"]
        assert row.summary.excellent_possible == plain["possible"]
        assert row.summary.consecutive_khtnv == plain["consecutive"]
    text = response.content.decode()
    assert "Hai quý liên tiếp không hoàn thành nhiệm vụ (quý I và II)" in text
    assert "Quý IV chưa có kết quả" in text
    counts = response.context["counts"]
    assert counts["candidates"] == sum(_plain(n)["possible"] for n in data.PLAN)
    assert counts["two_khtnv"] == sum(_plain(n)["consecutive"] for n in data.PLAN)


def test_candidates_are_ordered_by_htxsnv_quarters_within_their_group(world, login):
    _response, rows = _rows(login("authority"), chi="candidates")
    in_a = [n for n in data.PLAN if n != "outsider_b" and _plain(n)["possible"]]
    by_count = sorted(in_a, key=lambda n: -_plain(n)["excellent"])
    assert [rows[getattr(world, n).full_name].rank for n in by_count] == list(
        range(1, len(by_count) + 1)
    )
    assert rows[world.outsider_b.full_name].rank == 1  # first of its own group
    assert world.colleague_a.full_name not in rows  # a KHTNV quarter: not a candidate


def test_the_unit_head_reads_only_its_subtree(world, login):
    _response, rows = _rows(login("unit_head"))
    # Q1 published: the head's own row is there, with Q1 only (Q2 is not yet published).
    assert world.outsider_b.full_name not in rows
    assert list(rows[world.head_a.full_name].ratings) == ["HTTNV", None, None, None]
    assert world.member_a1.full_name in rows


def test_the_workbook_and_the_printable_table(world, login):
    client = login("appraiser")
    response = client.get(reverse("analytics:year_end_export"), {"nam": 2026})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content if response.streaming
                                           else [response.content]))).active  # fmt: skip
    close_download(response)
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Họ và tên" and len(values) == 1 + len(data.PLAN)
    colleague = next(v for v in values if v[0] == world.colleague_a.full_name)
    assert colleague[4] == "KHTNV" and colleague[6] == "KHTNV"
    assert "quý I và II" in colleague[-1]
    printed = client.get(reverse("analytics:year_end_print"), {"nam": 2026})
    assert printed.status_code == 200
    text = printed.content.decode()
    assert "BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁC QUÝ NĂM 2026" in text
    assert text.count("<tr>") == 1 + len(data.PLAN)


def test_a_bad_year_or_choice_is_said_not_a_500(world, login):
    response = login("authority").get(reverse("analytics:year_end"), {"nam": "1999", "chi": "x"})
    assert response.status_code == 200
    assert len(response.context["f"].errors) == 2
    assert response.context["year"] == 2026
