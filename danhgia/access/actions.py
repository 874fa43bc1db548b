"""The actions a right is asked for (SPEC §4, §6): one code per step of the quarter."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What a user wants to do with a record; every page, download, job and API call names one."""

    VIEW = "view", _("xem")
    CHANGE = "change", _("sửa")
    REPORT = "report", _("báo cáo kết quả")
    OPEN = "open", _("mở phiếu đánh giá")
    APPROVE = "approve", _("phê duyệt")
    VERIFY = "verify", _("xác nhận kết quả nhiệm vụ")
    REVIEW = "review", _("nhận xét, đề xuất của tập thể lãnh đạo")
    PREPARE_DOSSIER = "prepare_dossier", _("lập hồ sơ")
    APPRAISE = "appraise", _("thẩm định")
    DECIDE = "decide", _("quyết định xếp loại")
    CORRECT = "correct", _("đính chính quyết định")
    PUBLISH = "publish", _("công khai kết quả")
    ARCHIVE = "archive", _("lưu trữ kết quả")
    READ_LOG = "read_log", _("xem nhật ký")
    IMPORT_ORGANISATION = "import_organisation", _("nhập tổ chức từ Excel")
    MANAGE_TEMPLATES = "manage_templates", _("quản lý mẫu văn bản")
    MANAGE_RULES = "manage_rules", _("quản lý khung chấm điểm và chính sách")
