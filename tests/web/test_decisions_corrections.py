"""Corrections against the group's recorded allowance, the tie-break's count, and the head's
accountability judged again (issue "One home for every rule and every right", d, f, g)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.decisions.corrections import correct_decision
from danhgia.decisions.errors import DecisionError
from danhgia.decisions.models import Accountability, Decision
from danhgia.decisions.services import decide, decision_run
from danhgia.engine import QuotaAllowance
from danhgia.evaluations.models import Evaluation
from danhgia.review.choices import Stage

from . import factories as f
from .decision_data import appraise, dossiers_on_time, stage_score

#: six members of a Lào Cai group given 25 %: 6 × 25 % = 1,5 → 2 HTXSNV (20 % would give 1)
TOTALS = ("95", "85", "84", "83", "82", "81")


@pytest.fixture
def laocai(world):
    period = f.make_evaluation_period(world.unit_a.block, policy_code="laocai-2026")
    group = f.make_group("pho-giam-doc-lao-cai")
    group.quota_pct = 25
    group.save(update_fields=["quota_pct"])
    people = [world.official_a, world.colleague_a, world.member_a1]
    people += f.make_officials(world.unit_a, len(TOTALS) - 3)
    evaluations = []
    for official, total in zip(people, TOTALS, strict=True):
        official.comparison_group = group
        official.save(update_fields=["comparison_group"])
        evaluation = Evaluation.objects.create(
            official=official, period=period, framework_version=f.framework("lamdong-2026-pl5")
        )
        evaluations.append(appraise(evaluation, total))
    dossiers_on_time(period, world.unit_a, world.division_a1)
    decide(decision_run(period, world.users["authority"]), world.users["authority"])
    return period, evaluations


def test_each_decision_records_the_allowance_the_engine_computed(laocai):
    _period, evaluations = laocai
    decision = Decision.objects.get(evaluation=evaluations[0])
    allowance = QuotaAllowance.from_json(decision.quota_allowance)
    assert (allowance.pct, allowance.base, allowance.allowed) == (25, 6, 2)
    assert decision.rating == "HTXSNV"


def test_a_correction_its_group_quota_allows_is_accepted(world, laocai):
    """Lào Cai at 25 %: one HTXSNV decided, a second one is within the recorded allowance."""
    _period, evaluations = laocai
    second = Decision.objects.get(evaluation=evaluations[1])
    correction = correct_decision(
        second, "HTXSNV", "Hoàn thành vượt mức nhiệm vụ đột xuất", world.users["authority"]
    )
    assert correction.rating == "HTXSNV"


def test_a_correction_beyond_the_recorded_allowance_is_refused(world, laocai):
    _period, evaluations = laocai
    authority = world.users["authority"]
    correct_decision(Decision.objects.get(evaluation=evaluations[1]), "HTXSNV", "Lý do", authority)
    with pytest.raises(DecisionError, match="vượt tỷ lệ HTXSNV") as refused:
        correct_decision(
            Decision.objects.get(evaluation=evaluations[2]), "HTXSNV", "Lý do", authority
        )
    group = evaluations[2].official.comparison_group
    assert f"Nhóm {group.name} chỉ được tối đa 2 người" in str(refused.value)  # its name


def test_the_tie_break_counts_what_the_engine_counts(world):
    """Exceeding tasks not linked to a criterion scored from tasks do not count (SPEC §8.3)."""
    period = f.make_evaluation_period(world.unit_a.block, policy_code="laocai-2026")
    evaluation = Evaluation.objects.create(
        official=world.official_a, period=period, framework_version=f.framework("lamdong-2026-pl5")
    )
    appraise(evaluation, "92")
    Evaluation.objects.filter(pk=evaluation.pk).update(exceeded_count=3)
    task = f.make_task(
        world.official_a, period, world.unit_a, world.users["unit_head"], criterion_code=""
    )
    task.delivered_quantity, task.completed_on = task.planned_quantity * 2, task.assigned_on
    task.save()
    run = decision_run(period, world.users["authority"])
    assert run.proposals[0].person.exceeded_count == 3


@pytest.fixture
def accountable(world, login):
    """The unit proposed HTXSNV for a person the conditions keep at HTTNV; decided HTTNV."""
    period = f.make_evaluation_period(world.unit_a.block)
    evaluation = Evaluation.objects.create(
        official=world.official_a, period=period, framework_version=f.framework("lamdong-2026-pl5")
    )
    appraise(evaluation, "85")
    dossiers_on_time(period, world.unit_a)
    stage_score(evaluation, Stage.REVIEW, "85", "HTXSNV", world.users["unit_head"])
    decide(decision_run(period, world.users["authority"]), world.users["authority"])
    return Decision.objects.get(evaluation=evaluation)


def test_recording_an_accountability_writes_an_audit_entry(world, accountable):
    record = Accountability.objects.get(decision=accountable)
    entry = AuditEntry.objects.get(action="accountability.recorded")
    assert (entry.object_type, entry.object_id) == ("decisions.accountability", str(record.pk))


def test_a_correction_keeps_the_accountability_while_it_applies(world, accountable):
    correction = correct_decision(
        accountable, "HTNV", "Hồ sơ minh chứng không đầy đủ", world.users["authority"]
    )
    record = Accountability.objects.get(decision=correction)
    assert (record.proposed_rating, record.decided_rating) == ("HTXSNV", "HTNV")
    assert AuditEntry.objects.filter(action="accountability.recorded").count() == 2


def test_a_correction_that_removes_its_ground_ends_it_with_an_entry(world, login, accountable):
    correction = correct_decision(
        accountable, "HTXSNV", "Đã rà soát lại kết quả", world.users["authority"]
    )
    assert not Accountability.objects.filter(decision=correction).exists()
    ended = AuditEntry.objects.get(action="accountability.ended")
    assert ended.after == {"decided_rating": "HTXSNV"}
    # the record of the superseded decision stays, and the audit log finds it by type
    assert Accountability.objects.filter(decision=accountable).exists()
    log = login("appraiser").get(reverse("audit:audit_log"), {"loai": "decisions.accountability"})
    assert log.status_code == 200


def test_a_closed_quarter_offers_no_correction(world, laocai, login):
    from danhgia.periods.services import close_period

    period, evaluations = laocai
    decision = Decision.objects.get(evaluation=evaluations[1])
    client = login("authority")
    decided = reverse("decisions:decided", args=[period.pk])
    correct = reverse("decisions:correct", args=[decision.pk])
    assert correct in client.get(decided).content.decode()
    close_period(period)
    assert correct not in client.get(decided).content.decode()
    response = client.get(correct, follow=True)
    assert "Quý" in response.content.decode() and "đã đóng: không thể thay đổi." in (
        response.content.decode()
    )
    assert 'name="reason"' not in response.content.decode()


def test_the_correction_form_preselects_no_level(world, laocai, login):
    """D15: "Hoàn thành xuất sắc nhiệm vụ" was preselected; an empty choice is refused."""
    _period, evaluations = laocai
    decision = Decision.objects.get(evaluation=evaluations[1])
    client = login("authority")
    url = reverse("decisions:correct", args=[decision.pk])
    page = client.get(url).content.decode()
    select = page.split('name="rating"')[1].split("</select>")[0]
    assert select.count("selected") == 1 and 'value="" selected' in select
    assert "— Chọn xếp loại —" in page
    response = client.post(url, {"rating": "", "reason": "Rà soát lại"})
    assert response.status_code == 200
    assert Decision.objects.filter(evaluation=evaluations[1]).count() == 1
