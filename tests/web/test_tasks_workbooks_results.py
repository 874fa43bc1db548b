"""Round trips of results, factors and Phụ lục 7 (SPEC §13.2), and the workbooks' query counts.

The lead's results and the assigning side's factors (only those the dates allow), a unit's
Phụ lục 7; downloads and unchanged previews cost the same for 5 and 50 tasks.
"""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from danhgia.audit.models import AuditEntry
from danhgia.tasks import services
from danhgia.tasks.choices import TaskState
from tests.web import factories as f
from tests.web.workbook_support import (
    as_bytes,
    confirm,
    download,
    query_for,
    task_row,
    upload,
    workbook_world,
)


@pytest.fixture
def tw(world, tmp_path, settings):
    yield from workbook_world(world, tmp_path, settings)


# --- Results and factors --------------------------------------------------------------------


def test_a_lead_reports_results_through_the_workbook_as_through_the_form(world, tw, login):
    client = login("official")
    query = f"?period={tw.period.pk}"
    workbook = download(client, "tasks:results_download", query)
    sheet = workbook["Báo cáo kết quả"]
    row = task_row(sheet, tw.task_agency.pk)
    sheet.cell(row, 5, "1,5")
    sheet.cell(row, 6, "12/09/2026")
    sheet.cell(row, 7, "Đã gửi báo cáo")

    preview = upload(client, "tasks:results_upload", query, as_bytes(workbook))
    assert preview.status_code == 200, preview.content.decode()
    tw.task_agency.refresh_from_db()
    assert tw.task_agency.state == TaskState.ASSIGNED
    assert confirm(client, "tasks:results_upload", query, preview).status_code == 302

    tw.task_agency.refresh_from_db()
    assert tw.task_agency.state == TaskState.REPORTED
    assert tw.task_agency.delivered_quantity == Decimal("1.5")
    assert tw.task_agency.completed_on == date(2026, 9, 12)
    assert tw.task_agency.result_note == "Đã gửi báo cáo"
    assert tw.task_agency.lock_version == 2
    assert AuditEntry.objects.filter(action="task.reported", object_id=str(tw.task_agency.pk))


def test_the_assigning_side_confirms_factors_from_the_policys_scales(world, tw, login):
    client = login("unit_head")
    query = f"?period={tw.period.pk}"
    workbook = download(client, "tasks:results_download", query)
    sheet = workbook["Xác nhận kết quả"]
    row = task_row(sheet, tw.task_a.pk)
    options = workbook["_danh_muc"]
    listed = {c.value for col in options.iter_cols() for c in col if c.value}
    ontime = [label for label in listed if "(1" in label]
    assert ontime, listed
    scales = {
        n: services.allowed_factors(tw.task_a, n, tw.task_a.period.policy_version.load())
        for n in services.FACTORS
    }
    top = {n: scales[n][0] for n in services.FACTORS}
    from danhgia.tasks.forms import factor_label

    for column, name in ((6, "quality"), (7, "timeliness"), (8, "leadership")):
        sheet.cell(row, column, factor_label(top[name]))

    preview = upload(client, "tasks:results_upload", query, as_bytes(workbook))
    assert preview.status_code == 200, preview.content.decode()
    assert confirm(client, "tasks:results_upload", query, preview).status_code == 302

    tw.task_a.refresh_from_db()
    assert tw.task_a.state == TaskState.VERIFIED
    assert (tw.task_a.quality, tw.task_a.timeliness, tw.task_a.leadership) == tuple(
        top[n].value for n in services.FACTORS
    )


def test_a_factor_the_dates_do_not_allow_is_refused_with_its_cell(world, tw, login):
    """task_a was completed on 10/09 before its due date 15/09: timeliness below 1 is refused."""
    client = login("unit_head")
    query = f"?period={tw.period.pk}"
    workbook = download(client, "tasks:results_download", query)
    sheet = workbook["Xác nhận kết quả"]
    row = task_row(sheet, tw.task_a.pk)
    sheet.cell(row, 6, "1")
    sheet.cell(row, 7, "0,5")
    sheet.cell(row, 8, "1")

    response = upload(client, "tasks:results_upload", query, as_bytes(workbook))

    assert response.status_code == 400
    assert f"Xác nhận kết quả!G{row}: Hệ số tiến độ: “0,5” không nằm trong" in (
        response.content.decode()
    )
    tw.task_a.refresh_from_db()
    assert tw.task_a.state == TaskState.REPORTED


def test_a_refused_result_is_shown_at_the_cell_of_its_field(world, tw, login):
    other = f.make_task(world.official_a, tw.period, world.root, tw.agency, title="Khác")
    client = login("official")
    query = f"?period={tw.period.pk}"
    workbook = download(client, "tasks:results_download", query)
    sheet = workbook["Báo cáo kết quả"]
    done = task_row(sheet, tw.task_agency.pk)
    sheet.cell(done, 5, 0)  # completed, but nothing delivered
    sheet.cell(done, 6, "12/09/2026")
    early = task_row(sheet, other.pk)
    sheet.cell(early, 5, 1)
    sheet.cell(early, 6, "30/06/2026")  # before the task was assigned (01/07/2026)

    response = upload(client, "tasks:results_upload", query, as_bytes(workbook))

    assert response.status_code == 400
    found = [str(p) for p in response.context["problems"]]
    assert (
        f"Báo cáo kết quả!E{done}: Đã ghi ngày hoàn thành thì số lượng sản phẩm hoàn thành "
        "phải lớn hơn 0." in found
    )
    assert f"Báo cáo kết quả!F{early}: Ngày hoàn thành không được trước ngày giao nhiệm vụ." in (
        found
    )
    assert not any("dòng" in p for p in found)
    tw.task_agency.refresh_from_db()
    assert tw.task_agency.state == TaskState.ASSIGNED


def test_a_quality_or_leadership_factor_off_the_scale_is_not_blamed_on_the_dates(world, tw, login):
    client = login("unit_head")
    query = f"?period={tw.period.pk}"
    workbook = download(client, "tasks:results_download", query)
    sheet = workbook["Xác nhận kết quả"]
    row = task_row(sheet, tw.task_a.pk)
    sheet.cell(row, 6, "7")
    sheet.cell(row, 7, "1")
    sheet.cell(row, 8, "nhiều")

    response = upload(client, "tasks:results_upload", query, as_bytes(workbook))

    found = [str(p) for p in response.context["problems"]]
    quality = next(p for p in found if p.startswith(f"Xác nhận kết quả!F{row}: "))
    leadership = next(p for p in found if p.startswith(f"Xác nhận kết quả!H{row}: "))
    for problem in (quality, leadership):
        assert "không nằm trong các mức của thang hệ số" in problem
        assert "thời hạn" not in problem
    tw.task_a.refresh_from_db()
    assert tw.task_a.state == TaskState.REPORTED


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tasks:assignments_download", "tasks:results_download"])
def test_downloads_and_previews_cost_the_same_queries_for_5_and_50_tasks(
    world, tw, login, django_assert_max_num_queries, name
):
    client = login("unit_head")
    query = query_for(tw, world)

    def add(count):
        leads = f.make_officials(world.unit_a, count)
        for lead in leads:
            f.make_task(lead, tw.period, world.unit_a, world.users["unit_head"],
                        state=TaskState.REPORTED, delivered_quantity=1,
                        completed_on=date(2026, 9, 1))  # fmt: skip

    add(5)
    client.get(reverse(name) + query)  # warm the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name) + query).status_code == 200
    add(45)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse(name) + query).status_code == 200


# --- Phụ lục 7 ------------------------------------------------------------------------------


def _collective_args(world, tw):
    return [world.unit_a.pk, tw.period.pk]


def test_a_units_phu_luc_7_round_trip_saves_as_the_form_does(world, tw, login):
    from danhgia.tasks.models import CollectiveResult

    client = login("unit_head")
    args = _collective_args(world, tw)
    response = client.get(reverse("tasks:collective_download", args=args))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook["Phụ lục 7"]
    assert [sheet.cell(r, 1).value for r in range(2, 9)] == [
        "II.1", "II.2", "II.3", "III.1", "III.2", "III.3", "IV",
    ]  # fmt: skip
    assert "Báo cáo quyết toán ngân sách quý II/2026" in {
        c.value for row in workbook["Nhiệm vụ theo trục"].iter_rows() for c in row
    }
    sheet["C2"] = "Hoàn thành quyết toán sớm"
    sheet["C5"] = "Một số báo cáo chậm\ndo thiếu số liệu"
    sheet["C8"] = "Hoàn thành tốt nhiệm vụ"
    url = reverse("tasks:collective_upload", args=args)

    preview = client.post(url, {"file": SimpleUploadedFile("pl7.xlsx", as_bytes(workbook))})
    assert preview.status_code == 200
    assert not CollectiveResult.objects.filter(unit=world.unit_a).exists()
    token = re.search(r'name="token" value="([0-9a-f]{32})"', preview.content.decode())[1]
    response = client.post(url, {"token": token, "confirm": "1"})
    assert response.status_code == 302
    stored = CollectiveResult.objects.get(unit=world.unit_a, period=tw.period)
    assert (stored.highlights, stored.shortcomings, stored.self_level) == (
        "Hoàn thành quyết toán sớm",
        "Một số báo cáo chậm\ndo thiếu số liệu",
        "HTTNV",
    )
    assert stored.lock_version == 2
    assert AuditEntry.objects.filter(action="collective.updated").exists()


def test_a_stale_phu_luc_7_workbook_and_a_bad_level_are_refused(world, tw, login):
    from danhgia.tasks.collective import save_collective_result
    from danhgia.tasks.models import CollectiveResult

    client = login("unit_head")
    args = _collective_args(world, tw)
    workbook = load_workbook(
        BytesIO(client.get(reverse("tasks:collective_download", args=args)).content)
    )
    workbook["Phụ lục 7"]["C2"] = "Của tôi"
    workbook["Phụ lục 7"]["C8"] = "Tuyệt vời"
    save_collective_result(world.unit_a, tw.period, {"highlights": "Của người khác"}, 1, None)

    response = client.post(
        reverse("tasks:collective_upload", args=args),
        {"file": SimpleUploadedFile("pl7.xlsx", as_bytes(workbook))},
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "Phụ lục 7!C8: “Tuyệt vời” không phải một mức" in text
    assert "Phụ lục 7: kết quả tập thể đã được sửa sau khi bạn tải" in text
    assert CollectiveResult.objects.get(unit=world.unit_a).highlights == "Của người khác"


def test_previewing_an_unchanged_workbook_costs_the_same_for_5_and_50_tasks(
    world, tw, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("unit_head")
    query = query_for(tw, world)

    def upload_unchanged(count):
        for lead in f.make_officials(world.unit_a, count):
            f.make_task(lead, tw.period, world.unit_a, world.users["unit_head"])
        content = as_bytes(download(client, "tasks:assignments_download", query))
        return lambda: upload(client, "tasks:assignments_upload", query, content)

    small = upload_unchanged(5)
    with CaptureQueriesContext(connection) as queries:
        assert small().status_code == 200
    baseline = len(queries)  # read now: the log is cleared by the next request
    large = upload_unchanged(45)
    with django_assert_max_num_queries(baseline):
        response = large()
    assert response.status_code == 200
    assert "Giữ nguyên: 51" in response.content.decode()


def test_a_head_reports_and_confirms_a_task_of_their_own_unit_in_one_file(world, tw, login):
    task = f.make_task(
        world.head_a, tw.period, world.unit_a, world.users["unit_head"],
        state=TaskState.REPORTED, delivered_quantity=1, completed_on=date(2026, 9, 10),
    )  # fmt: skip
    client = login("unit_head")
    query = f"?period={tw.period.pk}"
    workbook = download(client, "tasks:results_download", query)
    workbook["Báo cáo kết quả"].cell(task_row(workbook["Báo cáo kết quả"], task.pk), 7, "Xong")
    factors = workbook["Xác nhận kết quả"]
    row = task_row(factors, task.pk)
    for column in (6, 7, 8):
        factors.cell(row, column, "1")

    preview = upload(client, "tasks:results_upload", query, as_bytes(workbook))
    assert preview.status_code == 200, preview.content.decode()
    assert confirm(client, "tasks:results_upload", query, preview).status_code == 302

    task.refresh_from_db()
    assert (task.result_note, task.state, task.timeliness) == ("Xong", "verified", Decimal(1))
    assert task.lock_version == 3
