"""Reminders before each deadline of the open quarter and notices after it (SPEC §10).

Run once a day by the job worker (``core.reminders``, ``manage.py send_reminders``). For each
deadline of the period's policy:

- ``REMINDER_LEAD_DAYS`` days before it (e.g. 3 and 1) and on the day, each person with
  something due under it is reminded: an official whose self-assessment is not submitted; a
  role holder with records waiting for their step (``counts.waiting_items``, the home page's
  figures), under the duties the deadline dates (``periods.services.due_items``);
- the day after it, those still late are told, and for an official also their unit's
  leadership (the owners of the unit's review step).

Every notice carries the key ``reminder|late:<deadline>:<day>``: one per person, deadline and
day, whatever the number of runs or workers (a unique constraint settles races).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.notices.choices import NoticeKind
from danhgia.notices.services import post, post_many
from danhgia.organisation.models import Unit
from danhgia.periods.models import Deadline, Period
from danhgia.periods.services import DUTIES, calendar_rows, current_period

from .counts import EVALUATION_COUNTS, waiting_items
from .services import duties_due

#: an official has not yet submitted their self-assessment in these states
NOT_SUBMITTED = (
    EvaluationState.DRAFT,
    EvaluationState.TARGETS_APPROVED,
    EvaluationState.RETURNED,
)
SELF_ASSESSMENT = "self_assessment"
#: officials posted per batch (a constant number of queries each)
BATCH = 500


@dataclass
class Outcome:
    reminded: int = 0
    late: int = 0


def send_reminders(today: date | None = None) -> Outcome:
    """Post today's reminders and late notices for the open period; returns how many."""
    today = today or timezone.localdate()
    period = current_period()
    outcome = Outcome()
    if period is None:
        return outcome
    for deadline in period.deadlines.all():
        days_left = (deadline.due_date - today).days
        if days_left in settings.REMINDER_LEAD_DAYS or days_left == 0:
            late = False
        elif days_left == -1:
            late = True
        else:
            continue
        key = f"{'late' if late else 'reminder'}:{deadline.pk}:{today.isoformat()}"
        count = _officials(period, deadline, days_left, late, key)
        count += _role_holders(period, deadline, days_left, late, key, today)
        if late:
            outcome.late += count
        else:
            outcome.reminded += count
    return outcome


def _when(deadline: Deadline, days_left: int) -> str:
    due = deadline.due_date.strftime("%d/%m/%Y")
    if days_left > 0:
        return _("Hạn %(due)s (còn %(n)d ngày).") % {"due": due, "n": days_left}
    if days_left == 0:
        return _("Hạn là hôm nay, %(due)s.") % {"due": due}
    return _("Đã quá hạn %(due)s.") % {"due": due}


def _officials(period: Period, deadline: Deadline, days_left: int, late: bool, key: str) -> int:
    if deadline.key != SELF_ASSESSMENT:
        return 0
    rows = (
        Evaluation.objects.filter(period=period, state__in=NOT_SUBMITTED)
        .select_related("official__user", "official__unit")
        .order_by("official__unit_id", "official__full_name", "pk")
    )
    by_unit: dict = defaultdict(list)
    sent = 0
    kind = NoticeKind.LATE if late else NoticeKind.REMINDER
    when = _when(deadline, days_left)
    if late:
        subject = _("Quá hạn tự đánh giá %(period)s") % {"period": period}
        body = _(
            "Đồng chí chưa gửi bản tự đánh giá %(period)s. %(when)s Đề nghị hoàn thành "
            "ngay; lãnh đạo đơn vị đã được báo."
        ) % {"period": period, "when": when}
    else:
        subject = _("Nhắc hạn tự đánh giá %(period)s") % {"period": period}
        body = _("Đồng chí chưa gửi bản tự đánh giá %(period)s. %(when)s") % {
            "period": period,
            "when": when,
        }
    batch: list[tuple] = []
    for evaluation in rows.iterator(chunk_size=BATCH):
        if late:  # the leadership hears of everyone late, with or without an account
            by_unit[evaluation.official.unit].append(evaluation.official)
        user = evaluation.official.user
        if user is None or not user.is_active:
            continue
        link = reverse("evaluations:detail", args=[evaluation.pk])
        batch.append((user, subject, body, link))
        if len(batch) >= BATCH:
            sent += len(post_many(batch, kind=kind, dedup_key=key))
            batch = []
    sent += len(post_many(batch, kind=kind, dedup_key=key))
    sent += _tell_leaders(period, deadline, by_unit, f"{key}:unit")
    return sent


def _tell_leaders(period: Period, deadline: Deadline, by_unit: dict, key: str) -> int:
    """Each unit's leadership hears of its late people: the owners of the unit's review step
    for every unit at once, then the notices in batches (a constant number of queries each).

    A leader of several units hears of the first (the key is one per person and day).
    """
    leaders = access.recipients_by_unit(Action.REVIEW, by_unit)
    entries: dict[int, tuple] = {}
    for unit, officials in by_unit.items():
        names = ", ".join(o.full_name for o in officials[:20])
        if len(officials) > 20:
            names += _(" và %(n)d người khác") % {"n": len(officials) - 20}
        subject = _("%(unit)s: %(n)d cán bộ quá hạn tự đánh giá") % {
            "unit": unit.name,
            "n": len(officials),
        }
        body = _("Cán bộ chưa gửi bản tự đánh giá %(period)s (hạn %(due)s): %(names)s.") % {
            "period": period,
            "due": deadline.due_date.strftime("%d/%m/%Y"),
            "names": names,
        }
        for user in leaders[unit.pk]:
            entries.setdefault(user.pk, (user, subject, body, ""))
    sent = 0
    batch = list(entries.values())
    for start in range(0, len(batch), BATCH):
        sent += len(post_many(batch[start : start + BATCH], kind=NoticeKind.LATE, dedup_key=key))
    return sent


def _role_holders(
    period: Period, deadline: Deadline, days_left: int, late: bool, key: str, today: date
) -> int:
    duties = {d.keys[0] for d in DUTIES if deadline.key in d.keys}
    actions = {item.action for item in EVALUATION_COUNTS if item.duty in duties}
    if "verification" in duties:
        actions.add(Action.VERIFY)
    if not actions:
        return 0
    # the units with evaluations this period
    units = Unit.objects.filter(officials__evaluations__period=period).distinct()
    users = {}
    for action in actions:
        for user in access.recipients(action, units):
            users[user.pk] = user
    calendar = calendar_rows(period, today)
    sent = 0
    for user in users.values():
        items = [
            item
            for item in duties_due(user, calendar)
            if item.deadline is not None and item.deadline.pk == deadline.pk
        ]
        if not items:
            continue
        waiting = [w for w in waiting_items(user, period, {i.duty for i in items}) if w.count > 0]
        if not waiting:
            continue
        label = items[0].label
        prefix = _("Quá hạn") if late else _("Nhắc hạn")
        subject = f"{prefix}: {label} ({period})"
        body = "\n".join([_when(deadline, days_left), *(f"- {w.label}" for w in waiting)])
        kind = NoticeKind.LATE if late else NoticeKind.REMINDER
        sent += len(post([user], subject, body, kind=kind, link=waiting[0].url, dedup_key=key))
    return sent


REMINDERS_JOB = "core.reminders"


def next_run(now=None):
    """The next ``REMINDER_HOUR`` o'clock (local time) after ``now``."""
    from datetime import datetime, time, timedelta

    now = timezone.localtime(now or timezone.now())
    at = timezone.make_aware(datetime.combine(now.date(), time(settings.REMINDER_HOUR)))
    return at if at > now else at + timedelta(days=1)


def schedule_daily() -> bool:
    """Queue the daily reminders job unless one is queued or running; True when queued."""
    from danhgia.jobs.choices import ACTIVE_STATES
    from danhgia.jobs.models import Job

    if Job.objects.filter(kind=REMINDERS_JOB, state__in=ACTIVE_STATES).exists():
        return False
    queue_next()
    return True


def queue_next(current_key: str = "") -> None:
    """Queue the run of the next ``REMINDER_HOUR`` (one per day: its key names the day); from
    a run (``current_key``, its own key), the run of the day after that run's day."""
    from datetime import timedelta

    from danhgia import jobs

    at = next_run()
    if current_key == f"{REMINDERS_JOB}:{at.date().isoformat()}":
        at += timedelta(days=1)
    delay = max(0, int((at - timezone.now()).total_seconds()))
    key = f"{REMINDERS_JOB}:{at.date().isoformat()}"
    jobs.enqueue(REMINDERS_JOB, idempotency_key=key, delay_seconds=delay)
