"""Permission matrix of the step 4-5 pages, the stages side by side and the audit log:
persona × URL (× method) → status.

Anonymous → the login page; out of scope (or not existing) → 404; in scope but the wrong role
→ 403; allowed → 200 (a page) or 302 (an action done, then a redirect). Besides the shared
personas: ``authority_b`` (an authority over unit B only).
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from danhgia.decisions.models import Decision
from danhgia.decisions.services import decide, decision_run
from danhgia.organisation.choices import Role

from . import factories as f
from . import once
from .conftest import build_world
from .decision_data import make_quarter

PERSONAS = ["official", "unit_head", "appraiser", "authority", "admin", "outsider", "authority_b"]
#: the modules of the pages this matrix covers (the other steps have their own matrix)
MODULES = ("decision", "results", "stages", "audit")


def statuses(default=404, **given):
    return {persona: given.get(persona, default) for persona in PERSONAS}


EVERYONE = dict.fromkeys(PERSONAS, 200)
DECIDERS = statuses(403, authority=200, admin=200, authority_b=200)
ACTS = statuses(403, authority=302, admin=302, authority_b=302)

# (url name, target, method) → {persona: status}. Targets: "period" (the quarter), "decision"
# (official A's decision), "own" (official A's evaluation), "other" (unit B's evaluation).
MATRIX = {
    ("decisions:decide_index", None, "get"): DECIDERS,
    ("decisions:decide", "period", "get"): DECIDERS,
    ("decisions:decide", "period", "post"): DECIDERS,
    ("decisions:decide", "missing", "get"): statuses(),
    ("decisions:decided", "period", "get"): statuses(
        403, authority=200, admin=200, authority_b=200, appraiser=200
    ),
    ("decisions:decided_export", "period", "get"): statuses(
        403, authority=200, admin=200, authority_b=200, appraiser=200
    ),
    ("decisions:publish", "period", "post"): ACTS,
    ("decisions:archive", "period", "post"): ACTS,
    # Seen by the roles that see the evaluation; corrected by the authority of the scope.
    ("decisions:correct", "decision", "get"): statuses(
        unit_head=403, appraiser=403, authority=200, admin=200
    ),
    ("decisions:correct", "decision", "post"): statuses(
        unit_head=403, appraiser=403, authority=302, admin=302
    ),
    ("decisions:correct", "missing", "get"): statuses(),
    ("decisions:results_index", None, "get"): EVERYONE,
    ("decisions:results", "period", "get"): EVERYONE,
    ("decisions:results", "missing", "get"): statuses(),
    ("decisions:results_export", "period", "get"): EVERYONE,
    ("decisions:results_export", "missing", "get"): statuses(),
    ("decisions:stages", None, "get"): EVERYONE,
    ("decisions:stages_detail", "own", "get"): statuses(
        official=200, unit_head=200, appraiser=200, authority=200, admin=200
    ),
    ("decisions:stages_detail", "other", "get"): statuses(
        outsider=200, appraiser=200, authority=200, admin=200, authority_b=200
    ),
    ("audit:audit_log", None, "get"): statuses(403, appraiser=200, admin=200),
    ("audit:audit_export", None, "get"): statuses(403, appraiser=200, admin=200),
}

CASES = [
    (persona, name, target, method, expected)
    for (name, target, method), table in MATRIX.items()
    for persona, expected in table.items()
]


def _build(request):
    """The world and the matrix's targets, made once for the module (tests/web/once.py)."""
    world = build_world()
    return world, _objects(world)


shared_worlds = once.module_world(_build)


@pytest.fixture
def worlds(request, shared_worlds, db, tmp_path):
    yield from once.fresh_copy(request, shared_worlds, tmp_path)


@pytest.fixture
def world(worlds):
    return worlds[0]


@pytest.fixture
def objects(worlds):
    return worlds[1]


def _objects(world):
    world.users["authority_b"] = f.make_user("authority_b")
    f.assign_role(world.users["authority_b"], Role.AUTHORITY, world.unit_b)
    quarter = make_quarter(world)
    authority = world.users["authority"]
    decide(
        decision_run(quarter.period, authority),
        authority,
        evaluation_ids={e.pk for e in quarter.evaluations[:3]},
    )
    other = f.make_evaluation(world.outsider_b, quarter.period)
    return {
        "period": quarter.period,
        "decision": Decision.objects.get(evaluation=quarter.top),
        "own": quarter.top,
        "other": other,
        "unit": world.unit_a,
    }


def _request(client, objects, name, target, method):
    if target is None:
        url = reverse(name)
    elif target == "missing":
        url = reverse(name, args=[999999])
    else:
        url = reverse(name, args=[objects[target].pk])
    if method == "get":
        return client.get(url)
    data = {}
    if name in ("decisions:publish", "decisions:archive"):
        data = {"unit": objects["unit"].pk}
    elif name == "decisions:correct":
        data = {"rating": "HTNV", "reason": "Sai sót khi tổng hợp"}
    elif name == "decisions:decide":
        data = {"action": "preview"}
    return client.post(url, data)


@pytest.mark.parametrize(("persona", "name", "target", "method", "expected"), CASES)
def test_permission_matrix(world, objects, client, persona, name, target, method, expected):
    client.force_login(world.users[persona])
    response = _request(client, objects, name, target, method)
    assert response.status_code == expected


@pytest.mark.parametrize(("name", "target", "method"), list(MATRIX))
def test_anonymous_visitors_are_sent_to_the_login_page(
    world, objects, client, name, target, method
):
    response = _request(client, objects, name, target, method)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_every_page_of_steps_4_and_5_is_in_the_matrix():
    resolver = get_resolver().namespace_dict["decisions"][1]
    mine = {
        f"decisions:{pattern.name}"
        for pattern in resolver.url_patterns
        if pattern.callback.__module__.rsplit(".", 1)[-1] in MODULES
    }
    assert mine and mine <= {name for name, _target, _method in MATRIX}
