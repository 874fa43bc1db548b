"""Choice sets of steps 3-5 of the quarter (SPEC §6, §8, §10)."""

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


class DossierComponent(models.TextChoices):
    """Parts of a unit's dossier (SPEC §10)."""

    MEMO = "memo", _("Tờ trình")
    MINUTES = "minutes", _("Biên bản hội nghị")
    SELF_ASSESSMENTS = "self_assessments", _("Bản tự đánh giá của cá nhân")
    EVIDENCE = "evidence", _("Tài liệu minh chứng theo trục")
    SUMMARY = "summary", _("Biểu tổng hợp")
    COLLECTIVE = "collective", _("Kết quả của tập thể (Phụ lục 7)")


class DossierState(models.TextChoices):
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Nộp muộn")
    MISSING = "missing", _("Chưa nộp")
