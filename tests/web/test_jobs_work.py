"""The work over many people as background jobs (issue 9, item 3): opening a unit's
evaluations and deciding a large group go through the same services as the pages, in a job,
with the same records, audit entries and messages; a second run changes nothing."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.decisions.models import Decision
from danhgia.evaluations import jobs as evaluation_jobs
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.jobs.choices import JobState
from danhgia.jobs.models import Job
from danhgia.jobs.worker import Worker

from . import factories as f
from .decision_data import decide_post, make_quarter


@pytest.fixture
def period(world):
    return f.make_evaluation_period(world.unit_a.block)


@pytest.fixture
def small_limit(settings):
    settings.JOBS_INLINE_LIMIT = 2  # unit A (4 people) and the group of 5 become jobs
    settings.JOBS_RETRY_DELAY_SECONDS = 0  # a retry follows at once


def _run(capture=None) -> None:
    if capture is None:
        Worker("test").run(burst=True)
        return
    with capture(execute=True):
        Worker("test").run(burst=True)


def test_a_small_unit_is_still_opened_at_once(world, login, period):
    response = login("unit_head").post(reverse("evaluations:unit_start", args=[world.unit_a.pk]))
    assert response["Location"] == reverse("evaluations:unit_members", args=[world.unit_a.pk])
    assert Evaluation.objects.filter(period=period).count() == 4
    assert not Job.objects.exists()


def test_a_large_unit_is_opened_by_a_job_with_its_progress(
    world, login, period, small_limit, monkeypatch
):
    monkeypatch.setattr(evaluation_jobs, "BATCH", 3)
    client = login("unit_head")
    url = reverse("evaluations:unit_start", args=[world.unit_a.pk])
    response = client.post(url, follow=True)
    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == reverse("jobs:detail", args=[job.pk])
    page = response.content.decode()
    assert "Sở A có 4 người: hệ thống lập phiếu trong nền" in page
    assert "Đang chờ tiến trình chạy nền nhận việc" in page
    assert 'hx-trigger="every 2s"' in page  # the page follows the job while it waits
    assert not Evaluation.objects.exists()  # nothing done in the request
    # Pressing the button again while it waits shows the same job.
    client.post(url)
    assert Job.objects.count() == 1
    _run()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.unit == world.unit_a
    assert (job.progress_done, job.progress_total) == (4, 4)
    assert job.checkpoint["done"] == 4 and job.checkpoint["counts"]["created"] == 4
    assert job.result["message"] == (
        "Đã lập 4 phiếu mới; 0 phiếu đã có; 0 người chưa đánh giá quý này."
    )
    assert Evaluation.objects.filter(period=period).count() == 4  # A and A1, not B
    assert AuditEntry.objects.filter(action="evaluation.created").count() == 4
    partial = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in partial  # finished: the polling stops
    assert "4/4 (100%)" in partial and "Hoàn thành" in partial
    assert "Xem cán bộ của đơn vị" in partial
    # Run again: nothing new, no new audit entry.
    client.post(url)
    _run()
    second = Job.objects.latest("pk")
    assert second.pk != job.pk and second.state == JobState.DONE
    assert second.result["counts"] == {"created": 0, "existing": 4, "deferred": 0}
    assert Evaluation.objects.filter(period=period).count() == 4
    assert AuditEntry.objects.filter(action="evaluation.created").count() == 4


def test_the_opening_job_resumes_after_its_checkpoint(world, period, small_limit, monkeypatch):
    """A retry after a crash does not redo the batches already done."""
    monkeypatch.setattr(evaluation_jobs, "BATCH", 2)
    job = evaluation_jobs.enqueue_open(world.users["unit_head"], world.unit_a, period)
    calls = []
    original = evaluation_jobs.opening.ensure_evaluations

    def flaky(officials, *args, **kwargs):
        calls.append([o.pk for o in officials])
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return original(officials, *args, **kwargs)

    monkeypatch.setattr(evaluation_jobs.opening, "ensure_evaluations", flaky)
    _run()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 2
    assert calls[2] == calls[1]  # the failed batch again, not the first one
    assert len(calls) == 3
    assert job.result["counts"]["created"] == 4


def test_the_opening_job_refuses_a_user_who_lost_the_right(world, period, small_limit):
    from danhgia.organisation.models import RoleAssignment

    job = evaluation_jobs.enqueue_open(world.users["unit_head"], world.unit_a, period)
    RoleAssignment.objects.filter(user=world.users["unit_head"]).delete()
    _run()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 1
    assert job.error == "Người giao việc không còn quyền lập phiếu cho đơn vị này."
    assert not Evaluation.objects.exists()


def _confirm(client, quarter, **choices):
    url = reverse("decisions:decide", args=[quarter.period.pk])
    preview = client.post(url, decide_post(quarter, "preview", **choices)).content.decode()
    data = decide_post(quarter, "confirm", **choices)
    data["fingerprint"] = re.search(r'name="fingerprint" value="(\w+)"', preview).group(1)
    return client.post(url, data)


def test_a_large_group_is_decided_by_a_job(
    world, login, small_limit, django_capture_on_commit_callbacks
):
    quarter = make_quarter(world)
    client = login("authority")
    override = {"rating_2": "HTNV", "reason_2": "Chậm tiến độ đề án"}
    response = _confirm(client, quarter, **override)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert not Decision.objects.exists()
    assert job.label.startswith("Quyết định xếp loại Quý III/2026: ") and "(5 người)" in job.label
    # Confirming the same run again gives the same job.
    _confirm(client, quarter, **override)
    assert Job.objects.count() == 1
    _run(django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.result["message"] == "Đã quyết định xếp loại 5 cán bộ; các phiếu đã được khóa."
    assert job.result["link"] == reverse("decisions:decided", args=[quarter.period.pk])
    ratings = dict(Decision.objects.values_list("evaluation_id", "rating"))
    assert ratings[quarter.top.pk] == "HTXSNV" and ratings[quarter.cut.pk] == "HTTNV"
    decision = Decision.objects.get(evaluation=quarter.evaluations[2])
    assert (decision.rating, decision.override_reason) == ("HTNV", "Chậm tiến độ đề án")
    assert set(Evaluation.objects.values_list("state", flat=True)) == {EvaluationState.DECIDED}
    assert AuditEntry.objects.filter(action="evaluation.decided").count() == 5
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    assert job.checkpoint["notified"] is True
    # The same job run again (e.g. a retry after the decision was written but before its
    # checkpoint) changes nothing: no decision, audit entry or e-mail twice.
    Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED, checkpoint={}, attempts=0)
    _run(django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result["decisions"] == 5
    assert Decision.objects.count() == 5
    assert AuditEntry.objects.filter(action="evaluation.decided").count() == 5
    assert len(mail.outbox) == 1


def test_a_decision_job_stopped_after_deciding_sends_the_e_mails_on_its_next_run(
    world, login, small_limit, django_capture_on_commit_callbacks, monkeypatch
):
    from danhgia.decisions import jobs as decision_jobs

    quarter = make_quarter(world)
    _confirm(login("authority"), quarter)
    job = Job.objects.get()
    original = decision_jobs.decide

    def decide_then_stop(*args, **kwargs):
        decisions = original(*args, **kwargs)
        worker.request_stop()  # SIGTERM while the decisions are written
        return decisions

    worker = Worker("stopping")
    monkeypatch.setattr(decision_jobs, "decide", decide_then_stop)
    with django_capture_on_commit_callbacks(execute=True):
        worker.run(burst=True)
    monkeypatch.undo()
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.attempts == 0
    assert len(job.checkpoint["decided"]) == 5 and "notified" not in job.checkpoint
    assert mail.outbox == []
    _run(django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 1
    assert Decision.objects.count() == 5
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]


def test_a_decision_job_refuses_a_run_that_changed_since_the_confirmation(
    world, login, small_limit
):
    quarter = make_quarter(world)
    client = login("authority")
    _confirm(client, quarter)
    job = Job.objects.get()
    Evaluation.objects.filter(pk=quarter.evaluations[4].pk).update(self_total="99")
    _run()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 1
    assert "Dữ liệu xếp loại đã thay đổi sau khi xác nhận" in job.error
    assert not Decision.objects.exists()


@pytest.mark.parametrize("size", [5, 50])
def test_re_checking_a_units_evaluations_costs_the_same_queries_for_5_and_50(
    world, period, django_assert_max_num_queries, size
):
    """The province's re-check (a batch of the opening job) reads absences, current posts and
    the existing evaluations once for the batch, not per person (issue 9)."""
    from danhgia.evaluations import opening
    from danhgia.organisation.models import Official

    f.make_officials(world.unit_a, size)
    user = world.users["unit_head"]
    people = list(evaluation_jobs.people_to_open(user, world.unit_a).select_related("unit"))
    first = opening.ensure_evaluations(people, period, actor=user)
    assert first.created == size + 4
    people = list(Official.objects.filter(pk__in=[p.pk for p in people]).select_related("unit"))
    with django_assert_max_num_queries(3):  # absences, current posts, evaluations
        report = opening.ensure_evaluations(people, period, actor=user)
    assert (report.created, report.existing, report.deferred) == (0, size + 4, 0)


def test_the_batch_re_check_still_defers_and_undefers(world, period):
    """The prefetched absences and posts give the same deferral as the one-person path."""
    from datetime import date

    from danhgia.evaluations import opening
    from danhgia.organisation.choices import AbsenceKind
    from danhgia.organisation.models import Absence, Official

    user = world.users["unit_head"]

    def recheck():
        people = Official.objects.filter(pk=world.colleague_a.pk).select_related("unit")
        return opening.ensure_evaluations(list(people), period, actor=user)

    assert recheck().created == 1
    absence = Absence.objects.create(
        official=world.colleague_a,
        kind=AbsenceKind.MATERNITY_LEAVE,
        start_date=date(2026, 6, 1),
        end_date=date(2026, 11, 30),
    )
    assert recheck().deferred == 1
    evaluation = Evaluation.objects.get(official=world.colleague_a, period=period)
    assert evaluation.state == EvaluationState.DEFERRED
    absence.delete()
    assert recheck().deferred == 0
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.DRAFT
    assert AuditEntry.objects.filter(action="evaluation.deferred").count() == 2
