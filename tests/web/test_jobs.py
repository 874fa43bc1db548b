"""The background job system (issue 9, items 3 and 6): progress, retries with backoff (bounded),
idempotence, a job surviving a restart, a dead worker's job taken over, a graceful stop, and
two workers never taking the same job (PostgreSQL's SKIP LOCKED)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from danhgia import jobs
from danhgia.jobs.choices import JobState
from danhgia.jobs.models import Job, WorkerHeartbeat
from danhgia.jobs.worker import Worker, retry_delay

#: how often each test kind failed so far, by job id (the worker runs in this process)
FAILURES: dict[int, int] = {}


@jobs.register("tests.count", title="Đếm thử")
def count_job(context):
    """Counts ``total`` in steps of 10 from its checkpoint; fails ``fail`` times first."""
    total = context.args["total"]
    if FAILURES.get(context.job.pk, 0) < context.args.get("fail", 0):
        FAILURES[context.job.pk] = FAILURES.get(context.job.pk, 0) + 1
        raise RuntimeError("boom")
    done = context.checkpoint.get("done", 0)
    while done < total:
        done = min(total, done + 10)
        context.progress(done, total, f"Đã đếm {done}", checkpoint={"done": done})
        if context.args.get("stop_at") == done:
            context.worker.request_stop()
    return {"message": f"Đếm xong {total}", "counted": done}


@jobs.register("tests.refuse", title="Từ chối thử")
def refuse_job(context):
    raise jobs.JobError("Đơn vị không còn tồn tại.")


@pytest.fixture(autouse=True)
def _no_delay(settings):
    settings.JOBS_RETRY_DELAY_SECONDS = 0
    FAILURES.clear()


def _burst() -> int:
    return Worker("test-worker").run(burst=True)


def test_a_job_reports_its_progress_and_result(db):
    job = jobs.enqueue("tests.count", args={"total": 35})
    assert job.state == JobState.QUEUED and job.label == "Đếm thử"
    assert _burst() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert (job.progress_done, job.progress_total, job.percent) == (35, 35, 100)
    assert job.progress_message == "Đã đếm 35"
    assert job.result == {"message": "Đếm xong 35", "counted": 35}
    assert job.attempts == 1 and job.started_at <= job.finished_at
    beat = WorkerHeartbeat.objects.get(worker="test-worker")
    assert beat.jobs_done == 1 and beat.stopped_at is not None and beat.current_job is None


def test_a_failed_attempt_is_retried_and_resumes(db):
    job = jobs.enqueue("tests.count", args={"total": 20, "fail": 2})
    _burst()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 3
    assert job.error == "" and job.result["counted"] == 20


def test_retries_are_bounded_and_the_failure_is_kept_in_vietnamese(db):
    job = jobs.enqueue("tests.count", args={"total": 20, "fail": 99}, max_attempts=3)
    _burst()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 3
    assert job.error.startswith("Không hoàn thành sau 3 lần chạy.")
    assert "RuntimeError: boom" in job.error_detail
    assert FAILURES[job.pk] == 3


def test_a_retry_waits_longer_each_time(db, settings):
    settings.JOBS_RETRY_DELAY_SECONDS = 30
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 10)] == [30, 60, 120, 3600]
    job = jobs.enqueue("tests.count", args={"total": 20, "fail": 1})
    before = timezone.now()
    _burst()  # the first attempt fails; the second is not due yet
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.attempts == 1
    assert timedelta(seconds=29) < job.run_after - before < timedelta(seconds=40)
    assert job.error.startswith("Lần chạy thứ 1/3 bị lỗi hệ thống; tự động chạy lại lúc ")
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    _burst()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 2


def test_a_job_error_fails_at_once_without_retrying(db):
    job = jobs.enqueue("tests.refuse")
    _burst()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 1
    assert job.error == "Đơn vị không còn tồn tại." and job.error_detail == ""


def test_the_same_key_while_waiting_or_running_is_one_job(db):
    first = jobs.enqueue("tests.count", args={"total": 10}, idempotency_key="k")
    second = jobs.enqueue("tests.count", args={"total": 10}, idempotency_key="k")
    assert first.pk == second.pk and Job.objects.count() == 1
    Job.objects.filter(pk=first.pk).update(state=JobState.RUNNING)
    assert jobs.enqueue("tests.count", args={"total": 10}, idempotency_key="k").pk == first.pk
    Job.objects.filter(pk=first.pk).update(state=JobState.DONE)
    third = jobs.enqueue("tests.count", args={"total": 10}, idempotency_key="k")
    assert third.pk != first.pk  # once finished, the key may be used again
    assert jobs.enqueue("tests.count", args={"total": 10}).pk not in {first.pk, third.pk}


def test_the_database_refuses_a_second_active_job_with_the_same_key(db):
    """Even a race past the first check meets the partial unique index."""
    from django.db import IntegrityError

    jobs.enqueue("tests.count", args={"total": 10}, idempotency_key="race")
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(
            kind="tests.count", label="x", idempotency_key="race", run_after=timezone.now()
        )


def test_a_rolled_back_enqueue_leaves_no_job(db):
    with transaction.atomic():
        jobs.enqueue("tests.count", args={"total": 10})
        transaction.set_rollback(True)
    assert not Job.objects.exists()


def test_a_job_survives_a_restart_and_a_later_worker_takes_it(db):
    """The web process queues and goes away; a worker started later finds the row (nothing
    of the request is kept in memory: the queue is the table)."""
    job = jobs.enqueue("tests.count", args={"total": 10})
    assert not WorkerHeartbeat.objects.exists()  # no worker was running
    call_command("run_jobs", burst=True, verbosity=0)
    job.refresh_from_db()
    assert job.state == JobState.DONE


def test_a_dead_workers_job_is_taken_over_after_its_heartbeat_stops(db, settings):
    settings.JOBS_STALE_SECONDS = 60
    job = jobs.enqueue("tests.count", args={"total": 30})
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        worker="dead",
        attempts=1,
        checkpoint={"done": 20},
        heartbeat_at=timezone.now() - timedelta(seconds=30),
    )
    assert _burst() == 0  # still fresh: left alone
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=90))
    assert _burst() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 2 and job.worker == "test-worker"
    assert job.result["counted"] == 30


def test_a_graceful_stop_puts_the_job_back_at_its_checkpoint(db):
    job = jobs.enqueue("tests.count", args={"total": 50, "stop_at": 20})
    worker = Worker("w1")
    worker.run()  # asked to stop at 20: the next report (30) is recorded, then it stops
    assert worker.stop_requested
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.attempts == 0 and job.worker == ""
    assert job.checkpoint == {"done": 30} and job.progress_done == 30
    _burst()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 1 and job.result["counted"] == 50


def test_once_runs_at_most_one_job(db):
    jobs.enqueue("tests.count", args={"total": 10})
    jobs.enqueue("tests.count", args={"total": 10})
    call_command("run_jobs", once=True, verbosity=0)
    assert Job.objects.filter(state=JobState.DONE).count() == 1


def test_an_unknown_kind_is_refused_at_enqueue(db):
    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.enqueue("tests.nothing")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SKIP LOCKED: PostgreSQL only (SQLite has one writer)"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_take_the_same_job():
    first = jobs.enqueue("tests.count", args={"total": 10})
    second = jobs.enqueue("tests.count", args={"total": 10})
    taken: dict[str, int | None] = {}

    def claim(name: str) -> None:
        try:
            job = Worker(name).claim()
            taken[name] = job.pk if job else None
        finally:
            connection.close()

    # This connection holds the first job's row lock, as a worker claiming it would: another
    # worker skips it at once and takes the second.
    with transaction.atomic():
        Job.objects.select_for_update().get(pk=first.pk)
        thread = threading.Thread(target=claim, args=("b",))
        thread.start()
        thread.join(timeout=10)
    assert not thread.is_alive(), "the second worker waited for the lock instead of skipping"
    assert taken["b"] == second.pk
    # Many claims at once: each job is taken exactly once.
    many = [jobs.enqueue("tests.count", args={"total": 10}).pk for _n in range(20)]
    got: list[int] = []
    lock = threading.Lock()

    def drain(name: str) -> None:
        try:
            worker = Worker(name)
            while (job := worker.claim()) is not None:
                with lock:
                    got.append(job.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain, args=(f"w{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(got) == sorted([first.pk, *many])  # the first was still queued
