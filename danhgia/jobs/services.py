"""Putting jobs in the queue and giving failed ones another try (the public API is re-exported
by ``danhgia.jobs``)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action

from .choices import ACTIVE_STATES, JobState
from .errors import JobError
from .models import Job
from .registry import get_kind


def enqueue(
    kind: str,
    *,
    args: dict[str, Any] | None = None,
    user=None,
    unit=None,
    label: str = "",
    idempotency_key: str = "",
    max_attempts: int | None = None,
    delay_seconds: int = 0,
) -> Job:
    """Queue a job of ``kind`` (registered with ``@register``) and return it.

    The job is a row of the caller's transaction: if the caller rolls back, it was never queued,
    and no worker sees it before the commit (no ``on_commit`` needed). With an
    ``idempotency_key``, while a job with the same key is queued or running, that job is
    returned instead of a new one (a unique partial index settles races). ``user`` is the one
    the job acts for (its rights are checked by the services the job calls) and who follows it.
    """
    spec = get_kind(kind)
    args = args or {}
    json.dumps(args)  # arguments are JSON: ids and strings, never model instances
    key = idempotency_key[:200]
    if key:
        existing = Job.objects.filter(idempotency_key=key, state__in=ACTIVE_STATES).first()
        if existing is not None:
            return existing
    job = Job(
        kind=kind,
        label=(label or spec.title)[:300],
        args=args,
        idempotency_key=key,
        created_by=user if user is not None and user.is_authenticated else None,
        unit=unit,
        max_attempts=max_attempts or spec.max_attempts,
        run_after=timezone.now() + timedelta(seconds=delay_seconds),
    )
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        if not key:
            raise
        return Job.objects.get(idempotency_key=key, state__in=ACTIVE_STATES)
    return job


def active_job(idempotency_key: str) -> Job | None:
    """The job queued or running under the key, if any: what a GET shows instead of queueing."""
    key = idempotency_key[:200]
    if not key:
        return None
    return Job.objects.filter(idempotency_key=key, state__in=ACTIVE_STATES).first()


def retry(job: Job, user) -> Job:
    """Give a failed job a new series of attempts (administrators: ``Action.CHANGE``).

    Its work is idempotent and resumes from its checkpoint; who asked and when are kept on it.
    """
    access.require(user, job, Action.CHANGE)
    if job.state != JobState.FAILED:
        raise JobError(_("Chỉ cho chạy lại được công việc bị lỗi."))
    now = timezone.now()
    try:
        with transaction.atomic():
            updated = Job.objects.filter(pk=job.pk, state=JobState.FAILED).update(
                state=JobState.QUEUED,
                attempts=0,
                run_after=now,
                finished_at=None,
                heartbeat_at=None,
                worker="",
                retried_by=user,
                retried_at=now,
                error="",  # (the technical detail of the last failure stays for the admin)
            )
    except IntegrityError:
        raise JobError(
            _("Một công việc cùng nội dung đang chờ hoặc đang chạy; không cần chạy lại.")
        ) from None
    if not updated:
        raise JobError(_("Công việc vừa được người khác cho chạy lại."))
    job.refresh_from_db()
    return job


def visible_jobs(user) -> QuerySet[Job]:
    """The jobs the user follows: their own; an administrator's are everyone's."""
    return access.restrict(user, Job.objects.all())
