"""Who opens "Thống kê" and "Cuối năm" (SPEC §13.3; danhgia/access/analysis.py), and the
pages' query counts, which do not grow with the number of people."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from danhgia.decisions.models import Decision
from danhgia.evaluations.models import Evaluation
from tests.web import analytics_data as data
from tests.web import factories as f
from tests.web import once
from tests.web.conftest import build_world

ANALYSTS = {"unit_head": 200, "appraiser": 200, "authority": 200, "admin": 200}
NO_ROLE = {"official": 403, "outsider": 403}
PAGES = ["ratings", "axes", "stages", "progress", "trends", "risk", "people", "people_export",
         "year_end", "year_end_print", "year_end_export"]  # fmt: skip
MATRIX = {(name, None): NO_ROLE | ANALYSTS for name in PAGES}
MATRIX |= {
    ("export", "bieu=ratings_unit"): NO_ROLE | ANALYSTS,
    ("export", "bieu=khong-co"): NO_ROLE | dict.fromkeys(ANALYSTS, 404),
    ("table", "bieu=ratings_unit"): NO_ROLE | ANALYSTS,
    ("table", "bieu=khong-co"): NO_ROLE | dict.fromkeys(ANALYSTS, 404),
    # a person's quarters: in the reader's scope only (out of scope or missing: 404)
    ("person", "member_a1"): NO_ROLE | ANALYSTS,
    ("person", "outsider_b"): NO_ROLE | ANALYSTS | {"unit_head": 404},
    ("person", "missing"): NO_ROLE | dict.fromkeys(ANALYSTS, 404),
    # the workbook a year-end job wrote: the user's own done job only (see
    # test_year_end_export_job.py); a missing job or another kind's is 404
    ("year_end_export_file", "missing"): NO_ROLE | dict.fromkeys(ANALYSTS, 404),
}


def _build(request):
    world = build_world()
    world.history = data.build(world)
    return world


shared_world = once.module_world(_build)


@pytest.fixture
def world(request, shared_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_world, tmp_path)


def _url(world, name: str, target: str | None) -> str:
    if name == "year_end_export_file":
        return reverse("analytics:year_end_export_file", args=[999999])
    if name == "person":
        pk = 999999 if target == "missing" else getattr(world, target).pk
        return reverse("analytics:person", args=[pk])
    return reverse(f"analytics:{name}") + (f"?{target}" if target else "")


@pytest.mark.parametrize(
    ("persona", "name", "target", "expected"),
    [(p, n, t, e) for (n, t), statuses in MATRIX.items() for p, e in statuses.items()],
)
def test_permission_matrix(world, login, persona, name, target, expected):
    response = login(persona).get(_url(world, name, target))
    assert response.status_code == expected


@pytest.mark.parametrize(("name", "target"), list(MATRIX))
def test_anonymous_visitors_are_sent_to_the_login_page(world, client, name, target):
    response = client.get(_url(world, name, target))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_every_analytics_url_is_in_the_matrix():
    resolver = get_resolver().namespace_dict["analytics"][1]
    names = {n for n in resolver.reverse_dict if isinstance(n, str)}
    assert names == {name for name, _target in MATRIX}


def test_the_menu_shows_the_dashboards_to_analysts_only(world, login):
    for persona, shown in (("authority", True), ("unit_head", True), ("official", False)):
        page = login(persona).get(reverse("core:home")).content.decode()
        assert (reverse("analytics:ratings") in page) is shown
        assert (reverse("analytics:year_end") in page) is shown


# --- query counts: 5 more people or 50 more, the same queries --------------------------------

URLS = ["ratings", "axes", "stages", "progress", "trends", "risk", "people", "year_end",
        "year_end_print"]  # fmt: skip


def _more_people(world, count: int) -> None:
    """``count`` more decided officials in unit A's division, in Q1 and Q2, and in Q3 open."""
    people = f.make_officials(world.division_a1, count)
    version = f.framework(data.FRAMEWORK)
    q1, q2, q3 = world.history["periods"]
    made = Evaluation.objects.bulk_create(
        Evaluation(official=p, period=period, framework_version=version, state=state,
                   self_total=Decimal(80))
        for p in people for period, state in ((q1, "published"), (q2, "decided"), (q3, "draft"))
    )  # fmt: skip
    Decision.objects.bulk_create(
        Decision(evaluation=e, rating="HTTNV", engine_rating="HTTNV", total=Decimal(80),
                 decided_by=world.users["authority"])
        for e in made if e.period_id != q3.pk
    )  # fmt: skip


def _queries(client, name: str, period) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(f"analytics:{name}"), {"ky": period.pk})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["authority", "unit_head"])
def test_the_pages_read_a_fixed_number_of_queries(world, login, persona):
    client = login(persona)
    q2 = world.history["periods"][1]
    _more_people(world, 5)
    few = {name: _queries(client, name, q2) for name in URLS}
    _more_people(world, 45)
    many = {name: _queries(client, name, q2) for name in URLS}
    assert many == few
    assert max(many.values()) <= 15, many
