"""The demo reaches every step of the quarter (steps 3a-3c of the issue's demo item)."""

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from danhgia import access
from danhgia.core import demo_data
from danhgia.core.demo import seed_demo
from danhgia.core.demo_review import USERNAME, seed_demo_review
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import Role
from danhgia.periods.models import Period
from danhgia.review.models import StageScore
from danhgia.review.verification import verify_person
from danhgia.tasks.choices import TaskState
from danhgia.tasks.models import Task
from tests.demo_day import STORY_TODAY
from tests.web import once

# The small demo is seeded once for the module (tests/web/once.py); each test in a savepoint.
shared_province = once.module_world(lambda request: seed_demo(small=True, today=STORY_TODAY))


@pytest.fixture
def province(request, shared_province, db, tmp_path):
    yield from once.fresh_copy(request, shared_province, tmp_path)


def test_the_demo_has_an_assigning_agency_with_tasks_to_confirm(province):
    agency = authenticate(username=USERNAME, password=demo_data.DEMO_PASSWORD)
    assert agency is not None
    assert [s.role for s in access.scopes(agency)] == [Role.ASSIGNING_AGENCY]
    tasks = Task.objects.filter(assigned_by=agency).select_related("lead__unit")
    assert tasks.count() == 2
    assert {t.state for t in tasks} == {TaskState.REPORTED}
    assert {t.lead.unit.code for t in tasks} == {"so-noi-vu"}  # not Sở Tài chính's figures


def test_the_submitted_deputy_waits_only_for_the_unit_to_confirm(province):
    """Sở Tài chính's tasks were assigned by its leadership, which moves the deputy on."""
    period = Period.objects.get(year=2026, quarter=3)
    evaluation = Evaluation.objects.get(
        period=period, official__unit__code="so-tai-chinh", state=EvaluationState.SELF_ASSESSED
    )
    director = authenticate(username="truongdonvi", password=demo_data.DEMO_PASSWORD)
    assert verify_person(evaluation.official, period, director).moved


def test_seeding_the_review_demo_again_changes_nothing(province):
    before = (Task.objects.count(), StageScore.objects.count())
    assert seed_demo_review() is False
    seed_demo(small=True, today=STORY_TODAY)
    assert (Task.objects.count(), StageScore.objects.count()) == before


def test_every_demo_account_opens_the_review_pages_it_is_given(province, client):
    period = Period.objects.get(year=2026, quarter=3)
    for username in ("truongdonvi", "thamdinh", USERNAME, "quantri"):
        assert client.login(username=username, password=demo_data.DEMO_PASSWORD)
        assert client.get(reverse("review:review_index")).status_code == 200, username
        client.logout()
    client.login(username=USERNAME, password=demo_data.DEMO_PASSWORD)
    page = client.get(reverse("review:verification", args=[period.pk])).content.decode()
    assert "Xác nhận cho người này" in page
    client.logout()
    client.login(username="truongdonvi", password=demo_data.DEMO_PASSWORD)
    page = client.get(reverse("review:verification", args=[period.pk])).content.decode()
    assert "Phạm Thu Lan" in page or "canbo" in page or "Xác nhận cho người này" in page
