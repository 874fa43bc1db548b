"""Choice sets of steps 3a-3c (SPEC §6; 02-HD §4 step 3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The stages whose scores stay visible side by side (SPEC §6); self is on the Evaluation."""

    REVIEW = "review", _("Tập thể lãnh đạo đơn vị")
    APPRAISAL = "appraisal", _("Ban Tổ chức thẩm định")
    DECISION = "decision", _("Cấp có thẩm quyền quyết định")


class KeyTaskResponse(models.IntegerChoices):
    """The 3-level response for a key task (02-HD §4 step 3)."""

    EFFECTIVE = 1, _("Chủ động, hiệu quả")
    LIMITED = 2, _("Cơ bản đáp ứng nhưng còn hạn chế")
    NOT_MET = 3, _("Không đáp ứng")
