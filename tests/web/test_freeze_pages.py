"""The pages change nothing frozen (SPEC §6, §14; ``danhgia.access.freeze``): the unit pages
answer with the reason as a message, never a 500.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from danhgia.dossiers.models import DossierDocument, ReviewMeeting
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.review.models import KeyTaskAssessment
from danhgia.tasks.models import CollectiveResult, Task

from . import freeze_world
from .evaluation_data import form_post

CLOSED = "đã đóng"
DECIDED = "đã được cấp có thẩm quyền quyết định"


@pytest.fixture
def closed(world, tmp_path, monkeypatch):
    freeze_world.private_media(tmp_path, monkeypatch)
    return freeze_world.closed(world)


@pytest.fixture
def decided(world, tmp_path, monkeypatch):
    freeze_world.private_media(tmp_path, monkeypatch)
    return freeze_world.decided(world)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# --- The unit pages ----------------------------------------------------------------------------


def test_the_self_assessment_of_a_closed_quarter_is_not_saved(closed, login):
    evaluation = closed.evaluation
    before = list(CriterionEntry.objects.filter(evaluation=evaluation).values())
    response = login("official").post(
        reverse("evaluations:self_assessment", args=[evaluation.pk]),
        form_post(evaluation, {"B.1.1": "1"}),
    )
    assert response.status_code == 200
    assert CLOSED in messages_of(response)
    assert list(CriterionEntry.objects.filter(evaluation=evaluation).values()) == before


def test_targets_of_a_closed_quarter_are_not_approved(closed, login):
    draft = closed.records["draft evaluation"]
    response = login("unit_head").post(
        reverse("evaluations:approve_targets", args=[draft.pk]),
        {"lock_version": draft.lock_version},
        follow=True,
    )
    assert CLOSED in messages_of(response)
    assert Evaluation.objects.get(pk=draft.pk).state == "draft"


def test_the_unit_pages_refuse_under_a_decision_with_the_reason(decided, world, login):
    period, unit = decided.period, world.unit_a
    client = login("unit_head")
    collective = decided.records["collective result"]
    response = client.post(
        reverse("tasks:collective_edit", args=[unit.pk, period.pk]),
        {"highlights": "Viết lại sau quyết định", "lock_version": collective.lock_version},
    )
    assert response.status_code == 200
    assert DECIDED in response.content.decode()
    assert CollectiveResult.objects.get(pk=collective.pk).highlights == "Thu ngân sách đạt 82%"

    response = client.post(
        reverse("dossiers:review_meeting", args=[period.pk, unit.pk]),
        {"held_on": "29/09/2026", "attendees": "Khác", "minutes": "Biên bản khác"},
        follow=True,
    )
    assert DECIDED in messages_of(response)
    assert ReviewMeeting.objects.get(unit=unit).minutes == "Biên bản"

    documents = DossierDocument.objects.count()
    response = client.post(
        reverse("dossiers:dossier", args=[period.pk, world.division_a1.pk]),
        {"component": "collective", "produced": "on"},
    )
    assert response.status_code == 200
    assert DECIDED in messages_of(response)
    assert DossierDocument.objects.count() == documents

    task = decided.records["task of the head of A"]  # the head of A leads it
    response = client.post(
        reverse("tasks:task_report", args=[task.pk]),
        {"delivered_quantity": "1", "completed_on": "12/09/2026", "result_note": "Xong"},
    )
    assert response.status_code == 200
    assert DECIDED in messages_of(response)
    assert Task.objects.get(pk=task.pk).completed_on is None

    response = login("appraiser").post(
        reverse("review:key_task", args=[period.pk, unit.pk]),
        {"task": task.pk, f"k{task.pk}-response": "1", f"k{task.pk}-comment": ""},
        follow=True,
    )
    assert DECIDED in messages_of(response)
    assert not KeyTaskAssessment.objects.filter(task=task).exists()
