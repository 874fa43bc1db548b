"""List exports (SPEC §13.2): every list downloads as .xlsx with its current filters, the page's
scope, all its rows (not one page), real dates and numbers, and text that a spreadsheet would
run as a formula neutralised."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import Role

from . import factories as f
from .export_data import column as _column
from .export_data import queries as _queries
from .export_data import sheet as _sheet
from .tasks_world import open_quarter

# --- officials -----------------------------------------------------------------------------

OFFICIALS = reverse("organisation:official_export")


def test_the_officials_export_has_the_pages_rows_with_its_filters(world, login):
    client = login("unit_head")
    params = {"unit": world.unit_a.pk, "q": "Phòng"}
    page = client.get(reverse("organisation:official_list"), params)
    rows = _sheet(client.get(OFFICIALS, params))
    assert rows[0][:3] == ["Mã cán bộ", "Họ và tên", "Ngày sinh"]
    expected = [o.full_name for o in page.context["page"].object_list]
    assert _column(rows, "Họ và tên") == expected == ["Võ Thị Phòng"]
    assert _column(rows, "Mã cán bộ") == [world.member_a1.code]
    assert _column(rows, "Đơn vị") == ["Phòng 1, Sở A"]


def test_the_officials_export_keeps_to_the_users_scope(world, login):
    names = _column(_sheet(login("unit_head").get(OFFICIALS)), "Họ và tên")
    assert world.colleague_a.full_name in names and world.member_a1.full_name in names
    assert world.outsider_b.full_name not in names
    own = _column(_sheet(login("official").get(OFFICIALS)), "Họ và tên")
    assert own == [world.official_a.full_name]


def test_the_officials_export_has_every_row_not_one_page(world, login):
    f.make_officials(world.unit_a, 30)
    client = login("unit_head")
    page = client.get(reverse("organisation:official_list"))
    assert len(page.context["page"].object_list) == 25
    rows = _sheet(client.get(OFFICIALS))
    assert len(rows) - 1 == page.context["page"].paginator.count == 34


def test_dates_are_real_dates_and_the_file_is_named_by_list_and_day(world, login):
    response = login("unit_head").get(OFFICIALS, {"q": "Phạm Thu Lan"})
    cell = load_workbook(BytesIO(response.content)).worksheets[0]["C2"]
    assert cell.value == datetime(1975, 5, 20)
    assert cell.number_format == "DD/MM/YYYY"
    today = timezone.localdate().isoformat()
    assert f"can-bo-{today}.xlsx" in response["Content-Disposition"]


def test_a_name_that_looks_like_a_formula_comes_out_as_text(world, login):
    f.make_official(world.unit_a, name='=HYPERLINK("http://evil.example","Bấm")')
    f.make_official(world.unit_a, name="+Cộng Trừ", government_position="@Chuyên viên")
    rows = _sheet(login("unit_head").get(OFFICIALS))
    names = _column(rows, "Họ và tên")
    assert '\'=HYPERLINK("http://evil.example","Bấm")' in names
    assert "'+Cộng Trừ" in names
    assert "'@Chuyên viên" in _column(rows, "Chức vụ")
    assert not any(isinstance(n, str) and n.startswith(("=", "+", "-", "@")) for n in names)


def test_the_officials_export_costs_the_same_queries_for_5_or_50_people(world, login):
    client = login("unit_head")
    f.make_officials(world.division_a1, 5)
    few = _queries(client, OFFICIALS)
    f.make_officials(world.division_a1, 45)
    assert _queries(client, OFFICIALS) == few


def test_the_list_page_links_to_the_export_with_its_filters(world, login):
    page = login("unit_head").get(reverse("organisation:official_list"), {"q": "Lan", "page": 1})
    assert f'href="{OFFICIALS}?q=Lan"' in page.content.decode()
    assert "Tải Excel" in page.content.decode()


# --- evaluations ---------------------------------------------------------------------------

EVALUATIONS = reverse("evaluations:list_export")


@pytest.fixture
def evaluations(world):
    period = f.make_evaluation_period(world.unit_a.block)
    framework = f.framework("lamdong-2026-pl5")
    people = [world.official_a, world.colleague_a, world.member_a1, world.outsider_b]
    made = [
        Evaluation.objects.create(official=o, period=period, framework_version=framework)
        for o in people
    ]
    made[1].state = EvaluationState.SELF_ASSESSED
    made[1].self_total = Decimal("87.50")
    made[1].save(update_fields=["state", "self_total"])
    return period, made


def test_the_evaluations_export_has_the_pages_rows_with_its_filters(world, login, evaluations):
    period, _made = evaluations
    client = login("unit_head")
    params = {"ky": period.pk, "trang_thai": EvaluationState.SELF_ASSESSED}
    page = client.get(reverse("evaluations:list"), params)
    rows = _sheet(client.get(EVALUATIONS, params))
    expected = [e.official.full_name for e in page.context["page"].object_list]
    assert _column(rows, "Họ và tên") == expected == [world.colleague_a.full_name]
    assert _column(rows, "Tự chấm") == [87.5]  # a number, not "87,50"
    assert _column(rows, "Kỳ") == [str(period)]


def test_the_evaluations_export_keeps_to_the_users_scope(world, login, evaluations):
    period, _made = evaluations
    names = _column(_sheet(login("unit_head").get(EVALUATIONS, {"ky": period.pk})), "Họ và tên")
    assert world.outsider_b.full_name not in names
    assert len(names) == 3
    own = _column(_sheet(login("official").get(EVALUATIONS, {"ky": period.pk})), "Họ và tên")
    assert own == [world.official_a.full_name]


def test_the_evaluations_export_costs_the_same_queries_for_5_or_50(world, login, evaluations):
    period, _made = evaluations
    framework = f.framework("lamdong-2026-pl5")

    def add(count):
        Evaluation.objects.bulk_create(
            Evaluation(official=o, period=period, framework_version=framework)
            for o in f.make_officials(world.division_a1, count)
        )

    client = login("unit_head")
    add(5)
    few = _queries(client, EVALUATIONS, {"ky": period.pk})
    add(45)
    assert _queries(client, EVALUATIONS, {"ky": period.pk}) == few


def test_the_unit_members_export_has_the_pages_rows(world, login, evaluations):
    client = login("unit_head")
    page = client.get(reverse("evaluations:unit_members", args=[world.unit_a.pk]))
    url = reverse("evaluations:unit_members_export", args=[world.unit_a.pk])
    rows = _sheet(client.get(url))
    expected = [o.full_name for o in page.context["page"].object_list]
    assert _column(rows, "Họ và tên") == expected
    assert world.outsider_b.full_name not in expected and len(expected) == 4
    states = dict(zip(_column(rows, "Họ và tên"), _column(rows, "Trạng thái"), strict=True))
    assert states[world.head_a.full_name] == "Chưa lập phiếu"
    assert states[world.colleague_a.full_name] == str(EvaluationState.SELF_ASSESSED.label)
    scores = dict(zip(_column(rows, "Họ và tên"), _column(rows, "Tự chấm"), strict=True))
    assert scores[world.colleague_a.full_name] == 87.5


def test_the_unit_members_export_is_refused_like_the_page(world, login, evaluations):
    url = reverse("evaluations:unit_members_export", args=[world.unit_a.pk])
    assert login("official").get(url).status_code == 403
    assert login("outsider").get(url).status_code == 404


def test_the_unit_members_export_costs_the_same_queries_for_5_or_50(world, login, evaluations):
    client = login("unit_head")
    url = reverse("evaluations:unit_members_export", args=[world.unit_a.pk])
    f.make_officials(world.division_a1, 5)
    few = _queries(client, url)
    f.make_officials(world.division_a1, 45)
    assert _queries(client, url) == few


# --- tasks ---------------------------------------------------------------------------------

TASKS = reverse("tasks:task_export")


@pytest.fixture
def tasks(world):
    period = open_quarter(world)
    head = world.users["unit_head"]
    done = f.make_task(
        world.official_a, period, world.unit_a, head, title="Báo cáo quyết toán",
        planned_quantity=Decimal(4), delivered_quantity=Decimal("2.5"),
        completed_on=date(2026, 9, 20), coefficient=Decimal("1.5"),
    )  # fmt: skip
    other = f.make_task(world.colleague_a, period, world.unit_a, head, title="-Rà soát hồ sơ")
    outside = f.make_task(world.outsider_b, period, world.unit_b, world.users["admin"])
    return period, done, other, outside


def test_the_tasks_export_has_the_pages_rows_with_its_filters(world, login, tasks):
    period, _done, _other, outside = tasks
    client = login("unit_head")
    params = {"period": period.pk, "q": "quyết toán"}
    page = client.get(reverse("tasks:task_list"), params)
    rows = _sheet(client.get(TASKS, params))
    expected = [t.title for t in page.context["page"].object_list]
    assert _column(rows, "Nhiệm vụ") == expected == ["Báo cáo quyết toán"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Số lượng kế hoạch"] == 4 and row["Số lượng đạt"] == 2.5
    assert row["Hệ số"] == 1.5
    assert row["Thời hạn"] == datetime(2026, 9, 15)
    assert row["Ngày hoàn thành"] == datetime(2026, 9, 20)
    assert row["Chậm hạn"] == "Có"
    assert row["Người chủ trì"] == world.official_a.full_name
    everything = _column(_sheet(client.get(TASKS, {"period": period.pk})), "Nhiệm vụ")
    assert "'-Rà soát hồ sơ" in everything  # neutralised
    assert outside.title not in everything


def test_the_assigning_agencys_list_exports_the_tasks_it_assigned(world, login, tasks):
    period = tasks[0]
    agency = f.make_user("agency")
    f.assign_role(agency, Role.ASSIGNING_AGENCY, world.root)
    world.users["agency"] = agency
    assigned = f.make_task(world.official_a, period, world.root, agency, title="Chuyển đổi số")
    client = login("agency")
    params = {"period": period.pk, "view": "managed"}
    page = client.get(reverse("tasks:task_list"), params)
    rows = _sheet(client.get(TASKS, params))
    expected = [t.title for t in page.context["page"].object_list]
    assert _column(rows, "Nhiệm vụ") == expected == [assigned.title]
    assert _column(rows, "Cơ quan giao") == [world.root.name]


def test_the_tasks_export_uses_the_pages_default_quarter(world, login, tasks):
    client = login("unit_head")
    page = client.get(reverse("tasks:task_list"))
    expected = [t.title for t in page.context["page"].object_list]
    assert len(expected) == 2
    assert _column(_sheet(client.get(TASKS)), "Nhiệm vụ") == [
        "'" + t if t.startswith("-") else t for t in expected
    ]


def test_the_tasks_export_costs_the_same_queries_for_5_or_50(world, login, tasks):
    period = tasks[0]
    client = login("unit_head")

    def add(count):
        for official in f.make_officials(world.division_a1, count):
            f.make_task(official, period, world.unit_a, world.users["unit_head"])

    add(5)
    few = _queries(client, TASKS, {"period": period.pk})
    add(45)
    assert _queries(client, TASKS, {"period": period.pk}) == few
