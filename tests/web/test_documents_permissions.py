"""Who may download which document (issue 10, item 4): the same rule as the page that shows
the document's data, decided in danhgia.access; out of scope 404, in scope but not one's page
403, anonymous to the login page; the template pages are the administrator's alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web import factories as f
from tests.web import once
from tests.web.conftest import PERSONAS, build_world

from .document_data import meeting

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def _build(request):
    world = build_world()
    period = f.make_evaluation_period(world.unit_a.block)
    world.period = period
    world.evaluation_a = f.make_evaluation(world.official_a, period)
    world.evaluation_b = f.make_evaluation(world.outsider_b, period)
    meeting(world.unit_a, period, world.users["unit_head"])
    return world


shared_world = once.module_world(_build)


@pytest.fixture
def world(request, shared_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_world, tmp_path)


def _doc(world, kind, target, fmt="docx"):
    record = getattr(world, target)
    url = reverse("documents:download", args=[kind, record.pk, fmt])
    return url if kind == "ban-tu-danh-gia" else f"{url}?ky={world.period.pk}"


# (url builder, page showing the same data or None) → {persona: status}
MATRIX = {
    ("ban-tu-danh-gia", "evaluation_a", "docx"): {
        "official": 200, "unit_head": 200, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 404,
    },
    ("ban-tu-danh-gia", "evaluation_a", "pdf"): {
        "official": 200, "unit_head": 200, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 404,
    },
    ("ban-tu-danh-gia", "evaluation_b", "docx"): {
        "official": 404, "unit_head": 404, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 200,
    },
    ("to-trinh", "unit_a", "docx"): {
        "official": 403, "unit_head": 200, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 404,
    },
    ("to-trinh", "unit_a", "pdf"): {
        "official": 403, "unit_head": 200, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 404,
    },
    ("bien-ban", "unit_a", "docx"): {
        "official": 403, "unit_head": 200, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 404,
    },
    ("bien-ban", "unit_a", "pdf"): {
        "official": 403, "unit_head": 200, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 404,
    },
}  # fmt: skip

#: the page whose data each document carries: the document answers as that page does
PAGES = {
    "ban-tu-danh-gia": lambda world, target: reverse(
        "evaluations:detail", args=[getattr(world, target).pk]
    ),
    "to-trinh": lambda world, target: reverse(
        "dossiers:dossier", args=[world.period.pk, getattr(world, target).pk]
    ),
    "bien-ban": lambda world, target: reverse(
        "dossiers:minutes", args=[world.period.pk, getattr(world, target).pk]
    ),
    "phu-luc-7": lambda world, target: reverse(
        "tasks:collective_detail", args=[getattr(world, target).pk, world.period.pk]
    ),
}

CASES = [
    (persona, kind, target, fmt, expected)
    for (kind, target, fmt), statuses in MATRIX.items()
    for persona, expected in statuses.items()
]


@pytest.mark.parametrize(("persona", "kind", "target", "fmt", "expected"), CASES)
def test_document_permission_matrix(world, login, persona, kind, target, fmt, expected):
    assert login(persona).get(_doc(world, kind, target, fmt)).status_code == expected


@pytest.mark.parametrize("persona", SIGNED_IN)
@pytest.mark.parametrize(
    ("kind", "target"),
    [
        ("ban-tu-danh-gia", "evaluation_a"),
        ("ban-tu-danh-gia", "evaluation_b"),
        ("to-trinh", "unit_a"),
        ("to-trinh", "unit_b"),
        ("bien-ban", "unit_a"),
        ("phu-luc-7", "unit_a"),
        ("phu-luc-7", "unit_b"),
        ("phu-luc-7", "division_a1"),
    ],
)
def test_a_document_answers_as_the_page_showing_its_data(world, login, persona, kind, target):
    client = login(persona)
    page = client.get(PAGES[kind](world, target)).status_code
    document = client.get(_doc(world, kind, target)).status_code
    assert document == page


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_only_the_administrator_manages_templates(world, login, persona):
    client = login(persona)
    expected = 200 if persona == "admin" else 403
    assert client.get(reverse("documents:templates")).status_code == expected
    download = reverse("documents:template_download", args=["ban-tu-danh-gia"])
    assert client.get(download).status_code == expected
    assert client.get(download + "?goc=1").status_code == expected
    preview = reverse("documents:template_preview", args=["to-trinh", "docx"])
    assert client.get(preview).status_code == expected
    upload = reverse("documents:template_upload", args=["ban-tu-danh-gia"])
    reset = reverse("documents:template_reset", args=["ban-tu-danh-gia"])
    after_post = 302 if persona == "admin" else 403
    assert client.post(upload, {}).status_code == after_post
    assert client.post(reset).status_code == after_post
    # an unknown kind is 404 for the administrator too
    unknown = reverse("documents:template_download", args=["khong-co"])
    assert client.get(unknown).status_code == (404 if persona == "admin" else 403)


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    urls = [
        _doc(world, "ban-tu-danh-gia", "evaluation_a"),
        _doc(world, "to-trinh", "unit_a"),
        reverse("documents:templates"),
        reverse("documents:template_download", args=["ban-tu-danh-gia"]),
        reverse("documents:template_preview", args=["to-trinh", "pdf"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:login"))


def test_every_documents_url_is_in_these_tests():
    from django.urls import get_resolver

    resolver = get_resolver().namespace_dict["documents"][1]
    names = {n for n in resolver.reverse_dict if isinstance(n, str)}
    assert names == {
        "download",
        "templates",
        "template_download",
        "template_upload",
        "template_reset",
        "template_preview",
        "dossier_zip",  # tests/web/test_documents_quarter_permissions.py
        "job_file",  # tests/web/test_documents_jobs.py (the user who queued the job only)
    }
