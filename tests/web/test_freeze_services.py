"""Every workflow service refuses a frozen record with the Vietnamese reason and changes
nothing (SPEC §6, §14): a closed quarter, and what a decision rests on. Publication, archiving
and the authority's correction still work.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danhgia.decisions.archive import archive
from danhgia.decisions.corrections import correct_decision
from danhgia.decisions.models import Decision
from danhgia.decisions.publication import publish
from danhgia.decisions.services import DecisionError, decide, decision_run
from danhgia.dossiers.models import DossierDocument, ReviewMeeting
from danhgia.dossiers.services import add_document, check_dossier, record_meeting, submit_dossier
from danhgia.evaluations import services as evaluation_services
from danhgia.evaluations import targets as evaluation_targets
from danhgia.evaluations.errors import EvaluationError
from danhgia.evaluations.models import CriterionEntry, Evaluation, Evidence
from danhgia.evaluations.workflow import ReviewError
from danhgia.periods.models import Period
from danhgia.periods.services import close_period
from danhgia.review.appraisal import assess_key_task
from danhgia.review.models import KeyTaskAssessment
from danhgia.review.returns import return_evaluation
from danhgia.review.review import save_review
from danhgia.review.stage_points import StageInput
from danhgia.review.verification import verify_person
from danhgia.tasks import services as task_services
from danhgia.tasks.assignment import TaskSpec, assign_task, update_task
from danhgia.tasks.carry_over import carry_over_tasks
from danhgia.tasks.collective import save_collective_result
from danhgia.tasks.errors import TaskError
from danhgia.tasks.models import CollectiveResult, Task, TaskEvidence

from . import factories as f
from . import freeze_world
from .decision_data import make_quarter
from .freeze_world import stored_values

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


# --- Services in a closed quarter --------------------------------------------------------------


def test_the_self_assessment_targets_and_evidence_refuse_a_closed_quarter(closed, world):
    evaluation, official = closed.evaluation, world.users["official"]
    draft = closed.records["draft evaluation"]
    entry = evaluation.entries.get(code="B.1.1")
    evidence = closed.records["evidence"]
    before = stored_values(evaluation), list(CriterionEntry.objects.values())
    refusals = [
        lambda: evaluation_services.save_draft(
            evaluation,
            evaluation_services.SelfAssessment({}, comment="Sửa sau khi đóng kỳ"),
            evaluation.lock_version,
            official,
        ),
        lambda: evaluation_services.submit(evaluation, official),
        lambda: evaluation_services.add_evidence(
            entry, SimpleUploadedFile("moi.pdf", b"%PDF-1.4"), official
        ),
        lambda: evaluation_services.remove_evidence(evidence, official),
        lambda: evaluation_targets.amend_target(
            entry,
            evaluation_targets.TargetValues(Decimal(9)),
            "Điều chỉnh",
            world.users["unit_head"],
        ),
        lambda: evaluation_targets.propose_targets(
            draft,
            {"B.1.1": evaluation_targets.TargetValues(Decimal(9))},
            draft.lock_version,
            world.users["admin"],
        ),
        lambda: evaluation_targets.approve_targets(draft, world.users["unit_head"]),
    ]
    for refuse in refusals:
        with pytest.raises(EvaluationError, match=CLOSED):
            refuse()
    assert (stored_values(evaluation), list(CriterionEntry.objects.values())) == before
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert Evidence.objects.count() == 1


def test_tasks_are_not_carried_out_of_a_closed_quarter(closed, world):
    Task.objects.filter(pk=closed.task.pk).update(
        state="assigned", completed_on=None, due_date=date(2026, 10, 20)
    )
    f.make_evaluation_period(world.unit_a.block, quarter=4)
    with pytest.raises(TaskError, match=CLOSED):
        carry_over_tasks(closed.period)
    assert Task.objects.count() == 1
    assert Task.objects.get().state == "assigned"


def test_every_other_step_refuses_a_closed_quarter(closed, world):
    """Tasks, Phụ lục 7, the review steps and the dossier: one rule, one reason."""
    head, appraiser = world.users["unit_head"], world.users["appraiser"]
    period = Period.objects.get(pk=closed.period.pk)
    task = Task.objects.select_related("period", "lead__unit").get(pk=closed.task.pk)
    evaluation = Evaluation.objects.get(pk=closed.evaluation.pk)
    spec = TaskSpec("Đổi tên", "Báo cáo", "B.1.2", date(2026, 9, 20), task.assigned_on)
    records = {name: stored_values(r) for name, r in closed.records.items()}
    refusals = {
        TaskError: [
            lambda: task_services.report_task(
                task, delivered=Decimal(2), completed_on=date(2026, 9, 12), note="", user=None
            ),
            lambda: task_services.set_task_factors(
                task, quality=Decimal(1), timeliness=Decimal(1), leadership=Decimal(1), user=head
            ),
            lambda: task_services.cancel_task(task, "Không cần nữa", head),
            lambda: task_services.add_task_evidence(
                task, SimpleUploadedFile("x.pdf", b"%PDF-1.4"), None
            ),
            lambda: update_task(task, spec, head),
            lambda: assign_task(period, world.unit_a, [world.colleague_a], spec, head),
            lambda: save_collective_result(world.unit_a, period, {"highlights": "Sửa"}, 1, head),
        ],
        ReviewError: [
            lambda: verify_person(world.official_a, period, head),
            lambda: save_review(evaluation, StageInput(points={}), head),
            lambda: return_evaluation(evaluation, "Sai số liệu", head),
            lambda: assess_key_task(task, 1, "", appraiser),
            lambda: record_meeting(
                world.unit_a, period, held_on=date(2026, 9, 29), attendees="A", minutes="B",
                user=head,
            ),
            lambda: add_document(
                world.unit_a, period, "memo", head, upload=SimpleUploadedFile("tt.pdf", b"%PDF-1.4")
            ),
            lambda: submit_dossier(world.unit_a, period, head),
            lambda: check_dossier(closed.records["dossier"], "Đủ", appraiser),
        ],
    }  # fmt: skip
    for error, steps in refusals.items():
        for refuse in steps:
            with pytest.raises(error, match=CLOSED):
                refuse()
    assert {name: stored_values(r) for name, r in closed.records.items()} == records
    assert Task.objects.count() == 1 and DossierDocument.objects.count() == 1
    assert evaluation.state == "targets_approved"


def test_nothing_is_decided_corrected_published_or_archived_in_a_closed_quarter(world):
    authority = world.users["authority"]
    quarter = make_quarter(world)
    close_period(quarter.period)
    period = Period.objects.get(pk=quarter.period.pk)
    with pytest.raises(DecisionError, match=CLOSED):
        decide(decision_run(period, authority), authority)
    assert not Decision.objects.exists()
    assert set(Evaluation.objects.values_list("state", flat=True)) == {"appraised"}


def test_a_decided_quarter_once_closed_is_neither_corrected_nor_published(world):
    authority = world.users["authority"]
    quarter = make_quarter(world)
    decisions = decide(decision_run(quarter.period, authority), authority)
    close_period(quarter.period)
    period = Period.objects.get(pk=quarter.period.pk)
    with pytest.raises(DecisionError, match=CLOSED):
        correct_decision(Decision.objects.get(pk=decisions[2].pk), "HTNV", "Sai", authority)
    with pytest.raises(DecisionError, match=CLOSED):
        publish(period, world.root, authority)
    assert Decision.objects.count() == len(decisions)
    assert set(Evaluation.objects.values_list("state", flat=True)) == {"decided"}


def test_a_published_quarter_once_closed_is_not_archived(world):
    authority = world.users["authority"]
    quarter = make_quarter(world)
    decide(decision_run(quarter.period, authority), authority)
    publish(quarter.period, world.root, authority)
    close_period(quarter.period)
    with pytest.raises(DecisionError, match=CLOSED):
        archive(Period.objects.get(pk=quarter.period.pk), world.root, authority)
    assert set(Evaluation.objects.values_list("state", flat=True)) == {"published"}


# --- Services under a decision -----------------------------------------------------------------


def test_the_tasks_a_unit_decision_rests_on_cannot_change(decided, world):
    """The head of A is not evaluated and the newcomer of division A1 is not decided, but the
    decisions of unit A's people counted their tasks (a unit's figures include its sub-units')."""
    head = world.users["unit_head"]
    for name in ("task of the head of A", "task of a division of A"):
        task = Task.objects.select_related("lead__unit", "period").get(pk=decided.records[name].pk)
        before = stored_values(task)
        refusals = [
            lambda task=task: task_services.report_task(
                task, delivered=Decimal(1), completed_on=date(2026, 9, 12), note="", user=None
            ),
            lambda task=task: task_services.cancel_task(task, "Không cần nữa", head),
            lambda task=task: task_services.add_task_evidence(
                task, SimpleUploadedFile("x.pdf", b"%PDF-1.4"), None
            ),
            lambda task=task: update_task(
                task,
                TaskSpec("Đổi tên", "Báo cáo", "B.1.2", date(2026, 9, 20), task.assigned_on),
                head,
            ),
            lambda task=task: assign_task(
                decided.period,
                world.unit_a,
                [task.lead],
                TaskSpec("Nhiệm vụ mới", "Báo cáo", "B.1.2", date(2026, 9, 20), date(2026, 9, 1)),
                head,
            ),
        ]
        for refuse in refusals:
            with pytest.raises(TaskError, match=DECIDED):
                refuse()
        assert stored_values(task) == before, name
    Task.objects.filter(pk=decided.records["task of the head of A"].pk).update(state="reported")
    task = Task.objects.get(pk=decided.records["task of the head of A"].pk)
    with pytest.raises(TaskError, match=DECIDED):
        task_services.set_task_factors(
            task, quality=Decimal(1), timeliness=Decimal(1), leadership=Decimal(1), user=head
        )
    assert Task.objects.get(pk=task.pk).quality is None
    assert not TaskEvidence.objects.exclude(pk=decided.records["task evidence"].pk).exists()


def test_the_verification_of_a_person_below_a_decided_unit_is_refused(decided, world):
    newcomer_task = decided.records["task of a division of A"]
    Task.objects.filter(pk=newcomer_task.pk).update(
        state="reported", delivered_quantity=1, completed_on=date(2026, 9, 10)
    )
    with pytest.raises(ReviewError, match=DECIDED):
        verify_person(newcomer_task.lead, decided.period, world.users["unit_head"])
    assert Task.objects.get(pk=newcomer_task.pk).state == "reported"


def test_key_task_responses_follow_their_task(decided, world):
    head_task = decided.records["task of the head of A"]
    with pytest.raises(ReviewError, match=DECIDED):
        assess_key_task(head_task, 1, "Chủ động", world.users["appraiser"])
    assert not KeyTaskAssessment.objects.filter(task=head_task).exists()


def test_the_units_phu_luc_7_meeting_and_dossier_cannot_change(decided, world):
    head = world.users["unit_head"]
    collective = decided.records["collective result"]
    meeting, dossier = decided.records["review meeting"], decided.records["dossier"]
    before = [stored_values(r) for r in (collective, meeting, dossier)]
    documents = DossierDocument.objects.count()
    with pytest.raises(TaskError, match=DECIDED):
        save_collective_result(
            world.unit_a,
            decided.period,
            {"highlights": "Viết lại sau quyết định"},
            collective.lock_version,
            head,
        )
    with pytest.raises(ReviewError, match=DECIDED):
        record_meeting(
            world.unit_a,
            decided.period,
            held_on=date(2026, 9, 29),
            attendees="Khác",
            minutes="Biên bản khác",
            user=head,
        )
    with pytest.raises(ReviewError, match=DECIDED):
        add_document(
            world.unit_a,
            decided.period,
            "evidence",
            head,
            upload=SimpleUploadedFile("them.pdf", b"%PDF-1.4"),
        )
    with pytest.raises(ReviewError, match=DECIDED):
        add_document(
            world.division_a1,
            decided.period,
            "memo",
            head,
            upload=SimpleUploadedFile("tt.pdf", b"%PDF-1.4"),
        )
    with pytest.raises(ReviewError, match=DECIDED):
        submit_dossier(world.unit_a, decided.period, head)
    with pytest.raises(ReviewError, match=DECIDED):
        check_dossier(dossier, "Đủ", world.users["appraiser"])
    assert [stored_values(r) for r in (collective, meeting, dossier)] == before
    assert DossierDocument.objects.count() == documents
    assert ReviewMeeting.objects.count() == 1


def test_a_unit_untouched_by_the_decisions_still_works(decided, world):
    admin = world.users["admin"]
    save_collective_result(world.unit_b, decided.period, {"highlights": "Sở B"}, 1, admin)
    assert CollectiveResult.objects.get(unit=world.unit_b).highlights == "Sở B"
    record_meeting(
        world.unit_b,
        decided.period,
        held_on=date(2026, 9, 29),
        attendees="Lãnh đạo Sở B",
        minutes="Biên bản",
        user=admin,
    )
    task = decided.open_records["task in unit B"]
    task_services.cancel_task(task, "Không cần nữa", admin)
    assert Task.objects.get(pk=task.pk).state == "cancelled"


def test_a_task_not_counted_is_still_carried_over_after_the_decision(decided, world):
    """Not done and due after the cut-off: no decision counted it (SPEC §9), so it still moves
    to the next quarter, where it will be scored."""
    task = decided.records["task of a division of A"]
    # due after the cut-off and never done: counted by no decision, never confirmed
    Task.objects.filter(pk=task.pk).update(due_date=date(2026, 11, 20), state="assigned")
    q4 = f.make_evaluation_period(world.unit_a.block, quarter=4)
    assert carry_over_tasks(decided.period) == 1
    assert Task.objects.get(pk=task.pk).state == "carried_over"
    assert Task.objects.get(carried_from=task).period == q4


def test_the_decision_stage_and_the_workflow_after_a_decision_still_work(decided, world):
    """Publication, archiving and a correction are the only changes after a decision."""
    authority = world.users["authority"]
    decision = Decision.objects.get(evaluation=decided.evaluation)
    correction = correct_decision(decision, "HTNV", "Đã hoàn thành, báo cáo chậm", authority)
    assert correction.supersedes == decision
    publish(decided.period, world.root, authority)
    assert archive(decided.period, world.root, authority) == 5
    close_period(decided.period)
    assert Evaluation.objects.get(pk=decided.evaluation.pk).state == "archived"
