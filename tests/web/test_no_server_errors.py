"""Requests that used to answer 500 (issue 1l): each now answers a page, a 404 or a message."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.tasks.models import CollectiveResult, Task
from tests.web import factories as f


def _admin_post_data(task: Task, form_fields) -> dict:
    data = {}
    for name, value in model_to_dict(task).items():
        if name not in form_fields or value is None:
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    for prefix in ("evidence",):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def test_a_task_added_in_the_admin_is_assigned_by_the_administrator(world, login):
    from django.contrib import admin
    from django.test import RequestFactory

    period = f.make_period()
    template = f.make_task(world.official_a, period, world.unit_a, world.users["unit_head"])
    request = RequestFactory().get("/")
    request.user = world.users["admin"]
    form_fields = admin.site._registry[Task].get_form(request).base_fields
    data = _admin_post_data(template, form_fields)
    data["title"] = "Nhiệm vụ giao trong trang quản trị"
    response = login("admin").post(reverse("admin:tasks_task_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get(title="Nhiệm vụ giao trong trang quản trị")
    assert task.assigned_by == world.users["admin"]
    assert AuditEntry.objects.filter(action="record.created", object_id=str(task.pk)).exists()


def test_a_collective_result_nobody_prepared_is_shown(world, login):
    period = f.make_period()
    CollectiveResult.objects.create(unit=world.unit_a, period=period, highlights="Nổi bật")
    response = login("unit_head").get(
        reverse("tasks:collective_detail", args=[world.unit_a.pk, period.pk])
    )
    assert response.status_code == 200
    assert "Cập nhật lúc" in response.content.decode()


def test_a_huge_id_in_a_path_is_not_found(world, login):
    response = login("official").get("/danh-gia/999999999999999999999999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_bad_period_in_the_assign_form_falls_back_to_the_open_quarter(world, login):
    f.make_period()
    client = Client(raise_request_exception=False)
    client.force_login(world.users["unit_head"])
    assert client.get(reverse("tasks:task_assign") + "?period=zzz").status_code == 200


def test_a_next_that_is_not_a_path_of_this_site_is_not_followed(world, login):
    from django.test import RequestFactory

    from danhgia.web import back

    for target in ("abc", "//evil.example/", "https://evil.example/", "/\\\\evil.example"):
        request = RequestFactory().post("/", {"next": target})
        assert back(request, "core:home")["Location"] == reverse("core:home")
    request = RequestFactory().post("/", {"next": "/danh-gia/"})
    assert back(request, "core:home")["Location"] == "/danh-gia/"


def test_login_refuses_an_open_redirect(world, client):
    response = client.post(
        reverse("core:login") + "?next=//evil.example/",
        {"username": "official", "password": f.PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_an_admin_add_form_ignores_a_prefilled_id_that_cannot_be_one(world, login):
    response = login("admin").get(reverse("admin:organisation_official_add") + "?unit=" + "9" * 27)
    assert response.status_code == 200


def test_a_nul_byte_in_a_query_or_a_form_is_refused_with_400(world, login):
    """PostgreSQL refuses NUL in text: such a request stops before any view (was a 500 there)."""
    client = login("official")
    page = client.get(reverse("evaluations:list"), {"q": "Lan\x00"})
    assert page.status_code == 400
    assert "Yêu cầu không hợp lệ" in page.content.decode()
    posted = client.post(reverse("core:password_change"), {"old_password": "a\x00b"})
    assert posted.status_code == 400
    assert client.get(reverse("evaluations:list"), {"q": "Lan"}).status_code == 200


def test_a_form_address_opened_directly_says_so_in_vietnamese(world, login):
    client = login("official")
    task = f.make_task(
        world.official_a,
        f.make_evaluation_period(world.unit_a.block),
        world.unit_a,
        world.users["unit_head"],
    )
    response = client.get(reverse("tasks:task_report", args=[task.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Địa chỉ này chỉ dùng để gửi biểu mẫu" in response.content.decode()


@pytest.mark.parametrize("path", ["/khong-co-trang-nay/", "/danh-gia/999999999/"])
def test_the_own_404_page_is_shown_also_with_debug_on(world, login, settings, path):
    settings.DEBUG = True
    response = login("official").get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert "URLconf" not in body
    assert "DEBUG = True" not in body
