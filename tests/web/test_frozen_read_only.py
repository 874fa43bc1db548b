"""Frozen records are shown read-only: no form is offered whose POST would be refused
(``access.freeze``: a closed quarter, a decided evaluation and what it rests on)."""

import pytest
from django.urls import reverse

from . import freeze_world

CLOSED = "đã đóng"


@pytest.fixture
def closed(world, tmp_path, monkeypatch):
    freeze_world.private_media(tmp_path, monkeypatch)
    return freeze_world.closed(world)


@pytest.fixture
def decided(world, tmp_path, monkeypatch):
    freeze_world.private_media(tmp_path, monkeypatch)
    return freeze_world.decided(world)


def test_a_task_of_a_closed_quarter_offers_no_form(closed, login):
    task = closed.task
    client = login("unit_head")
    page = client.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert CLOSED in page
    for action in ("task_report", "task_factors", "task_cancel", "task_edit"):
        assert reverse(f"tasks:{action}", args=[task.pk]) not in page
    response = client.get(reverse("tasks:task_edit", args=[task.pk]), follow=True)
    assert 'name="title"' not in response.content.decode() and CLOSED in response.content.decode()


def test_a_task_a_decision_rests_on_offers_no_form(decided, login):
    task = decided.task  # official A's own task, in an open quarter
    page = login("official").get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "đã được cấp có thẩm quyền quyết định" in page
    assert reverse("tasks:task_report", args=[task.pk]) not in page


def test_targets_of_a_closed_quarter_are_read_only(closed, login):
    draft = closed.records["draft evaluation"]
    url = reverse("evaluations:targets", args=[draft.pk])
    page = login("unit_head").get(url).content.decode()
    assert CLOSED in page
    assert reverse("evaluations:approve_targets", args=[draft.pk]) not in page
    assert 'id="targets-form"' not in page


def test_the_verification_page_of_a_closed_quarter_has_no_form(closed, login):
    url = reverse("review:verification", args=[closed.period.pk])
    page = login("unit_head").get(url).content.decode()
    assert "Xác nhận cho người này" not in page
