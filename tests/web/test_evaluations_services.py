"""The workflow services of steps 1 and 2: state, permission, audit, deferral, lateness."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danhgia.audit.models import AuditEntry
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.errors import EditConflict, EvaluationError
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.evaluations.opening import check_deferral, ensure_evaluation
from danhgia.evaluations.services import RowInput, SelfAssessment, add_evidence, save_draft, submit
from danhgia.evaluations.targets import TargetValues, amend_target
from danhgia.names import display_name
from danhgia.organisation.choices import AbsenceKind, LeadershipRole
from danhgia.organisation.models import Absence, PositionHistory
from tests.web import factories as f

from .evaluation_data import filled_values


@pytest.fixture
def period(world):
    return f.make_evaluation_period(world.unit_a.block)


def _actions(evaluation) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            object_type="evaluations.evaluation", object_id=str(evaluation.pk)
        ).values_list("action", flat=True)
    )


def test_an_evaluation_gets_a_row_per_criterion_with_the_frameworks_targets(world, period):
    evaluation = ensure_evaluation(world.official_a, period, actor=world.users["official"])
    assert evaluation.framework_version.code == "lamdong-2026-pl5"
    rows = {e.code: e for e in evaluation.entries.all()}
    assert len(rows) == 41
    assert rows["B.1.1"].target_low == 5
    assert (rows["B.4.3"].target_low, rows["B.4.3"].target_high) == (25, 30)
    assert rows["B.1.6"].target_low is None  # "Tỷ lệ %": the official proposes one
    assert ensure_evaluation(world.official_a, period) == evaluation  # once per quarter
    assert _actions(evaluation) == ["evaluation.created"]


def test_an_evaluation_needs_a_framework_for_the_block(world):
    period = f.make_period()
    with pytest.raises(EvaluationError, match="chưa được gán khung chấm điểm"):
        ensure_evaluation(world.official_a, period)


def test_people_not_rated_quarterly_get_no_evaluation(world, period):
    world.official_a.rated_quarterly = False
    world.official_a.save()
    with pytest.raises(EvaluationError, match="không thuộc diện đánh giá hằng quý"):
        ensure_evaluation(world.official_a, period)


def test_only_the_official_or_the_units_leadership_opens_an_evaluation(world, period):
    with pytest.raises(PermissionDenied):
        ensure_evaluation(world.official_a, period, actor=world.users["outsider"])
    ensure_evaluation(world.official_a, period, actor=world.users["unit_head"])


# --- Deferral (SPEC §9) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "start", "end", "case"),
    [
        (AbsenceKind.TRAINING, date(2026, 7, 6), date(2026, 9, 25), "training"),
        (AbsenceKind.MATERNITY_LEAVE, date(2026, 6, 15), None, "maternity_leave"),
        (AbsenceKind.UNDER_INSPECTION, date(2026, 9, 20), None, "under_inspection"),
        (AbsenceKind.SICK_LEAVE, date(2026, 8, 3), date(2026, 8, 21), ""),  # 19 days
    ],
)
def test_absences_defer_the_quarter(world, period, kind, start, end, case):
    Absence.objects.create(official=world.official_a, kind=kind, start_date=start, end_date=end)
    evaluation = ensure_evaluation(world.official_a, period)
    assert evaluation.deferral_case == case
    expected = EvaluationState.DEFERRED if case else EvaluationState.DRAFT
    assert Evaluation.objects.get(pk=evaluation.pk).state == expected


def test_a_new_appointment_in_the_quarters_last_month_defers(world, period):
    PositionHistory.objects.create(
        official=world.official_a,
        unit=world.unit_a,
        title="Phó Giám đốc Sở",
        leadership_role=LeadershipRole.DEPUTY,
        start_date=date(2026, 9, 10),
    )
    evaluation = ensure_evaluation(world.official_a, period)
    assert evaluation.state == EvaluationState.DEFERRED
    assert evaluation.get_deferral_case_display() == "Mới bổ nhiệm chưa đủ 1 tháng đến cuối quý"


def test_a_deferred_evaluation_needs_no_submission_and_moves_back_when_the_case_goes(world, period):
    absence = Absence.objects.create(
        official=world.official_a,
        kind=AbsenceKind.TRAINING,
        start_date=date(2026, 7, 1),
        end_date=date(2026, 9, 30),
    )
    evaluation = f.make_evaluation(world.official_a, period)
    assert evaluation.state == EvaluationState.DEFERRED
    with pytest.raises(EvaluationError):
        submit(evaluation, world.users["official"])
    absence.delete()
    assert check_deferral(evaluation)
    assert Evaluation.objects.get(pk=evaluation.pk).state == EvaluationState.DRAFT
    assert _actions(evaluation).count("evaluation.deferred") == 2


def test_a_deferral_found_at_submission_stops_it(world, period):
    evaluation = f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])
    Absence.objects.create(
        official=world.official_a,
        kind=AbsenceKind.UNDER_INSPECTION,
        start_date=date(2026, 9, 1),
    )
    with pytest.raises(EvaluationError, match="chưa đánh giá, xếp loại"):
        submit(evaluation, world.users["official"])
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.deferral_case) == ("deferred", "under_inspection")


# --- Targets -------------------------------------------------------------------------------


@pytest.fixture
def approved(world, period):
    return f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])


def test_an_amendment_needs_the_approving_side_and_a_reason(world, approved):
    entry = approved.entries.get(code="B.1.1")
    with pytest.raises(PermissionDenied):
        amend_target(entry, TargetValues(Decimal(3)), "lý do", world.users["official"])
    with pytest.raises(EvaluationError, match="Cần ghi lý do"):
        amend_target(entry, TargetValues(Decimal(3)), "  ", world.users["unit_head"])


def test_an_amendment_recomputes_the_stored_points(world, approved):
    data = SelfAssessment({"B.1.1": RowInput(actual=Decimal(3))})
    save_draft(approved, data, approved.lock_version, world.users["official"])
    assert CriterionEntry.objects.get(evaluation=approved, code="B.1.1").points == 3
    entry = approved.entries.get(code="B.1.1")
    entry.evaluation = approved
    amend_target(entry, TargetValues(Decimal(3)), "Điều chỉnh kế hoạch", world.users["unit_head"])
    assert CriterionEntry.objects.get(evaluation=approved, code="B.1.1").points == 5


def test_an_amendment_makes_open_forms_conflict(world, approved):
    opened_at = approved.lock_version
    entry = approved.entries.get(code="B.1.1")
    entry.evaluation = approved
    amend_target(entry, TargetValues(Decimal(4)), "Điều chỉnh", world.users["unit_head"])
    with pytest.raises(EditConflict):
        save_draft(approved, SelfAssessment({}), opened_at, world.users["official"])


# --- Saving and submitting -----------------------------------------------------------------


def _filled(evaluation) -> SelfAssessment:
    from danhgia.evaluations.forms import parse_number
    from danhgia.evaluations.scoring import rules_for

    rows = {}
    for code, value in filled_values(rules_for(evaluation).framework).items():
        if isinstance(value, bool):
            rows[code] = RowInput(met=value)
        elif isinstance(value, int):
            rows[code] = RowInput(level=value)
        elif value[0].isdigit():
            rows[code] = RowInput(actual=parse_number(value))
        else:
            rows[code] = RowInput(category=value)
    return SelfAssessment(rows)


def test_a_stale_save_is_refused_and_names_who_saved(world, approved):
    opened_at = approved.lock_version
    save_draft(approved, _filled(approved), opened_at, world.users["official"])
    stale = Evaluation.objects.get(pk=approved.pk)
    stale.lock_version = opened_at
    # named as people read it (the account's name, else its official's: D26)
    with pytest.raises(EditConflict, match=display_name(world.users["official"])) as error:
        save_draft(stale, SelfAssessment({}), opened_at, world.users["official"])
    assert "CHƯA lưu" in str(error.value)
    # #26: the time reads as on the pages, "30/11/2026 14:20" (it read "lúc 14:15 30/11/2026")
    assert re.search(r"lưu lúc \d\d/\d\d/\d{4} \d\d:\d\d,", str(error.value))
    assert CriterionEntry.objects.get(evaluation=approved, code="A.1.1").met is True


def test_only_the_official_saves_their_self_assessment(world, approved):
    with pytest.raises(PermissionDenied):
        save_draft(approved, SelfAssessment({}), approved.lock_version, world.users["unit_head"])


def test_submission_needs_approved_targets(world, period):
    evaluation = f.make_evaluation(world.official_a, period)
    with pytest.raises(EvaluationError, match="chưa được lãnh đạo đơn vị duyệt"):
        submit(evaluation, world.users["official"])


@pytest.mark.parametrize(
    ("when", "late"),
    [(datetime(2026, 9, 30, 23, 30), False), (datetime(2026, 10, 1, 0, 5), True)],
)
def test_lateness_is_computed_against_the_self_assessment_deadline(world, approved, when, late):
    save_draft(approved, _filled(approved), approved.lock_version, world.users["official"])
    submit(approved, world.users["official"], now=timezone.make_aware(when))
    approved.refresh_from_db()
    assert approved.submitted_at == timezone.make_aware(when)
    assert approved.submitted_late is late
    entry = AuditEntry.objects.get(action="evaluation.submitted")
    assert entry.after["deadline"] == "2026-09-30"
    assert entry.after["late"] is late


def test_without_a_self_assessment_deadline_the_dossier_one_counts(world):
    period = f.make_evaluation_period(world.unit_a.block)
    period.deadlines.filter(key="self_assessment").delete()
    evaluation = f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])
    save_draft(evaluation, _filled(evaluation), evaluation.lock_version, world.users["official"])
    submit(evaluation, world.users["official"], now=timezone.make_aware(datetime(2026, 10, 2, 9)))
    assert Evaluation.objects.get(pk=evaluation.pk).submitted_late is False  # dossier: 02/10


def test_a_submitted_evaluation_takes_no_more_files(world, approved):
    save_draft(approved, _filled(approved), approved.lock_version, world.users["official"])
    submit(approved, world.users["official"])
    entry = approved.entries.get(code="B.1.1")
    entry.evaluation = approved
    upload = SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")
    with pytest.raises(EvaluationError, match="không thể thêm tài liệu minh chứng"):
        add_evidence(entry, upload, world.users["official"])


def test_every_step_is_in_the_audit_log(world, approved):
    save_draft(approved, _filled(approved), approved.lock_version, world.users["official"])
    submit(approved, world.users["official"])
    assert _actions(approved) == [
        "evaluation.submitted",
        "evaluation.saved",
        "evaluation.targets_approved",
        "evaluation.targets_proposed",
        "evaluation.created",
    ]
    saved = AuditEntry.objects.get(action="evaluation.saved")
    assert saved.before["B.1.1"]["actual"] is None
    assert saved.after["B.1.1"]["actual"] == "3"


@pytest.mark.parametrize("returned_from", [EvaluationState.VERIFIED, EvaluationState.REVIEWED])
def test_nobody_changes_a_self_assessment_returned_to_a_later_step(world, approved, returned_from):
    """N3: an administrator could submit an evaluation the appraiser returned to the unit."""
    save_draft(approved, _filled(approved), approved.lock_version, world.users["official"])
    approved.refresh_from_db()
    Evaluation.objects.filter(pk=approved.pk).update(
        state=EvaluationState.RETURNED, returned_from=returned_from
    )
    approved.refresh_from_db()
    admin = world.users["admin"]
    with pytest.raises(EvaluationError, match="không phải cho cán bộ"):
        submit(approved, admin)
    with pytest.raises(EvaluationError, match="không phải cho cán bộ"):
        save_draft(approved, SelfAssessment({}), approved.lock_version, admin)
    with pytest.raises(PermissionDenied):  # the official: not her step (the access rule)
        submit(approved, world.users["official"])
    # returned to the official herself: she completes and submits again
    Evaluation.objects.filter(pk=approved.pk).update(returned_from=EvaluationState.SELF_ASSESSED)
    approved.refresh_from_db()
    assert submit(approved, world.users["official"]).state == EvaluationState.SELF_ASSESSED


def _admin_form_data(response) -> dict:
    """The posted data of an admin change page as it was shown (forms and inline formsets)."""

    def fields(form, data):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [str(v) for v in value]
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            data[form.add_prefix(name)] = value

    data: dict = {}
    fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
        for form in formset.initial_forms:
            fields(form, data)
    return data


def test_an_absence_recorded_in_the_admin_defers_the_quarter_at_once(world, period, login):
    """N2: an absence recorded in the admin deferred the evaluation only when it was next opened."""
    from django.urls import reverse

    evaluation = ensure_evaluation(world.official_a, period)
    assert evaluation.state == EvaluationState.DRAFT
    client = login("admin")
    url = reverse("admin:organisation_official_change", args=[world.official_a.pk])
    data = _admin_form_data(client.get(url))
    prefix = "absences"
    assert f"{prefix}-TOTAL_FORMS" in data
    index = data[f"{prefix}-TOTAL_FORMS"]
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data.update(
        {
            f"{prefix}-{index}-kind": AbsenceKind.TRAINING,
            f"{prefix}-{index}-start_date": "2026-07-01",
            f"{prefix}-{index}-end_date": "2026-09-30",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.DEFERRED
    assert evaluation.deferral_case
    assert AuditEntry.objects.filter(
        action="evaluation.deferred", object_id=str(evaluation.pk), actor=world.users["admin"]
    ).exists()
