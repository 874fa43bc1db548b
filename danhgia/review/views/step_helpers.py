"""Helpers shared by the pages of steps 3a-3c (verification, review, dossier, appraisal)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from danhgia import access
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import Role
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period

#: the roles that work on steps 3a-3c (the "Xét duyệt" pages)
REVIEW_ROLES = (
    Role.ASSIGNING_AGENCY,
    Role.UNIT_LEADERSHIP,
    Role.UNIT_SECRETARY,
    Role.APPRAISER,
)


def period_or_404(pk: int) -> Period:
    return get_object_or_404(Period.objects.select_related("policy_version"), pk=pk)


def unit_or_404(user, pk: int) -> Unit:
    """The unit if the user sees it (else 404, as for a unit that does not exist)."""
    return access.get_for_user_or_404(user, Unit.objects.select_related("block"), pk=pk)


def evaluation_or_404(user, pk: int) -> Evaluation:
    queryset = Evaluation.objects.select_related(
        "official__unit__block", "official__user", "period__policy_version", "framework_version"
    )
    return access.get_for_user_or_404(user, queryset, pk=pk)


def require(allowed: bool) -> None:
    """Seen but not one's step: 403."""
    if not allowed:
        raise PermissionDenied


def error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def back(request, default: str, *args):
    """Redirect to a safe ``next`` of the form, else to the named page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default, *args)


def posted_lock(request) -> int | None:
    try:
        return int(request.POST.get("lock_version", ""))
    except ValueError:
        return None


def holds_review_role(user) -> bool:
    return access.is_administrator(user) or any(
        scope.role in REVIEW_ROLES for scope in access.scopes(user)
    )
