"""The jobs app's own kind: the daily clean-up of the files jobs made (``files.py``)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .files import EXPIRE_JOB, expire_files, queue_next
from .registry import register


@register(EXPIRE_JOB, title=_("Xóa tệp hết hạn của công việc nền"), max_attempts=3)
def daily_expire_files(context) -> dict:
    outcome = expire_files()  # idempotent: a retry deletes and marks nothing twice
    queue_next(context.job.idempotency_key)  # the next day's run
    return {
        "message": _(
            "Đã xóa %(deleted)d tệp quá %(days)d ngày (%(jobs)d công việc được đánh dấu hết hạn)."
        )
        % {
            "deleted": outcome.deleted,
            "days": settings.JOB_FILES_RETENTION_DAYS,
            "jobs": outcome.jobs,
        }
    }
