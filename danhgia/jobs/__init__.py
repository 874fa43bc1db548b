"""Background jobs (docs/ARCHITECTURE.md, "Background jobs"): the public API.

- ``enqueue(kind, *, args, user, unit, label, idempotency_key, max_attempts)`` → ``Job``
- ``@register(kind, title=…, max_attempts=…)`` on a function ``(context) -> dict``
- ``context.progress(done, total, message, checkpoint=…)``; ``JobError`` fails a job at once
- ``active_job(key)``: the job queued or running under an idempotency key (a GET shows it)
- ``retry(job, user)``, ``visible_jobs(user)``; the worker is ``manage.py run_jobs``
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import JobError, StopRequested
from .registry import KINDS, JobKind, register

if TYPE_CHECKING:
    from .models import Job


def enqueue(kind: str, **kwargs: Any) -> Job:
    from .services import enqueue as _enqueue

    return _enqueue(kind, **kwargs)


def active_job(idempotency_key: str) -> Job | None:
    from .services import active_job as _active_job

    return _active_job(idempotency_key)


def retry(job: Job, user) -> Job:
    from .services import retry as _retry

    return _retry(job, user)


__all__ = [
    "KINDS",
    "JobError",
    "JobKind",
    "StopRequested",
    "active_job",
    "enqueue",
    "register",
    "retry",
]
