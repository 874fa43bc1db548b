"""The API's writes go through the services: the same optimistic lock as the forms (stale
writes 409 with ``lock_version``, 412 with ``If-Match``, 428 without a version), the same audit
entries, the engine's numbers (issue 14, item 4)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from danhgia.audit.models import AuditEntry
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.scoring import entries_of, rules_for, score_evaluation_rows
from danhgia.tasks.models import CollectiveResult, Task
from tests.web import once
from tests.web.api_world import api_client, build_api_world

shared_api_world = once.module_world(build_api_world)


@pytest.fixture
def world(request, shared_api_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_api_world, tmp_path)


def _patch(client, url: str, body: dict, **headers):
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


def _full_rows(evaluation: Evaluation) -> dict[str, dict]:
    """A value for every criterion of the evaluation's framework."""
    rows = {}
    for criterion in rules_for(evaluation).framework.criteria:
        if criterion.part == "A":
            rows[criterion.code] = {"met": True}
        elif criterion.measure in ("ratio", "reduction"):
            rows[criterion.code] = {"actual": "8"}
        elif criterion.measure == "category":
            rows[criterion.code] = {"category": criterion.categories[0][0]}
        elif criterion.measure == "level":
            rows[criterion.code] = {"level": 2}
        else:
            rows[criterion.code] = {"use_tasks": True}
    return rows


def test_saving_the_self_assessment_stores_the_engines_numbers_and_an_audit_entry(world):
    client = api_client(world, "canbo")
    url = f"/api/v1/evaluations/{world.evaluation}/"
    read = client.get(url)
    etag = read["ETag"]
    evaluation = Evaluation.objects.get(pk=world.evaluation)
    body = {"rows": _full_rows(evaluation), "proposed_rating": "HTTNV", "comment": "Qua API"}
    response = _patch(client, url + "self-assessment/", body, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    evaluation.refresh_from_db()
    scoring = score_evaluation_rows(evaluation, entries_of(evaluation))
    assert scoring.complete
    assert evaluation.self_total == scoring.result.total
    data = response.json()
    assert Decimal(str(data["self_total"])) == scoring.result.total
    assert data["self_band"] == scoring.result.band.value
    assert data["self_comment"] == "Qua API"
    assert response["ETag"] == f'"v{evaluation.lock_version}"' != etag
    entry = AuditEntry.objects.filter(action="evaluation.saved", object_id=str(evaluation.pk))
    assert entry.get().actor.username == "canbo"


def test_a_partial_save_keeps_the_rows_it_does_not_name(world):
    client = api_client(world, "canbo")
    evaluation = Evaluation.objects.get(pk=world.evaluation)
    first, second = list(_full_rows(evaluation).items())[:2]
    url = f"/api/v1/evaluations/{world.evaluation}/self-assessment/"
    version = evaluation.lock_version
    assert _patch(client, url, {"rows": dict([first]), "lock_version": version}).status_code == 200
    response = _patch(client, url, {"rows": dict([second]), "lock_version": version + 1})
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()["entries"]}
    assert rows[first[0]]["met"] is True and rows[second[0]]["met"] is True


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [({"HTTP_IF_MATCH": '"v1"'}, {}, 412), ({}, {"lock_version": 1}, 409), ({}, {}, 428)],
)
def test_a_stale_self_assessment_is_refused_and_nothing_is_saved(world, headers, body, status):
    evaluation = Evaluation.objects.get(pk=world.evaluation)
    assert evaluation.lock_version > 1  # the targets' approval moved it on
    url = f"/api/v1/evaluations/{world.evaluation}/self-assessment/"
    response = _patch(api_client(world, "canbo"), url, {**body, "comment": "cũ"}, **headers)
    assert response.status_code == status
    assert response.json()["detail"]
    evaluation.refresh_from_db()
    assert evaluation.self_comment == ""
    saved = AuditEntry.objects.filter(action="evaluation.saved", object_id=str(evaluation.pk))
    assert not saved.exists()


def test_a_malformed_if_match_names_the_header(world):
    url = f"/api/v1/evaluations/{world.evaluation}/self-assessment/"
    response = _patch(api_client(world, "canbo"), url, {}, HTTP_IF_MATCH="abc")
    assert response.status_code == 400
    assert "If-Match" in response.json()


def test_an_unknown_criterion_is_named(world):
    url = f"/api/v1/evaluations/{world.evaluation}/self-assessment/"
    body = {"rows": {"Z.9": {"met": True}}, "lock_version": 99}
    response = _patch(api_client(world, "canbo"), url, body)
    assert response.status_code == 400
    assert "Z.9" in response.json()["rows"][0]


def test_reporting_a_task_uses_the_tasks_lock_and_audit(world):
    client = api_client(world, "canbo")
    url = f"/api/v1/tasks/{world.task}/"
    etag = client.get(url)["ETag"]
    body = {"delivered_quantity": "1", "completed_on": "2026-09-01", "result_note": "Xong"}
    response = client.post(url + "report/", body, "application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    task = Task.objects.get(pk=world.task)
    assert (task.state, task.delivered_quantity, str(task.completed_on)) == (
        "reported",
        Decimal("1.00"),
        "2026-09-01",
    )
    assert AuditEntry.objects.filter(action="task.reported", object_id=str(task.pk)).count() == 1
    again = client.post(url + "report/", body, "application/json", HTTP_IF_MATCH=etag)
    assert again.status_code == 412
    stale = client.post(url + "report/", {**body, "lock_version": 1}, "application/json")
    assert stale.status_code == 409


def test_a_result_far_above_plan_is_saved_with_a_warning(world):
    """The form asks for a confirmation; the API saves and says so beside the result."""
    client = api_client(world, "canbo")
    url = f"/api/v1/tasks/{world.task}/"
    planned = Task.objects.get(pk=world.task).planned_quantity
    body = {"delivered_quantity": str(planned * 1000), "completed_on": "2026-09-01"}
    response = client.post(url + "report/", {**body, "lock_version": 1}, "application/json")
    assert response.status_code == 200, response.content
    [warning] = response.json()["warnings"]
    assert warning["code"] == "far_above_plan" and "gấp hơn 10 lần kế hoạch" in warning["message"]
    assert Task.objects.get(pk=world.task).delivered_quantity == planned * 1000
    version = Task.objects.get(pk=world.task).lock_version
    plain = {"delivered_quantity": str(planned), "lock_version": version}
    again = client.post(url + "report/", plain, "application/json")
    assert again.status_code == 200 and again.json()["warnings"] == []


def test_a_report_the_service_refuses_answers_400_with_its_reason(world):
    """A completion date before the task was assigned: the tasks workflow's own check."""
    client = api_client(world, "canbo")
    version = Task.objects.get(pk=world.task).lock_version
    body = {"delivered_quantity": "1", "completed_on": "2020-01-01", "lock_version": version}
    response = client.post(f"/api/v1/tasks/{world.task}/report/", body, "application/json")
    assert response.status_code == 400
    assert response.json()["messages"]


def test_assigning_creates_one_task_per_lead_with_the_assignment_audit(world):
    body = {
        "period": world.period,
        "assigning_unit": world.unit,
        "leads": [world.canbo_official],
        "title": "Tờ trình qua API",
        "product_name": "Tờ trình",
        "criterion_code": "B.1.2",
        "due_date": "2026-09-25",
        "assigned_on": "2026-08-01",
    }
    response = api_client(world, "truongdonvi").post("/api/v1/tasks/", body, "application/json")
    assert response.status_code == 201, response.content
    (created,) = response.json()
    task = Task.objects.get(pk=created["id"])
    assert (task.lead_id, task.assigning_unit_id, task.axis) == (
        world.canbo_official,
        world.unit,
        1,
    )
    assert AuditEntry.objects.filter(action="task.assigned", object_id=str(task.pk)).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"criterion_code": "Z.9"}, None),
        ({"leads": [2147483647]}, "leads"),
        ({"period": 2147483647}, "period"),
        ({"due_date": "31/12/2026"}, "due_date"),
    ],
)
def test_assigning_refuses_bad_input_naming_the_field(world, change, field):
    body = {
        "period": world.period,
        "assigning_unit": world.unit,
        "leads": [world.canbo_official],
        "title": "Sai",
        "criterion_code": "B.1.2",
        "due_date": "2026-09-25",
        **change,
    }
    response = api_client(world, "truongdonvi").post("/api/v1/tasks/", body, "application/json")
    assert response.status_code == 400
    assert field is None or field in response.json()
    assert not Task.objects.filter(title="Sai").exists()


def test_the_collective_result_keeps_what_is_not_sent_and_refuses_stale_versions(world):
    client = api_client(world, "truongdonvi")
    url = f"/api/v1/collective-results/{world.collective}/"
    etag = client.get(url)["ETag"]
    response = _patch(client, url, {"causes": "Thiếu người"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    row = CollectiveResult.objects.get(pk=world.collective)
    assert (row.highlights, row.causes) == ("Đầu quý", "Thiếu người")
    assert AuditEntry.objects.filter(action="collective.updated").count() == 2
    assert _patch(client, url, {"causes": "x"}, HTTP_IF_MATCH=etag).status_code == 412
    assert _patch(client, url, {"causes": "x", "lock_version": 1}).status_code == 409
    assert CollectiveResult.objects.get(pk=world.collective).causes == "Thiếu người"
