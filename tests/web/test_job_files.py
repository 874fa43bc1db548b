"""The files jobs make are kept ``JOB_FILES_RETENTION_DAYS`` days (danhgia/jobs/files.py): the
daily clean-up deletes only the expired files of done jobs, only under their kind's own folder
(the document archive is permanent), marks the jobs, and does nothing twice; the job's page
then says so in Vietnamese and offers to make the file again."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from danhgia.analytics import jobs as analytics_jobs
from danhgia.documents import jobs as document_jobs
from danhgia.evidence import private_storage
from danhgia.jobs import files
from danhgia.jobs.choices import JobState
from danhgia.jobs.models import Job
from danhgia.jobs.worker import Worker
from tests.web import tasks_world

NOW = timezone.make_aware(datetime(2026, 12, 5, 10, 0))


@pytest.fixture
def storage(tmp_path):
    with tasks_world.private_storage_at(tmp_path / "private"):
        yield private_storage()


def _job(world, kind: str, path: str, *, days: float, state=JobState.DONE, user="unit_head"):
    """A job of ``kind`` that finished ``days`` before NOW with its file saved at ``path``."""
    saved = private_storage().save(path, ContentFile(b"PK job file")) if path else ""
    finished = NOW - timedelta(days=days)
    args = {"unit": world.unit_a.pk, "period": 7}
    if kind == analytics_jobs.YEAR_END_EXPORT:
        args = {"year": 2026, "query": {"chi": "candidates"}}
    result = {"file": saved, "name": "Ho-so.zip", "link": "/cong-viec/1/tep/", "link_label": "x"}
    return Job.objects.create(
        kind=kind,
        label="Hồ sơ Quý III/2026 của Sở A (.zip)",
        args=args,
        state=state,
        created_by=world.users[user],
        run_after=finished,
        finished_at=finished,
        result=result if state == JobState.DONE else {},
    )


def test_it_deletes_only_the_expired_files_of_done_jobs_and_marks_them(world, storage, settings):
    settings.JOB_FILES_RETENTION_DAYS = 7
    old_zip = _job(world, document_jobs.DOSSIER, "documents/jobs/1-a.zip", days=8)
    old_table = _job(world, document_jobs.TABLE, "documents/jobs/2-b.xlsx", days=30)
    old_year = _job(world, analytics_jobs.YEAR_END_EXPORT, "exports/cuoi-nam/job-3/a.xlsx", days=9)
    recent = _job(world, document_jobs.DOSSIER, "documents/jobs/4-c.zip", days=6.9)
    running = _job(world, document_jobs.DOSSIER, "documents/jobs/5-d.zip", days=20)
    Job.objects.filter(pk=running.pk).update(state=JobState.RUNNING)
    paths = {job.pk: job.result["file"] for job in (old_zip, old_table, old_year, recent, running)}

    outcome = files.expire_files(NOW)

    assert outcome == files.Expired(jobs=3, deleted=3, refused=0)
    for job in (old_zip, old_table, old_year):
        assert not storage.exists(paths[job.pk])
        job.refresh_from_db()
        assert job.result["expired_at"] == NOW.isoformat()
        assert "link" not in job.result and job.result["name"] == "Ho-so.zip"
        assert job.state == JobState.DONE
    for job in (recent, running):
        assert storage.exists(paths[job.pk])
        job.refresh_from_db()
        assert "expired_at" not in job.result
    # eight days later the recent one expires in its turn
    assert files.expire_files(NOW + timedelta(days=1)).deleted == 1
    assert not storage.exists(paths[recent.pk])


def test_running_it_twice_deletes_and_marks_nothing_twice(world, storage):
    job = _job(world, document_jobs.DOSSIER, "documents/jobs/1-a.zip", days=8)
    assert files.expire_files(NOW) == files.Expired(1, 1, 0)
    job.refresh_from_db()
    marked = job.result
    assert files.expire_files(NOW + timedelta(hours=1)) == files.Expired(0, 0, 0)
    job.refresh_from_db()
    assert job.result == marked  # the first expiry's time stays


def test_a_file_already_gone_is_only_marked(world, storage):
    job = _job(world, document_jobs.DOSSIER, "documents/jobs/1-a.zip", days=8)
    storage.delete(job.result["file"])
    assert files.expire_files(NOW) == files.Expired(1, 0, 0)


def test_the_archive_and_paths_outside_the_kind_s_folder_are_never_deleted(world, storage):
    archived = storage.save("documents/archive/bang-tong-hop/abc.xlsx", ContentFile(b"archived"))
    forged = _job(world, document_jobs.TABLE, "", days=40)
    sneaky = _job(world, document_jobs.DOSSIER, "", days=40)
    other_kind = _job(world, analytics_jobs.YEAR_END_EXPORT, "", days=40)
    Job.objects.filter(pk=forged.pk).update(result={"file": archived})
    Job.objects.filter(pk=sneaky.pk).update(
        result={"file": "documents/jobs/../archive/bang-tong-hop/abc.xlsx"}
    )
    table_file = storage.save("documents/jobs/9-z.xlsx", ContentFile(b"a table"))
    Job.objects.filter(pk=other_kind.pk).update(result={"file": table_file})

    outcome = files.expire_files(NOW)

    assert outcome == files.Expired(jobs=3, deleted=0, refused=3)
    assert storage.exists(archived)
    assert storage.exists(table_file)  # not the year-end job's folder
    with storage.open(archived, "rb") as handle:
        assert handle.read() == b"archived"


def test_the_job_page_says_the_file_expired_and_offers_to_make_it_again(world, login, storage):
    job = _job(world, document_jobs.DOSSIER, "documents/jobs/1-a.zip", days=8)
    client = login("unit_head")
    before = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'href="/cong-viec/1/tep/"' in before and "hết hạn" not in before
    files.expire_files(NOW)

    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()

    assert (
        "Tệp của công việc này đã hết hạn lưu (giữ 7 ngày) và đã được xóa lúc 05/12/2026 10:00."
    ) in page
    remake = document_jobs.dossier_url(world.unit_a.pk, 7)
    assert f'<form method="post" action="{remake}"' in page
    assert "Tạo lại tệp" in page
    assert 'href="/cong-viec/1/tep/"' not in page
    progress = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "đã hết hạn lưu" in progress
    assert client.get(reverse("documents:job_file", args=[job.pk])).status_code == 404


def test_the_year_end_job_offers_to_write_its_workbook_again(world, login, storage):
    job = _job(world, analytics_jobs.YEAR_END_EXPORT, "exports/cuoi-nam/job-1/a.xlsx", days=8)
    files.expire_files(NOW)
    page = login("unit_head").get(reverse("jobs:detail", args=[job.pk])).content.decode()
    action = reverse("analytics:year_end_export") + "?nam=2026&amp;chi=candidates"
    assert f'<form method="post" action="{action}"' in page


def test_only_the_user_who_queued_it_is_offered_to_make_it_again(world, login, storage):
    job = _job(world, document_jobs.DOSSIER, "documents/jobs/1-a.zip", days=8)
    files.expire_files(NOW)
    page = login("admin").get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "đã hết hạn lưu" in page
    assert "Tạo lại tệp" not in page


def test_the_daily_run_is_a_job_that_queues_the_next_day(world, storage, settings):
    old = _job(world, document_jobs.DOSSIER, "documents/jobs/1-a.zip", days=30)
    assert files.schedule_daily() is True
    assert files.schedule_daily() is False  # one is queued already
    daily = Job.objects.get(kind=files.EXPIRE_JOB)
    at = files.next_run()
    assert at.hour == files.EXPIRE_HOUR and at > timezone.now()
    assert abs(daily.run_after - at) < timedelta(seconds=5)  # (the delay is whole seconds)
    assert daily.idempotency_key == f"{files.EXPIRE_JOB}:{at.date().isoformat()}"
    assert Worker("test").run(burst=True) == 0  # not due yet
    Job.objects.filter(pk=daily.pk).update(run_after=timezone.now())

    Worker("test").run(burst=True, max_jobs=1)

    daily.refresh_from_db()
    assert daily.state == JobState.DONE, daily.error_detail
    assert daily.result["message"].startswith("Đã xóa 1 tệp quá 7 ngày")
    old.refresh_from_db()
    assert "expired_at" in old.result
    following = Job.objects.get(kind=files.EXPIRE_JOB, state=JobState.QUEUED)
    assert following.run_after.date() > daily.run_after.date()
    assert following.idempotency_key != daily.idempotency_key


def test_the_command_cleans_up_now_or_schedules(world, storage, capsys):
    job = _job(world, document_jobs.DOSSIER, "documents/jobs/1-a.zip", days=30)
    call_command("expire_job_files")
    assert "expired jobs: 1, files deleted: 1" in capsys.readouterr().out
    job.refresh_from_db()
    assert "expired_at" in job.result
    call_command("expire_job_files", "--schedule")
    assert "daily clean-up queued" in capsys.readouterr().out
    assert Job.objects.filter(kind=files.EXPIRE_JOB, state=JobState.QUEUED).count() == 1


def test_a_kind_s_folder_must_be_a_folder():
    from danhgia.jobs.registry import register

    with pytest.raises(ValueError, match="file_prefix"):
        register("tests.bad", title="x", file_prefix="documents/jobs")
