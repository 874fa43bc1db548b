"""The API's errors: DRF's ``{"detail": …}`` for everything, the workflow's refusals included.

A step refused by a service (a ``ValidationError`` such as ``TaskError``, an
``EvaluationError``) answers 400 with its Vietnamese message; a stale write answers 409 (the
version sent in the body) or 412 (the version sent in ``If-Match``); a write without any version
answers 428.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from danhgia.evaluations.errors import EvaluationError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Bản ghi đã được người khác lưu sau phiên bản bạn gửi; chưa lưu gì.")
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("Bản ghi đã thay đổi từ phiên bản ghi trong If-Match; chưa lưu gì.")
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Cần gửi phiên bản của bản ghi: tiêu đề If-Match (ETag đã nhận) hoặc trường lock_version."
    )
    default_code = "precondition_required"


class Refused(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(str(m) for m in messages) or _("Yêu cầu bị từ chối."))
        self.messages = [str(m) for m in messages]


#: DRF's own refusals, said in Vietnamese (its catalogue has no Vietnamese)
VIETNAMESE = {
    "not_authenticated": _(
        "Chưa xác thực: gửi tiêu đề Authorization: Bearer <khóa API> hoặc đăng nhập."
    ),
    "permission_denied": _("Bạn không có quyền thực hiện thao tác này."),
    "not_found": _("Không tìm thấy hoặc bạn không có quyền truy cập."),
    "method_not_allowed": _("Phương thức không được hỗ trợ ở địa chỉ này."),
    "unsupported_media_type": _("Nội dung phải là JSON (Content-Type: application/json)."),
    "parse_error": _("Nội dung không phải JSON hợp lệ."),
    "not_acceptable": _("Chỉ trả lời JSON."),
}
#: DRF's session check refuses a write without the CSRF token with "CSRF Failed: …"
CSRF_REFUSED = _(
    "Thiếu hoặc sai mã chống giả mạo (CSRF) của phiên đăng nhập: gửi tiêu đề X-CSRFToken "
    "lấy từ cookie csrftoken, hoặc dùng khóa API (Authorization: Bearer <khóa API>)."
)


def handle(exc, context):
    """DRF's handler, plus the services' refusals as 400 with every message."""
    if isinstance(exc, ValidationError):
        exc = Refused(list(exc.messages))
    elif isinstance(exc, EvaluationError):
        exc = Refused(exc.messages)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Refused):
        response.data = {"detail": exc.detail, "messages": exc.messages}
    elif isinstance(exc, exceptions.Throttled):
        response.data = {
            "detail": _("Quá nhiều yêu cầu với khóa này; thử lại sau %(seconds)s giây.")
            % {"seconds": math.ceil(exc.wait) if exc.wait is not None else 60}
        }
    elif response.status_code == 404:  # "No Evaluation matches…" would name the model
        response.data = {"detail": str(VIETNAMESE["not_found"])}
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        response.data = {"detail": str(CSRF_REFUSED)}
    elif isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(response.data["detail"], "code", None)
        default = str(getattr(type(exc), "default_detail", ""))
        if code in VIETNAMESE and (
            code != "permission_denied" or response.data["detail"] == default
        ):
            response.data = {"detail": str(VIETNAMESE[code])}
    return response
