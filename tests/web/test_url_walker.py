"""No request makes the server answer 500: every URL pattern of the project, walked.

Each route gets valid ids from the demo province, then 27-digit ids; list pages also get junk
query parameters; every page is asked for by each persona (GET, and a junk POST where the view
takes one). A 500 fails with the list of the URLs that gave one. The province is seeded once for
the module and rolled back at its end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.demo_day import STORY_TODAY_TEXT

HUGE = "9" * 27
PERSONAS = ["anonymous", "canbo", "truongdonvi", "thamdinh", "thuongvu", "quantri"]
JUNK_QUERY = urlencode(
    {
        "period": "zzz",
        "ky": "abc",
        "unit": HUGE,
        "don_vi": "-1",
        "lead": HUGE,
        "official": "1e9",
        "state": "không-có",
        "trang": "abc",
        "page": HUGE,
        "q": "\x00",
        "cho": "x",
        "next": "//evil.example/",
    }
)
JUNK_POST = {
    "period": "zzz",
    "unit": HUGE,
    "lead": "9" * 30,
    "official": "abc",
    "next": "abc",
    "lock_version": HUGE,
    "rating": "không-có",
    "reason": "",
    "code": "Z.9",
}


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    route: str  # e.g. "danh-gia/<id:pk>/"
    params: tuple[str, ...]


def _routes(resolver=None, prefix: str = "", namespace: str = "") -> list[Route]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            found += _routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.startswith("^") or "(?P<" in route:  # admin's regex routes (app index)
                continue
            name = f"{namespace}:{entry.name}" if entry.name else route
            found.append(Route(name, route, tuple(entry.pattern.converters)))
    return found


ROUTES = _routes()


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    """The small demo province, built once, and the ids to put into the routes."""
    from danhgia.decisions.models import Decision
    from danhgia.dossiers.models import DossierDocument
    from danhgia.evaluations.models import Evaluation, Evidence
    from danhgia.jobs.models import Job
    from danhgia.organisation.models import Official, Unit
    from danhgia.periods.models import Period
    from danhgia.rules.models import FrameworkVersion
    from danhgia.tasks.models import Catalogue, Task, TaskEvidence

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", small=True, today=STORY_TODAY_TEXT, verbosity=0)
        own = Evaluation.objects.filter(official__user__username="canbo").order_by("pk").first()
        ids = {
            "period": own.period_id,
            "unit": own.official.unit_id,
            "official": own.official_id,
            "evaluation": own.pk,
            "evidence": Evidence.objects.values_list("pk", flat=True).first(),
            "task_evidence": TaskEvidence.objects.values_list("pk", flat=True).first(),
            "document": DossierDocument.objects.values_list("pk", flat=True).first(),
            "decision": Decision.objects.values_list("pk", flat=True).first(),
            "task": Task.objects.values_list("pk", flat=True).first(),
            "catalogue": Catalogue.objects.values_list("pk", flat=True).first(),
            "framework": FrameworkVersion.objects.values_list("pk", flat=True).first(),
            "official_pk": Official.objects.filter(unit=own.official.unit).first().pk,
            "unit_pk": Unit.objects.filter(pk=own.official.unit_id).get().pk,
            "period_pk": Period.objects.order_by("pk").first().pk,
            "job": Job.objects.create(
                kind="evaluations.open",
                label="Lập phiếu",
                args={"period": own.period_id, "unit": own.official.unit_id},
                created_by=own.official.user,
                state="failed",
                run_after=own.created_at,
            ).pk,
            # documents: a real kind and format (the pk is the evaluation's, see _pk_key)
            "kind": "ban-tu-danh-gia",
            "fmt": "docx",
        }
        yield ids
        transaction.set_rollback(True)


# Which record a route's ``pk`` names, by the route's name (the other parameters are named after
# their record: period, unit, official).
PK_OF = {
    "organisation:official_detail": "official_pk",
    "rules:framework_detail": "framework",
    "rules:framework_copy": "framework",
    "rules:framework_edit": "framework",
    "rules:framework_check": "framework",
    "evaluations:unit_members": "unit_pk",
    "evaluations:unit_start": "unit_pk",
    "evaluations:evidence_download": "evidence",
    "tasks:task_evidence_download": "task_evidence",
    "dossiers:dossier_document": "document",
    "decisions:correct": "decision",
    "jobs:detail": "job",
    "jobs:progress": "job",
    "jobs:retry": "job",
    "documents:job_file": "job",
    "analytics:person": "official_pk",
    "analytics:year_end_export_file": "job",
}


def _pk_key(route: Route) -> str:
    if route.name in PK_OF:
        return PK_OF[route.name]
    app, _, name = route.name.partition(":")
    if app == "tasks":
        return "catalogue" if name.startswith("catalogue") else "task"
    return "evaluation"


def _admin_model(route: Route):
    name = route.name.partition(":")[2]
    for model in admin.site._registry:
        opts = model._meta
        if name.startswith(f"{opts.app_label}_{opts.model_name}_"):
            return model
    return None


def _url(route: Route, ids: dict, huge: bool) -> str:
    path = route.route
    for param in route.params:
        if param == "object_id":
            model = _admin_model(route)
            first = model._default_manager.values_list("pk", flat=True).first() if model else None
            value = HUGE if huge else str(first or 1)
        elif param == "app_label":
            value = "organisation"
        elif param == "code":
            value = "B.1.1"
        elif param in {"content_type_id", "id"}:
            value = HUGE if huge else "1"
        elif huge:
            value = HUGE
        elif param == "pk":
            value = str(ids[_pk_key(route)] or 1)
        else:
            value = str(ids.get(param) or 1)
        path = re.sub(rf"<(\w+:)?{param}>", value, path, count=1)
    return "/" + path


def _targets(ids: dict) -> list[str]:
    urls = []
    for route in ROUTES:
        if route.name in {"core:logout"}:
            continue
        urls.append(_url(route, ids, huge=False))
        if route.params:
            urls.append(_url(route, ids, huge=True))
        else:
            urls.append(_url(route, ids, huge=False) + "?" + JUNK_QUERY)
    return urls


def _client(persona: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    if persona != "anonymous":
        client.force_login(get_user_model().objects.get(username=persona))
    return client


def _errors(responses) -> list[str]:
    """``500 url: the exception`` for every answer that was a server error."""
    failed = []
    for url, response in responses:
        if response.status_code == 503 and url.startswith("/healthz/"):
            continue  # the health check's own answer when no job worker runs (danhgia.ops)
        if response.status_code >= 500:
            error = response.exc_info[1] if getattr(response, "exc_info", None) else ""
            failed.append(f"{response.status_code} {url.split('?')[0]}: {error!r}"[:300])
    return failed


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_answers_500_to_a_get(province, db, persona):
    client = _client(persona)
    answered = [(url, client.get(url)) for url in _targets(province)]
    errors = _errors(answered)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("persona", ["canbo", "truongdonvi", "thamdinh", "thuongvu", "quantri"])
def test_no_page_answers_500_to_a_junk_post(province, db, persona):
    client = _client(persona)
    answered = []
    for route in ROUTES:
        if route.name.startswith("admin:") or route.name in {"core:logout", "core:login"}:
            continue
        for huge in (False, True) if route.params else (False,):
            url = _url(route, province, huge)
            answered.append((url, client.post(url, JUNK_POST)))
    errors = _errors(answered)
    assert not errors, "\n".join(errors)


def test_the_walker_sees_every_page_of_the_project():
    names = {route.name for route in ROUTES}
    assert {"evaluations:detail", "decisions:correct", "admin:tasks_task_add"} <= names
    assert len(ROUTES) > 150
