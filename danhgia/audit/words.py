"""The audit log's vocabulary: the Vietnamese words for the keys an entry's before and after
carry, for the codes they hold, and the kinds of records the audit page's filter offers.

Read by ``audit.display``; like it, this module depends on no other application (tests keep
the copies of other applications' labels equal).
"""

from django.utils.translation import gettext_lazy as _

#: words for keys that are not fields of the entry's model (written by the workflow steps)
KEY_LABELS = {
    "state": _("Trạng thái"),
    "rating": _("Xếp loại"),
    "engine_rating": _("Xếp loại theo quy tắc"),
    "total": _("Tổng điểm"),
    "band": _("Mức theo điểm"),
    "proposed_rating": _("Đề xuất xếp loại"),
    "submitted_at": _("Nộp lúc"),
    "deadline": _("Thời hạn"),
    "late": _("Nộp muộn"),
    "target": _("Mục tiêu"),
    "targets": _("Mục tiêu"),
    "not_applicable": _("Không áp dụng"),
    "met": _("Đảm bảo"),
    "actual": _("Kết quả thực tế"),
    "category": _("Mức xếp loại"),
    "level": _("Mức độ đáp ứng"),
    "use_tasks": _("Chấm theo nhiệm vụ"),
    "comment": _("Nhận xét, giải trình"),
    "code": _("Mã tiêu chí"),
    "evidence": _("Tài liệu minh chứng (mã)"),
    "name": _("Tên tệp"),
    "size": _("Dung lượng (byte)"),
    "evaluations": _("Số phiếu"),
    "scope": _("Phạm vi"),
    "unit": _("Đơn vị"),
    "deferral_case": _("Lý do chưa đánh giá"),
    "framework": _("Khung chấm điểm"),
    "criteria": _("Số tiêu chí"),
    "policy": _("Chính sách"),
    "deadlines": _("Số mốc thời hạn"),
    "block": _("Khối"),
    "quality": _("Hệ số chất lượng"),
    "timeliness": _("Hệ số tiến độ"),
    "leadership": _("Hệ số lãnh đạo, chỉ đạo"),
    "points": _("Điểm"),
    "part_a": _("Điểm nhóm tiêu chí chung"),
    "part_b": _("Điểm kết quả thực hiện nhiệm vụ"),
    "explanation": _("Giải trình"),
    "response": _("Mức độ đáp ứng"),
    "units": _("Số đơn vị"),
    "officials": _("Số cán bộ"),
    "groups": _("Số nhóm so sánh"),
    "periods": _("Số kỳ đánh giá"),
    "accounts": _("Số tài khoản"),
    "tasks": _("Số nhiệm vụ"),
    "stage": _("Bước"),
    "from_step": _("Bước trả lại"),
    "to_step": _("Trả về bước"),
    "reason": _("Lý do"),
    "content": _("Nội dung"),
    "quota": _("Hạn mức HTXSNV"),
    "pct": _("Tỷ lệ (%)"),
    "max_pct": _("Tỷ lệ tối đa (%)"),
    "stage_scores": _("Số bảng điểm theo bước"),
    "dossiers": _("Số hồ sơ"),
    "decisions": _("Số quyết định xếp loại"),
    "component": _("Thành phần hồ sơ"),
    "check_note": _("Ghi chú kiểm tra"),
    "complete": _("Đủ thành phần"),
    "note": _("Ghi chú"),
    "period": _("Kỳ đánh giá"),
    "version": _("Phiên bản"),
    "from_version": _("Từ phiên bản"),
    "products": _("Sản phẩm"),
    "problems": _("Số vấn đề"),
    "revision": _("Lần sửa"),
    "format": _("Định dạng"),
    "title": _("Tên văn bản"),
    "kind": _("Loại văn bản (mã)"),
    "official": _("Cán bộ"),
    "task": _("Nhiệm vụ"),
    "rating_date": _("Ngày xếp loại"),
    "decided_rating": _("Mức quyết định"),
    "origin": _("Nguồn"),
    "evaluation": _("Phiếu đánh giá"),
    "tasks_confirmed": _("Số nhiệm vụ đã xác nhận"),
    "missing": _("Thành phần còn thiếu"),
}
#: keys that say nothing a reader needs: a file's fingerprint, a stored file's number (its name
#: is in the entry), and the state a return goes back to (the steps say it: one row, D-walk
#: 05/12/2026)
HIDDEN_KEYS = frozenset({"sha256", "document", "returned_from"})
#: keys that are not fields but hold a record's number: shown by the record's name
KEY_REFERENCES = {
    "evaluation": "evaluations.evaluation",
    "official": "organisation.official",
    "task": "tasks.task",
    "unit": "organisation.unit",
}
#: keys that are not fields of the entry's model but hold another model's choice
KEY_CHOICES = {"component": ("dossiers.dossierdocument", "component")}
#: keys that hold a rules version as "code (vN)" or its origin "shipped:code"
RULES_KEYS = {"framework": "rules.frameworkversion", "policy": "rules.policyversion"}
#: the object types whose name carries a rules version's "code (vN)"
RULES_OBJECTS = {
    "rules.frameworkversion": "rules.frameworkversion",
    "rules.policyversion": "rules.policyversion",
    "periods.periodframework": "rules.frameworkversion",
}
#: the words for values of keys that are not fields: the workflow's steps and the stages
#: (the same labels as ``evaluations.workflow.STEPS`` and ``review.choices.Stage``; a test
#: keeps them equal, since this module depends on no other application)
STEP_LABELS = {
    "self_assessment": _("Tự đánh giá"),
    "verification": _("Xác nhận kết quả nhiệm vụ"),
    "review": _("Tập thể lãnh đạo nhận xét, đề xuất"),
    "appraisal": _("Thẩm định"),
    "decision": _("Quyết định xếp loại"),
}
STAGE_LABELS = {
    "review": _("Tập thể lãnh đạo đơn vị"),
    "appraisal": _("Ban Tổ chức thẩm định"),
    "decision": _("Cấp có thẩm quyền quyết định"),
}
#: a dossier's lateness (``dossiers.choices.DossierState``; a test keeps them equal)
DOSSIER_STATE_LABELS = {
    "on_time": _("Đúng hạn"),
    "late": _("Nộp muộn"),
    "missing": _("Chưa nộp"),
}
VALUE_LABELS = {"from_step": STEP_LABELS, "to_step": STEP_LABELS, "stage": STAGE_LABELS}
#: the words for a key's values on one kind of record only
OBJECT_VALUE_LABELS = {("dossiers.dossier", "state"): DOSSIER_STATE_LABELS}
#: fields whose stored value is a code (a block's, a source's), read by ``display._special_value``
CODED_FIELDS = frozenset({"block", "origin", "framework", "policy"})
#: criterion flags whose "no" is the default: a row left at it is not shown
DEFAULT_FLAGS = frozenset({"not_applicable"})
#: the keys a return's one row stands for
RETURN_KEYS = frozenset({"state", "from_step", "to_step"})

#: the kinds of records the audit page's filter offers, in the order of a quarter's work and then
#: of the set-up: the records people act on, not the tables behind them (jobs, log-in failures,
#: a form's criterion rows, locks); each by its model's Vietnamese name
RECORD_KINDS = (
    (
        _("Công việc trong quý"),
        (
            "evaluations.evaluation",
            "tasks.task",
            "tasks.catalogue",
            "tasks.forcemajeure",
            "tasks.collectiveresult",
            "dossiers.dossier",
            "review.keytaskassessment",
            "decisions.accountability",
            "decisions.publication",
            "documents.archiveddocument",
        ),
    ),
    (
        _("Thiết lập"),
        (
            "periods.period",
            "periods.periodframework",
            "periods.deadline",
            "periods.holiday",
            "rules.frameworkversion",
            "rules.policyversion",
            "organisation.unit",
            "organisation.block",
            "organisation.comparisongroup",
            "organisation.official",
            "organisation.positionhistory",
            "organisation.absence",
            "auth.user",
            "organisation.roleassignment",
            "documents.templateoverride",
            "api.apitoken",
        ),
    ),
)
