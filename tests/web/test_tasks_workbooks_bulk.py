"""Applying a task workbook is a bulk operation (issue 11, item 5): previewing and confirming
5 or 50 changed rows costs the same number of queries, and the rows are stored as the forms
store them (values, versions, audit entries); a refused row among many is named by its index
and nothing is written."""

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danhgia.access import Action
from danhgia.audit.models import AuditEntry
from danhgia.tasks.assignment import Change, TaskSpec, update_tasks
from danhgia.tasks.checks import Context
from danhgia.tasks.choices import TaskState
from danhgia.tasks.errors import ConflictError
from danhgia.tasks.models import Task
from tests.web import factories as f
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
def tw(world, tmp_path, settings, monkeypatch):
    # Django splits a bulk insert or update on SQLite into batches of 999 variables (SQLite's
    # old default); PostgreSQL has no such limit, nor has SQLite since 3.32 (32 766).
    monkeypatch.setattr(connection.features, "max_query_params", 32766)
    yield from workbook_world(world, tmp_path, settings)


def _costs(client, name, query, content):
    """Queries of the preview and of the confirmation of one file, and the confirmation."""
    with CaptureQueriesContext(connection) as previewing:
        preview = upload(client, name, query, content)
    assert preview.status_code == 200, re.findall(r"<li>(.*?)</li>", preview.content.decode())
    with CaptureQueriesContext(connection) as confirming:
        response = confirm(client, name, query, preview)
    assert response.status_code == 302
    return len(previewing), len(confirming)


def test_an_assignments_workbook_of_50_changed_and_50_new_rows_costs_what_5_and_5_cost(
    world, tw, login
):
    client = login("unit_head")
    query = query_for(tw, world)

    def round_trip(count):
        tasks = [
            f.make_task(lead, tw.period, world.unit_a, world.users["unit_head"])
            for lead in f.make_officials(world.unit_a, count)
        ]
        workbook = download(client, "tasks:assignments_download", query)
        sheet = workbook["Nhiệm vụ"]
        for task in tasks:
            row = task_row(sheet, task.pk)
            sheet.cell(row, 3, f"{task.title} (bổ sung)")
            sheet.cell(row, 5, "Chủ trì")
            sheet.cell(row, 6, "Giám đốc Sở")
        first_new = sheet.max_row + 1
        for n in range(count):
            fill_new(sheet, first_new + n, tw, world.official_a, {3: f"Nhiệm vụ mới {count}-{n}"})
        before = Task.objects.count()
        costs = _costs(client, "tasks:assignments_upload", query, as_bytes(workbook))
        assert Task.objects.count() == before + count
        for task in tasks:
            task.refresh_from_db()
            assert task.title.endswith("(bổ sung)") and task.lock_version == 2
        created = Task.objects.filter(title__startswith=f"Nhiệm vụ mới {count}-")
        assert created.count() == count
        assert {t.coefficient for t in created} == {Decimal("1.20")}  # "Báo cáo quý" ÷ the standard
        ids = [str(t.pk) for t in [*tasks, *created]]
        assert (
            AuditEntry.objects.filter(object_type="tasks.task", object_id__in=ids).count()
            == 2 * count
        )
        return costs

    small = round_trip(5)
    large = round_trip(50)

    assert large == small


def test_a_results_workbook_of_50_reports_and_50_confirmations_costs_what_5_cost(world, tw, login):
    client = login("unit_head")
    query = f"?period={tw.period.pk}"

    def round_trip(count):
        tasks = [
            f.make_task(
                world.head_a,
                tw.period,
                world.unit_a,
                world.users["unit_head"],
                state=TaskState.REPORTED,
                delivered_quantity=1,
                completed_on=date(2026, 9, 10),
            )
            for _n in range(count)
        ]
        workbook = download(client, "tasks:results_download", query)
        report, factors = workbook["Báo cáo kết quả"], workbook["Xác nhận kết quả"]
        for task in tasks:
            report.cell(task_row(report, task.pk), 7, f"Xong {task.pk}")
            row = task_row(factors, task.pk)
            for column in (6, 7, 8):
                factors.cell(row, column, "1")
        costs = _costs(client, "tasks:results_upload", query, as_bytes(workbook))
        for task in tasks:
            task.refresh_from_db()
            assert (task.result_note, task.state) == (f"Xong {task.pk}", TaskState.VERIFIED)
            assert (task.quality, task.timeliness, task.leadership) == (Decimal(1),) * 3
            assert task.lock_version == 3
        entries = AuditEntry.objects.filter(
            object_type="tasks.task", object_id__in=[str(t.pk) for t in tasks]
        )
        assert sorted(set(entries.values_list("action", flat=True))) == [
            "task.factors_set",
            "task.reported",
        ]
        assert entries.count() == 2 * count
        return costs

    small = round_trip(5)
    large = round_trip(50)

    assert large == small


def test_a_bulk_change_with_one_stale_row_refuses_that_row_and_saves_none(world, tw):
    user = world.users["unit_head"]
    tasks = [
        f.make_task(lead, tw.period, world.unit_a, user)
        for lead in f.make_officials(world.unit_a, 3)
    ]
    changes = [
        Change(task, replace(spec_of(task), title="Đã sửa"), lock_version=1) for task in tasks
    ]
    changes[1].lock_version = 0  # opened before a save that the workbook never saw
    context = Context.load(user, tasks, [Action.CHANGE])

    refused = update_tasks(context, changes)

    assert list(refused) == [1]
    assert isinstance(refused[1], ConflictError)
    assert not Task.objects.filter(title="Đã sửa").exists()
    stored = Task.objects.filter(pk__in=[t.pk for t in tasks])
    assert set(stored.values_list("lock_version", flat=True)) == {1}


def test_a_bulk_change_refuses_a_task_of_another_assigning_unit_by_its_index(world, tw):
    user = world.users["unit_head"]
    own = f.make_task(world.official_a, tw.period, world.unit_a, user)
    other = f.make_task(world.official_a, tw.period, world.unit_a.parent or world.unit_a, user)
    Task.objects.filter(pk=other.pk).update(assigning_unit=world.unit_b)
    other.refresh_from_db()
    changes = [Change(t, replace(spec_of(t), title="Đã sửa")) for t in (own, other)]

    refused = update_tasks(Context.load(user, [own, other], [Action.CHANGE]), changes)

    assert list(refused) == [1]
    assert isinstance(refused[1], PermissionDenied)
    assert not Task.objects.filter(title="Đã sửa").exists()


def spec_of(task: Task) -> TaskSpec:
    return TaskSpec(
        title=task.title,
        product_name=task.product_name,
        criterion_code=task.criterion_code,
        due_date=task.due_date,
        assigned_on=task.assigned_on,
        planned_quantity=task.planned_quantity,
        responsibility="Chủ trì",
        authority="Giám đốc Sở",
    )


# --- One workbook creates its new tasks once ------------------------------------------------


def test_the_same_assignments_workbook_uploaded_twice_creates_its_tasks_once(world, tw, login):
    client = login("unit_head")
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    row_a = task_row(sheet, tw.task_a.pk)
    new_row = sheet.max_row + 1
    fill_new(sheet, new_row, tw, world.official_a)
    content = as_bytes(workbook)
    title = "Báo cáo đánh giá tình hình thực hiện dự toán ngân sách 9 tháng"
    first = upload(client, "tasks:assignments_upload", query, content)
    assert confirm(client, "tasks:assignments_upload", query, first).status_code == 302
    assert Task.objects.filter(title=title).count() == 1

    sheet.cell(row_a, 3, "Báo cáo quyết toán ngân sách quý II/2026 (bổ sung)")
    again = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))

    text = again.content.decode()
    assert again.status_code == 400
    assert f"Nhiệm vụ!A{new_row}: bảng tính này đã được dùng để giao nhiệm vụ lúc" in text
    assert "hãy tải bảng tính mới" in text
    assert Task.objects.filter(title=title).count() == 1
    tw.task_a.refresh_from_db()
    assert tw.task_a.title == "Báo cáo quyết toán ngân sách quý II/2026"


def test_a_used_workbook_still_changes_its_existing_tasks_by_their_versions(world, tw, login):
    client = login("unit_head")
    query = query_for(tw, world)
    workbook = download(client, "tasks:assignments_download", query)
    sheet = workbook["Nhiệm vụ"]
    new_row = sheet.max_row + 1
    fill_new(sheet, new_row, tw, world.official_a)
    first = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))
    assert confirm(client, "tasks:assignments_upload", query, first).status_code == 302
    created = Task.objects.latest("id")
    for column in range(2, 15):  # the used row emptied; an existing task changed
        sheet.cell(new_row, column).value = None
    row_a = task_row(sheet, tw.task_a.pk)
    sheet.cell(row_a, 3, "Báo cáo quyết toán ngân sách quý II/2026 (bổ sung)")
    sheet.cell(row_a, 5, "Chủ trì")
    sheet.cell(row_a, 6, "Giám đốc Sở")

    again = upload(client, "tasks:assignments_upload", query, as_bytes(workbook))

    assert again.status_code == 200, again.context["problems"]
    assert confirm(client, "tasks:assignments_upload", query, again).status_code == 302
    tw.task_a.refresh_from_db()
    assert tw.task_a.title == "Báo cáo quyết toán ngân sách quý II/2026 (bổ sung)"
    assert Task.objects.latest("id") == created
    assert created.batch is not None
