"""Opening (or re-checking for deferral) the quarter's evaluations of a unit's people as a
background job (issue 9): the same service as the page's button, ``opening.ensure_evaluations``,
called in batches with the progress reported between them.

The page keeps doing a small unit at once (up to ``settings.JOBS_INLINE_LIMIT`` people); a
larger one (a department with its divisions, the whole province) is queued, and the page
redirects to the job's progress.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import freeze
from danhgia.jobs import JobError, enqueue, register
from danhgia.jobs.models import Job
from danhgia.jobs.worker import JobContext
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period

from . import opening, overview

OPEN = "evaluations.open"
#: officials per batch (one progress report each)
BATCH = 100
#: refusals kept for the job's page (the count is always exact)
MAX_MESSAGES = 50


def people_to_open(user, unit: Unit) -> QuerySet[Official]:
    """The people of the unit and its sub-units the user may see who are rated quarterly."""
    return access.visible_officials(user).filter(
        unit__path__startswith=unit.path, rated_quarterly=True
    )


def runs_as_job(count: int) -> bool:
    return count > settings.JOBS_INLINE_LIMIT


def start_message(created: int, existing: int, deferred: int) -> str:
    return _(
        "Đã lập %(created)d phiếu mới; %(existing)d phiếu đã có; %(deferred)d người chưa "
        "đánh giá quý này."
    ) % {"created": created, "existing": existing, "deferred": deferred}


def enqueue_open(user, unit: Unit, period: Period) -> Job:
    """Queue the opening of the unit's evaluations for the quarter (one job per user, unit and
    quarter while it waits or runs: pressing the button again shows the same job)."""
    return enqueue(
        OPEN,
        args={"period": period.pk, "unit": unit.pk},
        user=user,
        unit=unit,
        label=_("Lập phiếu %(period)s: %(unit)s") % {"period": period, "unit": unit.name},
        idempotency_key=f"{OPEN}:{period.pk}:{unit.pk}:{user.pk}",
    )


@register(OPEN, title=_("Lập phiếu đánh giá của đơn vị"))
def open_unit(context: JobContext) -> dict[str, Any]:
    """Open (or re-check) the evaluations of the unit's people, ``BATCH`` at a time.

    Resumes after the last official of the last finished batch (the checkpoint); each person is
    opened by ``ensure_evaluation`` (idempotent: an existing evaluation is only re-checked), so
    a retry or a second run creates nothing twice.
    """
    user = context.user
    period = Period.objects.filter(pk=context.args.get("period")).first()
    unit = Unit.objects.filter(pk=context.args.get("unit")).first()
    if user is None or period is None or unit is None:
        raise JobError(_("Kỳ đánh giá, đơn vị hoặc người giao việc không còn tồn tại."))
    if not user.is_active or not overview.may_start_for_unit(user, unit):
        raise JobError(_("Người giao việc không còn quyền lập phiếu cho đơn vị này."))
    reason = freeze.frozen_reason(period)
    if reason is not None:
        raise JobError(reason)
    state = context.checkpoint
    counts = state.get("counts", {"created": 0, "existing": 0, "deferred": 0})
    refused: list[str] = state.get("refused", [])
    refused_count = state.get("refused_count", 0)
    done = state.get("done", 0)
    remaining = list(
        people_to_open(user, unit)
        .filter(pk__gt=state.get("after", 0))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    total = done + len(remaining)
    context.progress(done, total, _("Bắt đầu lập phiếu"))
    for start in range(0, len(remaining), BATCH):
        batch = remaining[start : start + BATCH]
        officials = list(
            Official.objects.filter(pk__in=batch).select_related("unit").order_by("pk")
        )
        report = opening.ensure_evaluations(officials, period, actor=user)
        counts = {
            "created": counts["created"] + report.created,
            "existing": counts["existing"] + report.existing,
            "deferred": counts["deferred"] + report.deferred,
        }
        refused_count += len(report.refused)
        refused = (refused + report.refused)[:MAX_MESSAGES]
        done += len(batch)
        context.progress(
            done,
            total,
            start_message(**counts),
            checkpoint={
                "after": batch[-1],
                "done": done,
                "counts": counts,
                "refused": refused,
                "refused_count": refused_count,
            },
        )
    return {
        "message": start_message(**counts),
        "counts": counts,
        "messages": refused,
        "more": max(0, refused_count - len(refused)),
        "link": reverse("evaluations:unit_members", args=[unit.pk]),
        "link_label": _("Xem cán bộ của đơn vị"),
    }
