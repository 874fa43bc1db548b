"""Choice sets of the dashboards (SPEC §13.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Chart(models.TextChoices):
    """The dashboards' figures; each downloads as a workbook (``?bieu=``)."""

    RATINGS_UNIT = "ratings_unit", _("Xếp loại theo đơn vị")
    RATINGS_BLOCK = "ratings_block", _("Xếp loại theo khối")
    RATINGS_GROUP = "ratings_group", _("Xếp loại theo nhóm so sánh")
    AXES = "axes", _("Điểm theo trục (tự chấm)")
    STAGES = "stages", _("Điểm qua các bước")
    GAPS = "gaps", _("Đơn vị tự chấm cao hơn thẩm định nhiều nhất")
    PROGRESS = "progress", _("Tiến độ quý theo đơn vị")
    TREND = "trend", _("Xu hướng qua các quý")
    RISK = "risk", _("Cán bộ cần lưu ý")
    ACCOUNTABILITY = "accountability", _("Trách nhiệm người đứng đầu")


class Submission(models.TextChoices):
    """A self-assessment (or a dossier) against its policy deadline (SPEC §10)."""

    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Muộn")
    MISSING = "missing", _("Quá hạn, chưa nộp")
    PENDING = "pending", _("Chưa nộp, còn hạn")


class Risk(models.TextChoices):
    """People at risk (SPEC §13.3; 02-HD §6.3)."""

    KHTNV_LAST = "khtnv_last", _("KHTNV quý trước")
    TWO_KHTNV = "two_khtnv", _("Hai quý liên tiếp KHTNV: phải thay thế")
    QUOTA_CUT = "quota_cut", _("Đủ điểm HTXSNV nhưng ngoài tỷ lệ")
    ACCOUNTABLE = "accountable", _("Người đứng đầu chịu trách nhiệm")
