"""The job kinds: each app declares its own in its ``jobs.py`` with ``@register``.

A kind is a function ``(context) -> dict`` that does its work through the app's services, in
batches, calling ``context.progress(done, total, message, checkpoint=…)`` between them; the dict
it returns is the job's result (``message``, ``messages``, ``link``), shown on the job's page.
Its work must be idempotent: a retry runs it again from its last checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .worker import JobContext

JobFunction = Callable[["JobContext"], dict[str, Any] | None]


@dataclass(frozen=True)
class JobKind:
    name: str
    func: JobFunction
    title: str  # Vietnamese, shown on the jobs page
    max_attempts: int = 3


KINDS: dict[str, JobKind] = {}


def register(
    name: str, *, title: str, max_attempts: int = 3
) -> Callable[[JobFunction], JobFunction]:
    """Declare a job kind (``app.verb``, e.g. ``evaluations.open``)."""

    def decorator(func: JobFunction) -> JobFunction:
        existing = KINDS.get(name)
        if existing is not None and existing.func is not func:
            raise ValueError(f"job kind {name!r} is already registered")
        KINDS[name] = JobKind(name, func, title, max_attempts)
        return func

    return decorator


def get_kind(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown job kind {name!r}; registered: {sorted(KINDS)}") from None
