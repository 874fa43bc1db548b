"""The job kinds: each app declares its own in its ``jobs.py`` with ``@register``.

A kind is a function ``(context) -> dict`` that does its work through the app's services, in
batches, calling ``context.progress(done, total, message, checkpoint=…)`` between them; the dict
it returns is the job's result (``message``, ``messages``, ``link``), shown on the job's page.
Its work must be idempotent: a retry runs it again from its last checkpoint.

A kind that makes a file (its result's ``file``, a path in private storage) declares
``file_prefix``, the folder its files are saved under: ``danhgia/jobs/files.py`` deletes them
after ``JOB_FILES_RETENTION_DAYS`` and never touches a path outside that folder (the document
archive is permanent). ``remake(job)`` gives the address a POST to which makes the file again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Job
    from .worker import JobContext

JobFunction = Callable[["JobContext"], dict[str, Any] | None]
RemakeFunction = Callable[["Job"], str | None]


@dataclass(frozen=True)
class JobKind:
    name: str
    func: JobFunction
    title: str  # Vietnamese, shown on the jobs page
    max_attempts: int = 3
    file_prefix: str = ""  # the folder of private storage its files go to ("" = no file)
    remake: RemakeFunction | None = None  # the address to POST to for the file again


KINDS: dict[str, JobKind] = {}


def register(
    name: str,
    *,
    title: str,
    max_attempts: int = 3,
    file_prefix: str = "",
    remake: RemakeFunction | None = None,
) -> Callable[[JobFunction], JobFunction]:
    """Declare a job kind (``app.verb``, e.g. ``evaluations.open``)."""
    if file_prefix and not file_prefix.endswith("/"):
        raise ValueError(f"job kind {name!r}: file_prefix must be a folder ending in '/'")

    def decorator(func: JobFunction) -> JobFunction:
        existing = KINDS.get(name)
        if existing is not None and existing.func is not func:
            raise ValueError(f"job kind {name!r} is already registered")
        KINDS[name] = JobKind(name, func, title, max_attempts, file_prefix, remake)
        return func

    return decorator


def get_kind(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown job kind {name!r}; registered: {sorted(KINDS)}") from None
