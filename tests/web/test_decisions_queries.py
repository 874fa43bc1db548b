"""Query counts of the decision, results, stages and audit pages do not grow with the number of
people (SPEC §14 "Scale"): the same bound holds for 5 and for 50."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danhgia.decisions.publication import publish
from danhgia.decisions.services import decide, decision_run
from danhgia.evaluations.models import Evaluation
from danhgia.review.choices import Stage

from . import factories as f
from .decision_data import appraise, dossiers_on_time, stage_score

# Session, user, role assignments (and own official) + the page's own queries.
BOUNDS = {
    # the rating run (9: plain rows, stage totals joined; the instances in one query)
    # + stage scores, decisions, group names, open tasks + the group picker; + the confirmed
    # force majeure (issue 15)
    "decide": 19,
    "decide_preview": 19,
    "decide_group": 21,  # the run's instances, scope, locks, quota, 5 writes, accountability, audit
    "decide_index": 6,
    "decided": 14,  # + publish and archive choices, what the user may correct, publications
    "results": 9,
    "stages": 8,
    # + the blocks and rules versions the page names by code (one query per kind, when present)
    "audit_log": 9,
    "home": 7,
}


def _grow(world, size: int):
    period = f.make_evaluation_period(world.unit_a.block)
    people = f.make_officials(world.unit_a, size)
    version = f.framework("lamdong-2026-pl5")
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(official=o, period=period, framework_version=version) for o in people
    )
    for n, evaluation in enumerate(evaluations):
        appraise(evaluation, str(70 + n % 25))
        stage_score(evaluation, Stage.REVIEW, str(70 + n % 25), "HTTNV", world.users["unit_head"])
    dossiers_on_time(period, world.unit_a)
    return period


def _decided(world, size: int, *, published: bool = False):
    period = _grow(world, size)
    authority = world.users["authority"]
    decide(decision_run(period, authority), authority)
    if published:
        publish(period, world.root, authority)
    return period


@pytest.mark.parametrize("size", [5, 50])
def test_the_rating_run_page_and_its_preview(world, login, django_assert_max_num_queries, size):
    period = _grow(world, size)
    client = login("authority")
    url = reverse("decisions:decide", args=[period.pk])
    with django_assert_max_num_queries(BOUNDS["decide"]):
        response = client.get(url)
    assert response.content.decode().count('name="pick"') == size
    data = {"action": "preview", "pick": [str(e.pk) for e in Evaluation.objects.all()]}
    with django_assert_max_num_queries(BOUNDS["decide_preview"]):
        response = client.post(url, data)
    assert "Xác nhận quyết định" in response.content.decode()
    with django_assert_max_num_queries(BOUNDS["decide_index"]):
        assert client.get(reverse("decisions:decide_index")).status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_the_decided_list(world, login, django_assert_max_num_queries, size):
    period = _decided(world, size)
    client = login("authority")
    with django_assert_max_num_queries(BOUNDS["decided"]):
        response = client.get(reverse("decisions:decided", args=[period.pk]))
    assert response.content.decode().count("Đính chính</a>") == min(size, 50)


@pytest.mark.parametrize("size", [5, 50])
def test_the_published_results(world, login, django_assert_max_num_queries, size):
    period = _decided(world, size, published=True)
    client = login("outsider")
    with django_assert_max_num_queries(BOUNDS["results"]):
        response = client.get(reverse("decisions:results", args=[period.pk]))
    assert response.content.decode().count("Trần Thị Mẫu") == min(size, 50)


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("persona", ["authority", "unit_head"])
def test_the_stages_side_by_side(world, login, django_assert_max_num_queries, size, persona):
    period = _decided(world, size)
    client = login(persona)
    with django_assert_max_num_queries(BOUNDS["stages"]):
        response = client.get(reverse("decisions:stages"), {"ky": period.pk})
    assert response.content.decode().count("Trần Thị Mẫu") == min(size, 50)


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("persona", ["admin", "appraiser"])
def test_the_audit_log(world, login, django_assert_max_num_queries, size, persona):
    _decided(world, size)
    client = login(persona)
    with django_assert_max_num_queries(BOUNDS["audit_log"]):
        response = client.get(reverse("audit:audit_log"))
    assert response.content.decode().count("Quyết định xếp loại") >= min(size, 40)


@pytest.mark.parametrize("size", [5, 50])
def test_the_authoritys_home(world, login, django_assert_max_num_queries, size):
    _grow(world, size)
    client = login("authority")
    with django_assert_max_num_queries(BOUNDS["home"]):
        response = client.get(reverse("core:home"))
    assert f"{size} phiếu chờ quyết định" in response.content.decode()


@pytest.mark.parametrize("size", [5, 50])
def test_deciding_a_group(world, django_assert_max_num_queries, size):
    """Deciding costs the same queries for 5 and 50 people (bulk writes), one audit entry each,
    the head's accountability judged for everyone (issue 9)."""
    from danhgia.audit.models import AuditEntry
    from danhgia.decisions.models import Accountability, Decision
    from danhgia.evaluations.choices import EvaluationState
    from danhgia.review.models import StageScore

    period = _grow(world, size)
    f.make_official(world.unit_a, role="head")
    StageScore.objects.filter(stage=Stage.REVIEW).update(proposed_rating="HTXSNV")
    authority = world.users["authority"]
    run = decision_run(period, authority)
    with django_assert_max_num_queries(BOUNDS["decide_group"]):
        decisions = decide(run, authority)
    assert len(decisions) == size
    assert Decision.objects.count() == size
    assert set(Evaluation.objects.values_list("state", flat=True)) == {EvaluationState.DECIDED}
    assert StageScore.objects.filter(stage=Stage.DECISION).count() == size
    assert AuditEntry.objects.filter(action="evaluation.decided").count() == size
    # The unit proposed HTXSNV for everyone: each one decided lower is the head's to answer for.
    lower = Decision.objects.exclude(rating="HTXSNV").count()
    assert lower > 0
    assert Accountability.objects.count() == lower
    assert AuditEntry.objects.filter(action="accountability.recorded").count() == lower
