"""The states of a background job (docs/ARCHITECTURE.md, "Background jobs")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


#: a job in one of these states holds its idempotency key (a second enqueue returns it)
ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)
