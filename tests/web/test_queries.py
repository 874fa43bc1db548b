"""Query counts must not grow with the number of people (SPEC §14 "Scale")."""

import pytest
from django.urls import reverse

from danhgia.organisation.choices import Role
from danhgia.periods.services import assign_framework
from tests.web import factories as f

# Session + user + the view's own queries; the same bound holds for 5 and for 50 officials.
BOUNDS = {
    # + own evaluation, the unit's members and their evaluations, waiting counts, and the
    # official's results (her evaluations, their stage scores and decisions: 3 at most)
    "core:home": 13,
    "organisation:unit_list": 6,  # a page of the tree, then its units' official counts
    "organisation:official_list": 7,
    "periods:period_list": 7,  # + the blocks with people (the flag of a block without framework)
    "rules:framework_list": 4,
}


def _grow(world, size: int) -> None:
    """Add ``size`` officials in unit A and in as many new divisions of it."""
    f.make_officials(world.unit_a, size)
    for n in range(size):
        division = f.make_unit(f"so-a-phong-them-{n}", world.unit_a, world.unit_a.block)
        f.make_officials(division, 1)


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("name", list(BOUNDS))
def test_pages_use_a_bounded_number_of_queries(
    world, login, django_assert_max_num_queries, name, size
):
    _grow(world, size)
    period = f.make_period(2026, 3)
    f.make_period(2026, 2)
    assign_framework(period, world.unit_a.block, f.framework("lamdong-2026-pl5"))
    client = login("unit_head")
    f.assign_role(world.users["unit_head"], Role.UNIT_SECRETARY, world.unit_a)
    with django_assert_max_num_queries(BOUNDS[name]):
        response = client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_the_official_detail_uses_a_bounded_number_of_queries(
    world, login, django_assert_max_num_queries, size
):
    _grow(world, size)
    client = login("unit_head")
    # 6 + the official's results: the open quarter, her evaluations, stage scores, decisions
    with django_assert_max_num_queries(10):
        response = client.get(reverse("organisation:official_detail", args=[world.colleague_a.pk]))
    assert response.status_code == 200
