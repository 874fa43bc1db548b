from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodState(models.TextChoices):
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


class Quarter(models.IntegerChoices):
    Q1 = 1, _("Quý I")
    Q2 = 2, _("Quý II")
    Q3 = 3, _("Quý III")
    Q4 = 4, _("Quý IV")


class DueState(models.TextChoices):
    """Where a deadline stands relative to today, for the calendar and the to-do list."""

    PAST = "past", _("Đã qua hạn")
    TODAY = "today", _("Hạn hôm nay")
    SOON = "soon", _("Sắp đến hạn")
    LATER = "later", _("Còn thời gian")
