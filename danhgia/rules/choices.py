from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkStatus(models.TextChoices):
    """The engine's ``Framework.status``: only a valid framework can be used by a period."""

    VALID = "valid", _("Hợp lệ")
    DRAFT = "draft", _("Bản nháp (nguồn chưa đầy đủ)")
    INVALID = "invalid", _("Không hợp lệ (điểm không khớp)")


class PolicyStatus(models.TextChoices):
    VALID = "valid", _("Hợp lệ")
    INVALID = "invalid", _("Không hợp lệ")


class Measure(models.TextChoices):
    """Measure types of a criterion (SPEC §7.2), for display."""

    YES_NO = "yes_no", _("Đảm bảo / không đảm bảo")
    RATIO = "ratio", _("Tỷ lệ thực hiện so với mục tiêu")
    REDUCTION = "reduction", _("Mức giảm so với mục tiêu giảm")
    CATEGORY = "category", _("Điểm theo mức xếp loại")
    LEVEL = "level", _("Mức độ đáp ứng (3 mức)")
    TASKS = "tasks", _("Tính từ các nhiệm vụ được giao")


class RatingLevel(models.TextChoices):
    """The four ratings with the codes used in data and APIs (SPEC §3; the engine's Rating)."""

    EXCELLENT = "HTXSNV", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "HTTNV", _("Hoàn thành tốt nhiệm vụ")
    SATISFACTORY = "HTNV", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "KHTNV", _("Không hoàn thành nhiệm vụ")
