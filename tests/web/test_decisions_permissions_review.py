"""Permission matrix of steps 3a-3c ("Xét duyệt"): persona × URL (× method) → status.

Anonymous → the login page; not visible (or not existing) → 404; visible but not one's step →
403; allowed → 200 (a page, or a form shown again) or 302 (an action done, then a redirect).
Personas besides the shared ones (tests/web/review_world.py): ``secretary`` (unit secretary of
A) and ``agency`` (assigning agency over the province, which assigned one of official A's
tasks).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse

from danhgia.dossiers import urls as dossier_urls
from danhgia.dossiers.choices import DossierComponent
from danhgia.dossiers.models import Dossier, DossierDocument, ReviewMeeting
from danhgia.review import urls as review_urls
from danhgia.review.verification import verify_person

from . import once, review_world
from .conftest import build_world

PERSONAS = [
    "official",
    "unit_head",
    "appraiser",
    "authority",
    "admin",
    "outsider",
    "secretary",
    "agency",
]


def statuses(default: int = 404, **given) -> dict[str, int]:
    return {persona: given.get(persona, default) for persona in PERSONAS}


#: a unit A page: roles over A see it (403 unless it is their step), the outsider does not
def unit_a(**allowed) -> dict[str, int]:
    return statuses(403, **({"outsider": 404} | allowed))


#: a colleague's evaluation in unit A: the chain's roles see it, not the agency nor official A
def evaluation_a(**allowed) -> dict[str, int]:
    return statuses(403, **({"outsider": 404, "agency": 404, "official": 404} | allowed))


MATRIX = {
    ("review:review_index", None, "get"): statuses(
        403, unit_head=200, appraiser=200, admin=200, secretary=200, agency=200
    ),
    ("review:verification", "period", "get"): statuses(403, unit_head=200, admin=200, agency=200),
    # An empty post lacks the version the page was opened with: refused as a conflict (409).
    ("review:verify_person", "official_a", "post"): unit_a(unit_head=409, admin=409, agency=409),
    ("review:verify_person", "outsider_b", "post"): statuses(
        404, appraiser=403, authority=403, admin=302, outsider=403, agency=403
    ),
    ("review:review_unit", "unit_a", "get"): unit_a(unit_head=200, admin=200),
    ("review:review_unit", "unit_b", "get"): statuses(
        404, appraiser=403, authority=403, admin=200, outsider=403, agency=403
    ),
    # (the minutes too: an empty post has no version → 409)
    ("dossiers:review_meeting", "unit_a", "post"): unit_a(unit_head=409, admin=409),
    ("review:review_form", "verified", "get"): evaluation_a(unit_head=200, admin=200),
    ("review:review_form", "verified", "post"): evaluation_a(unit_head=409, admin=409),
    ("review:review_form", "missing", "get"): statuses(),
    ("review:review_recalculate", "verified", "post"): evaluation_a(unit_head=200, admin=200),
    # Waiting for verification: the assigning side of a task and the unit leadership own it.
    ("review:return_evaluation", "own", "post"): evaluation_a(
        unit_head=302, admin=302, agency=302, official=403
    ),
    ("review:return_evaluation", "missing", "post"): statuses(),
    ("dossiers:dossier", "unit_a", "get"): unit_a(
        unit_head=200, appraiser=200, authority=200, admin=200, secretary=200
    ),
    # The dossier's read-only components: whoever reads the dossier (no meeting yet: says so).
    ("dossiers:minutes", "unit_a_met", "get"): unit_a(
        unit_head=200, appraiser=200, authority=200, admin=200, secretary=200
    ),
    ("dossiers:minutes", "unit_a", "get"): unit_a(
        unit_head=200, appraiser=200, authority=200, admin=200, secretary=200
    ),
    ("dossiers:summary", "unit_a", "get"): unit_a(
        unit_head=200, appraiser=200, authority=200, admin=200, secretary=200
    ),
    ("dossiers:dossier", "unit_a", "post"): unit_a(unit_head=200, admin=200, secretary=200),
    ("dossiers:dossier_submit", "unit_a", "post"): unit_a(unit_head=302, admin=302, secretary=302),
    ("dossiers:overdue", None, "get"): statuses(403, appraiser=200, authority=200, admin=200),
    ("dossiers:dossier_document", "document", "get"): statuses(200, official=404, outsider=404),
    ("dossiers:dossier_document", "missing", "get"): statuses(),
    # a file taken out of a dossier not yet submitted: whoever prepares the dossier
    ("dossiers:dossier_document_remove", "document", "post"): statuses(
        403, unit_head=302, admin=302, secretary=302, official=404, outsider=404
    ),
    ("dossiers:dossier_document_remove", "missing", "post"): statuses(),
    ("review:appraisal_unit", "unit_a", "get"): unit_a(appraiser=200, admin=200),
    ("dossiers:dossier_check", "unit_a", "post"): unit_a(appraiser=302, admin=302),
    ("review:key_task", "unit_a", "post"): unit_a(appraiser=302, admin=302),
    ("review:appraisal_form", "verified", "get"): evaluation_a(appraiser=200, admin=200),
    ("review:appraisal_form", "verified", "post"): evaluation_a(appraiser=302, admin=302),
    ("review:appraisal_recalculate", "verified", "post"): evaluation_a(appraiser=200, admin=200),
}

CASES = [
    (persona, name, target, method, expected)
    for (name, target, method), table in MATRIX.items()
    for persona, expected in table.items()
]


class Objects:
    """The matrix's targets, each made on first use."""

    def __init__(self, rw) -> None:
        self.rw = rw
        world = rw.world
        self.made = {
            "period": rw.period,
            "unit_a": world.unit_a,
            "unit_b": world.unit_b,
            "official_a": world.official_a,
            "outsider_b": world.outsider_b,
            "own": rw.evaluation,
        }

    def __getitem__(self, name: str):
        if name not in self.made:
            self.made[name] = getattr(self, f"_{name}")()
        return self.made[name]

    def _verified(self):
        rw = self.rw
        evaluation = review_world.submitted(rw.world.colleague_a, rw.period, rw.users["unit_head"])
        verify_person(rw.world.colleague_a, rw.period, rw.users["unit_head"])
        evaluation.refresh_from_db()
        return evaluation

    def _unit_a_met(self):
        rw = self.rw
        ReviewMeeting.objects.create(
            unit=rw.world.unit_a,
            period=rw.period,
            held_on=date(2026, 9, 28),
            attendees="Ban Giám đốc",
            minutes="Thống nhất",
            recorded_by=rw.users["unit_head"],
        )
        return rw.world.unit_a

    def _document(self):
        dossier, _created = Dossier.objects.get_or_create(
            unit=self.rw.world.unit_a, period=self.rw.period
        )
        document = DossierDocument(
            dossier=dossier,
            component=DossierComponent.MEMO,
            original_name="Tờ trình.pdf",
            added_by=self.rw.users["secretary"],
        )
        document.file.save("x", ContentFile(b"%PDF"), save=True)
        return document


def _build(request) -> Objects:
    """The world and every target of the matrix, made once for the module (tests/web/once.py)."""
    objects = Objects(review_world.build(build_world()))
    for name in ("verified", "document"):
        objects[name]
    return objects


shared_objects = once.module_world(_build, files=True)


@pytest.fixture
def objects(request, shared_objects, db, tmp_path):
    yield from once.fresh_copy(request, shared_objects, tmp_path)


PERIOD_UNIT = {
    "review:review_unit",
    "dossiers:review_meeting",
    "dossiers:dossier",
    "dossiers:minutes",
    "dossiers:summary",
    "dossiers:dossier_submit",
    "review:appraisal_unit",
    "dossiers:dossier_check",
    "review:key_task",
}


def _url(objects, name: str, target: str | None) -> str:
    if target is None:
        return reverse(name)
    if target == "missing":
        return reverse(name, args=[999999])
    if name in PERIOD_UNIT:
        return reverse(name, args=[objects["period"].pk, objects[target].pk])
    if name == "review:verify_person":
        return reverse(name, args=[objects["period"].pk, objects[target].pk])
    return reverse(name, args=[objects[target].pk])


def _request(client, objects, name, target, method):
    url = _url(objects, name, target)
    if method == "get":
        response = client.get(url)
    elif name == "review:key_task":
        task = objects.rw.task_unit
        data = {"task": task.pk, f"k{task.pk}-response": "1", f"k{task.pk}-lock_version": "0"}
        response = client.post(url, data)
    else:
        response = client.post(url)
    if hasattr(response, "streaming_content"):
        from . import factories as f

        f.close_download(response)
    return response


@pytest.mark.parametrize(("persona", "name", "target", "method", "expected"), CASES)
def test_permission_matrix(objects, client, persona, name, target, method, expected):
    client.force_login(objects.rw.users[persona])
    response = _request(client, objects, name, target, method)
    assert response.status_code == expected


@pytest.mark.parametrize(("name", "target", "method"), list(MATRIX))
def test_anonymous_visitors_are_sent_to_the_login_page(objects, client, name, target, method):
    response = _request(client, objects, name, target, method)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_every_review_url_is_in_the_matrix():
    """Every URL of steps 3a-3c (under "xet-duyet/") has a row in the matrix."""
    mine = {
        f"{module.app_name}:{p.name}"
        for module in (review_urls, dossier_urls)
        for p in module.urlpatterns
        if str(p.pattern).startswith("xet-duyet/")
    }
    assert mine
    assert mine <= {name for name, _target, _method in MATRIX}
    assert get_resolver().namespace_dict["review"]
