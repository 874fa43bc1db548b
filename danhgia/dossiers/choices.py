"""Choice sets of a unit's dossier (SPEC §10)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
