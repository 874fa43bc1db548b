"""No lost updates on tasks: every edit form carries the version it was opened with (SPEC §14).

Two people (or two windows) open the same task; the first save wins, the second is refused
with 409, keeps the typed values on the page, and the stored task is the first's. A form
posted without its version, or with a tampered one, is refused the same way.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from danhgia.tasks.models import CollectiveResult, Task
from tests.web import tasks_world


@pytest.fixture
def tw(world, tmp_path):
    with tasks_world.private_storage_at(tmp_path):
        yield tasks_world.build(world)


def _edit(tw, world, title: str) -> dict:
    return {
        "title": title,
        "description": "",
        "responsibility": "Chủ trì",
        "authority": "Giám đốc Sở",
        "criterion": "B.1.4",
        "product": tw.product("Báo cáo quý").pk,
        "product_name": "",
        "planned_quantity": "2",
        "source": "plan",
        "due_date": "20/09/2026",
    }


def _report(note: str) -> dict:
    return {"delivered_quantity": "1", "completed_on": "", "result_note": note}


def _factors(quality: str) -> dict:
    return {"quality": quality, "timeliness": "1.0", "leadership": "1.0"}


# (url name, persona, first posted values, second posted values, what the second typed)
FORMS = {
    "edit": ("tasks:task_edit", "unit_head", "Tên mới thứ nhất", "Tên mới thứ hai"),
    "report": ("tasks:task_report", "official", "Ghi chú thứ nhất", "Ghi chú thứ hai"),
    "factors": ("tasks:task_factors", "unit_head", "1.2", "0.75"),
}


def _data(tw, world, kind: str, value: str) -> dict:
    if kind == "edit":
        return _edit(tw, world, value)
    if kind == "report":
        return _report(value)
    return _factors(value)


def _stored(task: Task, kind: str):
    task.refresh_from_db()
    if kind == "edit":
        return task.title
    if kind == "report":
        return task.result_note
    return task.quality


@pytest.mark.parametrize("kind", list(FORMS))
def test_two_interleaved_saves_the_second_is_refused_and_keeps_its_input(world, tw, login, kind):
    name, persona, first, second = FORMS[kind]
    task = tw.task_a
    opened = Task.objects.get(pk=task.pk).lock_version  # both windows opened now
    client = login(persona)
    url = reverse(name, args=[task.pk])

    ok = client.post(url, {**_data(tw, world, kind, first), "lock_version": opened})
    late = client.post(url, {**_data(tw, world, kind, second), "lock_version": opened})

    assert ok.status_code == 302
    assert late.status_code == 409
    page = late.content.decode()
    assert "CHƯA lưu nội dung bạn vừa nhập" in page
    assert "vừa được" in page and "lưu lúc" in page  # who and when
    assert re.search(r"lưu lúc \d\d/\d\d/\d{4} \d\d:\d\d,", page)  # #26: date, then time
    stored = _stored(task, kind)
    if kind == "factors":
        assert stored == Decimal(first)
        # the refused choice stays chosen (a radio group since #17)
        assert re.search(r'value="0.75"[^>]*checked', page), "the refused choice is kept"
    else:
        assert stored == first
        assert second in page  # the typed text is still on the page
    assert Task.objects.get(pk=task.pk).lock_version == opened + 1


@pytest.mark.parametrize("kind", list(FORMS))
@pytest.mark.parametrize("version", [None, "", "abc", "1.5", "-1", "0", "999", "99999999999"])
def test_a_missing_or_tampered_version_is_refused(world, tw, login, kind, version):
    name, persona, first, _second = FORMS[kind]
    task = tw.task_a
    before = _stored(task, kind), task.lock_version
    data = _data(tw, world, kind, first)
    if version is not None:
        data["lock_version"] = version

    response = login(persona).post(reverse(name, args=[task.pk]), data)

    assert response.status_code == 409
    assert "CHƯA lưu nội dung bạn vừa nhập" in response.content.decode()
    assert (_stored(task, kind), Task.objects.get(pk=task.pk).lock_version) == before


def test_a_cancellation_on_a_stale_page_is_refused(world, tw, login):
    task = tw.task_a
    opened = task.lock_version
    assert (
        login("official")
        .post(
            reverse("tasks:task_report", args=[task.pk]),
            {**_report("Đã xong phần lớn"), "lock_version": opened},
        )
        .status_code
        == 302
    )

    response = login("unit_head").post(
        reverse("tasks:task_cancel", args=[task.pk]),
        {"reason": "Trùng nhiệm vụ khác", "lock_version": opened},
    )

    assert response.status_code == 409
    assert "Trùng nhiệm vụ khác" in response.content.decode()
    task.refresh_from_db()
    assert (task.state, task.result_note) == ("reported", "Đã xong phần lớn")


@pytest.mark.parametrize("version", [None, "x", "7"])
def test_a_cancellation_without_its_version_is_refused(world, tw, login, version):
    data = {"reason": "Không cần nữa"}
    if version is not None:
        data["lock_version"] = version
    response = login("unit_head").post(reverse("tasks:task_cancel", args=[tw.task_a.pk]), data)
    assert response.status_code == 409
    assert Task.objects.get(pk=tw.task_a.pk).state == "reported"


def test_the_edit_page_keeps_a_refused_date(world, tw, login):
    task = tw.task_a
    data = {**_edit(tw, world, "Tên khác"), "due_date": "25/09/2026", "lock_version": "0"}
    response = login("unit_head").post(reverse("tasks:task_edit", args=[task.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "25/09/2026" in page and "Tên khác" in page
    assert Task.objects.get(pk=task.pk).due_date == date(2026, 9, 15)


# --- Collective results (Phụ lục 7) -----------------------------------------------------------


def _narrative(lock_version, highlights: str) -> dict:
    data = {
        "highlights": highlights,
        "new_models": "",
        "ad_hoc_done": "",
        "shortcomings": "",
        "causes": "",
        "remedies": "",
        "self_level": "HTTNV",
    }
    if lock_version is not None:
        data["lock_version"] = lock_version
    return data


def test_a_stale_collective_result_keeps_the_typed_text(world, tw, login):
    client = login("unit_head")
    url = reverse("tasks:collective_edit", args=[world.unit_a.pk, tw.period.pk])
    assert client.post(url, _narrative(1, "Bản thứ nhất")).status_code == 302

    response = client.post(url, _narrative(1, "Bản của cửa sổ thứ hai"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Bản của cửa sổ thứ hai" in page
    assert "vừa được" in page and "lưu lúc" in page
    row = CollectiveResult.objects.get(unit=world.unit_a, period=tw.period)
    assert (row.highlights, row.lock_version) == ("Bản thứ nhất", 2)
    assert 'name="lock_version" value="2"' in page  # a second save replaces it on purpose
    assert client.post(url, _narrative(2, "Bản của cửa sổ thứ hai")).status_code == 302
    row.refresh_from_db()
    assert (row.highlights, row.lock_version) == ("Bản của cửa sổ thứ hai", 3)


@pytest.mark.parametrize("version", [None, "", "abc", "0", "-2", "7", "99999999999"])
def test_a_collective_result_without_its_version_is_refused(world, tw, login, version):
    url = reverse("tasks:collective_edit", args=[world.unit_a.pk, tw.period.pk])

    response = login("unit_head").post(url, _narrative(version, "Không được lưu"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Không được lưu" in page
    assert "CHƯA lưu" in page or "chưa được lưu" in page
    assert not CollectiveResult.objects.filter(highlights="Không được lưu").exists()
