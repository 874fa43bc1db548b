"""Published results: read by the people of the published scope (name, post, unit, rating),
never another's unpublished evaluation (SPEC §6 step 5, §14)."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from danhgia.decisions.publication import publish
from danhgia.decisions.services import decide, decision_run
from danhgia.rules.models import PolicyVersion

from . import factories as f
from .decision_data import appraise, dossiers_on_time, make_quarter


@pytest.fixture
def quarter(world):
    quarter = make_quarter(world)
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    return quarter


def _results(client, quarter):
    return client.get(reverse("decisions:results", args=[quarter.period.pk])).content.decode()


def test_nothing_is_visible_before_publication(world, login, quarter):
    page = _results(login("official"), quarter)
    assert "chưa được công khai" in page
    assert world.colleague_a.full_name not in page


def test_the_people_of_the_scope_read_name_post_unit_and_rating(world, login, quarter):
    publish(quarter.period, world.unit_a, world.users["authority"])
    page = _results(login("official"), quarter)
    for official in (world.official_a, world.colleague_a, world.member_a1):
        assert official.full_name in page
    assert "Phòng 1, Sở A" in page  # the unit
    assert "Chuyên viên" in page  # the post
    assert "HTXSNV" in page and "Hoàn thành tốt nhiệm vụ" in page
    assert "95,00" not in page and "Tổng điểm" not in page  # the policy keeps scores private
    index = login("official").get(reverse("decisions:results_index")).content.decode()
    assert str(quarter.period) in index


def test_another_scope_does_not_see_a_units_publication(world, login, quarter):
    publish(quarter.period, world.unit_a, world.users["authority"])
    page = _results(login("outsider"), quarter)
    assert world.official_a.full_name not in page
    assert "chưa được công khai" in page


def test_a_province_wide_publication_is_read_across_the_province(world, login, quarter):
    publish(quarter.period, world.root, world.users["authority"])
    page = _results(login("outsider"), quarter)
    assert world.official_a.full_name in page


def test_an_unpublished_decision_in_the_same_scope_is_never_shown(world, login, quarter):
    publish(quarter.period, world.unit_a, world.users["authority"])
    late = f.make_official(world.unit_a, name="Hồ Văn Muộn", comparison_group=f.make_group())
    evaluation = appraise(f.make_evaluation(late, quarter.period), "85")
    dossiers_on_time(quarter.period, world.unit_a)
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority, evaluation_ids={evaluation.pk})
    assert "Hồ Văn Muộn" not in _results(login("official"), quarter)


def test_a_correction_after_publication_shows_the_rating_in_force(world, login, quarter):
    from danhgia.decisions.corrections import correct_decision
    from danhgia.decisions.models import Decision

    publish(quarter.period, world.unit_a, world.users["authority"])
    decision = Decision.objects.get(evaluation=quarter.evaluations[4])
    correct_decision(decision, "HTNV", "Sai sót", world.users["authority"])
    page = login("official").get(
        reverse("decisions:results", args=[quarter.period.pk]), {"xep_loai": "HTNV"}
    )
    assert quarter.evaluations[4].official.full_name in page.content.decode()
    assert world.official_a.full_name not in page.content.decode()


def test_scores_are_published_when_the_policy_says_so(world, login, quarter, monkeypatch):
    publish(quarter.period, world.unit_a, world.users["authority"])
    original = PolicyVersion.load

    def with_scores(self):
        return dataclasses.replace(original(self), publish_scores=True)

    monkeypatch.setattr(PolicyVersion, "load", with_scores)
    page = _results(login("official"), quarter)
    assert "Tổng điểm" in page and "95,00" in page
