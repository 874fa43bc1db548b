"""A whole quarter for one demo department (Sở Tài chính and its divisions), in a real browser.

Steps that would only repeat themselves on screen are taken through the services (the other
members' self-assessments, verifications, reviews and appraisals, the dossiers); one of each is
driven through the pages: ``canbo`` self-assesses, ``truongdonvi`` confirms canbo's task results
and reviews them, ``thamdinh`` appraises a division's deputy, ``thuongvu`` rates the quarter,
where the quota (20 % of 3 → 1) cuts one of the two division deputies at 100 and 98 points,
decides after the confirmation and publishes, and ``canbo`` reads the published list.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from danhgia.decisions.models import Decision
from danhgia.decisions.services import DECIDABLE
from danhgia.dossiers.models import Dossier
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.scoring import rules_for
from danhgia.evaluations.services import RowInput, SelfAssessment, save_draft, submit
from danhgia.evaluations.targets import approve_targets, propose_targets
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.review.appraisal import save_appraisal
from danhgia.review.choices import Stage
from danhgia.review.review import save_review
from danhgia.review.sheets import load_sheet
from danhgia.review.stage_points import StageInput
from danhgia.review.verification import verify_person
from tests.browser.session import log_in
from tests.demo_day import STORY_TODAY_TEXT

pytestmark = pytest.mark.django_db(transaction=True)

DEPARTMENT = "so-tai-chinh"
#: the two division deputies whose divisions have no tasks: both can reach HTXSNV
WINNER_UNIT = f"{DEPARTMENT}-van-phong"
CUT_UNIT = f"{DEPARTMENT}-phong-tai-chinh-doanh-nghiep"
ON_TIME = datetime(2026, 10, 1, 2, 0, tzinfo=UTC)  # before the dossier deadline (02/10/2026)


@pytest.fixture
def demo(transactional_db, private_media):
    call_command("seed_demo", small=True, today=STORY_TODAY_TEXT, verbosity=0)


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _fresh(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_related("official__unit", "official__user").get(
        pk=evaluation.pk
    )


def _stage(evaluation: Evaluation, stage: str) -> StageInput:
    return StageInput(points=load_sheet(evaluation, stage).initial_points())


def _leader(evaluation: Evaluation, users: dict):
    """The department's leadership acts for its people; for its head, the administrator."""
    return users["admin"] if evaluation.official.user == users["director"] else users["director"]


def _self_assess(evaluation: Evaluation, users: dict, missed: tuple[str, ...] = ()) -> None:
    """Targets approved, every criterion at its target (``missed`` part A rows not met)."""
    if evaluation.state == EvaluationState.DRAFT:
        propose_targets(evaluation, {}, evaluation.lock_version, None)  # as stored
        evaluation.refresh_from_db()
        approve_targets(evaluation, _leader(evaluation, users))
        evaluation.refresh_from_db()
    framework = rules_for(evaluation).framework
    entries = {e.code: e for e in evaluation.entries.all()}
    rows = {}
    for criterion in framework.criteria:
        entry = entries[criterion.code]
        if criterion.part == "A":
            rows[criterion.code] = RowInput(met=criterion.code not in missed)
        elif criterion.measure in ("ratio", "reduction"):
            rows[criterion.code] = RowInput(actual=entry.target_low)
        elif criterion.measure == "category":
            rows[criterion.code] = RowInput(category=criterion.categories[0][0])
        elif criterion.measure == "level":
            rows[criterion.code] = RowInput(level=1)
        else:
            rows[criterion.code] = RowInput(use_tasks=True)
    save_draft(evaluation, SelfAssessment(rows), evaluation.lock_version, None)
    submit(evaluation, None)


def _verify(evaluation: Evaluation, period: Period, users: dict) -> None:
    """The assigning sides confirm the person's tasks: the department's leadership, the agency."""
    for user in (_leader(evaluation, users), users["agency"]):
        if _fresh(evaluation).state != EvaluationState.SELF_ASSESSED:
            return
        with contextlib.suppress(PermissionDenied):  # not an assigning side of this person
            verify_person(evaluation.official, period, user)


def _to_review(evaluation: Evaluation, period: Period, users: dict, missed=()) -> None:
    """Through the services, as far as the unit's review."""
    evaluation = _fresh(evaluation)
    if evaluation.state in (EvaluationState.DRAFT, EvaluationState.TARGETS_APPROVED):
        _self_assess(evaluation, users, missed)
    _verify(evaluation, period, users)
    evaluation = _fresh(evaluation)
    if evaluation.state == EvaluationState.VERIFIED:
        review = _stage(evaluation, Stage.REVIEW)
        save_review(evaluation, review, _leader(evaluation, users), finish=True)


def _department(period: Period):
    unit = Unit.objects.get(code=DEPARTMENT)
    evaluations = list(
        Evaluation.objects.filter(period=period, official__unit__path__startswith=unit.path)
        .select_related("official__unit", "official__user")
        .order_by("pk")
    )
    return unit, evaluations


def test_a_whole_quarter_for_one_department(demo, live_server, page: Page):
    base = live_server.url
    period = Period.objects.get(year=2026, quarter=3)
    users = {
        "director": _user("truongdonvi"),
        "admin": _user("quantri"),
        "agency": _user("cqchutri"),
        "appraiser": _user("thamdinh"),
    }
    unit, evaluations = _department(period)
    canbo = next(e for e in evaluations if e.official.user and e.official.user.username == "canbo")
    winner, cut = (
        next(
            e
            for e in evaluations
            if e.official.unit.code == code and e.official.leadership_role == "deputy"
        )
        for code in (WINNER_UNIT, CUT_UNIT)
    )
    others = [e for e in evaluations if e.pk != canbo.pk and e.state != EvaluationState.DEFERRED]

    # Everyone but canbo, through the services, as far as the unit's review (cut: 98 points).
    for evaluation in others:
        _to_review(evaluation, period, users, missed=("A.3.2",) if evaluation == cut else ())

    # Every irreversible button asks first (forms.js): the user accepts each question, and
    # each question says what follows.
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))

    # Step 2, canbo in the browser.
    log_in(page, base, "canbo")
    page.locator(".home__self").get_by_role("link", name="Mở bản tự đánh giá").click()
    expect(page.get_by_role("heading", name="BẢN TỰ ĐÁNH GIÁ, XẾP LOẠI")).to_be_visible()
    page.evaluate(
        """() => {
        document.querySelectorAll("input[type=radio][name$='-met'][value='1']")
            .forEach((radio) => { radio.checked = true; });
        document.querySelectorAll("input[name$='-actual']")
            .forEach((input) => { input.value = "100"; });
        document.querySelectorAll("input[type=radio][name$='-level'][value='1']")
            .forEach((radio) => { radio.checked = true; });
        document.querySelectorAll("select[name$='-category']")
            .forEach((select) => { select.selectedIndex = 1; });
    }"""
    )
    page.get_by_role("button", name="Nộp bản tự đánh giá").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp bản tự đánh giá")
    assert _fresh(canbo).state == EvaluationState.SELF_ASSESSED
    assert questions[-1].startswith("Nộp bản tự đánh giá?")

    # Step 3a: the department's leadership confirms canbo's tasks in the browser, the
    # province's agency confirms its own task of canbo through the service.
    log_in(page, base, "truongdonvi")
    page.goto(f"{base}/xet-duyet/{period.pk}/xac-nhan/")
    page.locator(f"#nguoi-{canbo.official_id}").get_by_role(
        "button", name="Xác nhận cho người này"
    ).click()
    expect(page.locator(".messages")).to_contain_text("Đã xác nhận")
    _verify(canbo, period, users)
    assert _fresh(canbo).state == EvaluationState.VERIFIED

    # Step 3b: canbo's review in the browser; the dossiers of the department, on time.
    page.goto(f"{base}/xet-duyet/phieu/{canbo.pk}/xem-xet/")
    page.get_by_role("button", name="Lưu và hoàn thành bước xem xét").click()
    expect(page.locator(".messages")).to_contain_text("Đã hoàn thành bước nhận xét")
    assert _fresh(canbo).state == EvaluationState.REVIEWED
    # (recorded as submitted: the dossier's components are not the subject of this walk)
    for dossier_unit in Unit.objects.filter(path__startswith=unit.path):
        Dossier.objects.create(
            unit=dossier_unit, period=period, submitted_at=ON_TIME, submitted_by=users["director"]
        )

    # Step 3c: the appraisal (the winner's in the browser).
    for evaluation in [canbo, *others]:
        evaluation = _fresh(evaluation)
        if evaluation.pk != winner.pk and evaluation.state == EvaluationState.REVIEWED:
            appraisal = _stage(evaluation, Stage.APPRAISAL)
            save_appraisal(evaluation, appraisal, users["appraiser"], finish=True)
    log_in(page, base, "thamdinh")
    page.goto(f"{base}/xet-duyet/phieu/{winner.pk}/tham-dinh/")
    page.get_by_role("button", name="Lưu và hoàn thành thẩm định").click()
    expect(page.locator(".messages")).to_contain_text("thẩm định")
    states = Evaluation.objects.filter(pk__in=[e.pk for e in evaluations])
    assert set(states.values_list("state", flat=True)) <= {
        EvaluationState.APPRAISED,
        EvaluationState.DEFERRED,
    }

    # Step 4: the authority rates the department's groups and decides.
    log_in(page, base, "thuongvu")
    # the department's people and the People's Council's, appraised by the demo (demo_history)
    ready = Evaluation.objects.filter(period=period, state__in=DECIDABLE).count()
    assert ready > len(evaluations)
    expect(page.locator(".home__due")).to_contain_text(f"{ready} phiếu chờ quyết định")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Quyết định").click()
    page.get_by_role("link", name=str(period)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xếp loại và quyết định")
    # One comparison group at a time: the authority picks the deputies' group.
    picker = page.locator("#group-picker")
    if picker.get_by_role("link", name=re.compile("Phó Trưởng")).count():
        picker.get_by_role("link", name=re.compile("Phó Trưởng")).click()
    group = page.locator(".group", has=page.get_by_role("heading", name=re.compile("Phó Trưởng")))
    expect(group).to_contain_text("Tối đa được HTXSNV: 1")
    expect(page.locator(f"#row-{cut.pk}")).to_contain_text(
        "Ngoài tỷ lệ HTXSNV của nhóm: tối đa 1 trên 3 người"
    )
    expect(page.locator(f"#row-{winner.pk}")).to_contain_text("100,00 điểm → HTXSNV")
    expect(page.locator(f"#rating-{cut.pk}")).to_have_value("HTTNV")
    page.get_by_role("button", name="Xem lại trước khi quyết định").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xác nhận quyết định")
    expect(page.locator(f"#confirm-{cut.pk}")).to_contain_text("HTTNV")
    page.get_by_role("button", name="Xác nhận quyết định").click()
    expect(page.locator(".messages")).to_contain_text("Đã quyết định xếp loại")
    ratings = dict(Decision.objects.values_list("evaluation_id", "rating"))
    assert ratings[winner.pk] == "HTXSNV"
    assert ratings[cut.pk] == "HTTNV"
    assert _fresh(cut).state == EvaluationState.DECIDED
    # The department's other groups: the page opens on the next group with people waiting.
    waiting = Evaluation.objects.filter(
        pk__in=[e.pk for e in evaluations],
        state__in=(EvaluationState.APPRAISED, EvaluationState.DEFERRED),
    )
    for _group in range(5):
        if not waiting.exists():
            break
        page.goto(f"{base}{reverse('decisions:decide', args=[period.pk])}")
        page.get_by_role("button", name="Xem lại trước khi quyết định").click()
        page.get_by_role("button", name="Xác nhận quyết định").click()
        expect(page.locator(".messages")).to_contain_text("Đã quyết định xếp loại")
    assert not waiting.exists()

    # Step 5: the department's results published, read by canbo.
    scope = page.get_by_label("Phạm vi (gồm các đơn vị trực thuộc)")
    scope.select_option(label="— " * unit.depth + unit.name)
    page.get_by_role("button", name="Công khai kết quả").click()
    expect(page.locator(".messages")).to_contain_text("Đã công khai")
    assert "không rút lại được" in questions[-1]
    assert _fresh(winner).state == EvaluationState.PUBLISHED

    log_in(page, base, "canbo")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Kết quả"
    ).click()
    page.get_by_role("link", name=str(period)).click()
    results = page.locator("#results")
    winner_row = results.locator(
        "tr", has_text=Official.objects.get(pk=winner.official_id).full_name
    )
    expect(winner_row).to_contain_text("HTXSNV")
    expect(winner_row).to_contain_text("Văn phòng")
    expect(results).not_to_contain_text("100,00")  # the policy does not publish the scores
