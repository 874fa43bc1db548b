"""Choice sets of the evaluations app (SPEC §6, §8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvaluationState(models.TextChoices):
    """States of one evaluation (SPEC §6); ``returned`` and ``deferred`` are side states."""

    DRAFT = "draft", _("Đang xác định mục tiêu")
    TARGETS_APPROVED = "targets_approved", _("Đã duyệt mục tiêu")
    SELF_ASSESSED = "self_assessed", _("Đã tự đánh giá")
    VERIFIED = "verified", _("Cơ quan chủ trì đã xác nhận")
    REVIEWED = "reviewed", _("Tập thể lãnh đạo đã nhận xét")
    APPRAISED = "appraised", _("Ban Tổ chức đã thẩm định")
    DECIDED = "decided", _("Cấp có thẩm quyền đã quyết định")
    PUBLISHED = "published", _("Đã công khai")
    ARCHIVED = "archived", _("Đã lưu trữ")
    RETURNED = "returned", _("Trả lại để hoàn thiện")
    DEFERRED = "deferred", _("Chưa đánh giá quý này")


class DeferralCase(models.TextChoices):
    """SPEC §9; values are the engine's ``deferred`` codes."""

    TRAINING = "training", _("Đi đào tạo, bồi dưỡng từ 2 tháng trở lên")
    NEW_APPOINTMENT = "new_appointment", _("Mới bổ nhiệm chưa đủ 1 tháng đến cuối quý")
    SICK_LEAVE = "sick_leave", _("Nghỉ ốm từ 2 tháng trở lên")
    MATERNITY_LEAVE = "maternity_leave", _("Nghỉ thai sản từ 2 tháng trở lên")
    UNDER_INSPECTION = "under_inspection", _("Đang bị thanh tra, kiểm tra về dấu hiệu vi phạm")


#: states in which the official may still change their own evaluation (SPEC §6)
OWNER_EDITABLE_STATES = (
    EvaluationState.DRAFT,
    EvaluationState.TARGETS_APPROVED,
    EvaluationState.RETURNED,
)
#: states from which the self-assessment can be submitted (targets must be approved first)
SUBMITTABLE_STATES = (EvaluationState.TARGETS_APPROVED, EvaluationState.RETURNED)
#: states in which an approved target may still be amended (the official is still at work)
AMENDABLE_STATES = (EvaluationState.TARGETS_APPROVED, EvaluationState.RETURNED)
#: states after the authority's decision: the records are locked (SPEC §6: "once decided,
#: nothing changes but publication; a correction is a new, logged decision")
LOCKED_STATES = (EvaluationState.DECIDED, EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)


class LevelResponse(models.IntegerChoices):
    """The 3-level response of 02-HD §4 step 3, entered for `level` criteria (SPEC §7.2)."""

    PROACTIVE = 1, _("Mức 1 – Chủ động, hiệu quả")
    BASIC = 2, _("Mức 2 – Cơ bản đáp ứng, còn hạn chế")
    NOT_MET = 3, _("Mức 3 – Chưa đáp ứng")
