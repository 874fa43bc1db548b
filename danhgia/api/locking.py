"""The forms' optimistic lock over HTTP: ``ETag: "v<lock_version>"`` and ``If-Match``, or a
``lock_version`` field in the body. A stale version: 412 (If-Match) or 409 (body)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.translation import gettext as _
from rest_framework import serializers

from .errors import Conflict, PreconditionFailed, PreconditionRequired

T = TypeVar("T")
_TAG = re.compile(r'^\s*(?:W/)?"?v?(\d{1,9})"?\s*$')


def etag(lock_version: int) -> str:
    return f'"v{lock_version}"'


def wanted_version(request, data: dict[str, Any]) -> tuple[int, bool]:
    """The version the client wrote against and whether it came from ``If-Match``."""
    header = request.headers.get("If-Match")
    if header is not None:
        match = _TAG.match(header)
        if match is None:
            raise serializers.ValidationError(
                {"If-Match": [_('Giá trị If-Match phải là ETag đã nhận, ví dụ "v3".')]}
            )
        return int(match.group(1)), True
    if data.get("lock_version") is None:
        raise PreconditionRequired()
    return data["lock_version"], False


def write_locked(from_header: bool, write: Callable[[], T], stale: tuple[type, ...]) -> T:
    """Run the service's write; its stale-version refusal becomes 412 or 409."""
    try:
        return write()
    except stale as error:
        detail = "; ".join(getattr(error, "messages", None) or [str(error)])
        raise (PreconditionFailed if from_header else Conflict)(detail) from None
