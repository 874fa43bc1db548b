"""Permission matrix of the tasks app: persona × URL → status (tests/web/tasks_world.py).

Anonymous → the login page; outside one's scope → 404 (the record's existence does not leak);
a record one sees but whose step belongs to another role → 403; owner or role → 200 (or the
redirect that follows a successful POST).
"""

import pytest
from django.urls import get_resolver, reverse

from tests.web import factories as f
from tests.web import once, tasks_world
from tests.web.conftest import build_world

PERSONAS = ["official", "unit_head", "appraiser", "authority", "admin", "outsider", "agency"]
EVERYONE = dict.fromkeys(PERSONAS, 200)


def only(allowed: dict, otherwise: int = 403, outsider: int = 404) -> dict:
    """``allowed`` personas as given; the outsider (unit B) 404; everyone else ``otherwise``."""
    statuses = {persona: otherwise for persona in PERSONAS}
    statuses["outsider"] = outsider
    statuses.update(allowed)
    return statuses


# Who sees official_a's task: the lead, every role covering unit A, the province-wide roles.
SEES_TASK_A = {**dict.fromkeys(PERSONAS, 200), "outsider": 404}
# Unit A's records for roles only (a plain official does not see colleagues' work).
UNIT_A_ROLES = {**SEES_TASK_A, "official": 404}
# Only the unit that assigned a task confirms, sets factors on, edits or cancels it: the
# province-wide agency sees unit A's own tasks but did not assign them.
ASSIGNING_SIDE_A = {"unit_head": 200, "admin": 200}
LEAD_A = {"official": 200, "admin": 200}
# An empty post lacks the version its form was opened with: refused as a conflict (409).
ASSIGNING_SIDE_A_EMPTY_EDIT = {"unit_head": 409, "admin": 409}
LEAD_A_EMPTY_EDIT = {"official": 409, "admin": 409}

# (url name, target, method) → {persona: status}
MATRIX = {
    ("tasks:task_list", None, "get"): EVERYONE,
    ("tasks:task_export", None, "get"): EVERYONE,
    ("tasks:task_assign", None, "get"): only(
        {"unit_head": 200, "admin": 200, "agency": 200}, outsider=403
    ),
    # Carrying the tasks one's units assigned over to the next quarter (N1)
    ("tasks:carry_over", None, "get"): only(
        {"unit_head": 200, "admin": 200, "agency": 200}, outsider=403
    ),
    # Workbooks: the assigning side's (its scopes decide the rows) and everyone's results.
    ("tasks:assignments_download", None, "get"): only(
        {"unit_head": 200, "admin": 200, "agency": 200}, outsider=403
    ),
    ("tasks:assignments_upload", None, "get"): only(
        {"unit_head": 200, "admin": 200, "agency": 200}, outsider=403
    ),
    ("tasks:results_download", None, "get"): EVERYONE,
    ("tasks:results_upload", None, "get"): EVERYONE,
    ("tasks:task_detail", "task_a", "get"): SEES_TASK_A,
    ("tasks:task_detail", "task_b", "get"): {
        **dict.fromkeys(PERSONAS, 200),
        "official": 404,
        "unit_head": 404,
    },
    ("tasks:task_detail", "missing", "get"): dict.fromkeys(PERSONAS, 404),
    ("tasks:task_edit", "task_a", "get"): only(ASSIGNING_SIDE_A),
    # Assigned by the province: unit A's leadership sees it but does not manage it.
    ("tasks:task_edit", "task_agency", "get"): only({"admin": 200, "agency": 200}),
    ("tasks:task_report", "task_a", "post"): only(LEAD_A_EMPTY_EDIT),
    ("tasks:task_factors", "task_a", "post"): only(ASSIGNING_SIDE_A_EMPTY_EDIT),
    ("tasks:task_cancel", "task_a", "post"): only(ASSIGNING_SIDE_A_EMPTY_EDIT),
    ("tasks:task_evidence_add", "task_a", "post"): only(LEAD_A),
    ("tasks:task_evidence_download", "evidence_a", "get"): SEES_TASK_A,
    ("tasks:task_evidence_download", "missing", "get"): dict.fromkeys(PERSONAS, 404),
    ("tasks:catalogue_list", None, "get"): EVERYONE,
    ("tasks:catalogue_create", None, "get"): only({"unit_head": 200, "admin": 200}, outsider=403),
    # A unit's catalogue is seen by its people, not only by roles over it.
    ("tasks:catalogue_detail", "catalogue_a", "get"): SEES_TASK_A,
    ("tasks:catalogue_detail", "catalogue_b", "get"): {
        **dict.fromkeys(PERSONAS, 200),
        "official": 404,
        "unit_head": 404,
    },
    ("tasks:catalogue_edit", "draft_a", "get"): only({"unit_head": 200, "admin": 200}),
    ("tasks:catalogue_approve", "draft_a", "post"): only({"unit_head": 302, "admin": 302}),
    ("tasks:catalogue_new_version", "catalogue_a", "post"): only({"unit_head": 302, "admin": 302}),
    ("tasks:collective_list", None, "get"): EVERYONE,
    ("tasks:collective_detail", "unit_a", "get"): UNIT_A_ROLES,
    ("tasks:collective_detail", "unit_b", "get"): {
        **dict.fromkeys(PERSONAS, 200),
        "official": 404,
        "unit_head": 404,
        "outsider": 404,
    },
    ("tasks:collective_download", "unit_a", "get"): only(
        {"unit_head": 200, "admin": 200}, otherwise=403, outsider=404
    )
    | {"official": 404},
    ("tasks:collective_upload", "unit_a", "get"): only(
        {"unit_head": 200, "admin": 200}, otherwise=403, outsider=404
    )
    | {"official": 404},
    ("tasks:collective_edit", "unit_a", "get"): only(
        {"unit_head": 200, "admin": 200}, otherwise=403, outsider=404
    )
    | {"official": 404},
}

CASES = [
    (persona, name, target, method, expected)
    for (name, target, method), statuses in MATRIX.items()
    for persona, expected in statuses.items()
]


def _build(request):
    """The world and the tasks' world, made once for the module (tests/web/once.py)."""
    world = build_world()
    return world, tasks_world.build(world)


shared_worlds = once.module_world(_build, files=True)


@pytest.fixture
def worlds(request, shared_worlds, db, tmp_path):
    yield from once.fresh_copy(request, shared_worlds, tmp_path)


@pytest.fixture
def world(worlds):
    return worlds[0]


@pytest.fixture
def tw(worlds):
    return worlds[1]


def _url(world, tw, name: str, target: str | None) -> str:
    if target is None:
        return reverse(name)
    if target == "missing":
        return reverse(name, args=[999999])
    if target in ("unit_a", "unit_b"):
        return reverse(name, args=[getattr(world, target).pk, tw.period.pk])
    return reverse(name, args=[getattr(tw, target).pk])


@pytest.mark.parametrize(("persona", "name", "target", "method", "expected"), CASES)
def test_tasks_permission_matrix(world, tw, login, persona, name, target, method, expected):
    client = login(persona)
    response = getattr(client, method)(_url(world, tw, name, target))
    f.close_download(response)  # a file download is streamed: close the file
    assert response.status_code == expected


@pytest.mark.parametrize(("name", "target", "method"), list(MATRIX))
def test_anonymous_visitors_are_sent_to_the_login_page(world, tw, client, name, target, method):
    response = getattr(client, method)(_url(world, tw, name, target))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_every_url_of_the_tasks_app_is_in_the_matrix():
    resolver = get_resolver().namespace_dict["tasks"][1]
    names = {f"tasks:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    assert names == {name for name, _target, _method in MATRIX}


def test_a_refused_post_changes_nothing(world, tw, login):
    """The appraiser sees the task but may not cancel it: 403 and the task stays as it was."""
    response = login("appraiser").post(
        reverse("tasks:task_cancel", args=[tw.task_a.pk]), {"reason": "Không cần nữa"}
    )
    assert response.status_code == 403
    tw.task_a.refresh_from_db()
    assert tw.task_a.state == "reported"
