"""What waits for each role on the home page, with counts (SPEC §10), and the navigation."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import Role
from danhgia.tasks.models import Task

from . import factories as f
from .decision_data import make_quarter


def _home(client) -> str:
    return client.get(reverse("core:home")).content.decode()


def test_the_authority_sees_how_many_wait_for_a_decision(world, login):
    quarter = make_quarter(world)
    page = _home(login("authority"))
    assert "5 phiếu chờ quyết định" in page
    assert reverse("decisions:decide", args=[quarter.period.pk]) in page
    assert "0 kết quả đã quyết định, chờ công khai" in page


def test_the_appraiser_and_the_unit_leadership_see_their_counts(world, login):
    quarter = make_quarter(world)
    Evaluation.objects.filter(pk__in=[e.pk for e in quarter.evaluations[:2]]).update(
        state=EvaluationState.REVIEWED
    )
    Evaluation.objects.filter(pk=quarter.evaluations[2].pk).update(state=EvaluationState.VERIFIED)
    assert "2 phiếu chờ thẩm định" in _home(login("appraiser"))
    Evaluation.objects.filter(pk=quarter.evaluations[3].pk).update(
        state=EvaluationState.SELF_ASSESSED
    )
    leader = _home(login("unit_head"))
    assert "1 phiếu chờ nhận xét, đề xuất xếp loại" in leader
    assert "1 phiếu chờ xác nhận kết quả nhiệm vụ" in leader
    assert reverse("review:verification", args=[quarter.period.pk]) in leader


def test_counts_stay_within_the_scope(world, client):
    make_quarter(world)
    other = f.make_user("authority-b")
    f.assign_role(other, Role.AUTHORITY, world.unit_b)
    client.force_login(other)
    assert "0 phiếu chờ quyết định" in _home(client)


def test_an_assigning_agency_sees_the_reported_tasks_to_confirm(world, client):
    quarter = make_quarter(world)
    agency = f.make_user("agency")
    f.assign_role(agency, Role.ASSIGNING_AGENCY, world.root)
    for state in ("reported", "reported", "assigned"):
        f.make_task(world.official_a, quarter.period, world.root, agency, state=state)
    f.make_task(world.colleague_a, quarter.period, world.root, agency, state="verified")
    client.force_login(agency)
    assert "3 nhiệm vụ của 1 người chưa được xác nhận kết quả" in _home(client)


def test_the_home_count_of_tasks_to_confirm_is_what_the_lists_show(world, client):
    """#12, D24: the home page said "4 nhiệm vụ … chờ xác nhận" (then 6) while the review
    worklist said "2 nhiệm vụ của 2 người" and the filtered list showed 2, then nobody."""
    quarter = make_quarter(world)
    agency = f.make_user("agency")
    f.assign_role(agency, Role.ASSIGNING_AGENCY, world.root)
    made = [
        f.make_task(world.official_a, quarter.period, world.root, agency, state="reported"),
        f.make_task(world.colleague_a, quarter.period, world.root, agency, state="reported"),
    ]
    # reported but not counted this quarter (due after the cut-off, not done): not waiting
    late = f.make_task(world.official_a, quarter.period, world.root, agency, state="reported")
    Task.objects.filter(pk=late.pk).update(
        due_date=quarter.period.results_cutoff + timedelta(days=30), completed_on=None
    )
    client.force_login(agency)
    home = _home(client)
    assert "2 nhiệm vụ của 2 người chưa được xác nhận kết quả" in home
    url = reverse("review:verification", args=[quarter.period.pk])
    worklist = client.get(reverse("review:review_index"), {"ky": quarter.period.pk})
    assert "2 nhiệm vụ của 2 người chưa được xác nhận." in worklist.content.decode()
    listed = client.get(url, {"cho": "1"}).context["page"].object_list
    assert {p.pk for p in listed} == {world.official_a.pk, world.colleague_a.pk}
    Task.objects.filter(pk__in=[t.pk for t in made]).update(state="verified")
    assert "0 nhiệm vụ của 0 người chưa được xác nhận kết quả" in _home(client)
    assert not client.get(url, {"cho": "1"}).context["page"].object_list


def test_the_navigation_follows_the_roles(world, login):
    official = _home(login("official"))
    assert ">Kết quả<" in official
    assert ">Quyết định<" not in official and ">Nhật ký<" not in official
    authority = _home(login("authority"))
    assert ">Quyết định<" in authority and ">Nhật ký<" not in authority
    appraiser = _home(login("appraiser"))
    assert ">Nhật ký<" in appraiser and ">Quyết định<" not in appraiser
    admin = _home(login("admin"))
    assert ">Quyết định<" in admin and ">Nhật ký<" in admin
