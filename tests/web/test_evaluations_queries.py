"""Query counts of the evaluations pages do not grow with criteria or people (SPEC §14)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Block
from tests.web import factories as f

from .evaluation_data import filled_post

# Session, user, role assignments, own official and the page's own queries.
FORM_BOUND = 13
RECALC_BOUND = 10
SAVE_BOUND = 26
LIST_BOUND = 9
MEMBERS_BOUND = 11  # + the unit, the current period's deadlines, who left the unit (issue 15)
# + the counts of what waits for the roles (decisions.inbox) and the official's results (3 at most)
HOME_BOUND = 13


@pytest.fixture(params=["central-2026-pl3", "lamdong-2026-pl5"])
def evaluation(request, world):
    """The official's approved evaluation under a framework of 23 or 41 criteria."""
    code = request.param
    block = Block.objects.create(code=f"khoi-{code}", name=code, framework_code=code)
    world.unit_a.block = block
    world.unit_a.save()
    period = f.make_evaluation_period(block, code)
    evaluation = f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])
    for n in range(3):  # tasks and files add no query per row either
        f.make_task(
            world.official_a, period, world.unit_a, world.users["unit_head"],
            criterion_code="B.1" if code == "central-2026-pl3" else f"B.1.{n + 2}",
        )  # fmt: skip
    assert evaluation.entries.count() == (23 if code == "central-2026-pl3" else 41)
    return evaluation


@pytest.mark.parametrize("name", ["self_assessment", "targets", "detail"])
def test_the_evaluation_pages_need_the_same_queries_for_23_or_41_criteria(
    login, evaluation, django_assert_max_num_queries, name
):
    client = login("official")
    with django_assert_max_num_queries(FORM_BOUND):
        response = client.get(reverse(f"evaluations:{name}", args=[evaluation.pk]))
    assert response.status_code == 200


def test_the_read_only_form_needs_no_more(login, evaluation, django_assert_max_num_queries):
    client = login("unit_head")
    with django_assert_max_num_queries(FORM_BOUND):
        response = client.get(reverse("evaluations:self_assessment", args=[evaluation.pk]))
    assert response.status_code == 200


def test_recalculation_and_saving_need_the_same_queries_for_23_or_41_criteria(
    login, evaluation, django_assert_max_num_queries
):
    client = login("official")
    data = filled_post(evaluation)
    with django_assert_max_num_queries(RECALC_BOUND):
        response = client.post(reverse("evaluations:recalculate", args=[evaluation.pk]), data)
    assert response.status_code == 200
    with django_assert_max_num_queries(SAVE_BOUND):
        response = client.post(reverse("evaluations:self_assessment", args=[evaluation.pk]), data)
    assert response.status_code == 302


def _members(world, size: int):
    """``size`` people in unit A and in divisions of it, each with an evaluation."""
    period = f.make_evaluation_period(world.unit_a.block)
    people = f.make_officials(world.unit_a, size)
    for n in range(size):
        division = f.make_unit(f"so-a-phong-them-{n}", world.unit_a, world.unit_a.block)
        people += f.make_officials(division, 1)
    version = f.framework("lamdong-2026-pl5")
    Evaluation.objects.bulk_create(
        Evaluation(official=o, period=period, framework_version=version) for o in people
    )
    return period


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize(
    ("name", "bound"),
    [("evaluations:unit_members", MEMBERS_BOUND), ("evaluations:list", LIST_BOUND)],
)
def test_the_member_lists_need_the_same_queries_for_5_or_50_people(
    world, login, django_assert_max_num_queries, size, name, bound
):
    _members(world, size)
    client = login("unit_head")
    url = reverse(name, args=[world.unit_a.pk]) if "unit" in name else reverse(name)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="badge badge--ev-draft"') >= min(size, 40)


@pytest.mark.parametrize("size", [5, 50])
def test_the_unit_heads_home_needs_the_same_queries_for_5_or_50_members(
    world, login, django_assert_max_num_queries, size
):
    _members(world, size)
    client = login("unit_head")
    with django_assert_max_num_queries(HOME_BOUND):
        response = client.get(reverse("core:home"))
    assert response.content.decode().count("badge--ev-draft") >= min(size, 40)
