"""Choice sets of the tasks app (SPEC §5, §7.3, §9)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã phê duyệt")


class TaskSource(models.TextChoices):
    PLAN = "plan", _("Theo kế hoạch")
    AD_HOC = "ad_hoc", _("Phát sinh")


class TaskState(models.TextChoices):
    ASSIGNED = "assigned", _("Đã giao")
    REPORTED = "reported", _("Đã báo cáo kết quả")
    VERIFIED = "verified", _("Đã xác nhận")
    CARRIED_OVER = "carried_over", _("Chuyển quý sau")
    CANCELLED = "cancelled", _("Đã hủy")


class Axis(models.IntegerChoices):
    """The six result axes of 02-HD §2 (a framework may rename or drop some)."""

    AXIS_1 = 1, _("Trục 1 – Phát triển kinh tế - xã hội, nhiệm vụ chính trị")
    AXIS_2 = 2, _("Trục 2 – Thể chế, phân cấp, phân quyền, kiểm tra, giám sát")
    AXIS_3 = 3, _("Trục 3 – Khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số")
    AXIS_4 = 4, _("Trục 4 – Xây dựng Đảng, đoàn kết, phòng chống tham nhũng")
    AXIS_5 = 5, _("Trục 5 – Văn hóa, con người, an sinh xã hội")
    AXIS_6 = 6, _("Trục 6 – Quốc phòng, an ninh, đối ngoại")


class ForceMajeureState(models.TextChoices):
    """A request of force majeure (SPEC §8.2, §9): only the authority confirms or refuses it."""

    REQUESTED = "requested", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    REFUSED = "refused", _("Không xác nhận")
