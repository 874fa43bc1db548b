"""The API's permission matrix: persona × endpoint × method → status (issue 14, items 2, 5).

The same rights as the pages (``danhgia.access``): a list holds exactly what ``restrict`` gives
the persona; out of scope is 404, in scope but not one's step 403; a read-only token reads but
never writes (403); anonymous requests get 401. Each write runs in the test's savepoint.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from danhgia import access
from danhgia.decisions.models import Decision, Publication
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import ComparisonGroup, Official, Unit
from danhgia.periods.models import Period
from danhgia.rules.models import FrameworkVersion, PolicyVersion
from danhgia.tasks.models import CollectiveResult, Task
from tests.web import once
from tests.web.api_world import PERSONAS, api_client, build_api_world

shared_api_world = once.module_world(build_api_world)


@pytest.fixture
def world(request, shared_api_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_api_world, tmp_path)


LISTS = {
    "units": Unit,
    "officials": Official,
    "comparison-groups": ComparisonGroup,
    "periods": Period,
    "frameworks": FrameworkVersion,
    "policies": PolicyVersion,
    "evaluations": Evaluation,
    "tasks": Task,
    "collective-results": CollectiveResult,
    "decisions": Decision,
    "publications": Publication,
}


def _user(persona: str):
    return get_user_model().objects.get(username=persona.removesuffix("-ro"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", list(LISTS))
def test_a_list_holds_exactly_what_the_access_module_lets_the_persona_see(world, persona, endpoint):
    response = api_client(world, persona).get(f"/api/v1/{endpoint}/", {"page_size": 200})
    if persona == "anonymous":
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        return
    assert response.status_code == 200
    body = response.json()
    visible = access.restrict(_user(persona), LISTS[endpoint].objects.all())
    assert body["count"] == visible.count()
    assert {row["id"] for row in body["results"]} <= set(visible.values_list("pk", flat=True))
    assert len(body["results"]) == min(200, body["count"])


def test_an_official_sees_their_own_records_only(world):
    client = api_client(world, "canbo")
    units = client.get("/api/v1/units/").json()
    assert [u["code"] for u in units["results"]] == ["so-tai-chinh"]
    officials = client.get("/api/v1/officials/").json()
    assert [o["id"] for o in officials["results"]] == [world.canbo_official]
    evaluations = client.get("/api/v1/evaluations/").json()
    # her own evaluations of every quarter (the demo has two published quarters before)
    from danhgia.evaluations.models import Evaluation

    own = Evaluation.objects.filter(official_id=world.canbo_official).values_list("pk", flat=True)
    assert sorted(e["id"] for e in evaluations["results"]) == sorted(own)
    assert world.evaluation in own and len(own) > 1
    assert api_client(world, "cqchutri").get("/api/v1/evaluations/").json()["count"] == 0


# (case, method) → persona → status. Cases name a record of the world (tests/web/api_world.py).
MATRIX = {
    ("evaluation", "get"): {
        "anonymous": 401, "canbo": 200, "canbo-ro": 200, "truongdonvi": 200, "cqchutri": 404,
        "thamdinh": 200, "thuongvu": 200, "quantri": 200,
    },
    ("other_evaluation", "get"): {
        "anonymous": 401, "canbo": 404, "canbo-ro": 404, "truongdonvi": 200, "cqchutri": 404,
        "thamdinh": 200, "thuongvu": 200, "quantri": 200,
    },
    ("self_assessment", "patch"): {
        "anonymous": 401, "canbo": 200, "canbo-ro": 403, "truongdonvi": 403, "cqchutri": 404,
        "thamdinh": 403, "thuongvu": 403, "quantri": 200,
    },
    # submitted: the administrator's right holds, the state refuses (400, with its reason)
    ("other_self_assessment", "patch"): {
        "anonymous": 401, "canbo": 404, "canbo-ro": 403, "truongdonvi": 403, "cqchutri": 404,
        "thamdinh": 403, "thuongvu": 403, "quantri": 400,
    },
    ("task", "get"): {
        "anonymous": 401, "canbo": 200, "canbo-ro": 200, "truongdonvi": 200, "cqchutri": 200,
        "thamdinh": 200, "thuongvu": 200, "quantri": 200,
    },
    ("report", "post"): {
        "anonymous": 401, "canbo": 200, "canbo-ro": 403, "truongdonvi": 403, "cqchutri": 403,
        "thamdinh": 403, "thuongvu": 403, "quantri": 200,
    },
    ("assign", "post"): {
        "anonymous": 401, "canbo": 403, "canbo-ro": 403, "truongdonvi": 201, "cqchutri": 201,
        "thamdinh": 403, "thuongvu": 403, "quantri": 201,
    },
    ("collective", "get"): {
        "anonymous": 401, "canbo": 404, "canbo-ro": 404, "truongdonvi": 200, "cqchutri": 200,
        "thamdinh": 200, "thuongvu": 200, "quantri": 200,
    },
    ("collective", "patch"): {
        "anonymous": 401, "canbo": 404, "canbo-ro": 403, "truongdonvi": 200, "cqchutri": 403,
        "thamdinh": 403, "thuongvu": 403, "quantri": 200,
    },
    # organisation records: the import's right (the administrator's); seen without it 403
    ("official", "patch"): {
        "anonymous": 401, "canbo": 403, "canbo-ro": 403, "truongdonvi": 403, "cqchutri": 403,
        "thamdinh": 403, "thuongvu": 403, "quantri": 200,
    },
    # a colleague's record: out of canbo's scope (404), seen by the others without the right
    ("other_official", "patch"): {
        "anonymous": 401, "canbo": 404, "canbo-ro": 403, "truongdonvi": 403, "cqchutri": 403,
        "thamdinh": 403, "thuongvu": 403, "quantri": 200,
    },
    ("unit", "patch"): {
        "anonymous": 401, "canbo": 403, "canbo-ro": 403, "truongdonvi": 403, "cqchutri": 403,
        "thamdinh": 403, "thuongvu": 403, "quantri": 200,
    },
    ("missing_evaluation", "get"): {
        "anonymous": 401, "canbo": 404, "canbo-ro": 404, "truongdonvi": 404, "cqchutri": 404,
        "thamdinh": 404, "thuongvu": 404, "quantri": 404,
    },
}  # fmt: skip


def _request(world, persona: str, case: str, method: str):
    client = api_client(world, persona)
    if case == "evaluation":
        return client.get(f"/api/v1/evaluations/{world.evaluation}/")
    if case == "other_evaluation":
        return client.get(f"/api/v1/evaluations/{world.other_evaluation}/")
    if case == "missing_evaluation":
        return client.get("/api/v1/evaluations/2147483647/")
    if case in ("self_assessment", "other_self_assessment"):
        pk = world.evaluation if case == "self_assessment" else world.other_evaluation
        version = Evaluation.objects.get(pk=pk).lock_version
        body = {"comment": "Qua API", "lock_version": version}
        url = f"/api/v1/evaluations/{pk}/self-assessment/"
        return client.patch(url, json.dumps(body), content_type="application/json")
    if case == "task":
        return client.get(f"/api/v1/tasks/{world.task}/")
    if case == "report":
        version = Task.objects.get(pk=world.task).lock_version
        body = {"delivered_quantity": "1", "completed_on": None, "lock_version": version}
        return client.post(f"/api/v1/tasks/{world.task}/report/", body, "application/json")
    if case == "assign":
        unit = world.office if persona == "cqchutri" else world.unit
        body = {
            "period": world.period,
            "assigning_unit": unit,
            "leads": [world.canbo_official],
            "title": "Báo cáo qua API",
            "product_name": "Báo cáo",
            "criterion_code": "B.1.2",
            "due_date": "2026-09-20",
            "assigned_on": "2026-08-01",
        }
        return client.post("/api/v1/tasks/", body, "application/json")
    if case == "collective":
        url = f"/api/v1/collective-results/{world.collective}/"
        if method == "get":
            return client.get(url)
        version = CollectiveResult.objects.get(pk=world.collective).lock_version
        body = {"causes": "Thiếu người", "lock_version": version}
        return client.patch(url, json.dumps(body), content_type="application/json")
    if case in ("official", "other_official", "unit"):
        pk = {
            "official": world.canbo_official,
            "other_official": Evaluation.objects.get(pk=world.other_evaluation).official_id,
            "unit": world.unit,
        }[case]
        url = f"/api/v1/{case.removeprefix('other_')}s/{pk}/"
        etag = api_client(world, "quantri").get(url)["ETag"]
        body = {"name": "Sở Mới"} if case == "unit" else {"full_name": "Nguyễn Thị Mới"}
        return client.patch(url, json.dumps(body), "application/json", HTTP_IF_MATCH=etag)
    raise AssertionError(case)


CASES = [
    (persona, case, method, status)
    for (case, method), statuses in MATRIX.items()
    for persona, status in statuses.items()
]


@pytest.mark.parametrize(("persona", "case", "method", "status"), CASES)
def test_permission_matrix(world, persona, case, method, status):
    response = _request(world, persona, case, method)
    assert response.status_code == status, response.content[:300]


def test_every_persona_is_in_every_row_of_the_matrix():
    assert all(set(statuses) == set(PERSONAS) for statuses in MATRIX.values())
