"""Once decided, nothing changes but publication (SPEC §6): every edit path refuses a decided,
published or archived evaluation — the self-assessment form, targets and their amendment,
evidence, the person's tasks, the review and appraisal steps, and the decisions themselves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danhgia.decisions.archive import archive
from danhgia.decisions.errors import DecisionError
from danhgia.decisions.models import Decision
from danhgia.decisions.publication import publish
from danhgia.decisions.services import decide, decision_run
from danhgia.evaluations import services as evaluation_services
from danhgia.evaluations import targets as evaluation_targets
from danhgia.evaluations.errors import EvaluationError
from danhgia.evaluations.models import CriterionEntry, Evaluation, Evidence
from danhgia.evaluations.workflow import ReviewError
from danhgia.review.appraisal import save_appraisal
from danhgia.review.returns import return_evaluation
from danhgia.review.review import save_review
from danhgia.review.stage_points import StageInput
from danhgia.tasks import services as task_services
from danhgia.tasks.assignment import TaskSpec, assign_task, update_task
from danhgia.tasks.errors import TaskError
from danhgia.tasks.models import Task

from . import factories as f
from .decision_data import make_quarter
from .evaluation_data import form_post

STATES = ["decided", "published", "archived"]


@pytest.fixture
def private_media(tmp_path, monkeypatch):
    storage = Evidence._meta.get_field("file").storage
    monkeypatch.setattr(storage, "location", str(tmp_path))
    monkeypatch.setattr(storage, "base_location", str(tmp_path))


@pytest.fixture(params=STATES)
def locked(request, world, private_media):
    """The official's evaluation (with a file and a task) once decided / published / archived."""
    quarter = make_quarter(world, entries=True)
    evaluation = quarter.top
    entry = evaluation.entries.get(code="B.1.1")
    evidence = Evidence(
        entry=entry,
        original_name="Báo cáo.pdf",
        content_type="application/pdf",
        size=4,
        uploaded_by=world.users["official"],
    )
    evidence.file.save("bao-cao", SimpleUploadedFile("b.pdf", b"%PDF"), save=True)
    task = f.make_task(
        world.official_a,
        quarter.period,
        world.unit_a,
        world.users["unit_head"],
        delivered_quantity=Decimal(1),
        completed_on=date(2026, 9, 10),
        state="verified",  # a decision waits for the confirmation of the tasks it rests on
    )
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    if request.param in ("published", "archived"):
        publish(quarter.period, world.root, authority)
    if request.param == "archived":
        archive(quarter.period, world.root, authority)
    evaluation.refresh_from_db()
    assert evaluation.state == request.param
    return evaluation, evidence, task


def _snapshot(evaluation):
    evaluation.refresh_from_db()
    rows = list(
        CriterionEntry.objects.filter(evaluation=evaluation)
        .order_by("code")
        .values_list("code", "target_low", "actual", "met", "level", "points")
    )
    return evaluation.lock_version, evaluation.state, evaluation.self_total, rows


def test_the_self_assessment_form_refuses_changes(world, login, locked):
    evaluation, evidence, _task = locked
    before = _snapshot(evaluation)
    client = login("official")
    data = form_post(evaluation, {"B.1.1": "1"}, remove_evidence=str(evidence.pk))
    data["B_1_1-evidence"] = SimpleUploadedFile("them.pdf", b"%PDF-1.4")
    response = client.post(reverse("evaluations:self_assessment", args=[evaluation.pk]), data)
    assert response.status_code == 302
    assert "không thể thay đổi phiếu" in client.get(response["Location"]).content.decode()
    assert _snapshot(evaluation) == before
    assert list(Evidence.objects.values_list("pk", flat=True)) == [evidence.pk]
    response = client.post(reverse("evaluations:evidence_remove", args=[evidence.pk]))
    assert response.status_code in (302, 403)
    assert list(Evidence.objects.values_list("pk", flat=True)) == [evidence.pk]
    with pytest.raises(EvaluationError):
        evaluation_services.save_draft(
            evaluation,
            evaluation_services.SelfAssessment({}),
            evaluation.lock_version,
            world.users["official"],
        )
    with pytest.raises(EvaluationError):
        evaluation_services.submit(evaluation, world.users["official"])
    # The administrator is refused by state too.
    admin = login("admin").post(reverse("evaluations:self_assessment", args=[evaluation.pk]), data)
    assert admin.status_code == 403
    assert _snapshot(evaluation) == before


def test_targets_cannot_be_proposed_approved_or_amended(world, login, locked):
    evaluation, _evidence, _task = locked
    before = _snapshot(evaluation)
    entry = evaluation.entries.get(code="B.1.1")
    with pytest.raises(EvaluationError):
        evaluation_targets.amend_target(
            entry,
            evaluation_targets.TargetValues(Decimal(9)),
            "Điều chỉnh",
            world.users["unit_head"],
        )
    with pytest.raises(EvaluationError):
        evaluation_targets.propose_targets(
            evaluation,
            {"B.1.1": evaluation_targets.TargetValues(Decimal(9))},
            evaluation.lock_version,
            world.users["official"],
        )
    with pytest.raises(EvaluationError):
        evaluation_targets.approve_targets(evaluation, world.users["unit_head"])
    response = login("unit_head").post(
        reverse("evaluations:amend_target", args=[evaluation.pk, "B.1.1"]),
        {"target": "9", "reason": "Điều chỉnh", "lock_version": evaluation.lock_version},
    )
    assert response.status_code == 200
    assert _snapshot(evaluation) == before


def test_evidence_cannot_be_added_or_removed(world, locked):
    evaluation, evidence, _task = locked
    entry = evaluation.entries.get(code="B.1.1")
    with pytest.raises(EvaluationError):
        evaluation_services.add_evidence(
            entry, SimpleUploadedFile("moi.pdf", b"%PDF-1.4"), world.users["official"]
        )
    with pytest.raises(EvaluationError):
        evaluation_services.remove_evidence(evidence, world.users["official"])
    assert list(Evidence.objects.values_list("pk", flat=True)) == [evidence.pk]


def test_the_persons_tasks_cannot_change(world, locked):
    evaluation, _evidence, task = locked
    head, period = world.users["unit_head"], evaluation.period
    refusals = [
        lambda: task_services.report_task(
            task, delivered=Decimal(2), completed_on=date(2026, 9, 12), note="", user=task.lead.user
        ),
        lambda: task_services.set_task_factors(
            task, quality=Decimal(1), timeliness=Decimal(1), leadership=Decimal(1), user=head
        ),
        lambda: task_services.cancel_task(task, "Không cần nữa", head),
        lambda: task_services.add_task_evidence(
            task, SimpleUploadedFile("x.pdf", b"%PDF-1.4"), task.lead.user
        ),
        lambda: update_task(
            task,
            TaskSpec("Đổi tên", "Báo cáo", "B.1.2", date(2026, 9, 20), task.assigned_on),
            head,
        ),
        lambda: assign_task(
            period,
            world.unit_a,
            [world.official_a],
            TaskSpec("Nhiệm vụ mới", "Báo cáo", "B.1.2", date(2026, 9, 20), date(2026, 9, 1)),
            head,
        ),
    ]
    for refuse in refusals:
        with pytest.raises(TaskError, match="đã được cấp có thẩm quyền quyết định"):
            refuse()
    assert Task.objects.get(pk=task.pk).state == "verified"
    assert Task.objects.count() == 1


def test_review_appraisal_and_returns_refuse_a_decided_evaluation(world, locked):
    evaluation, _evidence, _task = locked
    data = StageInput(points={}, proposed_rating="HTXSNV")
    with pytest.raises(ReviewError, match="đã được cấp có thẩm quyền quyết định"):
        save_review(evaluation, data, world.users["unit_head"])
    with pytest.raises(ReviewError, match="đã được cấp có thẩm quyền quyết định"):
        save_appraisal(evaluation, data, world.users["appraiser"])
    with pytest.raises(ReviewError, match="đã được cấp có thẩm quyền quyết định"):
        return_evaluation(evaluation, "Sai số liệu", world.users["appraiser"])
    assert Evaluation.objects.get(pk=evaluation.pk).state == evaluation.state


def test_decisions_are_never_edited_or_deleted_nor_taken_twice(world, locked):
    evaluation, _evidence, _task = locked
    decision = Decision.objects.get(evaluation=evaluation)
    rating = decision.rating
    decision.rating = "KHTNV"
    with pytest.raises(Exception, match="không được sửa"):
        decision.save()
    with pytest.raises(Exception, match="không được xóa"):
        decision.delete()
    authority = world.users["authority"]
    with pytest.raises(DecisionError):
        decide(decision_run(evaluation.period, authority), authority)
    assert Decision.objects.get(pk=decision.pk).rating == rating
