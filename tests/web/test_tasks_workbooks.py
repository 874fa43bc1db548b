"""Round trips of task assignments (SPEC §13.2): the assigning side's workbook of tasks.

Download → change with openpyxl → upload (preview, nothing saved) → confirm (saved as the
forms save it); stale rows and leads out of scope are refused with their cells; bad files get a
clear message; nothing half-saved.
"""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.tasks import services
from danhgia.tasks.models import Task
from tests.web.workbook_support import (
    as_bytes,
    confirm,
    download,
    fill_new,
    query_for,
    task_row,
    upload,
    workbook_world,
)


@pytest.fixture
def tw(world, tmp_path, settings):
    yield from workbook_world(world, tmp_path, settings)


# --- Assignments ----------------------------------------------------------------------------


def test_an_assignments_workbook_round_trip_creates_and_changes_tasks_as_the_forms_do(
    world, tw, login
):
    client = login("unit_head")
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    row_a = task_row(sheet, tw.task_a.pk)
    assert sheet.cell(row_a, 2).value.startswith(world.official_a.code)
    assert sheet.cell(row_a, 3).value == "Báo cáo quyết toán ngân sách quý II/2026"
    assert sheet.protection.sheet and sheet.cell(row_a, 1).protection.locked
    assert not sheet.cell(row_a, 3).protection.locked
    sheet.cell(row_a, 3, "Báo cáo quyết toán ngân sách quý II/2026 (bổ sung)")
    sheet.cell(row_a, 5, "Chủ trì")
    sheet.cell(row_a, 6, "Giám đốc Sở")
    new_row = sheet.max_row + 1
    fill_new(sheet, new_row, tw, world.official_a)
    before = Task.objects.count()

    preview = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))

    assert preview.status_code == 200, re.findall(r"<li>(.*?)</li>", preview.content.decode())
    text = preview.content.decode()
    assert "Tạo mới: 1" in text and "Thay đổi: 1" in text
    assert Task.objects.count() == before  # a preview saves nothing
    tw.task_a.refresh_from_db()
    assert tw.task_a.title == "Báo cáo quyết toán ngân sách quý II/2026"

    response = confirm(client, "tasks:assignments_upload", query, preview)

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
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    fill_new(sheet, sheet.max_row + 1, tw, world.official_a,
              {2: f"{world.official_a.code}; {world.colleague_a.code}"})  # fmt: skip
    preview = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))
    assert preview.status_code == 200, preview.content.decode()
    assert confirm(client, "tasks:assignments_upload", query, preview).status_code == 302
    batch = Task.objects.filter(title__startswith="Báo cáo đánh giá tình hình")
    assert {t.lead for t in batch} == {world.official_a, world.colleague_a}
    assert len({t.batch for t in batch}) == 1 and batch[0].batch is not None


def test_an_unchanged_workbook_changes_nothing(world, tw, login):
    client = login("unit_head")
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    preview = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))
    assert preview.status_code == 200, re.findall(r"<li>(.*?)</li>", preview.content.decode())
    assert "Giữ nguyên: 1" in preview.content.decode()
    confirm(client, "tasks:assignments_upload", query, preview)
    tw.task_a.refresh_from_db()
    assert tw.task_a.lock_version == 1


def test_a_stale_row_is_refused_naming_it_and_nothing_is_saved(world, tw, login):
    client = login("unit_head")
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    row_a = task_row(sheet, tw.task_a.pk)
    sheet.cell(row_a, 3, "Tiêu đề mới")
    fill_new(sheet, sheet.max_row + 1, tw, world.official_a)
    # Someone saves the task after the download.
    services.take(tw.task_a)
    count = Task.objects.count()

    response = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))

    assert response.status_code == 400
    text = response.content.decode()
    assert f"Nhiệm vụ!A{row_a}: nhiệm vụ số {tw.task_a.pk} đã được sửa lúc " in text
    assert Task.objects.count() == count
    tw.task_a.refresh_from_db()
    assert tw.task_a.title == "Báo cáo quyết toán ngân sách quý II/2026"


def test_a_lead_outside_the_scope_and_every_other_problem_are_named_by_cell(world, tw, login):
    client = login("unit_head")
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    first = sheet.max_row + 1
    fill_new(sheet, first, tw, world.outsider_b)
    fill_new(sheet, first + 1, tw, world.official_a, {7: "Z.9", 14: "31/02/2026", 10: "abc"})
    count = Task.objects.count()

    response = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))

    text = response.content.decode()
    assert response.status_code == 400
    assert f"Nhiệm vụ!B{first}: “{world.outsider_b.code}” không phải cán bộ" in text
    assert f"Nhiệm vụ!G{first + 1}: tiêu chí “Z.9”" in text
    assert f"Nhiệm vụ!N{first + 1}:" in text and f"Nhiệm vụ!J{first + 1}:" in text
    assert Task.objects.count() == count


def test_a_change_between_preview_and_confirmation_undoes_every_row(world, tw, login):
    client = login("unit_head")
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    row_a = task_row(sheet, tw.task_a.pk)
    sheet.cell(row_a, 4, "Đổi nội dung")
    sheet.cell(row_a, 5, "Chủ trì")
    sheet.cell(row_a, 6, "Giám đốc Sở")
    fill_new(sheet, sheet.max_row + 1, tw, world.official_a)
    preview = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))
    assert preview.status_code == 200
    services.take(tw.task_a)  # someone saves the task meanwhile
    count = Task.objects.count()

    response = confirm(client, "tasks:assignments_upload", query, preview)

    assert response.status_code == 400
    assert (
        f"Nhiệm vụ!A{row_a}: nhiệm vụ số {tw.task_a.pk} đã được sửa lúc "
        in response.content.decode()
    )
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
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    if case == "no_stamp":
        del workbook["_phien_ban"]
    elif case == "wrong_sheet":
        sheet.title = "Sheet1"
    elif case == "renamed_header":
        sheet["C1"] = "Tên việc"
    elif case == "formula":
        fill_new(sheet, sheet.max_row + 1, tw, world.official_a, {3: '=CONCAT("a","b")'})
    elif case == "too_large":
        settings.WORKBOOK_MAX_BYTES = 1000
    content = b"not a workbook at all" if case == "not_a_workbook" else as_bytes(workbook)
    count = Task.objects.count()

    response = upload(client, "tasks:assignments_upload", query, content)

    assert response.status_code == 400
    assert expected in response.content.decode()
    assert Task.objects.count() == count


def test_empty_formatted_rows_are_ignored(world, tw, login):
    client = login("unit_head")
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    for row in range(sheet.max_row + 1, sheet.max_row + 3000):
        sheet.cell(row, 3).number_format = "@"
        sheet.cell(row, 3).value = " "
    response = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))
    assert response.status_code == 200
    assert "Tạo mới: 0" in response.content.decode()


def test_a_confirmation_with_another_users_token_is_refused(world, tw, login, client):
    query = query_for(tw, world)
    head = login("unit_head")
    workbook = download(head, "tasks:assignments_download", query)
    fill_new(workbook["Nhiệm vụ"], workbook["Nhiệm vụ"].max_row + 1, tw, world.official_a)
    preview = upload(head, "tasks:assignments_upload", query, as_bytes(workbook))
    count = Task.objects.count()
    response = confirm(login("admin"), "tasks:assignments_upload", query, preview)
    assert response.status_code == 400
    assert "Không tìm thấy tệp đã xem trước" in response.content.decode()
    assert Task.objects.count() == count


@pytest.mark.parametrize("name", ["assignments", "results", "collective"])
def test_no_upload_page_answers_500_to_junk(world, tw, login, name):
    client = login("unit_head")
    if name == "collective":
        url = reverse("tasks:collective_upload", args=[world.unit_a.pk, tw.period.pk])
    else:
        url = reverse(f"tasks:{name}_upload") + query_for(tw, world)
    junk = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04junk")})
    assert junk.status_code == 400
    assert "không phải bảng tính Excel" in junk.content.decode()
    other = download(client, "tasks:assignments_download", query_for(tw, world))
    wrong = client.post(url, {"file": SimpleUploadedFile("x.xlsx", as_bytes(other))})
    assert wrong.status_code == (200 if name == "assignments" else 400)
    forged = client.post(url, {"token": "../../etc/passwd", "confirm": "1"})
    assert forged.status_code == 400


def test_quantities_show_their_own_decimals_and_long_text_wraps(world, tw, login):
    from danhgia.tasks.forms import factor_label

    Task.objects.filter(pk=tw.task_a.pk).update(
        planned_quantity=Decimal("12"), description="Dòng một\nDòng hai"
    )
    Task.objects.filter(pk=tw.task_agency.pk).update(planned_quantity=Decimal("1.50"))
    client = login("unit_head")
    query = query_for(tw, world)
    sheet = download(client, "tasks:assignments_download", query)["Nhiệm vụ"]
    row_a = task_row(sheet, tw.task_a.pk)
    assert (sheet.cell(row_a, 10).value, sheet.cell(row_a, 10).number_format) == (12, "#,##0")
    assert sheet.cell(row_a, 4).alignment.wrap_text
    assert not sheet.cell(row_a, 3).alignment.wrap_text

    report = download(login("official"), "tasks:results_download", query)["Báo cáo kết quả"]
    row = task_row(report, tw.task_agency.pk)
    assert report.cell(row, 4).number_format == "#,##0.0"

    factors = download(login("unit_head"), "tasks:results_download", query)["Xác nhận kết quả"]
    policy = tw.task_a.period.policy_version.load()
    for letter, name in zip("FGH", services.FACTORS, strict=True):
        labels = [factor_label(c) for c in services.allowed_factors(tw.task_a, name, policy)]
        assert factors.column_dimensions[letter].width >= max(len(label) for label in labels)
