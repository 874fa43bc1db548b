"""Query counts of the tasks pages do not grow with the number of tasks (SPEC §14 "Scale")."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from danhgia.tasks.choices import TaskSource
from danhgia.tasks.models import Task
from tests.web import factories as f
from tests.web import tasks_world

# The same bound holds for 5 and for 50 tasks (and as many people, divisions and catalogues).
BOUNDS = {
    "task_list": 16,  # the page's ids, then its rows (issue 9); the axis filter (#25): 2
    # a province-wide role: its roots
    "catalogue_list": 6,
    "collective_list": 6,
    "collective_detail": 9,  # Phụ lục 7 (+ the framework of the unit's block: its axes)
    "task_detail": 12,  # whether a decision rests on the task; whether a role covers the province
}


@pytest.fixture
def tw(world, tmp_path):
    with tasks_world.private_storage_at(tmp_path):
        yield tasks_world.build(world)


def _grow(world, tw, size: int) -> None:
    """``size`` tasks of as many people in as many divisions of unit A, each with a catalogue."""
    people = []
    for n in range(size):
        division = f.make_unit(f"so-a-phong-them-{n}", world.unit_a, world.unit_a.block)
        people += f.make_officials(division, 1)
        f.make_catalogue(division, tw.period, approved_by=world.users["unit_head"])
    product = tw.product("Báo cáo quý")
    Task.objects.bulk_create(
        Task(
            period=tw.period,
            lead=lead,
            assigning_unit=world.unit_a,
            assigned_by=world.users["unit_head"],
            title=f"Nhiệm vụ {n}",
            product=product,
            product_name=product.name,
            coefficient=Decimal("1.2"),
            axis=1 + n % 4,
            criterion_code="B.1.2",
            source=TaskSource.AD_HOC if n % 3 else TaskSource.PLAN,
            assigned_on=date(2026, 7, 1),
            due_date=date(2026, 9, 1 + n % 28),
            delivered_quantity=Decimal(n % 2),
            completed_on=date(2026, 9, 10) if n % 2 else None,
            carried_from=tw.task_b if n % 5 == 0 else None,
        )
        for n, lead in enumerate(people)
    )


def _url(world, tw, name):
    if name in ("collective_detail",):
        return reverse(f"tasks:{name}", args=[world.unit_a.pk, tw.period.pk])
    if name == "task_detail":
        return reverse(f"tasks:{name}", args=[tw.task_a.pk])
    return reverse(f"tasks:{name}")


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("name", list(BOUNDS))
def test_tasks_pages_use_a_bounded_number_of_queries(
    world, tw, login, django_assert_max_num_queries, name, size
):
    _grow(world, tw, size)
    client = login("unit_head")
    with django_assert_max_num_queries(BOUNDS[name]):
        response = client.get(_url(world, tw, name))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_the_filtered_task_list_uses_a_bounded_number_of_queries(
    world, tw, login, django_assert_max_num_queries, size
):
    _grow(world, tw, size)
    client = login("admin")
    query = {
        "unit": world.unit_a.pk,
        "assigning_unit": world.unit_a.pk,
        "lead": world.official_a.pk,
    }
    # + the lead, and the unit chosen in each of the two unit pickers
    with django_assert_max_num_queries(BOUNDS["task_list"] + 4):
        response = client.get(reverse("tasks:task_list"), query)
    assert response.status_code == 200
