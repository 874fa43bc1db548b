"""The worker: claims queued jobs one at a time, runs them, records progress and outcome.

Several workers (processes, machines) share the jobs table. A claim takes the oldest job due
(queued, or running on a worker silent for ``JOBS_STALE_SECONDS``: that worker died) with
``SELECT … FOR UPDATE SKIP LOCKED`` where the database has it (PostgreSQL), then moves it to
``running`` by a conditional update, which alone decides on SQLite (one writer at a time). A
failure is retried with exponential backoff up to the job's ``max_attempts``; a ``JobError``
fails at once. A stop request (SIGTERM, SIGINT) is honoured at the next progress report: the
job goes back to the queue at its checkpoint.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import traceback
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .choices import JobState
from .errors import JobError, StopRequested
from .models import Job, WorkerHeartbeat
from .registry import KINDS

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> timedelta:
    """The wait before attempt ``attempt + 1``: the base delay doubled each time, at most 1 h."""
    base = getattr(settings, "JOBS_RETRY_DELAY_SECONDS", 30)
    return timedelta(seconds=min(3600, base * 2 ** max(0, attempt - 1)))


class JobContext:
    """What a job's function sees: its arguments, the user it acts for, its checkpoint, and
    ``progress`` to report (and to be stopped at)."""

    def __init__(self, job: Job, worker: Worker) -> None:
        self.job = job
        self.worker = worker
        self.args: dict[str, Any] = dict(job.args)
        self.user = job.created_by
        self.checkpoint: dict[str, Any] = dict(job.checkpoint or {})

    def progress(
        self, done: int, total: int, message: str = "", *, checkpoint: dict | None = None
    ) -> None:
        """Record ``done`` of ``total`` (and where to resume); raises ``StopRequested`` when
        the worker is stopping. Call it between batches, outside a transaction."""
        values: dict[str, Any] = {
            "progress_done": max(0, done),
            "progress_total": max(0, total),
            "progress_message": message[:300],
            "heartbeat_at": timezone.now(),
        }
        if checkpoint is not None:
            self.checkpoint = dict(checkpoint)
            values["checkpoint"] = self.checkpoint
        mine = Job.objects.filter(pk=self.job.pk, state=JobState.RUNNING, worker=self.worker.id)
        if not mine.update(**values):
            raise StopRequested  # another worker took the job over (this one was too slow)
        self.worker.beat(self.job)
        if self.worker.stop_requested:
            raise StopRequested


class Worker:
    def __init__(
        self, worker_id: str | None = None, *, sleep: float = 1.0, stop_with: int | None = None
    ) -> None:
        host = socket.gethostname()
        self.id = worker_id or f"{host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.hostname = host
        self.sleep = sleep
        self.stop_requested = False
        self.stop_with = stop_with
        self.jobs_done = 0

    # --- heartbeat ----------------------------------------------------------------------

    def beat(self, job: Job | None = None, *, stopped: bool = False) -> None:
        now = timezone.now()
        values = {
            "seen_at": now,
            "current_job": job,
            "jobs_done": self.jobs_done,
            "stopped_at": now if stopped else None,
        }
        if not WorkerHeartbeat.objects.filter(worker=self.id).update(**values):
            WorkerHeartbeat.objects.create(
                worker=self.id,
                hostname=self.hostname[:200],
                pid=os.getpid(),
                started_at=now,
                **values,
            )

    def request_stop(self, *_args) -> None:
        self.stop_requested = True

    def _watch_parent(self) -> None:
        """Stop once the process ``stop_with`` is gone (the demo's web server)."""
        if self.stop_with is None:
            return
        try:
            os.kill(self.stop_with, 0)
        except ProcessLookupError:
            self.stop_requested = True
        except PermissionError:
            pass  # it exists, owned by another user

    # --- claiming and running -----------------------------------------------------------

    def claim(self) -> Job | None:
        """The next job due, now running on this worker; ``None`` when there is none."""
        now = timezone.now()
        stale = now - timedelta(seconds=getattr(settings, "JOBS_STALE_SECONDS", 300))
        due = Q(state=JobState.QUEUED, run_after__lte=now) | Q(
            state=JobState.RUNNING, heartbeat_at__lt=stale
        )
        with transaction.atomic():
            candidates = Job.objects.filter(due).order_by("run_after", "pk")
            if connection.features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            job = candidates.first()
            if job is None:
                return None
            if job.state == JobState.RUNNING and job.attempts >= job.max_attempts:
                self._fail(job, _("Tiến trình chạy công việc đã dừng giữa chừng."), "", job.worker)
                return None
            taken = Job.objects.filter(
                pk=job.pk, state=job.state, attempts=job.attempts, worker=job.worker
            ).update(
                state=JobState.RUNNING,
                worker=self.id,
                attempts=F("attempts") + 1,
                started_at=now,
                heartbeat_at=now,
                finished_at=None,
            )
        if not taken:
            return None  # another worker was faster (SQLite)
        job.refresh_from_db()
        return job

    def run_one(self) -> bool:
        """Claim and run one job; whether there was one."""
        job = self.claim()
        if job is None:
            return False
        self.beat(job)
        self.execute(job)
        self.jobs_done += 1
        self.beat(None)
        return True

    def execute(self, job: Job) -> None:
        mine = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=self.id)
        kind = KINDS.get(job.kind)
        try:
            if kind is None:
                raise JobError(
                    _("Loại công việc “%(kind)s” không còn được hỗ trợ.") % {"kind": job.kind}
                )
            result = kind.func(JobContext(job, self)) or {}
        except StopRequested:
            mine.update(
                state=JobState.QUEUED,
                attempts=F("attempts") - 1,
                worker="",
                run_after=timezone.now(),
                heartbeat_at=None,
            )
        except JobError as exc:
            self._fail(job, exc.message, "", self.id)
        except Exception as exc:
            logger.exception("job %s (%s) failed, attempt %s", job.pk, job.kind, job.attempts)
            self._failed_attempt(job, exc, traceback.format_exc())
        else:
            now = timezone.now()
            mine.update(
                state=JobState.DONE,
                result=result,
                finished_at=now,
                heartbeat_at=now,
                error="",
                progress_done=Greatest(F("progress_total"), 1),
                progress_total=Greatest(F("progress_total"), 1),
            )

    def _failed_attempt(self, job: Job, exc: Exception, detail: str) -> None:
        if connection.in_atomic_block is False and not connection.is_usable():
            connection.close()  # reconnect for the bookkeeping below
        job.refresh_from_db()
        if job.attempts >= job.max_attempts:
            message = _(
                "Không hoàn thành sau %(count)d lần chạy. Lỗi hệ thống ở lần cuối; quản trị "
                "viên xem chi tiết và có thể cho chạy lại."
            ) % {"count": job.attempts}
            self._fail(job, message, detail, self.id)
            return
        when = timezone.now() + retry_delay(job.attempts)
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=self.id).update(
            state=JobState.QUEUED,
            worker="",
            run_after=when,
            heartbeat_at=None,
            error=_(
                "Lần chạy thứ %(attempt)d/%(max)d bị lỗi hệ thống; tự động chạy lại lúc "
                "%(when)s, tiếp tục từ chỗ đã làm xong."
            )
            % {
                "attempt": job.attempts,
                "max": job.max_attempts,
                "when": date_format(timezone.localtime(when), "d/m/Y H:i"),
            },
            error_detail=f"{type(exc).__name__}: {exc}\n\n{detail}"[:20000],
        )

    def _fail(self, job: Job, message: str, detail: str, holder: str) -> None:
        now = timezone.now()
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=holder).update(
            state=JobState.FAILED,
            error=message,
            error_detail=detail[:20000],
            finished_at=now,
            heartbeat_at=now,
        )

    # --- the loop -----------------------------------------------------------------------

    def run(self, *, once: bool = False, burst: bool = False, max_jobs: int | None = None) -> int:
        """Run jobs until stopped (``once``: at most one; ``burst``: until none is due)."""
        ran = 0
        self.beat()
        try:
            while not self.stop_requested:
                self._watch_parent()
                if self.stop_requested:
                    break
                if not connection.in_atomic_block:  # (tests run the worker inside one)
                    close_old_connections()  # a long-lived process: drop a broken connection
                try:
                    found = self.run_one()
                except DatabaseError:  # the database restarted or was locked: try again later
                    if once or burst or connection.in_atomic_block:
                        raise
                    logger.exception("worker %s: database error, retrying", self.id)
                    connection.close()
                    time.sleep(self.sleep)
                    continue
                if found:
                    ran += 1
                    if once or (max_jobs is not None and ran >= max_jobs):
                        break
                    continue
                if once or burst:
                    break
                self.beat()
                deadline = time.monotonic() + self.sleep
                while not self.stop_requested and time.monotonic() < deadline:
                    time.sleep(min(0.2, self.sleep))
                    self._watch_parent()
        finally:
            self.beat(stopped=True)
        return ran
