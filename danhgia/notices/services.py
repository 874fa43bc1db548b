"""Posting notices, queueing their e-mails, marking them read."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from danhgia import jobs

from .choices import NoticeKind
from .models import Notice

EMAIL_JOB = "notices.email"


def post(
    users: Iterable,
    subject: str,
    body: str,
    *,
    kind: str = NoticeKind.WORKFLOW,
    link: str = "",
    dedup_key: str = "",
) -> list[Notice]:
    """A notice for each distinct user (``None`` skipped) and one e-mail job for them.

    Call it inside the step's transaction. With ``dedup_key``, a user who already has a notice
    with that key gets none (a unique constraint settles races). Returns the new notices.
    """
    subject = " ".join(str(subject).split())[:300]  # one line: it is also the mail's subject
    people = {u.pk: u for u in users if u is not None and u.pk is not None}
    if not people:
        return []
    with transaction.atomic():
        if dedup_key:
            already = set(
                Notice.objects.filter(user_id__in=people, dedup_key=dedup_key).values_list(
                    "user_id", flat=True
                )
            )
            people = {pk: u for pk, u in people.items() if pk not in already}
        created = []
        for pk in sorted(people):
            notice = Notice(
                user_id=pk,
                kind=kind,
                subject=subject,
                body=str(body),
                link=link,
                dedup_key=dedup_key,
            )
            try:
                with transaction.atomic():
                    notice.save()
            except Exception:  # IntegrityError: posted meanwhile by a parallel run
                if not dedup_key:
                    raise
                continue
            created.append(notice)
        to_mail = [n.pk for n in created if (people[n.user_id].email or "").strip()]
        if to_mail:
            jobs.enqueue(EMAIL_JOB, args={"notices": to_mail}, label=subject[:300])
    return created


def post_many(
    entries: list[tuple],
    *,
    kind: str,
    dedup_key: str,
) -> list[Notice]:
    """One notice per ``(user, subject, body, link)`` entry, all under ``dedup_key``, in a
    constant number of queries (reminders to thousands of people): users who already have a
    notice with the key get none; one e-mail job for those with an address."""
    people = {user.pk: (user, subject, body, link) for user, subject, body, link in entries}
    if not people:
        return []
    with transaction.atomic():
        already = set(
            Notice.objects.filter(user_id__in=people, dedup_key=dedup_key).values_list(
                "user_id", flat=True
            )
        )
        fresh = [pk for pk in sorted(people) if pk not in already]
        Notice.objects.bulk_create(
            [
                Notice(
                    user_id=pk,
                    kind=kind,
                    subject=" ".join(str(people[pk][1]).split())[:300],
                    body=str(people[pk][2]),
                    link=people[pk][3],
                    dedup_key=dedup_key,
                )
                for pk in fresh
            ],
            ignore_conflicts=True,  # a parallel run posted some meanwhile: theirs stand
        )
        created = list(
            Notice.objects.filter(
                user_id__in=fresh, dedup_key=dedup_key, emailed_at__isnull=True
            ).order_by("pk")
        )
        to_mail = [n.pk for n in created if (people[n.user_id][0].email or "").strip()]
        if to_mail:
            jobs.enqueue(EMAIL_JOB, args={"notices": to_mail}, label=created[0].subject)
    return created


def unread(user) -> QuerySet[Notice]:
    return Notice.objects.filter(user_id=user.pk, read_at__isnull=True)


def mark_read(user, notice_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; returns how many changed."""
    rows = unread(user)
    if notice_id is not None:
        rows = rows.filter(pk=notice_id)
    return rows.update(read_at=timezone.now())
