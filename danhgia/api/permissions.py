"""Who may call the API at all; every record's right is decided by ``danhgia.access``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ApiToken


class TokenMayWrite(BasePermission):
    """A read-only token may read (and ask the engine), never write."""

    message = _("Khóa API này chỉ được đọc dữ liệu.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or getattr(view, "computes_only", False):
            return True
        token = request.auth
        return not (isinstance(token, ApiToken) and token.read_only)
