"""The download of a produced document (like ``danhgia.downloads``, from bytes)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def document_response(content: bytes, name: str) -> HttpResponse:
    """``content`` as an attachment called ``name``, typed by its extension, never cached."""
    extension = name.rsplit(".", 1)[-1].lower()
    response = HttpResponse(
        content, content_type=CONTENT_TYPES.get(extension, "application/octet-stream")
    )
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
