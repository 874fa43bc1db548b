"""Documents made in the background (issue 10, item 6): the whole-dossier ZIP and a large
scope's Excel tables are jobs with their progress; the files they make equal the synchronous
path's (opened with zipfile / openpyxl), the same job is returned while it runs, and only the
user who queued it may download its file. Only a POST queues: a GET shows the job under way or
the button, and creates no job."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danhgia.decisions.services import decide, decision_run
from danhgia.documents import jobs as document_jobs
from danhgia.documents.dossier_zip import dossier_zip, steps
from danhgia.documents.kinds.unit import UnitQuarter
from danhgia.jobs.choices import JobState
from danhgia.jobs.models import Job
from danhgia.jobs.worker import Worker
from danhgia.review.choices import Stage

from .decision_data import make_quarter, stage_score
from .document_data import meeting


@pytest.fixture
def decided(world):
    """A decided quarter of unit A (as in test_documents_quarter.py) with its minutes."""
    quarter = make_quarter(world, entries=True, totals=("95", "93", "80", "78", "40"))
    head = world.users["unit_head"]
    stage_score(quarter.evaluations[0], Stage.REVIEW, "94", "HTXSNV", head)
    stage_score(quarter.evaluations[0], Stage.APPRAISAL, "95", "HTXSNV", world.users["appraiser"])
    meeting(world.unit_a, quarter.period, head)
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    return quarter


def _zip_url(world, period) -> str:
    return reverse("documents:dossier_zip", args=[world.unit_a.pk]) + f"?ky={period.pk}"


def _table_url(kind: str, pk: int, fmt: str, period, **query) -> str:
    params = "&".join(f"{k}={v}" for k, v in {"ky": period.pk, **query}.items())
    return reverse("documents:download", args=[kind, pk, fmt]) + f"?{params}"


def _run() -> None:
    Worker("test").run(burst=True)


def _members(archive: zipfile.ZipFile) -> dict[str, bytes]:
    return {n: archive.read(n) for n in archive.namelist() if n != "00_Muc-luc.txt"}


def _index_lines(archive: zipfile.ZipFile) -> list[str]:
    text = archive.read("00_Muc-luc.txt").decode("utf-8")
    return [line for line in text.splitlines() if not line.startswith("Tạo lúc")]


def test_the_dossier_link_queues_a_job_whose_zip_equals_the_synchronous_one(world, login, decided):
    client = login("authority")
    response = client.post(_zip_url(world, decided.period))
    job = Job.objects.get(kind=document_jobs.DOSSIER)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.created_by == world.users["authority"]
    assert job.args == {"unit": world.unit_a.pk, "period": decided.period.pk}
    page = client.get(response["Location"]).content.decode()
    assert "Hồ sơ Quý III/2026 của Sở A (.zip)" in page

    _run()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error_detail
    user = world.users["authority"]
    planned = len(steps(UnitQuarter(world.unit_a, decided.period), user))
    assert job.progress_done == job.progress_total == planned > 10
    assert job.result["name"] == "Ho-so_So-A_Q3-2026.zip"
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    link = reverse("documents:job_file", args=[job.pk])
    assert f'href="{link}"' in page
    assert "Tải về Ho-so_So-A_Q3-2026.zip (.zip)" in page

    download = client.get(link)
    assert download.status_code == 200
    assert "Ho-so_So-A_Q3-2026.zip" in download["Content-Disposition"]
    from_job = zipfile.ZipFile(io.BytesIO(download.content))
    synchronous = zipfile.ZipFile(
        io.BytesIO(dossier_zip(UnitQuarter(world.unit_a, decided.period), user))
    )
    assert _members(from_job) == _members(synchronous)  # decided: the archived bytes, both
    assert _index_lines(from_job) == _index_lines(synchronous)
    assert len(_members(from_job)) >= 10


def test_the_same_job_is_returned_while_it_waits_and_a_built_zip_is_served_at_once(
    world, login, decided
):
    client = login("authority")
    first = client.post(_zip_url(world, decided.period))
    second = client.post(_zip_url(world, decided.period))  # a double click
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind=document_jobs.DOSSIER).count() == 1
    # another reader gets their own job (their own copy, their own rights)
    other = login("appraiser").post(_zip_url(world, decided.period))
    assert other["Location"] != first["Location"]
    assert Job.objects.filter(kind=document_jobs.DOSSIER).count() == 2
    _run()
    obj = UnitQuarter(world.unit_a, decided.period)
    again = client.get(_zip_url(world, decided.period))
    assert document_jobs.dossier_fingerprint(obj)  # decided and frozen: nothing may change
    assert again.status_code == 200
    assert again["Content-Disposition"].endswith('Ho-so_So-A_Q3-2026.zip"')
    assert Job.objects.filter(kind=document_jobs.DOSSIER).count() == 2
    # a new decision in force (a correction) is another fingerprint: built again
    Job.objects.filter(kind=document_jobs.DOSSIER).update(result={"fingerprint": "old"})
    assert client.get(_zip_url(world, decided.period)).status_code == 200  # the button
    assert Job.objects.filter(kind=document_jobs.DOSSIER).count() == 2
    assert client.post(_zip_url(world, decided.period)).status_code == 302
    assert Job.objects.filter(kind=document_jobs.DOSSIER).count() == 3


@pytest.mark.parametrize("persona", ["appraiser", "admin", "unit_head", "official", "outsider"])
def test_another_users_job_file_is_404(world, login, decided, persona):
    login("authority").post(_zip_url(world, decided.period))
    _run()
    job = Job.objects.get(kind=document_jobs.DOSSIER)
    assert login(persona).get(reverse("documents:job_file", args=[job.pk])).status_code == 404


def test_the_job_file_asks_the_dossier_right_again(world, login, decided):
    client = login("unit_head")
    client.post(_zip_url(world, decided.period))
    _run()
    job = Job.objects.get(kind=document_jobs.DOSSIER)
    assert job.state == JobState.DONE, job.error_detail
    link = reverse("documents:job_file", args=[job.pk])
    assert client.get(link).status_code == 200
    world.users["unit_head"].role_assignments.all().delete()
    assert client.get(link).status_code in (403, 404)


def test_a_job_of_a_user_who_lost_the_right_fails_with_a_message(world, login, decided):
    login("unit_head").post(_zip_url(world, decided.period))
    world.users["unit_head"].role_assignments.all().delete()
    _run()
    job = Job.objects.get(kind=document_jobs.DOSSIER)
    assert job.state == JobState.FAILED
    assert job.error == "Bạn không còn quyền xem văn bản này."


def _sheet_values(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("kind", "target", "query"),
    [
        ("bang-tong-hop", "root", {"mau": "06"}),
        ("bang-tong-hop", "unit_a", {}),
        ("bao-cao-quy", "root", {}),
    ],
)
def test_a_large_scopes_excel_is_a_job_with_the_same_rows(
    world, login, decided, settings, kind, target, query
):
    client = login("authority")
    url = _table_url(kind, getattr(world, target).pk, "xlsx", decided.period, **query)
    immediate = client.get(url)  # below the threshold: at once
    assert immediate.status_code == 200
    settings.DOCUMENTS_INLINE_ROWS = 2
    page = client.get(url)  # a GET shows the button and queues nothing
    assert page.status_code == 200 and "Tạo tệp Excel" in page.content.decode()
    assert not Job.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert client.post(url)["Location"] == response["Location"]  # idempotent while queued
    job = Job.objects.get(kind=document_jobs.TABLE)
    assert job.args["kind"] == kind
    scope = getattr(world, target).name
    if kind == "bang-tong-hop":
        appendix = query.get("mau", "06")
        assert job.label.endswith(f": {scope}, Quý III/2026, Phụ lục {appendix} (Excel)")
    else:
        assert job.label.endswith(f": {scope}, Quý III/2026 (Excel)")
    _run()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error_detail
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.progress_message == "Lưu tệp"
    download = client.get(reverse("documents:job_file", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == immediate["Content-Disposition"]
    assert _sheet_values(download.content) == _sheet_values(immediate.content)
    assert login("appraiser").get(reverse("documents:job_file", args=[job.pk])).status_code == 404


def test_docx_and_pdf_stay_immediate_and_the_refusal_names_the_excel_job(
    world, login, decided, settings, monkeypatch
):
    from danhgia.documents.kinds import quarter

    settings.DOCUMENTS_INLINE_ROWS = 2
    monkeypatch.setitem(quarter.MAX_ROWS, "pdf", 4)
    client = login("authority")
    docx = client.get(_table_url("bang-tong-hop", world.unit_a.pk, "docx", decided.period))
    assert docx.status_code == 200
    refused = client.get(_table_url("bang-tong-hop", world.unit_a.pk, "pdf", decided.period))
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "Bản Excel của bảng này tải được" in text
    assert "Công việc nền" in text
    excel = _table_url("bang-tong-hop", world.unit_a.pk, "xlsx", decided.period)
    assert f'href="{excel.replace("&", "&amp;")}"' in text
    assert not Job.objects.exists()
    assert client.get(excel).status_code == 200  # above DOCUMENTS_INLINE_ROWS: the button
    assert not Job.objects.exists()
    assert client.post(excel).status_code == 302  # a job
    assert Job.objects.get().kind == document_jobs.TABLE


def test_queueing_costs_the_same_queries_whatever_the_scope(
    world, login, decided, settings, django_assert_max_num_queries
):
    settings.DOCUMENTS_INLINE_ROWS = 0
    client = login("authority")
    client.get(reverse("core:home"))
    with django_assert_max_num_queries(25):
        client.post(_table_url("bang-tong-hop", world.root.pk, "xlsx", decided.period))
    with django_assert_max_num_queries(25):
        client.post(_zip_url(world, decided.period))
    assert Job.objects.count() == 2


# --- a GET never queues (issue 10/9 leftovers) -----------------------------------------------


@pytest.mark.parametrize("persona", ["unit_head", "appraiser", "authority"])
def test_a_get_of_the_dossier_zip_queues_nothing_and_shows_the_button(
    world, login, decided, persona
):
    client = login(persona)
    response = client.get(_zip_url(world, decided.period))
    assert response.status_code == 200
    assert not Job.objects.exists()
    page = response.content.decode()
    assert "Hồ sơ Quý III/2026 của Sở A (.zip)" in page
    action = _zip_url(world, decided.period)
    assert f'<form method="post" action="{action}"' in page
    assert "csrfmiddlewaretoken" in page
    assert "Tạo tệp .zip toàn bộ hồ sơ" in page


def test_a_get_while_the_job_runs_shows_that_job_and_queues_nothing_more(world, login, decided):
    client = login("unit_head")
    queued = client.post(_zip_url(world, decided.period))
    job = Job.objects.get()
    assert queued["Location"] == reverse("jobs:detail", args=[job.pk])
    page = client.get(_zip_url(world, decided.period)).content.decode()
    assert Job.objects.count() == 1
    assert "Tệp này đang được tạo trong nền." in page
    assert reverse("jobs:progress", args=[job.pk]) in page  # HTMX polls its progress
    assert "Tạo tệp .zip toàn bộ hồ sơ" not in page


def test_the_dossier_pages_offer_a_post_button_not_a_link(world, login, decided):
    url = _zip_url(world, decided.period)
    period, unit = decided.period.pk, world.unit_a.pk
    pages = {
        "unit_head": reverse("dossiers:dossier", args=[period, unit]),
        "appraiser": reverse("review:appraisal_unit", args=[period, unit]),
    }
    for persona, page_url in pages.items():
        response = login(persona).get(page_url)
        assert response.status_code == 200, (persona, page_url)
        page = response.content.decode()
        assert f'href="{url}"' not in page
        assert f'<form method="post" action="{url}"' in page
        assert "Tải toàn bộ hồ sơ của đơn vị, kèm mục lục (.zip)" in page
    assert not Job.objects.exists()


def test_a_csrf_less_post_queues_nothing(world, decided, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["unit_head"])
    assert strict.post(_zip_url(world, decided.period)).status_code == 403
    assert not Job.objects.exists()


def test_a_post_for_a_small_table_goes_back_to_the_download(world, login, decided):
    client = login("authority")
    url = _table_url("bang-tong-hop", world.unit_a.pk, "xlsx", decided.period)
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    assert not Job.objects.exists()
