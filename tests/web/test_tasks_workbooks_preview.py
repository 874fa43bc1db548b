"""Task workbooks: rows left as downloaded are left alone whatever happened to their task since;
a changed row of a task that changed is refused naming what happened; the preview shows each
changed field old → new (issue 11)."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from danhgia.audit.models import AuditEntry
from danhgia.tasks import services
from danhgia.tasks.choices import TaskState
from danhgia.tasks.forms import factor_label
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


def _top_factors(task):
    policy = task.period.policy_version.load()
    return {n: services.allowed_factors(task, n, policy)[0] for n in services.FACTORS}


def _actor(task) -> str:
    entry = AuditEntry.objects.filter(object_type="tasks.task", object_id=str(task.pk))
    return entry.order_by("-created_at", "-pk").first().actor_name


# --- Untouched rows of tasks that changed since the download --------------------------------


def test_an_untouched_row_of_a_task_cancelled_since_is_left_alone(world, tw, login):
    client = login("admin")
    query = f"?period={tw.period.pk}&assigning_unit={world.root.pk}"
    workbook = download(client, "tasks:assignments_download", query)
    services.cancel_task(tw.task_agency, "Không cần nữa", world.users["admin"])

    preview = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))

    assert preview.status_code == 200, preview.content.decode()
    assert "Giữ nguyên: 1" in preview.content.decode()
    assert confirm(client, "tasks:assignments_upload", query, preview).status_code == 302
    tw.task_agency.refresh_from_db()
    assert tw.task_agency.state == TaskState.CANCELLED


def test_a_changed_row_of_a_task_cancelled_since_is_refused_naming_what_happened(world, tw, login):
    client = login("admin")
    query = f"?period={tw.period.pk}&assigning_unit={world.root.pk}"
    workbook = download(client, "tasks:assignments_download", query)
    row = task_row(workbook["Nhiệm vụ"], tw.task_agency.pk)
    workbook["Nhiệm vụ"].cell(row, 3, "Tiêu đề sửa sau")
    services.cancel_task(tw.task_agency, "Không cần nữa", world.users["admin"])

    response = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))

    assert response.status_code == 400
    text = response.content.decode()
    assert f"Nhiệm vụ!A{row}: nhiệm vụ số {tw.task_agency.pk} đã bị hủy lúc " in text
    assert f"bởi {_actor(tw.task_agency)} sau khi bạn tải bảng tính" in text
    tw.task_agency.refresh_from_db()
    assert tw.task_agency.title != "Tiêu đề sửa sau"


def test_an_untouched_row_of_a_task_saved_since_is_left_alone(world, tw, login):
    client = login("unit_head")
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    Task.objects.filter(pk=tw.task_a.pk).update(title="Đổi tên trên trang", lock_version=2)

    preview = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))

    assert preview.status_code == 200, preview.content.decode()
    assert "Giữ nguyên: 1" in preview.content.decode()
    confirm(client, "tasks:assignments_upload", query, preview)
    tw.task_a.refresh_from_db()
    assert (tw.task_a.title, tw.task_a.lock_version) == ("Đổi tên trên trang", 2)


def test_an_old_results_workbook_leaves_alone_the_rows_of_tasks_confirmed_since(world, tw, login):
    client = login("unit_head")
    query = f"?period={tw.period.pk}"
    workbook = download(client, "tasks:results_download", query)
    top = _top_factors(tw.task_a)
    services.set_task_factors(
        tw.task_a, **{n: c.value for n, c in top.items()}, user=world.users["unit_head"]
    )

    preview = upload(client, "tasks:results_upload", query, as_bytes(workbook))

    assert preview.status_code == 200, preview.content.decode()
    assert f"Hệ số nhiệm vụ số {tw.task_a.pk}" in preview.content.decode()
    assert "Thay đổi: 0" in preview.content.decode()

    sheet = workbook["Xác nhận kết quả"]
    row = task_row(sheet, tw.task_a.pk)
    policy = tw.task_a.period.policy_version.load()
    lowest = services.allowed_factors(tw.task_a, "quality", policy)[-1]
    assert lowest.value != top["quality"].value
    sheet.cell(row, 6, factor_label(lowest))  # a factor other than the one confirmed
    sheet.cell(row, 7, factor_label(top["timeliness"]))
    sheet.cell(row, 8, factor_label(top["leadership"]))
    refused = upload(client, "tasks:results_upload", query, as_bytes(workbook))
    assert refused.status_code == 400
    text = refused.content.decode()
    assert f"Xác nhận kết quả!A{row}: nhiệm vụ số {tw.task_a.pk} đã được xác nhận lúc " in text
    assert f"bởi {_actor(tw.task_a)} sau khi bạn tải bảng tính" in text


def test_an_old_results_workbook_leaves_alone_a_result_reported_since(world, tw, login):
    client = login("official")
    query = f"?period={tw.period.pk}"
    workbook = download(client, "tasks:results_download", query)
    row = task_row(workbook["Báo cáo kết quả"], tw.task_agency.pk)
    assert workbook["Báo cáo kết quả"].cell(row, 5).value is None
    services.report_task(
        tw.task_agency,
        delivered=Decimal("1"),
        completed_on=None,
        note="Báo cáo trên trang",
        user=world.users["official"],
    )

    preview = upload(client, "tasks:results_upload", query, as_bytes(workbook))

    assert preview.status_code == 200, preview.content.decode()
    assert f"Kết quả nhiệm vụ số {tw.task_agency.pk}" in preview.content.decode()
    confirm(client, "tasks:results_upload", query, preview)
    tw.task_agency.refresh_from_db()
    assert tw.task_agency.result_note == "Báo cáo trên trang"


# --- The preview: old → new -----------------------------------------------------------------


def test_the_assignments_preview_shows_old_and_new_values_and_tasks_created(world, tw, login):
    client = login("unit_head")
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    row = task_row(sheet, tw.task_a.pk)
    old_title = tw.task_a.title
    sheet.cell(row, 3, "Tiêu đề mới")
    sheet.cell(row, 5, "Chủ trì")
    sheet.cell(row, 6, "Giám đốc Sở")
    sheet.cell(row, 10, "2,5")
    fill_new(sheet, sheet.max_row + 1, tw, world.official_a,
             {2: f"{world.official_a.code}; {world.colleague_a.code}"})  # fmt: skip

    preview = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))

    assert preview.status_code == 200, preview.content.decode()
    text = preview.content.decode()
    assert f"<td>Nhiệm vụ (rõ việc)</td><td>{old_title}</td><td>Tiêu đề mới</td>" in text
    old_quantity = f"{Decimal(str(tw.task_a.planned_quantity)).normalize():f}".replace(".", ",")
    assert f"<td>Số lượng kế hoạch</td><td>{old_quantity}</td><td>2,5</td>" in text
    assert "<td>Nguồn nhiệm vụ</td>" not in text  # unchanged fields are not listed
    assert "tạo 2 nhiệm vụ" in text
    assert 'class="button button--primary" data-confirm="Lưu 2 dòng' in text


def test_the_results_and_phu_luc_7_previews_show_old_and_new_values(world, tw, login):
    client = login("official")
    query = f"?period={tw.period.pk}"
    workbook = download(client, "tasks:results_download", query)
    sheet = workbook["Báo cáo kết quả"]
    row = task_row(sheet, tw.task_agency.pk)
    sheet.cell(row, 5, "1,5")
    sheet.cell(row, 6, "12/09/2026")

    preview = upload(client, "tasks:results_upload", query, as_bytes(workbook))

    text = preview.content.decode()
    assert preview.status_code == 200, text
    assert "<td>Số lượng sản phẩm đã hoàn thành</td><td>—</td><td>1,5</td>" in text
    assert "<td>Ngày hoàn thành</td><td>—</td><td>12/09/2026</td>" in text

    head = login("unit_head")
    args = [world.unit_a.pk, tw.period.pk]
    response = head.get(reverse("tasks:collective_download", args=args))
    phu_luc = load_workbook(BytesIO(response.content))
    phu_luc["Phụ lục 7"]["C8"] = "Hoàn thành tốt nhiệm vụ"
    url = reverse("tasks:collective_upload", args=args)
    shown = head.post(url, {"file": SimpleUploadedFile("pl7.xlsx", as_bytes(phu_luc))})
    assert shown.status_code == 200, shown.content.decode()
    assert "<td>—</td><td>Hoàn thành tốt nhiệm vụ</td>" in shown.content.decode()


def test_a_reported_result_row_left_as_downloaded_survives_its_confirmation(world, tw, login):
    Task.objects.filter(pk=tw.task_a.pk).update(
        delivered_quantity=Decimal("1.50"), result_note="Dòng một\nDòng hai"
    )
    tw.task_a.refresh_from_db()
    client = login("official")
    query = f"?period={tw.period.pk}"
    workbook = download(client, "tasks:results_download", query)
    assert task_row(workbook["Báo cáo kết quả"], tw.task_a.pk)
    top = _top_factors(tw.task_a)
    services.set_task_factors(
        tw.task_a, **{n: c.value for n, c in top.items()}, user=world.users["unit_head"]
    )

    preview = upload(client, "tasks:results_upload", query, as_bytes(workbook))

    assert preview.status_code == 200, preview.content.decode()
    assert f"Kết quả nhiệm vụ số {tw.task_a.pk}" in preview.content.decode()
