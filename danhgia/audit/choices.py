"""Stable action codes of the audit log, with the Vietnamese wording used to show them.

A code never changes once entries carry it; add a new one instead.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    RECORD_CREATED = "record.created", _("Tạo bản ghi")
    RECORD_CHANGED = "record.changed", _("Sửa bản ghi")
    RECORD_DELETED = "record.deleted", _("Xóa bản ghi")
    FRAMEWORK_IMPORTED = "rules.framework_imported", _("Nhập khung chấm điểm")
    POLICY_IMPORTED = "rules.policy_imported", _("Nhập chính sách")
    RULES_VERSION_COPIED = "rules.version_copied", _("Tạo phiên bản mới để chỉnh sửa")
    PERIOD_OPENED = "period.opened", _("Mở kỳ đánh giá")
    PERIOD_CLOSED = "period.closed", _("Đóng kỳ đánh giá")
    PERIOD_FRAMEWORK_ASSIGNED = "period.framework_assigned", _("Gán khung chấm điểm cho khối")
    DEMO_SEEDED = "demo.seeded", _("Tạo dữ liệu mẫu")
