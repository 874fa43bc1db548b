"""The pages and the Django admin change nothing frozen (SPEC §6, §14; ``danhgia.access.freeze``).

A frozen record's admin page is read-only and says why; changing or deleting it is refused
(403), the bulk delete leaves it out. The unit pages answer a message, never a 500. And the
scenario of the review: Q3 published, archived and closed, an administrator tries to complete
in the admin the task a person's KHTNV rests on; Phụ lục 7 and the decision page keep what was
decided.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from danhgia.decisions.archive import archive
from danhgia.decisions.models import Decision
from danhgia.decisions.publication import publish
from danhgia.dossiers.models import DossierDocument, ReviewMeeting
from danhgia.engine import render_reasons
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period
from danhgia.periods.services import close_period
from danhgia.review.models import KeyTaskAssessment
from danhgia.tasks.models import CollectiveResult, Task

from . import freeze_world
from .evaluation_data import form_post
from .freeze_world import stored_values

CLOSED = "đã đóng"
DECIDED = "đã được cấp có thẩm quyền quyết định"
#: what the admin's task form posts (its editable fields)
TASK_FIELDS = (
    "period", "lead", "assigning_unit", "title", "description", "responsibility", "authority",
    "product", "product_name", "planned_quantity", "coefficient", "axis", "criterion_code",
    "source", "is_key", "assigned_on", "due_date", "delivered_quantity", "completed_on",
    "result_note", "quality", "timeliness", "leadership", "state", "carried_from",
)  # fmt: skip


@pytest.fixture
def closed(world, tmp_path, monkeypatch):
    freeze_world.private_media(tmp_path, monkeypatch)
    return freeze_world.closed(world)


@pytest.fixture
def decided(world, tmp_path, monkeypatch):
    freeze_world.private_media(tmp_path, monkeypatch)
    return freeze_world.decided(world)


def task_admin_post(task: Task, **changes) -> dict:
    """The admin's change form of a task as a browser posts it, with ``changes``."""
    values = {**model_to_dict(task, fields=TASK_FIELDS), **changes}
    data = {}
    for name, value in values.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, date):
            data[name] = value.strftime("%d/%m/%Y")
        else:
            data[name] = "" if value is None else str(value)
    evidence = list(task.evidence.values_list("pk", flat=True))
    data.update(
        {
            "evidence-TOTAL_FORMS": str(len(evidence)),
            "evidence-INITIAL_FORMS": str(len(evidence)),
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
        }
    )
    for n, pk in enumerate(evidence):
        data[f"evidence-{n}-id"] = str(pk)
        data[f"evidence-{n}-task"] = str(task.pk)
    return data


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# --- The scenario of the review ----------------------------------------------------------------


def test_an_archived_and_closed_quarter_keeps_what_was_decided(decided, world, login):
    authority = world.users["authority"]
    publish(decided.period, world.root, authority)
    archive(decided.period, world.root, authority)
    close_period(decided.period)
    decision = Decision.objects.get(evaluation=decided.evaluation)
    assert decision.rating == "KHTNV"
    assert "Cá nhân hoàn thành 0/1 nhiệm vụ được giao (0 %) < 100 % → KHTNV" in render_reasons(
        decision.reason_list()
    )
    client = login("admin")
    collective = reverse("tasks:collective_detail", args=[world.unit_a.pk, decided.period.pk])
    figures = client.get(collective).context["report"].figures
    task = decided.task  # the task her KHTNV rests on: never done
    before = stored_values(task)

    change = reverse("admin:tasks_task_change", args=[task.pk])
    page = client.get(change)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="delivered_quantity"' not in html and 'name="completed_on"' not in html
    assert "Kỳ đánh giá Quý III/2026 đã đóng: không thể thay đổi." in html
    response = client.post(
        change, task_admin_post(task, delivered_quantity=Decimal(1), completed_on=date(2026, 9, 14))
    )
    assert response.status_code == 403
    delete = reverse("admin:tasks_task_delete", args=[task.pk])
    refused = client.get(delete)
    assert refused.status_code == 403
    assert "Kỳ đánh giá Quý III/2026 đã đóng: không thể thay đổi." in refused.content.decode()
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert stored_values(task) == before

    assert client.get(collective).context["report"].figures == figures
    board = login("authority").get(reverse("decisions:decide", args=[decided.period.pk]))
    row = board.context["board"].rows[decided.evaluation.pk]
    assert row.engine_rating == decision.engine_rating
    assert row.reasons == render_reasons(decision.reason_list())
    assert "Cá nhân hoàn thành 0/1 nhiệm vụ được giao (0 %) &lt; 100 %" in board.content.decode()


def test_decided_rows_show_the_stored_decision_not_a_recomputation(decided, world, login):
    """Whatever happened to the data under a decision, the decision page shows the decision."""
    decision = Decision.objects.get(evaluation=decided.evaluation)
    Task.objects.filter(pk=decided.task.pk).update(  # as an edit before the freeze could do
        delivered_quantity=1, completed_on=date(2026, 9, 14), state="reported"
    )
    page = login("authority").get(reverse("decisions:decide", args=[decided.period.pk]))
    row = page.context["board"].rows[decided.evaluation.pk]
    assert row.decided
    assert row.reasons == render_reasons(decision.reason_list())
    assert row.warnings == render_reasons(decision.warning_list())
    assert row.engine_rating == decision.engine_rating == "KHTNV"
    assert row.total == decision.total
    assert "Cá nhân hoàn thành 0/1" in page.content.decode()


# --- The admin -------------------------------------------------------------------------------


def test_a_task_a_decision_rests_on_is_read_only_in_the_admin(decided, login):
    client = login("admin")
    task = decided.records["task of the head of A"]
    before = stored_values(task)
    page = client.get(reverse("admin:tasks_task_change", args=[task.pk]))
    assert 'name="title"' not in page.content.decode()
    assert DECIDED in messages_of(page)
    response = client.post(
        reverse("admin:tasks_task_change", args=[task.pk]),
        task_admin_post(task, title="Đổi tên sau quyết định"),
    )
    assert response.status_code == 403
    assert stored_values(task) == before


def test_the_bulk_delete_leaves_frozen_rows_out_and_says_why(decided, login):
    client = login("admin")
    frozen, free = decided.task, decided.open_records["task in unit B"]
    url = reverse("admin:tasks_task_changelist")
    selected = {"action": "delete_selected", "_selected_action": [frozen.pk, free.pk]}
    page = client.post(url, selected)
    assert page.status_code == 200
    assert f"Không xóa “{frozen}”" in messages_of(page)
    assert list(page.context["queryset"]) == [free]
    client.post(url, {**selected, "_selected_action": [free.pk], "post": "yes"})
    assert list(Task.objects.filter(pk__in=[frozen.pk, free.pk])) == [frozen]
    only_frozen = client.post(url, {**selected, "_selected_action": [frozen.pk], "post": "yes"})
    assert only_frozen.status_code == 302
    assert Task.objects.filter(pk=frozen.pk).exists()


def test_phu_luc_7_under_a_decision_is_read_only_in_the_admin(decided, login):
    client = login("admin")
    collective = decided.records["collective result"]
    url = reverse("admin:tasks_collectiveresult_change", args=[collective.pk])
    response = client.post(
        url,
        {
            "unit": collective.unit_id,
            "period": collective.period_id,
            "highlights": "Viết lại",
            "self_level": "HTXSNV",
        },
    )
    assert response.status_code == 403
    delete = reverse("admin:tasks_collectiveresult_delete", args=[collective.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert CollectiveResult.objects.get(pk=collective.pk).highlights == "Thu ngân sách đạt 82%"


def test_nothing_is_added_to_a_closed_quarter_in_the_admin(closed, world, login):
    client = login("admin")
    template = Task.objects.get(pk=closed.task.pk)
    data = task_admin_post(template, title="Nhiệm vụ giao sau khi đóng kỳ", state="assigned")
    data.update({"evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:tasks_task_add"), data)
    assert response.status_code == 200
    assert "Kỳ đánh giá Quý III/2026 đã đóng: không thể thay đổi." in response.content.decode()
    assert not Task.objects.filter(title="Nhiệm vụ giao sau khi đóng kỳ").exists()


def test_a_closed_period_is_read_only_and_kept_in_the_admin(closed, world, login):
    client = login("admin")
    period = closed.period
    url = reverse("admin:periods_period_change", args=[period.pk])
    data = {
        "year": 2026,
        "quarter": 3,
        "policy_version": period.policy_version_id,
        "state": "open",
        "frameworks-TOTAL_FORMS": 0,
        "frameworks-INITIAL_FORMS": 0,
        "deadlines-TOTAL_FORMS": 0,
        "deadlines-INITIAL_FORMS": 0,
    }
    assert client.post(url, data).status_code == 403
    delete = reverse("admin:periods_period_delete", args=[period.pk])
    assert client.get(delete).status_code == 403
    assert Period.objects.get(pk=period.pk).state == PeriodState.CLOSED


# --- The unit pages ----------------------------------------------------------------------------


def test_the_self_assessment_of_a_closed_quarter_is_not_saved(closed, login):
    evaluation = closed.evaluation
    before = list(CriterionEntry.objects.filter(evaluation=evaluation).values())
    client = login("official")
    url = reverse("evaluations:self_assessment", args=[evaluation.pk])
    page = client.get(url)
    assert 'id="self-form"' not in page.content.decode()  # read-only: no form offered
    assert CLOSED in page.content.decode()
    response = client.post(url, form_post(evaluation, {"B.1.1": "1"}), follow=True)
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
        {"component": "memo", "file": SimpleUploadedFile("tt.pdf", b"%PDF-1.4 to trinh")},
    )
    assert response.status_code == 200
    assert DECIDED in messages_of(response)
    assert DossierDocument.objects.count() == documents

    task = decided.records["task of the head of A"]  # the head of A leads it
    response = client.post(
        reverse("tasks:task_report", args=[task.pk]),
        {
            "delivered_quantity": "1",
            "completed_on": "12/09/2026",
            "result_note": "Xong",
            "lock_version": task.lock_version,
        },
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
