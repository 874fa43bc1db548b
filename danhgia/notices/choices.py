from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    WORKFLOW = "workflow", _("Quy trình")
    REMINDER = "reminder", _("Nhắc hạn")
    LATE = "late", _("Quá hạn")
