"""Dashboards (SPEC §13.3): every figure equals a count made here in plain Python over the
fixture's data (tests/web/analytics_data.py), and every number links to as many people."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.web import analytics_data as data
from tests.web import once
from tests.web.conftest import build_world

UNIT_OF = {"official_a": "unit_a", "head_a": "unit_a", "colleague_a": "unit_a",
           "member_a1": "division_a1", "outsider_b": "unit_b"}  # fmt: skip
RATINGS = ["HTXSNV", "HTTNV", "HTNV", "KHTNV", "DEFERRED"]


def _build(request):
    world = build_world()
    world.history = data.build(world)
    return world


shared_world = once.module_world(_build)


@pytest.fixture
def world(request, shared_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_world, tmp_path)


def _get(client, name: str, **params):
    response = client.get(reverse(f"analytics:{name}"), params)
    assert response.status_code == 200
    return response


def _table(response, chart: str):
    return next(t for t in response.context["tables"] if t.chart == chart)


def _row(table, label: str) -> dict:
    row = next(r for r in table.rows if r[0].value == label)
    return {str(h): cell for h, cell in zip(table.headers, row, strict=True)}


def _expected(quarter: int, people) -> dict[str, int]:
    counts = dict.fromkeys(RATINGS, 0)
    for name in people:
        counts[data.PLAN[name][quarter][0]] += 1
    return counts


def _in(world, unit: str) -> list[str]:
    """The fixture's people in ``unit`` and below it."""
    below = {"unit_a": {"unit_a", "division_a1"}, "division_a1": {"division_a1"},
             "unit_b": {"unit_b"}}[unit]  # fmt: skip
    return [name for name, where in UNIT_OF.items() if where in below]


def test_ratings_by_unit_block_and_group_as_the_authority(world, login):
    q2 = world.history["periods"][1]
    response = _get(login("authority"), "ratings", ky=q2.pk)
    table = _table(response, "ratings_unit")
    for unit in ("unit_a", "unit_b"):
        row = _row(table, getattr(world, unit).name)
        expected = _expected(1, _in(world, unit))
        assert {code: row[code if code != "DEFERRED" else "Chưa xếp loại"].value
                for code in RATINGS} == expected  # fmt: skip
        assert row["Tổng số"].value == sum(expected.values())
    share = _row(table, world.unit_a.name)["Tỷ lệ HTXSNV"].value
    assert share == Decimal(100) * 1 / 4  # official_a of A's four
    groups = _table(response, "ratings_group")
    assert _row(groups, "Nhóm g-a")["KHTNV"].value == 2  # head_a, colleague_a
    assert _row(groups, "Nhóm g-b")["Chưa xếp loại"].value == 1
    blocks = _table(response, "ratings_block")
    assert _row(blocks, world.unit_a.block.name)["Tổng số"].value == len(data.PLAN)
    assert response.content.count(b'<svg class="chart"') == 3


def test_the_unit_head_sees_the_subtree_without_its_own_unpublished_rating(world, login):
    q1, q2 = world.history["periods"][:2]
    client = login("unit_head")
    table = _table(_get(client, "ratings", ky=q2.pk), "ratings_unit")
    own = _row(table, f"{world.unit_a.name} (trực tiếp)")
    # Q2 is decided, not published: head_a (the reader) is left out of the figures.
    assert own["KHTNV"].value == 1 and own["HTXSNV"].value == 1 and own["Tổng số"].value == 2
    assert _row(table, world.division_a1.name)["HTTNV"].value == 1
    assert not any(r[0].value == world.unit_b.name for r in table.rows)
    # Q1 is published: the head's own rating counts.
    own = _row(_table(_get(client, "ratings", ky=q1.pk), "ratings_unit"),
               f"{world.unit_a.name} (trực tiếp)")  # fmt: skip
    assert own["Tổng số"].value == 3 and own["HTTNV"].value == 1


def test_a_unit_outside_the_scope_is_refused_with_a_message(world, login):
    response = _get(login("unit_head"), "ratings", don_vi=world.unit_b.pk)
    assert "Đơn vị: giá trị không hợp lệ hoặc ngoài phạm vi" in response.content.decode()
    assert response.context["f"].unit is None
    response = _get(login("unit_head"), "ratings", ky="abc", khoi="9" * 27)
    assert len(response.context["f"].errors) == 2


def test_every_number_links_to_as_many_people(world, login):
    client = login("authority")
    q2, q3 = world.history["periods"][1:]
    pages = [("ratings", q2), ("risk", q2), ("progress", q3), ("stages", q2)]
    checked = 0
    for name, period in pages:
        for table in _get(client, name, ky=period.pk).context["tables"]:
            for row in table.rows:
                for cell in row[1:]:
                    if cell.kind == "int" and cell.href:
                        listed = client.get(cell.href)
                        assert listed.status_code == 200
                        found = listed.context["page"].paginator.count
                        if cell.units:  # a dossier's state: the units of the people listed
                            found = len({o.unit_id for o in listed.context["page"]})
                        assert found == cell.value, (table.chart, row[0].value, cell.href)
                        checked += 1
    assert checked > 40


def test_self_reviewed_appraised_and_decided_averages(world, login):
    q2 = world.history["periods"][1]
    tables = _get(login("authority"), "stages", ky=q2.pk).context["tables"]
    row = _row(tables[0], world.unit_a.name)
    people = [data.PLAN[n][1] for n in _in(world, "unit_a")]
    for column, position in (("Tự chấm (TB)", 2), ("Tập thể lãnh đạo (TB)", 3),
                             ("Thẩm định (TB)", 4), ("Quyết định (TB)", 1)):  # fmt: skip
        values = [Decimal(p[position]) for p in people]
        assert row[column].value == sum(values) / len(values)
    # The units (each on its own) whose self-scores run furthest above the appraisal.
    gaps = {}
    for name, where in UNIT_OF.items():
        _r, _t, self_total, _rv, appraisal = data.PLAN[name][1]
        if appraisal is not None:
            gaps.setdefault(where, []).append(Decimal(self_total) - Decimal(appraisal))
    expected = sorted(((sum(v) / len(v), getattr(world, u).name) for u, v in gaps.items()),
                      key=lambda item: -item[0])  # fmt: skip
    shown = [(r[2].value, r[0].value) for r in tables[1].rows]
    assert shown == expected


def test_points_by_axis_are_the_self_assessed_share_of_each_axis(world, login):
    q2 = world.history["periods"][1]
    table = _get(login("authority"), "axes", ky=q2.pk).context["tables"][0]
    framework = world.history["framework"]
    people = [n for n in _in(world, "unit_a") if data.PLAN[n][1][2] is not None]
    row = _row(table, world.unit_a.name)
    for axis in framework.axes:
        points = sum(
            c.max * data.AXIS_SHARE[n] for n in people for c in axis.criteria if c.part == "B"
        )
        expected = points * 100 / (len(people) * framework.axis_maxima[axis.number])
        assert row[f"Trục {axis.number} (%)"].value == expected


def test_the_open_quarter_progress_and_deadlines(world, login):
    q3 = world.history["periods"][2]
    table = _get(login("authority"), "progress", ky=q3.pk).context["tables"][0]
    row = _row(table, world.unit_a.name)
    open_a = {n: data.OPEN[n] for n in _in(world, "unit_a") if n in data.OPEN}
    assert row["Đã tự đánh giá"].value == sum(s == "self_assessed" for s, *_ in open_a.values())
    assert row["Xác định mục tiêu"].value == sum(
        s in ("draft", "targets_approved") for s, *_ in open_a.values()
    )
    assert row["Tự đánh giá: muộn"].value == sum(bool(late) for *_, late in open_a.values())
    assert row["Tự đánh giá: đúng hạn"].value == sum(
        d is not None and not late for _s, d, late in open_a.values()
    )
    unsent = sum(d is None for _s, d, _l in open_a.values())
    label = "Quá hạn, chưa nộp" if timezone.localdate() > date(2026, 9, 30) else "Chưa nộp, còn hạn"
    assert row[label].value == unsent
    assert row["Hồ sơ: chưa nộp (đơn vị)"].value == 2  # unit A and its division: no dossier sent
    assert _row(table, world.unit_b.name)["Chưa mở phiếu"].value == 1  # outsider_b


def test_trends_over_quarters(world, login):
    table = _get(login("authority"), "trends").context["tables"][0]
    for index, period in enumerate(world.history["periods"][:2]):
        row = _row(table, str(period))
        expected = _expected(index, data.PLAN)
        assert row["HTXSNV"].value == expected["HTXSNV"]
        assert row["KHTNV"].value == expected["KHTNV"]
        totals = [Decimal(p[index][1]) for p in data.PLAN.values() if p[index][1] is not None]
        assert row["Điểm quyết định (TB)"].value == sum(totals) / len(totals)
    assert _row(table, str(world.history["periods"][2]))["Tổng số"].value == 0


def test_people_at_risk_and_the_heads_accountability(world, login):
    q2 = world.history["periods"][1]
    response = _get(login("authority"), "risk", ky=q2.pk)
    row = _row(response.context["tables"][0], world.unit_a.name)
    khtnv_now = [n for n in _in(world, "unit_a") if data.PLAN[n][1][0] == "KHTNV"]
    two = [n for n in khtnv_now if data.PLAN[n][0][0] == "KHTNV"]
    assert row["KHTNV quý trước"].value == len(khtnv_now) == 2
    assert row["Hai quý liên tiếp KHTNV: phải thay thế"].value == len(two) == 1
    assert row["Đủ điểm HTXSNV nhưng ngoài tỷ lệ"].value == 1
    assert row["Người đứng đầu chịu trách nhiệm"].value == 1
    records = response.context["tables"][1]
    assert [r[0].value for r in records.rows] == [world.head_a.full_name]
    assert records.rows[0][2].value == world.colleague_a.full_name
    listed = login("authority").get(reverse("analytics:people"),
                                    {"ky": q2.pk, "rui_ro": "two_khtnv"})  # fmt: skip
    assert [e.official_id for e in listed.context["page"]] == [world.colleague_a.pk]


def test_a_person_s_quarters(world, login):
    response = login("authority").get(reverse("analytics:person", args=[world.head_a.pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.decided_rating for r in rows] == ["HTTNV", "KHTNV", None]
    assert [r.appraisal_total for r in rows[:2]] == [Decimal("85"), Decimal("45")]
    assert b'<svg class="chart"' in response.content
