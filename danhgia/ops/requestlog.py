"""One JSON line per request (logger ``danhgia.request``) and the request id.

The id comes from the proxy's ``X-Request-ID`` when it is a plausible token (letters, digits,
``.-_``, at most 100), otherwise a new one; it is answered in ``X-Request-ID`` so that a user's
report, the proxy's log and the application's log meet. Only ids, never names or form data.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("danhgia.request")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def request_id_for(request: HttpRequest) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if _VALID_ID.match(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        if request.method == "HEAD" and not response.streaming:
            # a WSGI server must not send a body to HEAD (runserver strips it, gunicorn warns);
            # Content-Length (CommonMiddleware) still gives the GET's length
            response.content = b""
        if logger.isEnabledFor(logging.INFO):
            user = getattr(request, "user", None)
            fields = {
                "request_id": request.request_id,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            logger.info(
                "%(method)s %(path)s %(status)s %(duration_ms)sms"
                " id=%(request_id)s user=%(user_id)s",
                fields,
                extra={"request": fields},
            )
        return response


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message, and a request's fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "request", None)
        if isinstance(fields, dict):
            data.update(fields)
        elif fields is not None:  # Django's own loggers pass the request object
            data["path"] = getattr(fields, "path", None)
            data["request_id"] = getattr(fields, "request_id", None)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)
