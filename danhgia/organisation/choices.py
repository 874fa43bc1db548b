"""Choice sets of the organisation app (SPEC §3–§5). Values match the engine's codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class LeadershipRole(models.TextChoices):
    """Role in the unit's leadership; the engine's ``role``: head | deputy | member."""

    HEAD = "head", _("Người đứng đầu")
    DEPUTY = "deputy", _("Cấp phó")
    MEMBER = "member", _("Thành viên")


class ManagementScope(models.TextChoices):
    """Diện quản lý: which body manages the person."""

    POLITBURO = "politburo", _("Bộ Chính trị, Ban Bí thư quản lý")
    PROVINCIAL = "provincial", _("Ban Thường vụ Tỉnh ủy quản lý")
    LOWER = "lower", _("Cấp ủy, cơ quan cấp dưới quản lý")


class AbsenceKind(models.TextChoices):
    """Absences that can defer a quarter's rating (SPEC §9); values are the engine's."""

    TRAINING = "training", _("Đi đào tạo, bồi dưỡng")
    SICK_LEAVE = "sick_leave", _("Nghỉ ốm")
    MATERNITY_LEAVE = "maternity_leave", _("Nghỉ thai sản")
    UNDER_INSPECTION = "under_inspection", _("Đang bị thanh tra, kiểm tra về dấu hiệu vi phạm")


class Role(models.TextChoices):
    """The roles of SPEC §4. ``official`` comes from the account's Official record."""

    OFFICIAL = "official", _("Cán bộ")
    UNIT_SECRETARY = "unit_secretary", _("Thư ký tổng hợp của đơn vị")
    UNIT_LEADERSHIP = "unit_leadership", _("Tập thể lãnh đạo đơn vị")
    ASSIGNING_AGENCY = "assigning_agency", _("Cơ quan chủ trì giao nhiệm vụ")
    APPRAISER = "appraiser", _("Cán bộ thẩm định (Ban Tổ chức)")
    AUTHORITY = "authority", _("Cấp có thẩm quyền quyết định")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


#: roles granted by a RoleAssignment (everything but the implicit ``official``)
ASSIGNABLE_ROLES = [choice for choice in Role.choices if choice[0] != Role.OFFICIAL]
