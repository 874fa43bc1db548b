"""Steps 3a-3c as services: verification, review, appraisal, returns, dossiers, meetings.

Each test checks the stored state and the audit entries, not only the return value
(tests/web/review_world.py builds the quarter).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danhgia import access
from danhgia.access import Action
from danhgia.audit.models import AuditEntry
from danhgia.dossiers.choices import DossierComponent
from danhgia.dossiers.models import Dossier, DossierDocument, ReviewMeeting
from danhgia.dossiers.services import (
    add_document,
    check_dossier,
    checklist,
    lateness,
    record_meeting,
    submit_dossier,
)
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.scoring import linked_tasks, rules_for, score_rows, task_inputs
from danhgia.evaluations.services import RowInput, SelfAssessment, save_draft, submit
from danhgia.evaluations.workflow import ReviewConflict, ReviewError
from danhgia.organisation.models import Official
from danhgia.review.appraisal import assess_key_task, save_appraisal
from danhgia.review.choices import KeyTaskResponse, Stage
from danhgia.review.models import KeyTaskAssessment, StageCriterionScore, StageScore
from danhgia.review.returns import return_evaluation
from danhgia.review.review import save_review
from danhgia.review.sheets import load_sheet, totals
from danhgia.review.stage_points import StageInput, StageInvalid
from danhgia.review.verification import TaskCheck, verify_person
from danhgia.tasks.choices import TaskState
from danhgia.tasks.models import Task

from . import factories as f
from . import review_world
from .dossier_data import complete
from .mailbox import deliver_notices
from .review_world import D, same_points


@pytest.fixture
def rw(world, tmp_path, monkeypatch):
    storage = DossierDocument._meta.get_field("file").storage
    monkeypatch.setattr(storage, "location", str(tmp_path))
    monkeypatch.setattr(storage, "base_location", str(tmp_path))
    return review_world.build(world)


def actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def verified(rw) -> Evaluation:
    verify_person(rw.world.official_a, rw.period, rw.users["agency"])
    verify_person(rw.world.official_a, rw.period, rw.users["unit_head"])
    rw.evaluation.refresh_from_db()
    assert rw.evaluation.state == EvaluationState.VERIFIED
    return rw.evaluation


def reviewed(rw) -> Evaluation:
    evaluation = verified(rw)
    save_review(
        evaluation, same_points(evaluation, Stage.REVIEW), rw.users["unit_head"], finish=True
    )
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.REVIEWED
    return evaluation


# --- Verification ---------------------------------------------------------------------------


def test_confirming_sets_default_factors_and_verifies_once_every_task_is_confirmed(rw):
    outcome = verify_person(rw.world.official_a, rw.period, rw.users["agency"])
    assert outcome.confirmed == 1 and not outcome.moved
    rw.task_agency.refresh_from_db()
    assert rw.task_agency.state == TaskState.VERIFIED
    # done five days late: the policy's "late" timeliness, the rest "as required"
    assert (rw.task_agency.quality, rw.task_agency.timeliness, rw.task_agency.leadership) == (
        D("1.00"),
        D("0.75"),
        D("1.00"),
    )
    assert rw.task_agency.verified_by == rw.users["agency"]
    rw.evaluation.refresh_from_db()
    assert rw.evaluation.state == EvaluationState.SELF_ASSESSED  # unit A's task still waits
    outcome = verify_person(rw.world.official_a, rw.period, rw.users["unit_head"])
    assert outcome.moved
    rw.task_unit.refresh_from_db()
    assert (rw.task_unit.timeliness, rw.task_unit.state) == (D("1.00"), TaskState.VERIFIED)
    rw.evaluation.refresh_from_db()
    assert rw.evaluation.state == EvaluationState.VERIFIED
    assert actions(rw.evaluation)[-1] == "evaluation.verified"
    assert actions(rw.task_agency)[-1] == "task.factors_set"


def test_the_assigning_side_corrects_factors_and_the_delivered_quantity(rw):
    checks = {rw.task_agency.pk: TaskCheck(D("1.2"), D("0.5"), D("1.0"), delivered=D("0.5"))}
    verify_person(rw.world.official_a, rw.period, rw.users["agency"], checks)
    task = Task.objects.get(pk=rw.task_agency.pk)
    assert (task.quality, task.timeliness, task.delivered_quantity) == (
        D("1.20"),
        D("0.50"),
        D("0.50"),
    )
    entry = AuditEntry.objects.filter(action="task.factors_set", object_id=str(task.pk)).last()
    assert entry.after["delivered_quantity"] == "0.50"
    assert entry.before["delivered_quantity"] == "1.00"


def test_a_late_task_cannot_be_given_an_on_time_factor(rw):
    checks = {rw.task_agency.pk: TaskCheck(D("1.0"), D("1.0"), D("1.0"))}
    with pytest.raises(ReviewError, match="không nằm trong các mức"):
        verify_person(rw.world.official_a, rw.period, rw.users["agency"], checks)
    assert Task.objects.get(pk=rw.task_agency.pk).state == TaskState.REPORTED


def test_a_side_without_tasks_of_the_person_may_not_confirm(rw):
    other = f.make_user("other-agency")
    f.assign_role(other, "assigning_agency", rw.world.unit_b)
    with pytest.raises(PermissionDenied):
        verify_person(rw.world.official_a, rw.period, other)
    with pytest.raises(PermissionDenied):  # the agency cannot pass checks for unit A's task
        verify_person(
            rw.world.official_a,
            rw.period,
            rw.users["agency"],
            {rw.task_unit.pk: TaskCheck(D(1), D(1), D(1))},
        )


def test_a_person_without_tasks_is_confirmed_by_the_unit_leadership(rw):
    evaluation = review_world.submitted(rw.world.colleague_a, rw.period, rw.users["unit_head"])
    outcome = verify_person(rw.world.colleague_a, rw.period, rw.users["unit_head"])
    assert outcome.moved
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.VERIFIED
    entry = AuditEntry.objects.filter(action="evaluation.verified").last()
    assert entry.note == "Không có nhiệm vụ cần xác nhận."


def test_a_task_not_reported_and_not_yet_due_keeps_the_person_waiting(rw):
    pending = f.make_task(
        rw.world.official_a,
        rw.period,
        rw.world.root,
        rw.users["agency"],
        due_date=date(2026, 9, 29),
    )
    verify_person(rw.world.official_a, rw.period, rw.users["unit_head"])
    outcome = verify_person(
        rw.world.official_a, rw.period, rw.users["agency"], today=date(2026, 9, 25)
    )
    assert pending in outcome.waiting and not outcome.moved
    # once past its due date, a task never reported is confirmed as not done
    outcome = verify_person(
        rw.world.official_a, rw.period, rw.users["agency"], today=date(2026, 10, 5)
    )
    assert outcome.moved
    pending.refresh_from_db()
    assert pending.state == TaskState.VERIFIED and pending.quality is None


# --- Review -----------------------------------------------------------------------------------


def test_the_review_starts_from_the_self_assessment_recomputed_with_confirmed_factors(rw):
    checks = {rw.task_agency.pk: TaskCheck(D("1.0"), D("0.5"), D("1.0"))}
    verify_person(rw.world.official_a, rw.period, rw.users["agency"], checks)
    evaluation = verified(rw)
    sheet = load_sheet(evaluation, Stage.REVIEW)
    # self: timeliness (1 + 0,75) ÷ 2 → KPI 0,96875 → 2,91; confirmed 0,5: KPI 0,9375 → 2,81
    assert sheet.self_points["B.1.2"] == D("2.91")
    assert sheet.baseline.points["B.1.2"] == D("2.81")
    assert sheet.baseline.recomputed == {"B.1.2"}
    evaluation.refresh_from_db()
    assert evaluation.self_total == sheet.self_totals.total  # the self stage stays as submitted


def test_stage_totals_add_up_as_the_engine_does_with_a_rescaled_axis(rw):
    evaluation = rw.evaluation
    rules = rules_for(evaluation)
    entries = {e.code: e for e in evaluation.entries.all()}
    scoring = score_rows(rules, entries, task_inputs(linked_tasks(evaluation), rules.policy))
    result = totals(
        rules.framework,
        rules.policy,
        {c: e.points for c, e in entries.items()},
        {c for c, e in entries.items() if e.not_applicable},
    )
    assert 1 in result.rescaled  # B.1.6 is not applicable
    assert (result.part_a, result.part_b, result.total) == (
        scoring.part_a,
        scoring.part_b,
        scoring.total,
    )
    assert result.axes[1] == scoring.axis(1).points
    assert result.band == scoring.band


def test_saving_a_review_stores_each_criterion_and_logs_what_changed(rw):
    evaluation = verified(rw)
    data = same_points(
        evaluation, Stage.REVIEW, {"B.2.1": "1"}, comment="Hoàn thành tốt nhiệm vụ được giao."
    )
    score = save_review(evaluation, data, rw.users["unit_head"])
    score.refresh_from_db()
    assert score.stage == Stage.REVIEW and score.by == rw.users["unit_head"]
    assert score.comment == "Hoàn thành tốt nhiệm vụ được giao."
    rows = dict(StageCriterionScore.objects.filter(stage_score=score).values_list("code", "points"))
    assert rows["B.2.1"] == D("1.00")
    assert rows["B.1.6"] is None  # not applicable
    base = load_sheet(evaluation, Stage.REVIEW).baseline.totals
    assert (score.part_a, score.part_b, score.total) == (
        base.part_a,
        base.part_b - 1,
        base.total - 1,
    )
    assert (score.band, score.proposed_rating) == ("HTTNV", "HTTNV")
    entry = AuditEntry.objects.filter(action="stage.score_changed").get()
    assert entry.after["stage"] == "review" and entry.after["B.2.1"] == "1.00"
    assert entry.before["B.2.1"] == "2.00"
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.VERIFIED  # saved, not completed
    save_review(evaluation, data, rw.users["unit_head"])  # the same again: nothing to log
    assert AuditEntry.objects.filter(action="stage.score_changed").count() == 1


def test_changing_points_and_completing_at_once_writes_one_entry(rw):
    """Walk of 05/12/2026: "save and complete" wrote two entries for one click, the total and
    the proposal in both; now one entry holds the changed points and the new state."""
    evaluation = verified(rw)
    count = AuditEntry.objects.count()
    save_review(
        evaluation,
        same_points(evaluation, Stage.REVIEW, {"B.2.1": "1"}),
        rw.users["unit_head"],
        finish=True,
    )
    written = list(AuditEntry.objects.order_by("id")[count:])
    assert [e.action for e in written] == ["evaluation.reviewed"]
    entry = written[0]
    assert (entry.before["B.2.1"], entry.after["B.2.1"]) == ("2.00", "1.00")
    assert (entry.before["state"], entry.after["state"]) == ("verified", "reviewed")


def test_a_change_of_five_points_or_more_needs_an_explanation(rw):
    evaluation = verified(rw)
    assert load_sheet(evaluation, Stage.REVIEW).baseline.points["B.1.1"] == D("5.00")
    with pytest.raises(StageInvalid) as error:
        save_review(
            evaluation,
            same_points(evaluation, Stage.REVIEW, {"B.1.1": "0", "B.2.1": "1"}),
            rw.users["unit_head"],
        )
    assert set(error.value.by_code) == {"B.1.1"}  # −1 on B.2.1 needs none
    assert not StageScore.objects.exists()
    score = save_review(
        evaluation,
        same_points(
            evaluation,
            Stage.REVIEW,
            {"B.1.1": "0", "B.2.1": "1"},
            explanations={"B.1.1": "Các văn bản chưa được cấp có thẩm quyền ban hành."},
        ),
        rw.users["unit_head"],
    )
    assert score.band == "HTTNV"  # 86,56 − 5 × 25 ÷ 21 (axis 1 rescaled) − 1 = 79,61
    assert score.total == D("79.61")
    row = StageCriterionScore.objects.get(stage_score=score, code="B.1.1")
    assert row.explanation == "Các văn bản chưa được cấp có thẩm quyền ban hành."


def test_points_out_of_range_or_not_met_values_are_refused(rw):
    evaluation = verified(rw)
    for changes, code in (
        ({"B.1.1": "6"}, "B.1.1"),
        ({"A.1.1": "1"}, "A.1.1"),
        ({"B.2.1": "1.234"}, "B.2.1"),
        ({"B.2.1": "-1"}, "B.2.1"),
    ):
        with pytest.raises(StageInvalid) as error:
            save_review(
                evaluation, same_points(evaluation, Stage.REVIEW, changes), rw.users["unit_head"]
            )
        assert code in error.value.by_code
    with pytest.raises(StageInvalid, match="chưa nhập điểm"):
        save_review(
            evaluation,
            StageInput(points={}),
            rw.users["unit_head"],
        )
    assert not StageScore.objects.exists()


def test_completing_the_review_moves_the_evaluation_and_logs_it(rw):
    evaluation = reviewed(rw)
    # one action, one entry: the points saved on completing are in the completion's entry
    assert actions(evaluation)[-2:] == ["evaluation.verified", "evaluation.reviewed"]
    entry = AuditEntry.objects.filter(action="evaluation.reviewed").last()
    assert entry.before["state"] == "verified" and entry.after["state"] == "reviewed"
    assert entry.after["stage"] == "review" and entry.after["total"]
    with pytest.raises(ReviewError, match="chưa thể"):
        save_review(evaluation, same_points(evaluation, Stage.REVIEW), rw.users["unit_head"])


def test_only_the_unit_leadership_reviews_and_never_its_own_evaluation(rw):
    evaluation = verified(rw)
    for persona in ("appraiser", "official", "agency", "secretary"):
        with pytest.raises(PermissionDenied):
            save_review(evaluation, same_points(evaluation, Stage.REVIEW), rw.users[persona])
    head = review_world.submitted(rw.world.head_a, rw.period, rw.users["admin"])
    head.refresh_from_db()
    verify_person(rw.world.head_a, rw.period, rw.users["admin"])
    head.refresh_from_db()
    assert not access.can(rw.users["unit_head"], head, Action.REVIEW)
    with pytest.raises(PermissionDenied):
        save_review(head, same_points(head, Stage.REVIEW), rw.users["unit_head"])


def test_a_stale_form_gets_a_conflict_and_nothing_is_saved(rw):
    evaluation = verified(rw)
    stale = evaluation.lock_version
    save_review(evaluation, same_points(evaluation, Stage.REVIEW), rw.users["unit_head"])
    other = Evaluation.objects.get(pk=evaluation.pk)
    with pytest.raises(ReviewConflict):
        save_review(
            other,
            same_points(other, Stage.REVIEW, {"B.2.1": "1"}),
            rw.users["unit_head"],
            lock_version=stale,
        )
    assert StageCriterionScore.objects.get(code="B.2.1").points == D("2.00")


# --- Appraisal ---------------------------------------------------------------------------------


def test_the_appraisal_starts_from_the_review_and_completes(rw):
    evaluation = verified(rw)
    save_review(
        evaluation,
        same_points(evaluation, Stage.REVIEW, {"B.2.1": "1"}),
        rw.users["unit_head"],
        finish=True,
    )
    evaluation.refresh_from_db()
    sheet = load_sheet(evaluation, Stage.APPRAISAL)
    assert sheet.baseline.points["B.2.1"] == D("1.00")
    assert sheet.baseline.label == "Tập thể lãnh đạo"
    with pytest.raises(PermissionDenied):
        save_appraisal(evaluation, same_points(evaluation, Stage.APPRAISAL), rw.users["unit_head"])
    score = save_appraisal(
        evaluation,
        same_points(evaluation, Stage.APPRAISAL, {"B.2.1": "1.5"}),
        rw.users["appraiser"],
        finish=True,
    )
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.APPRAISED
    assert score.total == sheet.baseline.totals.total + D("0.5")
    assert actions(evaluation)[-1] == "evaluation.appraised"


def test_the_appraiser_records_the_three_level_response_of_key_tasks(rw):
    response = assess_key_task(
        rw.task_unit, KeyTaskResponse.LIMITED, " Chậm phối hợp ", rw.users["appraiser"]
    )
    assert KeyTaskAssessment.objects.get(task=rw.task_unit).response == 2
    assert response.comment == "Chậm phối hợp"
    entry = AuditEntry.objects.filter(action="key_task.assessed").get()
    assert entry.after == {"response": 2, "comment": "Chậm phối hợp"}
    assess_key_task(rw.task_unit, KeyTaskResponse.LIMITED, "Chậm phối hợp", rw.users["appraiser"])
    assert AuditEntry.objects.filter(action="key_task.assessed").count() == 1  # unchanged
    with pytest.raises(ReviewError, match="không phải nhiệm vụ then chốt"):
        assess_key_task(rw.task_agency, 1, "", rw.users["appraiser"])
    with pytest.raises(PermissionDenied):
        assess_key_task(rw.task_unit, 1, "", rw.users["unit_head"])


def test_the_dossier_check_needs_a_submission_and_a_note_for_what_is_missing(rw):
    unit, period = rw.world.unit_a, rw.period
    complete(rw)
    dossier = Dossier.objects.get(unit=unit, period=period)
    with pytest.raises(ReviewError, match="chưa nộp"):
        check_dossier(dossier, "", rw.users["appraiser"])
    submit_dossier(unit, period, rw.users["secretary"])
    dossier.refresh_from_db()
    # after the submission a colleague is to be rated this quarter: no self-assessment yet
    Official.objects.filter(pk=rw.world.colleague_a.pk).update(rated_quarterly=True)
    with pytest.raises(ReviewError, match="còn thiếu Bản tự đánh giá"):
        check_dossier(dossier, "", rw.users["appraiser"])
    check_dossier(dossier, "Thiếu bản tự đánh giá của Lê Văn Đồng.", rw.users["appraiser"])
    dossier.refresh_from_db()
    assert dossier.checked_by == rw.users["appraiser"]
    entry = AuditEntry.objects.filter(action="dossier.checked").get()
    assert entry.after["complete"] is False
    assert entry.after["missing"] == ["Bản tự đánh giá của cá nhân", "Biểu tổng hợp"]


# --- Dossier, meeting -------------------------------------------------------------------------


def test_a_dossier_gets_files_and_its_lateness_is_computed(rw):
    unit, period, secretary = rw.world.unit_a, rw.period, rw.users["secretary"]
    upload = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 to trinh")
    document = add_document(unit, period, DossierComponent.MEMO, secretary, upload=upload)
    assert document.original_name == "to-trinh.pdf" and document.file
    for component in ("minutes", "self_assessments", "summary", "collective"):
        with pytest.raises(ReviewError, match="do hệ thống lập"):
            add_document(
                unit, period, component, secretary, upload=SimpleUploadedFile("x.pdf", b"%PDF")
            )
    with pytest.raises(ReviewError, match="Tệp đính kèm"):
        add_document(unit, period, DossierComponent.EVIDENCE, secretary)
    with pytest.raises(ReviewError, match="không được nhận"):
        add_document(
            unit,
            period,
            DossierComponent.EVIDENCE,
            secretary,
            upload=SimpleUploadedFile("x.exe", b"MZ"),
        )
    with pytest.raises(PermissionDenied):
        add_document(unit, period, DossierComponent.EVIDENCE, rw.users["official"], upload=upload)
    with pytest.raises(ReviewError, match="còn thiếu Biên bản hội nghị"):
        submit_dossier(unit, period, secretary)
    assert lateness(unit, period)[0] == "missing"
    complete(rw, skip=(DossierComponent.MEMO,))
    deadline = date(2026, 10, 2)  # Lâm Đồng: day 02 of the next quarter's first month
    submit_dossier(unit, period, secretary, now=datetime(2026, 10, 5, 3, 0, tzinfo=UTC))
    assert lateness(unit, period) == ("late", deadline)
    with pytest.raises(ReviewError, match="đã được nộp"):
        submit_dossier(unit, period, secretary)
    dossier = Dossier.objects.get(unit=unit, period=period)
    assert actions(dossier) == [
        "dossier.document_added",
        "dossier.document_added",
        "dossier.submitted",
    ]


def test_a_dossier_submitted_on_time(rw):
    complete(rw)
    submit_dossier(
        rw.world.unit_a,
        rw.period,
        rw.users["unit_head"],
        now=datetime(2026, 10, 1, 8, 0, tzinfo=UTC),
    )
    assert lateness(rw.world.unit_a, rw.period)[0] == "on_time"


def test_the_unit_leadership_records_its_meeting(rw):
    unit, period, head = rw.world.unit_a, rw.period, rw.users["unit_head"]
    with pytest.raises(ReviewError, match="sau ngày hôm nay"):
        record_meeting(
            unit, period, held_on=date(2026, 10, 3), attendees="A", minutes="B", user=head,
            today=date(2026, 10, 1),
        )  # fmt: skip
    record_meeting(
        unit, period, held_on=date(2026, 10, 1), attendees="Ban Giám đốc", minutes="Thống nhất",
        user=head,
    )  # fmt: skip
    meeting = record_meeting(
        unit, period, held_on=date(2026, 10, 1), attendees="Ban Giám đốc, Công đoàn",
        minutes="Thống nhất", user=head,
    )  # fmt: skip
    assert ReviewMeeting.objects.get().attendees == "Ban Giám đốc, Công đoàn"
    entries = AuditEntry.objects.filter(action="review.meeting_recorded").order_by("id")
    assert entries.last().after == {"attendees": "Ban Giám đốc, Công đoàn"}
    assert meeting.recorded_by == head
    with pytest.raises(PermissionDenied):
        record_meeting(
            unit, period, held_on=date(2026, 10, 1), attendees="X", minutes="Y",
            user=rw.users["secretary"],
        )  # fmt: skip
    # the recorded meeting is the dossier's minutes: nothing to attach or tick
    items = {i.component: i for i in checklist(unit, period)}
    assert items[DossierComponent.MINUTES].present


# --- Returns -----------------------------------------------------------------------------------


def test_returning_needs_a_reason(rw):
    with pytest.raises(ReviewError, match="lý do"):
        return_evaluation(rw.evaluation, "  ", rw.users["unit_head"])
    rw.evaluation.refresh_from_db()
    assert rw.evaluation.state == EvaluationState.SELF_ASSESSED


def test_returned_to_the_official_who_corrects_and_submits_again(
    rw, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://danhgia.example.vn"
    rw.users["official"].email = "lan@example.vn"
    rw.users["official"].save()
    with django_capture_on_commit_callbacks(execute=True):
        return_evaluation(rw.evaluation, "Thiếu minh chứng trục 3.", rw.users["agency"])
    evaluation = Evaluation.objects.get(pk=rw.evaluation.pk)
    assert (evaluation.state, evaluation.returned_from) == ("returned", "self_assessed")
    entry = AuditEntry.objects.filter(action="evaluation.returned").get()
    assert entry.note == "Thiếu minh chứng trục 3."
    assert entry.after["to_step"] == "self_assessment"
    deliver_notices()  # the e-mails go out through the job worker
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    assert "Thiếu minh chứng trục 3." in mail.outbox[0].body
    page = reverse("evaluations:self_assessment", args=[evaluation.pk])
    assert f"https://danhgia.example.vn{page}" in mail.outbox[0].body
    assert access.can(rw.users["official"], evaluation, Action.CHANGE)
    save_draft(
        evaluation,
        SelfAssessment({"B.1.1": RowInput(actual=D(4))}),
        evaluation.lock_version,
        rw.users["official"],
    )
    evaluation.refresh_from_db()
    submit(evaluation, rw.users["official"])
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.returned_from) == ("self_assessed", "")


def test_the_appraiser_returns_to_the_unit_leadership_which_completes_again(
    rw, django_capture_on_commit_callbacks
):
    rw.users["unit_head"].email = "son@example.vn"
    rw.users["unit_head"].save()
    evaluation = reviewed(rw)
    with django_capture_on_commit_callbacks(execute=True):
        return_evaluation(evaluation, "Đề xuất chưa có căn cứ.", rw.users["appraiser"])
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.returned_from) == ("returned", "reviewed")
    deliver_notices()  # the e-mails go out through the job worker
    assert mail.outbox[0].to == ["son@example.vn"]
    # the official may not touch it: it was returned to the unit leadership
    assert not access.can(rw.users["official"], evaluation, Action.CHANGE)
    with pytest.raises(PermissionDenied):
        save_draft(evaluation, SelfAssessment({}), evaluation.lock_version, rw.users["official"])
    with pytest.raises(ReviewError, match="chưa thể"):
        save_appraisal(evaluation, same_points(evaluation, Stage.APPRAISAL), rw.users["appraiser"])
    save_review(
        evaluation,
        same_points(evaluation, Stage.REVIEW, explanation="Đã bổ sung căn cứ."),
        rw.users["unit_head"],
        finish=True,
    )
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.returned_from) == ("reviewed", "")


def test_the_unit_leadership_returns_to_the_assigning_side_which_confirms_again(
    rw, django_capture_on_commit_callbacks
):
    rw.users["unit_head"].email = "son@example.vn"
    rw.users["unit_head"].save()
    evaluation = verified(rw)
    with django_capture_on_commit_callbacks(execute=True):
        return_evaluation(evaluation, "Kiểm tra lại tiến độ nhiệm vụ.", rw.users["unit_head"])
    # the agency that assigned a task is told; not the unit head who returned it
    deliver_notices()  # the e-mails go out through the job worker
    assert [m.to for m in mail.outbox] == [["agency@example.vn"]]
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.returned_from) == ("returned", "verified")
    checks = {rw.task_agency.pk: TaskCheck(D("1.0"), D("0.5"), D("1.0"))}
    outcome = verify_person(rw.world.official_a, rw.period, rw.users["agency"], checks)
    assert outcome.moved
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.VERIFIED
    with pytest.raises(PermissionDenied):  # the official owns no step now
        return_evaluation(evaluation, "x", rw.users["official"])


# --- Nothing changes a decided evaluation --------------------------------------------------------


@pytest.mark.parametrize("state", ["decided", "published", "archived"])
def test_decided_evaluations_are_never_changed_by_these_steps(rw, state):
    evaluation = reviewed(rw)
    Evaluation.objects.filter(pk=evaluation.pk).update(state=state)
    evaluation.refresh_from_db()
    before = evaluation.lock_version
    with pytest.raises(ReviewError, match="quyết định"):
        save_appraisal(evaluation, same_points(evaluation, Stage.APPRAISAL), rw.users["appraiser"])
    with pytest.raises(ReviewError, match="quyết định"):
        return_evaluation(evaluation, "Sửa lại", rw.users["appraiser"])
    with pytest.raises(ReviewError, match="quyết định"):
        verify_person(rw.world.official_a, rw.period, rw.users["agency"])
    with pytest.raises(ReviewError, match="quyết định"):
        assess_key_task(rw.task_unit, 1, "", rw.users["appraiser"])
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.lock_version) == (state, before)
    assert not StageScore.objects.filter(stage=Stage.APPRAISAL).exists()
    assert not KeyTaskAssessment.objects.exists()


def test_a_closed_period_changes_nothing(rw):
    evaluation = verified(rw)
    from danhgia.periods.services import close_period

    close_period(rw.period)
    evaluation.refresh_from_db()
    with pytest.raises(ReviewError, match="đã đóng"):
        save_review(evaluation, same_points(evaluation, Stage.REVIEW), rw.users["unit_head"])
    assert Decimal(0) == StageScore.objects.count()


def test_the_authority_returns_an_appraised_evaluation_to_the_appraiser(rw, client):
    evaluation = reviewed(rw)
    save_appraisal(
        evaluation, same_points(evaluation, Stage.APPRAISAL), rw.users["appraiser"], finish=True
    )
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.APPRAISED
    with pytest.raises(PermissionDenied):
        return_evaluation(evaluation, "Thiếu căn cứ.", rw.users["unit_head"])
    client.force_login(rw.users["authority"])
    page = client.get(f"/danh-gia/{evaluation.pk}/cac-buoc/").content.decode()
    assert "Trả lại Ban Tổ chức để thẩm định lại" in page
    return_evaluation(evaluation, "Chưa thẩm định nhiệm vụ then chốt.", rw.users["authority"])
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.returned_from) == ("returned", "appraised")
    assert AuditEntry.objects.filter(action="evaluation.returned", object_id=str(evaluation.pk))
    save_appraisal(
        evaluation,
        same_points(evaluation, Stage.APPRAISAL, explanation="Đã bổ sung."),
        rw.users["appraiser"],
        finish=True,
    )
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.APPRAISED
