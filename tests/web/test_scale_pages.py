"""The pages a province-wide reader opens keep their queries and their size whatever the province
holds (issue 9): unit pickers search as you type, the unit list is paged, the task list pages
on ids, the audit log counts up to a cap. bench/pages_bench.py times them at 20,000 officials.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from danhgia import access
from danhgia.organisation.choices import Role
from danhgia.organisation.pickers import UNIT_OPTIONS
from danhgia.tasks.models import Task
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _province(count: int):
    """``count`` units under one root, an official and a task in each; an appraiser of the
    whole province and a leader of the first unit."""
    root = f.make_unit("tinh", name="Tỉnh thử")
    period = f.make_period()
    admin = f.make_user("giao")
    units = [f.make_unit(f"dv-{n:03d}", parent=root, name=f"Đơn vị số {n}") for n in range(count)]
    people = []
    for unit in units:
        person = f.make_officials(unit, 1)[0]
        f.make_task(person, period, unit, admin)
        people.append(person)
    appraiser = f.make_user("tham-dinh")
    f.assign_role(appraiser, Role.APPRAISER, root)
    leader = f.make_user("truong")
    f.assign_role(leader, Role.UNIT_LEADERSHIP, units[0])
    return appraiser, leader, units, people


def _options(page: str, name: str) -> list[str]:
    select = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\d*)"', select)


PAGES = [
    ("organisation:unit_list", {}),
    ("organisation:official_list", {}),
    ("tasks:task_list", {}),
    ("audit:audit_log", {}),
    ("organisation:unit_options", {"search": "q", "q": "số 1"}),
    ("tasks:results_upload", {}),  # the form only: the tasks are read for a workbook sent
]


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize(("name", "query"), PAGES)
def test_a_province_wide_readers_pages_cost_the_same_queries_at_5_and_50_units(
    client, count, name, query, django_assert_max_num_queries
):
    appraiser, _leader, _units, _people = _province(count)
    client.force_login(appraiser)
    # 16: the task list's axis filter reads the quarter and its frameworks in use (#25)
    with django_assert_max_num_queries(16):
        response = client.get(reverse(name), query)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_the_workbook_upload_pages_read_no_task_and_no_lead_to_show_their_form(
    client, count, django_assert_max_num_queries
):
    _appraiser, _leader, units, _people = _province(count)
    agency = f.make_user("co-quan")
    f.assign_role(agency, Role.ASSIGNING_AGENCY, units[0].parent)
    client.force_login(agency)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("tasks:assignments_upload"))
    assert page.status_code == 200
    with django_assert_max_num_queries(8):
        page = client.get(reverse("tasks:results_upload"))
    assert page.status_code == 200


def test_at_a_few_hundred_units_the_pickers_and_the_unit_list_stay_small(
    client, django_assert_max_num_queries
):
    appraiser, _leader, units, people = _province(300)
    client.force_login(appraiser)

    with django_assert_max_num_queries(16):
        tasks = client.get(reverse("tasks:task_list")).content.decode()
    for field in ("unit", "assigning_unit"):
        assert len(_options(tasks, field)) == UNIT_OPTIONS + 1  # "Tất cả" and the first 30
    assert 'hx-get="/don-vi/tim/"' in tasks and "Tìm đơn vị của người chủ trì" in tasks

    with django_assert_max_num_queries(10):
        officials = client.get(reverse("organisation:official_list")).content.decode()
    assert len(_options(officials, "unit")) == UNIT_OPTIONS + 1

    # searching (the no-JS path: the form sent with the term) and a unit already chosen
    chosen = units[-1]
    found = client.get(
        reverse("organisation:official_list"),
        {"unit_search": "số 29", "unit": chosen.pk},
    ).content.decode()
    ids = _options(found, "unit")
    expected = {str(u.pk) for u in units if u.name.startswith("Đơn vị số 29")} | {str(chosen.pk)}
    assert set(ids) - {""} == expected
    assert f'value="{chosen.pk}" selected' in found
    assert people[-1].full_name in found  # the filter itself still applies

    with django_assert_max_num_queries(8):
        tree = client.get(reverse("organisation:unit_list")).content.decode()
    assert tree.count('class="tree__name') == 100  # a page of the tree
    assert "301 đơn vị" in tree  # (1.507 at the 20,000 province) and "Trang sau" in tree
    matches = client.get(reverse("organisation:unit_list"), {"q": "số 12"}).content.decode()
    names = re.findall(r'class="tree__name[^"]*">([^<]+)<', matches)
    assert sorted(names) == sorted(u.name for u in units if u.name.startswith("Đơn vị số 12"))


def test_the_unit_options_of_a_search_are_the_units_the_user_sees(client):
    appraiser, leader, units, _people = _province(40)
    url = reverse("organisation:unit_options")
    client.force_login(leader)  # sees the first unit only
    page = client.get(url, {"search": "unit_search", "unit_search": "Đơn vị", "blank": "Tất cả"})
    options = re.findall(r'<option value="(\d*)"', page.content.decode())
    assert options == ["", str(units[0].pk)]
    client.force_login(appraiser)
    page = client.get(url, {"search": "q", "q": "số 3"}).content.decode()
    shown = re.findall(r'<option value="(\d+)">([^<]+)<', page)
    assert {name for _pk, name in shown} == {
        u.name for u in units if u.name.startswith("Đơn vị số 3")
    }
    none = client.get(url, {"q": "không có"}).content.decode()
    assert "Không có đơn vị nào khớp" in none


def test_the_task_list_pages_on_ids_and_keeps_its_order(client):
    appraiser, _leader, _units, _people = _province(60)
    client.force_login(appraiser)
    first = client.get(reverse("tasks:task_list")).content.decode()
    second = client.get(reverse("tasks:task_list"), {"page": 2}).content.decode()
    expected = list(
        Task.objects.order_by("due_date", "lead__given_name", "id").values_list(
            "lead__full_name", flat=True
        )
    )
    shown = [name for name in expected if name in first]
    assert shown == expected[: len(shown)] and len(shown) == 25
    assert expected[25] in second and expected[0] not in second


def test_a_province_wide_role_sees_every_task_without_a_condition(client):
    appraiser, leader, _units, _people = _province(5)
    everything = access.restrict(appraiser, Task.objects.all())
    assert everything.count() == Task.objects.count() == 5
    assert "WHERE" not in str(everything.query).upper()
    scoped = access.restrict(leader, Task.objects.all())
    assert scoped.count() == 1 and "UNION" in str(scoped.query).upper()


def test_the_audit_log_counts_up_to_its_cap(client, monkeypatch):
    from danhgia.audit import views

    appraiser, _leader, _units, _people = _province(5)
    client.force_login(appraiser)
    visible = access.restrict(appraiser, views.AuditEntry.objects.all()).count()
    assert visible > 3
    page = client.get(reverse("audit:audit_log")).content.decode()
    assert f"{visible} mục" in page
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    capped = client.get(reverse("audit:audit_log")).content.decode()
    assert "Hơn 3 mục" in capped and f"{visible} mục" not in capped
