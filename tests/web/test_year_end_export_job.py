"""The year-end workbook of a large scope is written by a background job (issue 12 item 5):
the page's button (a POST) queues it, a worker writes the same rows as the page's download, the
job's page links to the file, which only the user who queued it downloads. A GET queues nothing."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danhgia.analytics import jobs as analytics_jobs
from danhgia.jobs.models import Job
from danhgia.jobs.worker import Worker
from tests.web import analytics_data as data
from tests.web import once, tasks_world
from tests.web.conftest import build_world
from tests.web.factories import close_download


def _build(request):
    world = build_world()
    world.history = data.build(world)
    return world


shared_world = once.module_world(_build)


@pytest.fixture
def world(request, shared_world, db, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    with tasks_world.private_storage_at(tmp_path / "private"):
        yield from once.fresh_copy(request, shared_world, tmp_path)


def _rows(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    close_download(response)
    return list(load_workbook(BytesIO(body)).active.iter_rows(values_only=True))


def test_a_large_year_is_written_by_a_job_with_the_page_s_rows(world, login, monkeypatch):
    client = login("authority")
    url = reverse("analytics:year_end_export")
    inline = _rows(client.get(url, {"nam": 2026, "chi": "candidates"}))
    monkeypatch.setattr(analytics_jobs, "EXPORT_INLINE_ROWS", 1)
    page = client.get(reverse("analytics:year_end"), {"nam": 2026, "chi": "candidates"})
    text = page.content.decode()
    assert '<form method="post" action="' + url in text and "Tải Excel (tạo trong nền)" in text
    shown = client.get(url, {"nam": 2026, "chi": "candidates"})  # a GET: the button only
    assert shown.status_code == 200 and "Tạo tệp Excel" in shown.content.decode()
    assert not Job.objects.exists()
    target = f"{url}?nam=2026&chi=candidates"
    queued = client.post(target)
    job = Job.objects.get(kind=analytics_jobs.YEAR_END_EXPORT)
    assert queued.status_code == 302 and queued["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.args == {"year": 2026, "query": {"chi": "candidates"}}
    again = client.post(target)  # while queued (a double click): the same job
    assert again["Location"] == queued["Location"] and Job.objects.count() == 1
    waiting = client.get(url, {"nam": 2026, "chi": "candidates"}).content.decode()
    assert "Tệp này đang được tạo trong nền." in waiting and Job.objects.count() == 1
    Worker("test").run(burst=True)
    job.refresh_from_db()
    assert job.state == "done", job.error
    assert job.progress_done == job.progress_total == len(inline) - 1
    link = reverse("analytics:year_end_export_file", args=[job.pk])
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert link in page and "Tải tệp Excel" in page
    assert _rows(client.get(link)) == inline  # the same rows as the page's download
    missing = reverse("analytics:year_end_export_file", args=[999999])
    assert client.get(missing).status_code == 404
    # only the user who queued it (another analyst: 404; no analyst role: 403)
    assert login("appraiser").get(link).status_code == 404
    assert login("official").get(link).status_code == 403


def test_a_small_year_is_still_downloaded_at_once(world, login):
    response = login("authority").get(reverse("analytics:year_end_export"), {"nam": 2026})
    assert len(_rows(response)) == 1 + len(data.PLAN)
    assert not Job.objects.filter(kind=analytics_jobs.YEAR_END_EXPORT).exists()


def test_a_job_of_a_user_who_lost_the_right_fails_with_a_message(world, login, monkeypatch):
    monkeypatch.setattr(analytics_jobs, "EXPORT_INLINE_ROWS", 1)
    login("authority").post(reverse("analytics:year_end_export") + "?nam=2026")
    job = Job.objects.get(kind=analytics_jobs.YEAR_END_EXPORT)
    job.created_by = world.users["official"]
    job.save(update_fields=["created_by"])
    Worker("test").run(burst=True)
    job.refresh_from_db()
    assert job.state == "failed" and "không còn quyền" in job.error
