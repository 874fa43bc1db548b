"""The schema's error answers, documented once for every operation (drf-spectacular hook)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR = {
    "type": "object",
    "description": "`detail`: the reason in Vietnamese; a refused field names itself as a key "
    'with its messages (`{"period": ["…"]}`); a refused step adds `messages`.',
    "properties": {
        "detail": {"type": "string"},
        "messages": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": True,
}
COMMON = {
    "400": "Đầu vào không hợp lệ, hoặc bước bị từ chối (trạng thái, kỳ đã đóng…)",
    "401": "Chưa xác thực: thiếu khóa, khóa sai, hết hạn hoặc đã thu hồi",
    "403": "Trong phạm vi nhưng không phải bước của bạn, hoặc khóa chỉ đọc",
    "404": "Không có, hoặc ngoài phạm vi của bạn (cùng một câu trả lời)",
    "429": "Quá số yêu cầu cho phép của khóa; thử lại sau Retry-After giây",
}
WRITES = {
    "409": "Phiên bản (lock_version) đã cũ: người khác vừa lưu; chưa lưu gì",
    "412": "If-Match không còn khớp ETag của bản ghi; chưa lưu gì",
    "428": "Thiếu phiên bản: gửi If-Match hoặc lock_version",
}


def document_errors(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for url, item in result.get("paths", {}).items():
        engine = url.endswith(("/score", "/rate"))
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            wanted = dict(COMMON)
            if method in ("post", "patch", "put") and not engine and "{id}" in url:
                wanted.update(WRITES)
            for code, text in wanted.items():
                responses.setdefault(code, {"description": text, "content": ref})
            responses.setdefault("405", {"description": "Phương thức không được hỗ trợ"})
    return result


class BearerScheme(OpenApiAuthenticationExtension):
    """``Authorization: Bearer <token>`` in the schema (Swagger UI's "Authorize")."""

    target_class = "danhgia.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Khóa API cá nhân (trang “Khóa API”, hoặc manage.py create_api_token).",
        }
