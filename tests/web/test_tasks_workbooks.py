"""Round trips of tasks (SPEC §13.2): assignments, results and factors as prefilled workbooks.

Download → change with openpyxl → upload (preview, nothing saved) → confirm (saved as the
forms save it); stale rows, leads out of scope and factors the dates do not allow are refused
with their cells; nothing half-saved.
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
from danhgia.tasks.models import Task
from tests.web import factories as f
from tests.web import tasks_world


@pytest.fixture
def tw(world, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    with tasks_world.private_storage_at(tmp_path):
        yield tasks_world.build(world)


def _query(tw, world):
    return f"?period={tw.period.pk}&assigning_unit={world.unit_a.pk}"


def _download(client, name, query):
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content))


def _bytes(workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, name, query, content, filename="bang-tinh.xlsx"):
    return client.post(reverse(name) + query, {"file": SimpleUploadedFile(filename, content)})


def _confirm(client, name, query, preview):
    token = re.search(r'name="token" value="([0-9a-f]{32})"', preview.content.decode())[1]
    return client.post(reverse(name) + query, {"token": token, "confirm": "1"})


def _row(sheet, task_id) -> int:
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == task_id)


def _fill_new(sheet, row, tw, lead, changes=None):
    values = {
        2: lead.code,
        3: "Báo cáo đánh giá tình hình thực hiện dự toán ngân sách 9 tháng",
        4: "Số liệu đến hết ngày 15/9/2026",
        5: "Chủ trì; phối hợp Văn phòng Sở",
        6: "Giám đốc Sở",
        7: "B.1.4",
        8: f"Báo cáo quý [{tw.product('Báo cáo quý').pk}]",
        10: 2,
        11: "Theo kế hoạch",
        12: "Không",
        13: "03/07/2026",
        14: "20/09/2026",
    }
    values.update(changes or {})
    for column, value in values.items():
        sheet.cell(row, column, value)


# --- Assignments ----------------------------------------------------------------------------


def test_an_assignments_workbook_round_trip_creates_and_changes_tasks_as_the_forms_do(
    world, tw, login
):
    client = login("unit_head")
    query = _query(tw, world)
    workbook = _download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    row_a = _row(sheet, tw.task_a.pk)
    assert sheet.cell(row_a, 2).value.startswith(world.official_a.code)
    assert sheet.cell(row_a, 3).value == "Báo cáo quyết toán ngân sách quý II/2026"
    assert sheet.protection.sheet and sheet.cell(row_a, 1).protection.locked
    assert not sheet.cell(row_a, 3).protection.locked
    sheet.cell(row_a, 3, "Báo cáo quyết toán ngân sách quý II/2026 (bổ sung)")
    sheet.cell(row_a, 5, "Chủ trì")
    sheet.cell(row_a, 6, "Giám đốc Sở")
    new_row = sheet.max_row + 1
    _fill_new(sheet, new_row, tw, world.official_a)
    before = Task.objects.count()

    preview = _upload(client, "tasks:assignments_upload", query, _bytes(workbook))

    assert preview.status_code == 200, re.findall(r"<li>(.*?)</li>", preview.content.decode())
    text = preview.content.decode()
    assert "Tạo mới: 1" in text and "Thay đổi: 1" in text
    assert Task.objects.count() == before  # a preview saves nothing
    tw.task_a.refresh_from_db()
    assert tw.task_a.title == "Báo cáo quyết toán ngân sách quý II/2026"

    response = _confirm(client, "tasks:assignments_upload", query, preview)

    assert response.status_code == 302
    tw.task_a.refresh_from_db()
    assert tw.task_a.title == "Báo cáo quyết toán ngân sách quý II/2026 (bổ sung)"
    assert tw.task_a.lock_version == 2
    created = Task.objects.latest("id")
    by_form = login("unit_head").post(
        reverse("tasks:task_assign"),
        {
            "period": tw.period.pk, "assigning_unit": world.unit_a.pk,
            "leads": [world.official_a.pk],
            "title": "Báo cáo đánh giá tình hình thực hiện dự toán ngân sách 9 tháng",
            "description": "Số liệu đến hết ngày 15/9/2026",
            "responsibility": "Chủ trì; phối hợp Văn phòng Sở", "authority": "Giám đốc Sở",
            "criterion": "B.1.4", "product": tw.product("Báo cáo quý").pk, "product_name": "",
            "planned_quantity": "2", "source": "plan", "assigned_on": "03/07/2026",
            "due_date": "20/09/2026",
        },
    )  # fmt: skip
    assert by_form.status_code == 302
    formed = Task.objects.latest("id")
    fields = (
        "lead", "assigning_unit", "assigned_by", "title", "description", "responsibility",
        "authority", "criterion_code", "product", "product_name", "planned_quantity", "source",
        "is_key", "assigned_on", "due_date", "axis", "coefficient", "state",
    )  # fmt: skip
    assert {n: getattr(created, n) for n in fields} == {n: getattr(formed, n) for n in fields}
    assert created.coefficient == Decimal("1.20")
    assert AuditEntry.objects.filter(action="task.assigned", object_id=str(created.pk)).exists()
    assert AuditEntry.objects.filter(action="task.updated", object_id=str(tw.task_a.pk)).exists()


def test_a_row_with_several_leads_assigns_one_task_each_in_one_batch(world, tw, login):
    client = login("unit_head")
    query = _query(tw, world)
    workbook = _download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    _fill_new(sheet, sheet.max_row + 1, tw, world.official_a,
              {2: f"{world.official_a.code}; {world.colleague_a.code}"})  # fmt: skip
    preview = _upload(client, "tasks:assignments_upload", query, _bytes(workbook))
    assert preview.status_code == 200, preview.content.decode()
    assert _confirm(client, "tasks:assignments_upload", query, preview).status_code == 302
    batch = Task.objects.filter(title__startswith="Báo cáo đánh giá tình hình")
    assert {t.lead for t in batch} == {world.official_a, world.colleague_a}
    assert len({t.batch for t in batch}) == 1 and batch[0].batch is not None


def test_an_unchanged_workbook_changes_nothing(world, tw, login):
    client = login("unit_head")
    query = _query(tw, world)
    workbook = _download(client, "tasks:assignments_download", query)
    preview = _upload(client, "tasks:assignments_upload", query, _bytes(workbook))
    assert preview.status_code == 200, re.findall(r"<li>(.*?)</li>", preview.content.decode())
    assert "Giữ nguyên: 1" in preview.content.decode()
    _confirm(client, "tasks:assignments_upload", query, preview)
    tw.task_a.refresh_from_db()
    assert tw.task_a.lock_version == 1


def test_a_stale_row_is_refused_naming_it_and_nothing_is_saved(world, tw, login):
    client = login("unit_head")
    query = _query(tw, world)
    workbook = _download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    row_a = _row(sheet, tw.task_a.pk)
    sheet.cell(row_a, 3, "Tiêu đề mới")
    _fill_new(sheet, sheet.max_row + 1, tw, world.official_a)
    # Someone saves the task after the download.
    services.take(tw.task_a)
    count = Task.objects.count()

    response = _upload(client, "tasks:assignments_upload", query, _bytes(workbook))

    assert response.status_code == 400
    text = response.content.decode()
    assert f"Nhiệm vụ!A{row_a}: nhiệm vụ số {tw.task_a.pk} đã được sửa sau khi bạn tải" in text
    assert Task.objects.count() == count
    tw.task_a.refresh_from_db()
    assert tw.task_a.title == "Báo cáo quyết toán ngân sách quý II/2026"


def test_a_lead_outside_the_scope_and_every_other_problem_are_named_by_cell(world, tw, login):
    client = login("unit_head")
    query = _query(tw, world)
    workbook = _download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    first = sheet.max_row + 1
    _fill_new(sheet, first, tw, world.outsider_b)
    _fill_new(sheet, first + 1, tw, world.official_a, {7: "Z.9", 14: "31/02/2026", 10: "abc"})
    count = Task.objects.count()

    response = _upload(client, "tasks:assignments_upload", query, _bytes(workbook))

    text = response.content.decode()
    assert response.status_code == 400
    assert f"Nhiệm vụ!B{first}: “{world.outsider_b.code}” không phải cán bộ" in text
    assert f"Nhiệm vụ!G{first + 1}: tiêu chí “Z.9”" in text
    assert f"Nhiệm vụ!N{first + 1}:" in text and f"Nhiệm vụ!J{first + 1}:" in text
    assert Task.objects.count() == count


def test_a_change_between_preview_and_confirmation_undoes_every_row(world, tw, login):
    client = login("unit_head")
    query = _query(tw, world)
    workbook = _download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    row_a = _row(sheet, tw.task_a.pk)
    sheet.cell(row_a, 4, "Đổi nội dung")
    sheet.cell(row_a, 5, "Chủ trì")
    sheet.cell(row_a, 6, "Giám đốc Sở")
    _fill_new(sheet, sheet.max_row + 1, tw, world.official_a)
    preview = _upload(client, "tasks:assignments_upload", query, _bytes(workbook))
    assert preview.status_code == 200
    services.take(tw.task_a)  # someone saves the task meanwhile
    count = Task.objects.count()

    response = _confirm(client, "tasks:assignments_upload", query, preview)

    assert response.status_code == 400
    assert f"Nhiệm vụ!A{row_a}: nhiệm vụ số {tw.task_a.pk} đã được sửa" in response.content.decode()
    assert Task.objects.count() == count  # the new row was not created either
    tw.task_a.refresh_from_db()
    assert tw.task_a.description == ""


# --- Robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("not_a_workbook", "không phải bảng tính Excel"),
        ("no_stamp", "thiếu hoặc sai dấu phiên bản"),
        ("wrong_sheet", "Nhiệm vụ: thiếu trang tính này"),
        ("renamed_header", "Nhiệm vụ!C1: tiêu đề cột phải là “Nhiệm vụ (rõ việc)”"),
        ("formula", "ô chứa công thức"),
        ("too_large", "quá lớn"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(
    world, tw, login, settings, case, expected
):
    client = login("unit_head")
    query = _query(tw, world)
    workbook = _download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    if case == "no_stamp":
        del workbook["_phien_ban"]
    elif case == "wrong_sheet":
        sheet.title = "Sheet1"
    elif case == "renamed_header":
        sheet["C1"] = "Tên việc"
    elif case == "formula":
        _fill_new(sheet, sheet.max_row + 1, tw, world.official_a, {3: '=CONCAT("a","b")'})
    elif case == "too_large":
        settings.WORKBOOK_MAX_BYTES = 1000
    content = b"not a workbook at all" if case == "not_a_workbook" else _bytes(workbook)
    count = Task.objects.count()

    response = _upload(client, "tasks:assignments_upload", query, content)

    assert response.status_code == 400
    assert expected in response.content.decode()
    assert Task.objects.count() == count


def test_empty_formatted_rows_are_ignored(world, tw, login):
    client = login("unit_head")
    query = _query(tw, world)
    workbook = _download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    for row in range(sheet.max_row + 1, sheet.max_row + 3000):
        sheet.cell(row, 3).number_format = "@"
        sheet.cell(row, 3).value = " "
    response = _upload(client, "tasks:assignments_upload", query, _bytes(workbook))
    assert response.status_code == 200
    assert "Tạo mới: 0" in response.content.decode()


def test_a_confirmation_with_another_users_token_is_refused(world, tw, login, client):
    query = _query(tw, world)
    head = login("unit_head")
    workbook = _download(head, "tasks:assignments_download", query)
    _fill_new(workbook["Nhiệm vụ"], workbook["Nhiệm vụ"].max_row + 1, tw, world.official_a)
    preview = _upload(head, "tasks:assignments_upload", query, _bytes(workbook))
    count = Task.objects.count()
    response = _confirm(login("admin"), "tasks:assignments_upload", query, preview)
    assert response.status_code == 400
    assert "Không tìm thấy tệp đã xem trước" in response.content.decode()
    assert Task.objects.count() == count


# --- Results and factors --------------------------------------------------------------------


def test_a_lead_reports_results_through_the_workbook_as_through_the_form(world, tw, login):
    client = login("official")
    query = f"?period={tw.period.pk}"
    workbook = _download(client, "tasks:results_download", query)
    sheet = workbook["Báo cáo kết quả"]
    row = _row(sheet, tw.task_agency.pk)
    sheet.cell(row, 5, "1,5")
    sheet.cell(row, 6, "12/09/2026")
    sheet.cell(row, 7, "Đã gửi báo cáo")

    preview = _upload(client, "tasks:results_upload", query, _bytes(workbook))
    assert preview.status_code == 200, preview.content.decode()
    tw.task_agency.refresh_from_db()
    assert tw.task_agency.state == TaskState.ASSIGNED
    assert _confirm(client, "tasks:results_upload", query, preview).status_code == 302

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
    workbook = _download(client, "tasks:results_download", query)
    sheet = workbook["Xác nhận kết quả"]
    row = _row(sheet, tw.task_a.pk)
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

    preview = _upload(client, "tasks:results_upload", query, _bytes(workbook))
    assert preview.status_code == 200, preview.content.decode()
    assert _confirm(client, "tasks:results_upload", query, preview).status_code == 302

    tw.task_a.refresh_from_db()
    assert tw.task_a.state == TaskState.VERIFIED
    assert (tw.task_a.quality, tw.task_a.timeliness, tw.task_a.leadership) == tuple(
        top[n].value for n in services.FACTORS
    )


def test_a_factor_the_dates_do_not_allow_is_refused_with_its_cell(world, tw, login):
    """task_a was completed on 10/09 before its due date 15/09: timeliness below 1 is refused."""
    client = login("unit_head")
    query = f"?period={tw.period.pk}"
    workbook = _download(client, "tasks:results_download", query)
    sheet = workbook["Xác nhận kết quả"]
    row = _row(sheet, tw.task_a.pk)
    sheet.cell(row, 6, "1")
    sheet.cell(row, 7, "0,5")
    sheet.cell(row, 8, "1")

    response = _upload(client, "tasks:results_upload", query, _bytes(workbook))

    assert response.status_code == 400
    assert f"Xác nhận kết quả!G{row}: Hệ số tiến độ: “0,5” không nằm trong" in (
        response.content.decode()
    )
    tw.task_a.refresh_from_db()
    assert tw.task_a.state == TaskState.REPORTED


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tasks:assignments_download", "tasks:results_download"])
def test_downloads_and_previews_cost_the_same_queries_for_5_and_50_tasks(
    world, tw, login, django_assert_max_num_queries, name
):
    client = login("unit_head")
    query = _query(tw, world)

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

    preview = client.post(url, {"file": SimpleUploadedFile("pl7.xlsx", _bytes(workbook))})
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
        {"file": SimpleUploadedFile("pl7.xlsx", _bytes(workbook))},
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "Phụ lục 7!C8: “Tuyệt vời” không phải một mức" in text
    assert "Phụ lục 7: kết quả tập thể đã được sửa sau khi bạn tải" in text
    assert CollectiveResult.objects.get(unit=world.unit_a).highlights == "Của người khác"


def test_a_task_cancelled_since_the_download_is_named(world, tw, login):
    client = login("admin")
    query = f"?period={tw.period.pk}&assigning_unit={world.root.pk}"
    workbook = _download(client, "tasks:assignments_download", query)
    row = _row(workbook["Nhiệm vụ"], tw.task_agency.pk)
    services.cancel_task(tw.task_agency, "Không cần nữa", None)

    response = _upload(client, "tasks:assignments_upload", query, _bytes(workbook))

    assert response.status_code == 400
    assert f"Nhiệm vụ!A{row}: nhiệm vụ số {tw.task_agency.pk} đã được hoàn thành, hủy" in (
        response.content.decode()
    )


@pytest.mark.parametrize("name", ["assignments", "results", "collective"])
def test_no_upload_page_answers_500_to_junk(world, tw, login, name):
    client = login("unit_head")
    if name == "collective":
        url = reverse("tasks:collective_upload", args=[world.unit_a.pk, tw.period.pk])
    else:
        url = reverse(f"tasks:{name}_upload") + _query(tw, world)
    junk = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04junk")})
    assert junk.status_code == 400
    assert "không phải bảng tính Excel" in junk.content.decode()
    other = _download(client, "tasks:assignments_download", _query(tw, world))
    wrong = client.post(url, {"file": SimpleUploadedFile("x.xlsx", _bytes(other))})
    assert wrong.status_code == (200 if name == "assignments" else 400)
    forged = client.post(url, {"token": "../../etc/passwd", "confirm": "1"})
    assert forged.status_code == 400


def test_previewing_an_unchanged_workbook_costs_the_same_for_5_and_50_tasks(
    world, tw, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("unit_head")
    query = _query(tw, world)

    def upload_unchanged(count):
        for lead in f.make_officials(world.unit_a, count):
            f.make_task(lead, tw.period, world.unit_a, world.users["unit_head"])
        content = _bytes(_download(client, "tasks:assignments_download", query))
        return lambda: _upload(client, "tasks:assignments_upload", query, content)

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
    workbook = _download(client, "tasks:results_download", query)
    workbook["Báo cáo kết quả"].cell(_row(workbook["Báo cáo kết quả"], task.pk), 7, "Xong")
    factors = workbook["Xác nhận kết quả"]
    row = _row(factors, task.pk)
    for column in (6, 7, 8):
        factors.cell(row, column, "1")

    preview = _upload(client, "tasks:results_upload", query, _bytes(workbook))
    assert preview.status_code == 200, preview.content.decode()
    assert _confirm(client, "tasks:results_upload", query, preview).status_code == 302

    task.refresh_from_db()
    assert (task.result_note, task.state, task.timeliness) == ("Xong", "verified", Decimal(1))
    assert task.lock_version == 3
