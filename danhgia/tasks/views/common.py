"""Helpers shared by the tasks app's views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from danhgia import access
from danhgia.access import Action


def get_or_deny(user, queryset: QuerySet, pk: int, action: Action = Action.VIEW):
    """The object if the user may see it (else 404) and may take ``action`` on it (else 403).

    Someone who cannot see an object learns nothing of it (404); someone who sees it but whose
    role does not allow the step is told so (403).
    """
    obj = access.get_for_user_or_404(user, queryset, pk=pk)
    if action != Action.VIEW and not access.can(user, obj, action):
        raise PermissionDenied
    return obj


def error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
