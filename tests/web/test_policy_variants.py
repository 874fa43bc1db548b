"""The policy variants of SPEC §15 in the web application (issue 15, item 2).

Part A "not applicable" under ``general_not_applicable: rescale``: the self-assessment offers it,
stores it, and the stored scores are the engine's.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from danhgia.audit.models import AuditEntry
from danhgia.engine import load_policy
from danhgia.evaluations.errors import EvaluationError
from danhgia.evaluations.models import CriterionEntry
from danhgia.evaluations.scoring import entries_of, rules_for, score_evaluation_rows
from danhgia.evaluations.services import RowInput, SelfAssessment, save_draft
from danhgia.rules.models import PolicyVersion
from tests.web import factories as f

from .evaluation_data import filled_values, form_post


def variant_policy(code: str = "variant-2026", **changes) -> PolicyVersion:
    """A policy version like lamdong-2026 with some keys changed (a province's own file)."""
    content = {**load_policy("lamdong-2026").raw, "id": code, **changes}
    return PolicyVersion.objects.create(code=code, version=1, content=content)


@pytest.fixture
def rescale_period(world):
    variant_policy(general_not_applicable="rescale")
    return f.make_evaluation_period(world.unit_a.block, policy_code="variant-2026")


@pytest.fixture
def rescale_evaluation(world, rescale_period):
    return f.make_evaluation(world.official_a, rescale_period, approved_by=world.users["unit_head"])


def _rows(evaluation, **changes) -> SelfAssessment:
    """Every row filled as ``filled_values`` fills the form, some replaced."""
    from danhgia.evaluations.forms import parse_number

    framework = rules_for(evaluation).framework
    rows = {}
    for code, value in filled_values(framework).items():
        criterion = framework.criterion(code)
        if criterion.part == "A":
            rows[code] = RowInput(met=value)
        elif criterion.measure == "category":
            rows[code] = RowInput(category=value)
        elif criterion.measure == "level":
            rows[code] = RowInput(level=value)
        else:
            rows[code] = RowInput(actual=parse_number(value))
    rows.update(changes)
    return SelfAssessment(rows)


def test_part_a_not_applicable_is_stored_and_part_a_rescaled(world, rescale_evaluation):
    evaluation = rescale_evaluation
    data = _rows(
        evaluation,
        **{"A.1.1": RowInput(not_applicable=True), "A.2.1": RowInput(met=False)},
    )
    save_draft(evaluation, data, evaluation.lock_version, world.users["official"])
    evaluation.refresh_from_db()
    row = CriterionEntry.objects.get(evaluation=evaluation, code="A.1.1")
    assert (row.not_applicable, row.met, row.points) == (True, None, None)
    # the engine's own numbers: A.3.2 and A.2.1 not met (3 points), A.1.1 (2) not applicable
    scoring = score_evaluation_rows(evaluation, entries_of(evaluation))
    assert scoring.complete, scoring.missing
    expected = Decimal(25) * 30 / 28
    assert evaluation.self_part_a == expected.quantize(Decimal("0.01")) == Decimal("26.79")
    assert scoring.part_a == evaluation.self_part_a
    assert evaluation.self_total == evaluation.self_part_a + evaluation.self_part_b
    entry = AuditEntry.objects.filter(action="evaluation.saved").latest("id")
    assert entry.after["A.1.1"]["not_applicable"] is True


def test_part_a_not_applicable_is_refused_under_the_shipped_policies(world):
    period = f.make_evaluation_period(world.unit_a.block)
    evaluation = f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])
    data = SelfAssessment({"A.1.1": RowInput(not_applicable=True)})
    with pytest.raises(EvaluationError, match=r"A\.1\.1: chính sách của kỳ không cho phép"):
        save_draft(evaluation, data, evaluation.lock_version, world.users["official"])
    assert not CriterionEntry.objects.filter(evaluation=evaluation, not_applicable=True).exists()


def test_the_form_offers_not_applicable_on_part_a_only_when_the_policy_allows(
    world, login, rescale_evaluation
):
    client = login("official")
    url = reverse("evaluations:self_assessment", args=[rescale_evaluation.pk])
    page = client.get(url).content.decode()
    assert 'name="A_1_1-met" value="na"' in page
    data = form_post(rescale_evaluation, filled_values(rules_for(rescale_evaluation).framework))
    data["A_1_1-met"] = "na"
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    row = CriterionEntry.objects.get(evaluation=rescale_evaluation, code="A.1.1")
    assert row.not_applicable is True and row.met is None
    rescale_evaluation.refresh_from_db()
    # A.3.2 not met (filled_values): 26 of 28 applicable → 27,86 (SPEC §15's ATTECH example)
    assert rescale_evaluation.self_part_a == Decimal("27.86")


def test_the_shipped_policy_form_has_no_part_a_not_applicable(world, login):
    period = f.make_evaluation_period(world.unit_a.block)
    evaluation = f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])
    page = (
        login("official")
        .get(reverse("evaluations:self_assessment", args=[evaluation.pk]))
        .content.decode()
    )
    assert 'name="A_1_1-met" value="na"' not in page
    assert 'name="A_1_1-met" value="1"' in page


# --- late_dossier: scale: working days late from the submission time --------------------------

SCALE = [
    {"working_days": 1, "pct": 80},
    {"working_days": 3, "pct": 60},
    {"working_days": 6, "pct": 0},
]


@pytest.fixture
def scale_period(world):
    variant_policy("scale-2026", late_dossier="scale", late_dossier_scale=SCALE)
    return f.make_period(policy_code="scale-2026")


def _rated(official, period, total):
    from danhgia.evaluations.choices import EvaluationState
    from danhgia.evaluations.models import Evaluation

    return Evaluation.objects.create(
        official=official,
        period=period,
        framework_version=f.framework("lamdong-2026-pl5"),
        state=EvaluationState.SELF_ASSESSED,
        self_total=Decimal(total),
    )


def _submit(unit, period, local: datetime):
    from danhgia.dossiers.models import Dossier

    Dossier.objects.create(unit=unit, period=period, submitted_at=timezone.make_aware(local))


@pytest.mark.parametrize(
    ("holidays", "days", "reason", "rating"),
    [
        ((), 6, "tính 0 % tổng điểm → 0,00 điểm", "KHTNV"),
        (((date(2026, 10, 7), "Nghỉ bù"),), 5, "tính 60 % tổng điểm → 54,90 điểm", "HTNV"),
    ],
)
def test_a_late_dossier_scales_the_total_by_working_days(
    world, scale_period, holidays, days, reason, rating
):
    from danhgia.decisions.rating import run_rating
    from danhgia.dossiers.lateness import dossier_lateness
    from danhgia.evaluations.models import Evaluation
    from danhgia.periods.models import Holiday

    for day, name in holidays:
        Holiday.objects.create(day=day, name=name)
    deadline = scale_period.deadlines.get(key="dossier").due_date
    assert deadline == date(2026, 10, 2)  # a Friday
    ev = _rated(world.official_a, scale_period, "91.5")
    # Monday 12/10 in the morning (local time): 5-9 and 12 October are working days
    _submit(world.unit_a, scale_period, datetime(2026, 10, 12, 8, 30))
    assert dossier_lateness(scale_period, [world.unit_a.pk]) == {world.unit_a.pk: ("late", days)}
    run = run_rating(scale_period, Evaluation.objects.filter(pk=ev.pk))
    result = run.proposals[0].result
    assert result.reasons[0] == f"Hồ sơ nộp chậm {days} ngày làm việc: {reason}"
    assert result.rating == rating


def test_the_shipped_policies_ignore_working_days(world):
    from danhgia.decisions.rating import run_rating
    from danhgia.evaluations.models import Evaluation

    period = f.make_period()
    ev = _rated(world.official_a, period, "91.5")
    _submit(world.unit_a, period, datetime(2026, 10, 12, 8, 30))
    run = run_rating(period, Evaluation.objects.filter(pk=ev.pk))
    assert [str(r) for r in run.proposals[0].result.reasons][-1] == (
        "Hồ sơ nộp chậm: hạ một mức → HTTNV"
    )


@pytest.mark.parametrize("count", [5, 30])
def test_the_scaled_run_takes_a_constant_number_of_queries(
    world, scale_period, count, django_assert_max_num_queries
):
    from danhgia.decisions.rating import run_rating
    from danhgia.evaluations.models import Evaluation
    from danhgia.periods.models import Holiday

    Holiday.objects.create(day=date(2026, 10, 7), name="Nghỉ bù")
    for official in f.make_officials(world.unit_a, count):
        _rated(official, scale_period, "91.5")
    _submit(world.unit_a, scale_period, datetime(2026, 10, 6, 9, 0))  # 2 working days late
    with django_assert_max_num_queries(11):  # the shipped policies: 9 (test_decisions_rating)
        run = run_rating(scale_period, Evaluation.objects.all())
    assert len(run.proposals) == count
    assert {p.result.reasons[0] for p in run.proposals} == {
        "Hồ sơ nộp chậm 2 ngày làm việc: tính 80 % tổng điểm → 73,20 điểm"
    }


# --- axis_maxima: proposed: the official proposes, the unit approves ---------------------------

PROPOSAL = {1: Decimal(30), 2: Decimal(10), 3: Decimal(15), 4: Decimal(15)}


@pytest.fixture
def proposed_evaluation(world):
    variant_policy("proposed-2026", axis_maxima="proposed")
    period = f.make_evaluation_period(world.unit_a.block, policy_code="proposed-2026")
    return f.make_evaluation(world.official_a, period)


def test_the_official_proposes_axis_maxima_and_the_unit_approves_them(world, proposed_evaluation):
    from danhgia.evaluations.targets import AxisValues, approve_targets, propose_targets

    evaluation = proposed_evaluation
    with pytest.raises(EvaluationError, match="Chưa đề xuất điểm tối đa của các trục"):
        approve_targets(evaluation, world.users["unit_head"])
    evaluation.refresh_from_db()
    propose_targets(
        evaluation, {}, evaluation.lock_version, world.users["official"], AxisValues(PROPOSAL, (1,))
    )
    evaluation.refresh_from_db()
    assert evaluation.axis_maxima == {"1": "30", "2": "10", "3": "15", "4": "15"}
    assert evaluation.main_axes == [1]
    entry = AuditEntry.objects.filter(action="evaluation.targets_proposed").latest("id")
    assert entry.after["axis_maxima"]["1"] == "30" and entry.before["axis_maxima"] == {}
    approve_targets(evaluation, world.users["unit_head"])
    evaluation.refresh_from_db()
    assert evaluation.state == "targets_approved"
    approved = AuditEntry.objects.filter(action="evaluation.targets_approved").latest("id")
    assert approved.after["main_axes"] == [1]
    # scored on the scaled maxima: B.1.1 (max 5 of 25 → 6 of 30), 3 of 5 → 3,6 points
    rules = rules_for(evaluation)
    assert rules.framework.criterion("B.1.1").max == 6
    assert rules.framework.axis(2).max == 10
    save_draft(
        evaluation,
        SelfAssessment({"B.1.1": RowInput(actual=Decimal(3))}),
        evaluation.lock_version,
        world.users["official"],
    )
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").points == Decimal("3.6")


@pytest.mark.parametrize(
    ("maxima", "main", "message"),
    [
        ({**PROPOSAL, 1: Decimal(35)}, (1,), "phải bằng 70 (hiện là 75)"),
        (PROPOSAL, (3,), "trục chính 3 (15 điểm) phải có điểm tối đa cao hơn trục 1 (30 điểm)"),
        (PROPOSAL, (), "Cần chọn ít nhất một trục chính"),
        ({1: Decimal(30), 2: Decimal(40)}, (1,), "Trục 3: chưa đề xuất điểm tối đa"),
    ],
)
def test_a_proposal_that_does_not_hold_is_refused(
    world, proposed_evaluation, maxima, main, message
):
    from danhgia.evaluations.targets import AxisValues, propose_targets

    evaluation = proposed_evaluation
    with pytest.raises(EvaluationError) as exc:
        propose_targets(
            evaluation,
            {},
            evaluation.lock_version,
            world.users["official"],
            AxisValues(maxima, main),
        )
    assert any(message in m for m in exc.value.messages), exc.value.messages
    evaluation.refresh_from_db()
    assert evaluation.axis_maxima == {}


def test_the_targets_page_proposes_axis_maxima(world, login, proposed_evaluation):
    from .test_evaluations_views import _targets_post

    client = login("official")
    url = reverse("evaluations:targets", args=[proposed_evaluation.pk])
    page = client.get(url).content.decode()
    assert 'name="axis-1-max"' in page and 'name="axis-4-main"' in page
    assert "Điểm tối đa của các trục và các trục chính" in page
    data = _targets_post(proposed_evaluation, {})
    data.update({"axis-1-max": "27,5", "axis-2-max": "12,5", "axis-3-max": "15"})
    data.update({"axis-4-max": "15", "axis-1-main": "on"})
    assert client.post(url, data).status_code == 302
    proposed_evaluation.refresh_from_db()
    assert proposed_evaluation.axis_maxima == {"1": "27.5", "2": "12.5", "3": "15", "4": "15"}
    page = client.get(url).content.decode()
    assert 'value="27,5"' in page
    # the criteria's maxima on the page follow the axis: B.1.1 5 × 27,5 ÷ 25 = 5,5
    assert ">5,5<" in page
    # a proposal that does not add up is refused with the engine's reason, in Vietnamese
    data = _targets_post(proposed_evaluation, {})
    data.update({"axis-1-max": "40", "axis-2-max": "10", "axis-3-max": "15", "axis-4-max": "15"})
    data["axis-1-main"] = "on"
    page = client.post(url, data, follow=True).content.decode()
    assert "tổng điểm tối đa đề xuất của các trục phải bằng 70 (hiện là 80)" in page
    proposed_evaluation.refresh_from_db()
    assert proposed_evaluation.axis_maxima["1"] == "27.5"


def test_a_fixed_policy_shows_no_axis_proposal(world, login):
    period = f.make_evaluation_period(world.unit_a.block)
    evaluation = f.make_evaluation(world.official_a, period)
    page = login("official").get(reverse("evaluations:targets", args=[evaluation.pk]))
    assert 'name="axis-1-max"' not in page.content.decode()


def test_the_dossier_page_says_how_many_working_days_late(world, scale_period, login):
    from danhgia.periods.models import Holiday

    Holiday.objects.create(day=date(2026, 10, 7), name="Nghỉ bù")
    _submit(world.unit_a, scale_period, datetime(2026, 10, 12, 8, 30))
    url = reverse("dossiers:dossier", args=[scale_period.pk, world.unit_a.pk])
    page = login("unit_head").get(url).content.decode()
    assert "chậm 5 ngày làm việc" in page


def test_the_workbook_carries_part_a_not_applicable(world, login, rescale_evaluation, tmp_path):
    from tests.web import tasks_world

    from .test_evaluations_workbook import confirm, download, fill, preview, put

    with tasks_world.private_storage_at(tmp_path):
        client = login("official")
        workbook = download(client, rescale_evaluation)
        fill(workbook, rescale_evaluation, filled_values(rules_for(rescale_evaluation).framework))
        put(workbook, "A.1.1", "result", "Không áp dụng")
        page = preview(client, rescale_evaluation, workbook)
        assert [str(p) for p in page.context["problems"]] == []
        assert confirm(client, rescale_evaluation, page).status_code == 302
    row = CriterionEntry.objects.get(evaluation=rescale_evaluation, code="A.1.1")
    assert (row.not_applicable, row.met) == (True, None)
    rescale_evaluation.refresh_from_db()
    assert rescale_evaluation.self_part_a == Decimal("27.86")
    # downloaded again, the cell says so
    with tasks_world.private_storage_at(tmp_path):
        again = download(login("official"), rescale_evaluation)
    from danhgia.evaluations.workbook import COLUMN, SHEET

    from .test_evaluations_workbook import row_of

    sheet = again[SHEET]
    assert sheet.cell(row=row_of(sheet, "A.1.1"), column=COLUMN["result"]).value == "Không áp dụng"
