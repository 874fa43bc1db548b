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
    EVALUATION_CREATED = "evaluation.created", _("Lập phiếu đánh giá")
    EVALUATION_TARGETS_PROPOSED = "evaluation.targets_proposed", _("Đề xuất mục tiêu")
    EVALUATION_TARGETS_APPROVED = "evaluation.targets_approved", _("Duyệt mục tiêu")
    EVALUATION_TARGET_AMENDED = "evaluation.target_amended", _("Điều chỉnh mục tiêu đã duyệt")
    EVALUATION_SAVED = "evaluation.saved", _("Lưu bản tự đánh giá")
    EVALUATION_PREVIOUS_UNIT_COMMENTED = (
        "evaluation.previous_unit_commented",
        _("Đơn vị cũ gửi nhận xét phần công tác trong quý"),
    )
    EVALUATION_SUBMITTED = "evaluation.submitted", _("Nộp bản tự đánh giá")
    EVALUATION_DEFERRED = "evaluation.deferred", _("Chưa đánh giá, xếp loại quý này")
    EVALUATION_EVIDENCE_ADDED = "evaluation.evidence_added", _("Thêm tài liệu minh chứng")
    EVALUATION_EVIDENCE_REMOVED = "evaluation.evidence_removed", _("Xóa tài liệu minh chứng")
    CATALOGUE_CREATED = "catalogue.created", _("Tạo danh mục sản phẩm")
    CATALOGUE_UPDATED = "catalogue.updated", _("Sửa danh mục sản phẩm (dự thảo)")
    CATALOGUE_APPROVED = "catalogue.approved", _("Phê duyệt danh mục sản phẩm")
    CATALOGUE_VERSIONED = "catalogue.versioned", _("Tạo phiên bản mới của danh mục sản phẩm")
    TASK_ASSIGNED = "task.assigned", _("Giao nhiệm vụ")
    TASK_UPDATED = "task.updated", _("Sửa nhiệm vụ")
    TASK_REPORTED = "task.reported", _("Báo cáo kết quả nhiệm vụ")
    TASK_FACTORS_SET = "task.factors_set", _("Đánh giá chất lượng, tiến độ, lãnh đạo nhiệm vụ")
    TASK_CARRIED_OVER = "task.carried_over", _("Chuyển nhiệm vụ sang quý sau")
    TASK_CANCELLED = "task.cancelled", _("Hủy nhiệm vụ")
    TASK_EVIDENCE_ADDED = "task.evidence_added", _("Thêm minh chứng nhiệm vụ")
    FORCE_MAJEURE_REQUESTED = "force_majeure.requested", _("Đề nghị xác nhận bất khả kháng")
    FORCE_MAJEURE_CONFIRMED = "force_majeure.confirmed", _("Xác nhận bất khả kháng")
    FORCE_MAJEURE_REFUSED = "force_majeure.refused", _("Không xác nhận bất khả kháng")
    COLLECTIVE_UPDATED = "collective.updated", _("Cập nhật kết quả tập thể (Phụ lục 7)")
    EVALUATION_DECIDED = "evaluation.decided", _("Quyết định xếp loại")
    DECISION_CORRECTED = "decision.corrected", _("Đính chính quyết định xếp loại")
    RESULTS_PUBLISHED = "results.published", _("Công khai kết quả xếp loại")
    EVALUATION_VERIFIED = "evaluation.verified", _("Cơ quan chủ trì xác nhận kết quả nhiệm vụ")
    EVALUATION_REVIEWED = "evaluation.reviewed", _("Tập thể lãnh đạo nhận xét, đề xuất xếp loại")
    EVALUATION_APPRAISED = "evaluation.appraised", _("Ban Tổ chức thẩm định, đề xuất xếp loại")
    EVALUATION_RETURNED = "evaluation.returned", _("Trả lại để hoàn thiện")
    EVALUATION_ARCHIVED = "evaluation.archived", _("Lưu trữ phiếu đánh giá")
    STAGE_SCORE_CHANGED = "stage.score_changed", _("Điều chỉnh điểm tiêu chí")
    REVIEW_MEETING_RECORDED = "review.meeting_recorded", _("Ghi biên bản hội nghị đánh giá")
    DOSSIER_SUBMITTED = "dossier.submitted", _("Nộp hồ sơ đánh giá")
    DOSSIER_DOCUMENT_ADDED = "dossier.document_added", _("Bổ sung thành phần hồ sơ")
    DOSSIER_DOCUMENT_REMOVED = "dossier.document_removed", _("Gỡ tệp khỏi hồ sơ")
    DOSSIER_CHECKED = "dossier.checked", _("Kiểm tra hồ sơ đánh giá")
    KEY_TASK_ASSESSED = "key_task.assessed", _("Đánh giá mức độ đáp ứng nhiệm vụ then chốt")
    PERIOD_ARCHIVED = "period.archived", _("Lưu trữ kết quả của quý")
    ACCOUNTABILITY_RECORDED = "accountability.recorded", _("Ghi trách nhiệm người đứng đầu")
    ACCOUNTABILITY_ENDED = "accountability.ended", _("Chấm dứt trách nhiệm người đứng đầu")
    DOCUMENT_ARCHIVED = "document.archived", _("Lưu trữ văn bản")
    DOCUMENT_TEMPLATE_UPLOADED = "document.template_uploaded", _("Tải lên mẫu văn bản của tỉnh")
    DOCUMENT_TEMPLATE_RESET = "document.template_reset", _("Trở lại mẫu văn bản gốc")
    API_TOKEN_CREATED = "api.token_created", _("Tạo khóa API")
    API_TOKEN_REVOKED = "api.token_revoked", _("Thu hồi khóa API")


#: what the later steps said about a person (scores, proposals, reasons): the person reads the
#: details of these entries only once the result is published (SPEC §6, §14)
LATER_STEP_ACTIONS = frozenset(
    {
        AuditAction.STAGE_SCORE_CHANGED,
        AuditAction.EVALUATION_REVIEWED,
        AuditAction.EVALUATION_APPRAISED,
        AuditAction.EVALUATION_DECIDED,
        AuditAction.DECISION_CORRECTED,
    }
)
