"""Who may download the scope-and-quarter documents (issue 10, item 4): the summary tables and
the whole dossier answer as the dossier's pages do, the report to the centre belongs to the
readers of the decided list covering the unit, the announcement to whoever reads the
publication. Out of scope 404, in scope but not one's page 403, anonymous to the login page.
The pages that show the data offer the links, naming the format."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danhgia.decisions.models import Publication
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
    world.publication_a = Publication.objects.create(
        period=period, unit=world.unit_a, published_by=world.users["authority"]
    )
    return world


shared_world = once.module_world(_build)


@pytest.fixture
def world(request, shared_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_world, tmp_path)


def _url(world, kind: str, target: str, fmt: str) -> str:
    record = getattr(world, target)
    if kind == "zip":
        return reverse("documents:dossier_zip", args=[record.pk]) + f"?ky={world.period.pk}"
    url = reverse("documents:download", args=[kind, record.pk, fmt])
    return url if kind == "thong-bao-ket-qua" else f"{url}?ky={world.period.pk}"


READERS_OF_A = {
    "official": 403, "unit_head": 200, "appraiser": 200, "authority": 200, "admin": 200,
    "outsider": 404,
}  # fmt: skip
MATRIX = {
    ("bang-tong-hop", "unit_a", "xlsx"): READERS_OF_A,
    ("bang-tong-hop", "unit_a", "docx"): READERS_OF_A,
    ("bang-tong-hop", "unit_a", "pdf"): READERS_OF_A,
    # a GET shows the button that queues the job (docs/documents.md, "Made in the background")
    ("zip", "unit_a", "zip"): READERS_OF_A,
    ("bang-tong-hop", "unit_b", "xlsx"): {
        "official": 404, "unit_head": 404, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 403,
    },
    ("bao-cao-quy", "root", "xlsx"): {
        "official": 404, "unit_head": 404, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 404,
    },
    ("bao-cao-quy", "unit_a", "pdf"): {
        "official": 403, "unit_head": 403, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 404,
    },
    ("thong-bao-ket-qua", "publication_a", "docx"): {
        "official": 200, "unit_head": 200, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 404,
    },
    ("thong-bao-ket-qua", "publication_a", "pdf"): {
        "official": 200, "unit_head": 200, "appraiser": 200, "authority": 200, "admin": 200,
        "outsider": 404,
    },
}  # fmt: skip
CASES = [
    (persona, kind, target, fmt, expected)
    for (kind, target, fmt), statuses in MATRIX.items()
    for persona, expected in statuses.items()
]


@pytest.mark.parametrize(("persona", "kind", "target", "fmt", "expected"), CASES)
def test_permission_matrix(world, login, persona, kind, target, fmt, expected):
    assert login(persona).get(_url(world, kind, target, fmt)).status_code == expected


@pytest.mark.parametrize("persona", SIGNED_IN)
@pytest.mark.parametrize("target", ["unit_a", "unit_b", "division_a1"])
def test_the_summary_and_the_zip_answer_as_the_dossier_pages(world, login, persona, target):
    client = login(persona)
    unit = getattr(world, target)
    summary_page = client.get(reverse("dossiers:summary", args=[world.period.pk, unit.pk]))
    dossier_page = client.get(reverse("dossiers:dossier", args=[world.period.pk, unit.pk]))
    assert client.get(_url(world, "bang-tong-hop", target, "xlsx")).status_code == (
        summary_page.status_code
    )
    assert client.get(_url(world, "zip", target, "zip")).status_code == (dossier_page.status_code)


@pytest.mark.parametrize(("persona", "expected"), READERS_OF_A.items())
def test_only_a_post_queues_the_zip_and_answers_as_the_get(world, login, persona, expected):
    from danhgia.jobs.models import Job

    client = login(persona)
    url = _url(world, "zip", "unit_a", "zip")
    assert client.get(url).status_code == expected
    assert not Job.objects.exists()
    response = client.post(url)
    assert response.status_code == (302 if expected == 200 else expected)
    assert Job.objects.count() == (1 if expected == 200 else 0)


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    for kind, target, fmt in MATRIX:
        response = client.get(_url(world, kind, target, fmt))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:login"))


def test_the_pages_offer_the_links_naming_their_format(world, login):
    period = world.period.pk
    unit = world.unit_a.pk
    summary = login("unit_head").get(reverse("dossiers:summary", args=[period, unit]))
    text = summary.content.decode()
    for label in ("Phụ lục 05", "Phụ lục 06", "Phụ lục 07"):
        for fmt in ("(Excel)", "(.docx)", "(PDF)"):
            assert f"Bảng tổng hợp {label} {fmt}" in text
    assert _url(world, "bang-tong-hop", "unit_a", "xlsx") + "&amp;mau=06" in text
    dossier = login("unit_head").get(reverse("dossiers:dossier", args=[period, unit]))
    assert "kèm mục lục (.zip)" in dossier.content.decode()
    assert _url(world, "zip", "unit_a", "zip") in dossier.content.decode()
    appraisal = login("appraiser").get(reverse("review:appraisal_unit", args=[period, unit]))
    assert "Bảng tổng hợp Phụ lục 06 (Excel)" in appraisal.content.decode()
    decided = login("authority").get(reverse("decisions:decided", args=[period]))
    text = decided.content.decode()
    assert "Báo cáo kết quả xếp loại quý (Excel)" in text
    assert _url(world, "bao-cao-quy", "root", "pdf") in text
    results = login("official").get(reverse("decisions:results", args=[period]))
    text = results.content.decode()
    assert "Thông báo kết quả – Sở A (PDF)" in text
    assert _url(world, "thong-bao-ket-qua", "publication_a", "docx") in text
