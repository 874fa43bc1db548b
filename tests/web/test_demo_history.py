"""The demo's published quarters and an official's own results (issue 12, items 3 and 4).

The small demo is seeded once for the module for 30/11/2026 (tests/web/once.py): Q4/2026 open,
Q2/2026 and Q3/2026 decided, published and closed, with the special cases the demo promises.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danhgia.core.demo import seed_demo
from danhgia.core.demo_history import CORRECTION_REASON, LATE_UNIT, OVERRIDE_REASON
from danhgia.decisions.models import Accountability, Decision
from danhgia.decisions.own_results import own_results
from danhgia.decisions.services import decide, decision_run
from danhgia.dossiers.services import dossier_states
from danhgia.engine import DEFERRED, Rating
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.scoring import entries_of, score_evaluation_rows
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.review.choices import Stage
from tests.web import once

TODAY = date(2026, 11, 30)
S = EvaluationState

shared_province = once.module_world(lambda request: seed_demo(small=True, today=TODAY))


@pytest.fixture
def province(request, shared_province, db, tmp_path):
    yield from once.fresh_copy(request, shared_province, tmp_path)


def _user(username):
    return get_user_model().objects.get(username=username)


def _in_force(period):
    return Decision.objects.filter(evaluation__period=period, superseded_by__isnull=True)


def test_the_published_quarters_hold_every_special_case(province):
    q2, q3 = Period.objects.get(year=2026, quarter=2), Period.objects.get(year=2026, quarter=3)
    # a deferral: the deputy of Sở Nội vụ on sick leave through Q3
    deferred = _in_force(q3).get(rating=DEFERRED)
    assert deferred.evaluation.official.absences.filter(kind="sick_leave").exists()
    assert deferred.evaluation.deferral_case == "sick_leave"
    for period in (q2, q3):
        decisions = list(_in_force(period))
        # a quota cut in the strong group, by the engine's own reasons
        cut = [d for d in decisions if "quota_cut" in {r.code for r in d.reason_list()}]
        assert cut and {d.group_code for d in cut} >= {"pho-giam-doc-so"}
        assert all(d.rating != Rating.EXCELLENT.value for d in cut)
        # a late dossier, computed from the submission time against the policy's deadline
        late = Unit.objects.get(code=LATE_UNIT)
        assert dossier_states(period, [late.pk])[late.pk] == "late"
        # the head answers for the proposal the conditions did not support (canbo)
        record = Accountability.objects.get(
            decision__evaluation__period=period,
            decision__evaluation__official__user__username="canbo",
        )
        assert record.head.user.username == "truongdonvi"
        assert record.proposed_rating == Rating.EXCELLENT.value != record.decided_rating
    # an override, with its reason, below the engine
    override = _in_force(q3).exclude(override_reason="").get()
    assert override.override_reason == OVERRIDE_REASON
    ranks = [r.value for r in Rating]
    assert ranks.index(override.rating) > ranks.index(override.engine_rating)
    # a correction after publication: a new decision superseding the first
    correction = Decision.objects.get(evaluation__period=q3, supersedes__isnull=False)
    assert correction.correction_reason == CORRECTION_REASON
    assert correction.supersedes.rating != correction.rating
    assert not _in_force(q2).exclude(override_reason="").exists()


def test_the_decided_figures_are_the_engines(province):
    """Every stored rating equals what a fresh rating run of the same records computes."""
    q2 = Period.objects.get(year=2026, quarter=2)
    authority = _user("thuongvu")
    group = "pho-giam-doc-so"
    run = decision_run(q2, authority, group)
    decided = {d.evaluation_id: d for d in _in_force(q2).filter(group_code=group)}
    assert len(run.proposals) == len(decided) > 1
    for proposal in run.proposals:
        decision = decided[proposal.evaluation.pk]
        assert decision.engine_rating == str(proposal.result.rating)
        assert decision.total == proposal.score.total


def test_every_copied_form_scores_what_the_engine_computes_from_its_rows(province):
    """The bulk path's copies, in both frameworks of the demo and both published quarters."""
    copies = Evaluation.objects.filter(period__year=2026, period__quarter__in=(2, 3)).exclude(
        self_total=None
    )
    frameworks = set(copies.values_list("framework_version__code", flat=True))
    assert frameworks == {"lamdong-2026-pl5", "central-2026-pl3"}
    for code in frameworks:
        for evaluation in copies.filter(framework_version__code=code)[:15]:
            scoring = score_evaluation_rows(evaluation, entries_of(evaluation))
            assert (scoring.total, scoring.band) == (evaluation.self_total, evaluation.self_band)
            review = evaluation.stages.get(stage=Stage.REVIEW)
            assert review.total == evaluation.self_total


def test_the_official_sees_her_published_ratings_on_her_home_page(province, client):
    canbo = _user("canbo")
    results = own_results(canbo, canbo.official, Period.objects.get(year=2026, quarter=4))
    assert [str(r.evaluation.period) for r in results.published] == ["Quý III/2026", "Quý II/2026"]
    expected = {
        d.evaluation.period.quarter: d
        for d in Decision.objects.filter(evaluation__official=canbo.official, superseded_by=None)
    }
    for row in results.published:
        decision = expected[row.evaluation.period.quarter]
        assert row.decision == decision
        assert row.cells[-1].total == decision.total
    assert results.current.evaluation.state == S.TARGETS_APPROVED
    client.force_login(canbo)
    page = client.get(reverse("core:home")).content.decode()
    assert "Kết quả đánh giá của tôi" in page and "Quý III/2026" in page
    total = expected[3].total
    assert f"{total:.2f}".replace(".", ",") in page  # decimal comma
    assert f'rating--{expected[3].rating.lower()}"' in page
    official_page = client.get(reverse("organisation:official_detail", args=[canbo.official.pk]))
    assert "Các quý đã công khai" in official_page.content.decode()


def test_her_later_steps_stay_hidden_until_publication(province, client):
    """A council member appraised in the open quarter, then decided but not yet published."""
    q4 = Period.objects.get(year=2026, quarter=4)
    evaluation = (
        Evaluation.objects.filter(period=q4, state=S.APPRAISED, official__user__isnull=True)
        .select_related("official")
        .order_by("official__code")
        .first()
    )
    official = evaluation.official
    person = get_user_model().objects.create_user("uyvien", password="x")
    Official.objects.filter(pk=official.pk).update(user=person)
    official.refresh_from_db()
    review = evaluation.stages.get(stage=Stage.REVIEW)

    mine = own_results(person, official, q4)
    assert [c.stage for c in mine.current_cells] == ["self"]
    assert mine.hidden_later_steps
    # the appraiser reads every stage done so far
    theirs = own_results(_user("thamdinh"), official, q4)
    assert [c.stage for c in theirs.current_cells] == ["self", "review", "appraisal"]
    assert theirs.current_cells[1].total == review.total

    authority = _user("thuongvu")
    group = official.comparison_group.code
    decide(decision_run(q4, authority, group), authority)
    mine = own_results(person, official, q4)
    assert mine.current.evaluation.state == S.DECIDED
    assert [c.stage for c in mine.current_cells] == ["self"]  # decided, not published
    assert all(r.evaluation.period_id != q4.pk for r in mine.published)
    client.force_login(person)
    page = client.get(reverse("core:home")).content.decode()
    assert "hiện ở đây khi kết quả của quý được công khai" in page


def test_the_results_block_reads_a_fixed_number_of_queries(
    province, client, django_assert_max_num_queries
):
    canbo = _user("canbo")
    client.force_login(canbo)
    client.get(reverse("core:home"))  # warm the caches (rules, sessions)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("core:home")).status_code == 200
    q4 = Period.objects.get(year=2026, quarter=4)
    own_results(canbo, canbo.official, q4)  # warm the rules' caches
    with CaptureQueriesContext(connection) as three:
        assert len(own_results(canbo, canbo.official, q4).published) == 2
    # a published quarter more (Q4 decided and published): the same queries
    Evaluation.objects.filter(period=q4, official=canbo.official).update(state=S.PUBLISHED)
    with CaptureQueriesContext(connection) as four:
        assert len(own_results(canbo, canbo.official, q4).published) == 3
    assert len(three) == len(four) <= 5


def test_the_history_carries_the_storys_moments_and_names(province, client):
    """D26: a seeded submission's entry is at the seeded ``submitted_at``, not at the seeding;
    the accounts are named family name first; the history names people, not usernames."""
    from danhgia.audit.models import AuditEntry
    from danhgia.core.demo_times import DECIDED, PUBLISHED
    from danhgia.decisions.models import Publication

    canbo = _user("canbo")
    assert (canbo.last_name, canbo.first_name) == tuple(canbo.official.full_name.split(" ", 1))
    assert canbo.get_full_name() == canbo.official.full_name
    q3 = Period.objects.get(year=2026, quarter=3)
    evaluation = Evaluation.objects.get(period=q3, official__user=canbo)
    entries = AuditEntry.objects.filter(
        object_type="evaluations.evaluation", object_id=str(evaluation.pk)
    )
    submitted = entries.get(action="evaluation.submitted")
    assert submitted.created_at == evaluation.submitted_at
    assert submitted.actor_name == canbo.official.full_name
    stamps = {e.action: e.created_at for e in entries}
    order = ["evaluation.created", "evaluation.targets_approved", "evaluation.submitted"]
    order += ["evaluation.verified", "evaluation.reviewed", "evaluation.appraised"]
    order += ["evaluation.decided"]
    assert [stamps[a] for a in order] == sorted(stamps[a] for a in order)
    assert all(stamp.date() < TODAY for stamp in stamps.values())
    decided = stamps["evaluation.decided"]
    assert (decided.month, decided.day) == (DECIDED.month, DECIDED.day)  # Q3's own story
    assert evaluation.targets_approved_at == stamps["evaluation.targets_approved"]
    published = Publication.objects.filter(period=q3).first().published_at
    assert (published.month, published.day) == (PUBLISHED.month, PUBLISHED.day)
    client.force_login(canbo)
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    history = page[page.index("Lịch sử thay đổi") :]
    shown = timezone.localtime(evaluation.submitted_at).strftime("%d/%m/%Y %H:%M")
    assert f'<td class="nowrap">{shown}</td><td>{canbo.official.full_name}</td>' in history
    assert ">canbo<" not in history


def test_the_demo_accounts_have_mail_addresses_and_the_head_an_approver(province, client):
    """D22: notices go out by mail in the demo; the director's targets have an approver."""
    from danhgia.access import Action, can

    for username in ("canbo", "truongdonvi", "cqchutri", "thamdinh", "thuongvu", "lanhdaotinh"):
        assert _user(username).email == f"{username}@example.invalid"
    assert _user("cqchutri").get_full_name() == "Văn phòng Tỉnh ủy (cơ quan chủ trì)"
    head = _user("truongdonvi")
    current = Evaluation.objects.filter(official__user=head).order_by(
        "-period__year", "-period__quarter"
    )
    evaluation = current.first()
    approver = _user("lanhdaotinh")
    assert can(approver, evaluation, Action.APPROVE)
    assert not can(head, evaluation, Action.APPROVE)
    client.force_login(head)
    page = client.get(reverse("evaluations:targets", args=[evaluation.pk])).content.decode()
    assert f"Người duyệt: {approver.get_full_name()}" in page


def test_the_demo_has_targets_proposed_and_waiting_for_their_approval(province, client):
    """README: lanhdaotinh approves the director's targets and truongdonvi a member's; both
    proposals are saved (never-saved targets are not offered for approval, walk of 05/12)."""
    from danhgia.evaluations.targets import approve_targets, last_proposal

    head = _user("truongdonvi")
    evaluation = (
        Evaluation.objects.filter(official__user=head)
        .order_by("-period__year", "-period__quarter")
        .first()
    )
    assert evaluation.state == EvaluationState.DRAFT
    assert last_proposal(evaluation) is not None
    client.force_login(_user("lanhdaotinh"))
    page = client.get(reverse("evaluations:targets", args=[evaluation.pk])).content.decode()
    assert "Duyệt mục tiêu" in page
    members = [
        e
        for e in Evaluation.objects.filter(
            period=evaluation.period,
            official__unit__path__startswith=head.official.unit.path,
            state=EvaluationState.DRAFT,
        ).exclude(pk=evaluation.pk)
        if last_proposal(e) is not None
    ]
    assert len(members) == 2
    approved = approve_targets(members[0], head)
    assert approved.state == EvaluationState.TARGETS_APPROVED
