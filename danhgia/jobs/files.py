"""The files jobs make, kept ``JOB_FILES_RETENTION_DAYS`` days (issue 10/9 leftovers).

A kind that makes a file declares the folder of private storage it saves under
(``register(…, file_prefix=…)``). Once a done job's file is older than the retention, the daily
job ``jobs.expire_files`` deletes it and marks the job's result ``expired_at``: the job's page
then says the file has expired and, where the kind can make it again (``remake``), offers a
button for it. Only a path under the kind's own folder is ever deleted: the document archive
(``documents/archive/…``, kept with its SHA-256) is permanent and never a job's file.
Idempotent: a job already marked is skipped, a file already gone is only marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from danhgia.evidence import private_storage

from .choices import ACTIVE_STATES, JobState
from .models import Job
from .registry import KINDS, get_kind

EXPIRE_JOB = "jobs.expire_files"
#: the local hour of the daily clean-up (a quiet hour, before the reminders at REMINDER_HOUR)
EXPIRE_HOUR = 2
#: jobs loaded per query while expiring (a province's year of files is a few hundred)
BATCH = 200


@dataclass(frozen=True)
class Expired:
    jobs: int = 0  # jobs marked expired
    deleted: int = 0  # files deleted from storage
    refused: int = 0  # paths outside their kind's folder: marked, never deleted


def file_kinds() -> list[str]:
    return sorted(name for name, kind in KINDS.items() if kind.file_prefix)


def cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.JOB_FILES_RETENTION_DAYS)


def is_deletable(kind_name: str, path: str) -> bool:
    """A path the kind's job saved in its own folder (never the archive, never ``..``)."""
    prefix = get_kind(kind_name).file_prefix
    return bool(prefix and path.startswith(prefix) and ".." not in path.split("/"))


def expire_files(now: datetime | None = None) -> Expired:
    """Delete the files of the done jobs that finished before the retention and mark them."""
    now = now or timezone.now()
    due = (
        Job.objects.filter(kind__in=file_kinds(), state=JobState.DONE, finished_at__lt=cutoff(now))
        .exclude(result__has_key="expired_at")
        .only("pk", "kind", "result")
        .order_by("pk")
    )
    storage = private_storage()
    marked = deleted = refused = 0
    for job in due.iterator(chunk_size=BATCH):
        path = str(job.result.get("file") or "")
        if path and is_deletable(job.kind, path):
            if storage.exists(path):
                storage.delete(path)
                deleted += 1
        elif path:
            refused += 1
        result = {k: v for k, v in job.result.items() if k not in ("link", "link_label")}
        result["expired_at"] = now.isoformat()
        # a conditional update: a concurrent run marks each job once
        marked += (
            Job.objects.filter(pk=job.pk)
            .exclude(result__has_key="expired_at")
            .update(result=result)
        )
    return Expired(marked, deleted, refused)


def expired_at(job: Job) -> datetime | None:
    """When the job's file was deleted (``None``: not expired)."""
    value = job.result.get("expired_at") if isinstance(job.result, dict) else None
    return parse_datetime(value) if value else None


def remake_url(job: Job) -> str | None:
    """The address to POST to for the file again (``None`` when the kind cannot)."""
    kind = KINDS.get(job.kind)
    if kind is None or kind.remake is None:
        return None
    return kind.remake(job)


# --- the daily run, scheduled like the reminders (core/reminders.py) ---------------------


def next_run(now: datetime | None = None) -> datetime:
    """The next ``EXPIRE_HOUR`` o'clock (local time) after ``now``."""
    now = timezone.localtime(now or timezone.now())
    at = timezone.make_aware(datetime.combine(now.date(), time(EXPIRE_HOUR)))
    return at if at > now else at + timedelta(days=1)


def _key(at: datetime) -> str:
    return f"{EXPIRE_JOB}:{at.date().isoformat()}"


def queue_next(current_key: str = "") -> Any:
    """Queue the run of the next ``EXPIRE_HOUR`` (one per day: its key names the day); from a
    run (``current_key``, its own key), the run of the day after that run's day."""
    from .services import enqueue

    at = next_run()
    if current_key == _key(at):
        at += timedelta(days=1)
    delay = max(0, int((at - timezone.now()).total_seconds()))
    return enqueue(EXPIRE_JOB, idempotency_key=_key(at), delay_seconds=delay)


def schedule_daily() -> bool:
    """Queue the daily clean-up unless one is queued or running; True when queued."""
    if Job.objects.filter(kind=EXPIRE_JOB, state__in=ACTIVE_STATES).exists():
        return False
    queue_next()
    return True
