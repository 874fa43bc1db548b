"""The daily reminders (``core.reminders``): today's reminders, then tomorrow's run queued."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danhgia import jobs

from .reminders import REMINDERS_JOB, queue_next, send_reminders


@jobs.register(REMINDERS_JOB, title=_("Nhắc hạn hằng ngày"), max_attempts=3)
def daily_reminders(context) -> dict:
    outcome = send_reminders()  # idempotent: a retry posts nothing twice
    queue_next(context.job.idempotency_key)  # the next day's run
    return {
        "message": _("Đã gửi %(r)d lời nhắc hạn và %(l)d thông báo quá hạn.")
        % {"r": outcome.reminded, "l": outcome.late}
    }
