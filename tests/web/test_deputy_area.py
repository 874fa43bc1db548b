"""A deputy's area (SPEC §8.2; issue 15 item 5): the unit conditions judged on the sub-units in
their charge, the whole unit when none is recorded."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from danhgia.decisions.rating import run_rating
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import LeadershipRole
from tests.web import factories as f

from .test_decisions_rating import evaluation, submit_dossier, task


@pytest.fixture
def period(world):
    return f.make_period()


@pytest.fixture
def deputy(world):
    world.colleague_a.leadership_role = LeadershipRole.DEPUTY
    world.colleague_a.save()
    return world.colleague_a


def _tasks(world, period):
    """Division A1 completes all 4 of its tasks; the rest of unit A 2 of 6 (unit: 6 of 10)."""
    head = world.users["unit_head"]
    for _ in range(4):
        task(world.member_a1, period, assigner=head)
    for n in range(6):
        task(world.official_a, period, done=n < 2, assigner=head)
    submit_dossier(world.unit_a, period, datetime(2026, 10, 1, tzinfo=UTC))


def test_without_an_area_the_deputy_is_judged_on_the_whole_unit(world, period, deputy):
    ev = evaluation(deputy, period, "85")
    _tasks(world, period)
    result = run_rating(period, Evaluation.objects.filter(pk=ev.pk)).proposals[0].result
    assert result.rating == "KHTNV"
    assert result.reasons[-1] == "Đơn vị hoàn thành 6/10 nhiệm vụ (60 %) < 70 % → KHTNV"


def test_a_deputy_in_charge_of_a_division_is_judged_on_it(world, period, deputy):
    deputy.area_units.add(world.division_a1)
    ev = evaluation(deputy, period, "85")
    _tasks(world, period)
    run = run_rating(period, Evaluation.objects.filter(pk=ev.pk))
    result = run.proposals[0].result
    # the area (4 of 4) meets the unit conditions; the collective (unit A, 6 of 10) caps a
    # deputy at HTTNV, which the band already is: nothing lowers the rating
    assert result.rating == "HTTNV"
    assert [r.code for r in result.reasons] == ["band"]
    assert run.units[f"area-{deputy.pk}"].tasks_total == 4


def test_an_area_outside_the_unit_is_ignored_and_the_page_shows_the_area(
    world, period, deputy, login
):
    deputy.area_units.add(world.division_a1, world.unit_b)
    ev = evaluation(deputy, period, "85")
    _tasks(world, period)
    run = run_rating(period, Evaluation.objects.filter(pk=ev.pk))
    assert run.units[f"area-{deputy.pk}"].tasks_total == 4  # unit B's tasks are not counted
    page = login("unit_head").get(reverse("organisation:official_detail", args=[deputy.pk]))
    assert "Đơn vị, lĩnh vực phụ trách" in page.content.decode()
    assert world.division_a1.name in page.content.decode()
