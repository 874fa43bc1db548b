"""The units whose dossier is missing or late after the deadline (SPEC §10; rough edge D4).

Q3/2026 under Lâm Đồng: dossiers are due on 02/10/2026 (today, 2026-12, is after it). Unit A
submitted on 05/10 (late; its division is covered by A's dossier, late too), unit B has not
submitted (missing), unit C submitted on 01/10 (on time, not listed); the province's root has no
one rated and owes no dossier.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from danhgia.dossiers import states as dossier_states_module
from danhgia.dossiers.models import Dossier
from danhgia.dossiers.overdue import overdue_unit_ids
from danhgia.engine import dossier_state
from danhgia.organisation.choices import LeadershipRole, Role

from . import factories as f

URL = reverse("dossiers:overdue")


@pytest.fixture
def quarter(world):
    period = f.make_evaluation_period(world.unit_a.block)
    unit_c = f.make_unit("so-c", world.root, world.unit_a.block, name="Sở C")
    f.make_official(unit_c, name="Trần Văn Ce")
    Dossier.objects.create(
        unit=world.unit_a, period=period, submitted_at=datetime(2026, 10, 5, 3, 0, tzinfo=UTC)
    )
    Dossier.objects.create(
        unit=unit_c, period=period, submitted_at=datetime(2026, 10, 1, 3, 0, tzinfo=UTC)
    )
    f.make_official(world.unit_b, role=LeadershipRole.HEAD, name="Hoàng Thị Bê")
    return period


def test_the_list_names_missing_and_late_units_with_deadline_time_and_head(login, world, quarter):
    response = login("appraiser").get(URL, {"ky": quarter.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thời hạn gửi hồ sơ: 02/10/2026." in page
    assert "1 đơn vị chưa nộp, 2 đơn vị nộp muộn." in page
    rows = [row.unit.name for row in response.context["rows"]]
    assert rows == ["Sở A", "Phòng 1, Sở A", "Sở B"]
    by_name = {row.unit.name: row for row in response.context["rows"]}
    assert by_name["Sở A"].state == "late" and by_name["Sở B"].state == "missing"
    assert [h.full_name for h in by_name["Sở A"].heads] == ["Nguyễn Thanh Sơn"]
    assert [h.full_name for h in by_name["Sở B"].heads] == ["Hoàng Thị Bê"]
    assert "05/10/2026 10:00" in page  # the submission time, local (UTC+7)
    assert "Nộp muộn" in page and "Chưa nộp" in page and "Sở C" not in page
    assert reverse("dossiers:dossier", args=[quarter.pk, world.unit_b.pk]) in page


def test_nothing_is_overdue_before_the_deadline(world, quarter):
    user = world.users["appraiser"]
    assert overdue_unit_ids(user, quarter, date(2026, 10, 2))[1] == []
    assert len(overdue_unit_ids(user, quarter, date(2026, 10, 3))[1]) == 3


def test_an_appraiser_sees_only_the_units_of_its_scope(client, world, quarter):
    scoped = f.make_user("thamdinh-b")
    f.assign_role(scoped, Role.APPRAISER, world.unit_b)
    client.force_login(scoped)
    response = client.get(URL, {"ky": quarter.pk})
    assert [row.unit.name for row in response.context["rows"]] == ["Sở B"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("appraiser", 200),
        ("authority", 200),
        ("admin", 200),
        ("unit_head", 403),
        ("official", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_who_opens_the_list(login, quarter, persona, status):
    assert login(persona).get(URL, {"ky": quarter.pk}).status_code == status


def test_the_worklist_and_the_home_page_link_to_the_list(login, quarter):
    client = login("appraiser")
    assert (
        f'href="{URL}?ky={quarter.pk}"'
        in client.get(reverse("review:review_index")).content.decode()
    )
    assert f'href="{URL}"' in client.get(reverse("core:home")).content.decode()
    client = login("official")
    assert URL not in client.get(reverse("core:home")).content.decode()


def crowd(world, period, size: int):
    for n in range(size):
        unit = f.make_unit(f"u{size}-{n}", world.root, world.unit_a.block)
        f.make_official(unit, role=LeadershipRole.HEAD, name=f"Thủ trưởng {n}")
        if n % 2:
            Dossier.objects.create(
                unit=unit, period=period, submitted_at=datetime(2026, 10, 9, tzinfo=UTC)
            )


@pytest.mark.parametrize("size", [5, 60])
def test_the_list_needs_the_same_queries_for_5_or_60_units(
    world, quarter, client, django_assert_max_num_queries, size
):
    crowd(world, quarter, size)
    client.force_login(world.users["appraiser"])
    client.get(URL, {"ky": quarter.pk})  # warm the session and the caches
    with django_assert_max_num_queries(11):  # measured 11 for 5 and for 60 units
        response = client.get(URL, {"ky": quarter.pk})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size + 3


def test_each_units_lateness_is_judged_by_the_engine(world, quarter, monkeypatch):
    calls = []

    def spy(submitted_on, deadline):
        calls.append((submitted_on, deadline))
        return dossier_state(submitted_on, deadline)

    monkeypatch.setattr(dossier_states_module, "dossier_state", spy)
    units = [world.unit_a.pk, world.division_a1.pk, world.unit_b.pk]
    states = dossier_states_module.dossier_states(quarter, units)
    assert list(states.values()) == ["late", "late", "missing"]
    deadline = date(2026, 10, 2)
    # once per covering dossier: the division is covered by its unit's dossier, judged once
    assert calls == [(date(2026, 10, 5), deadline), (None, deadline)]
