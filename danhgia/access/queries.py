"""The one access decision, for lists and single objects (STYLE "Rights have one home").

``restrict(user, queryset, action)`` keeps the rows the user may see or act on; everything
else is built on it. "No access" is the same answer as "does not exist" (404), so that the
existence of another unit's people and records does not leak; a page that shows a record but
belongs to another role's step answers 403 (``require``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from danhgia.organisation.models import Official, Unit

from .actions import Action
from .rules import LOADED_RULES, RULES
from .scopes import is_administrator

NOT_FOUND = _("Không tìm thấy hoặc bạn không có quyền truy cập.")


def restrict(user, queryset: QuerySet, action: Action = Action.VIEW) -> QuerySet:
    """The part of ``queryset`` that ``user`` may see (or act on with ``action``)."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if is_administrator(user):
        return queryset
    rule = RULES.get(queryset.model._meta.label_lower)
    if rule is None:
        return queryset.none()
    return queryset.filter(rule(user, action))


def can(user, obj: models.Model, action: Action = Action.VIEW) -> bool:
    """Whether ``user`` may see (or act on) this one object."""
    manager = type(obj)._default_manager
    return restrict(user, manager.filter(pk=obj.pk), action).exists()


def can_loaded(user, obj: models.Model, action: Action = Action.VIEW) -> bool:
    """``can`` for a record read in this request, decided on it as read where the model's rule
    allows (``rules.LOADED_RULES``: no query), else as ``can``. The record's fields must be as
    read (a record changed in memory since is asked with ``can``)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_administrator(user):
        return obj.pk is not None
    rule = LOADED_RULES.get((obj._meta.label_lower, str(action)))
    decided = rule(user, obj) if rule is not None else None
    return can(user, obj, action) if decided is None else decided


def require(user, obj: models.Model, action: Action) -> None:
    """Refuse (403) a user who may not act on the object; ``None`` is the system (commands)."""
    if user is not None and not can(user, obj, action):
        raise PermissionDenied


def get_for_user_or_404(user, queryset: QuerySet, action: Action = Action.VIEW, **lookup):
    """The object matching ``lookup`` if the user may see (or act on) it; otherwise 404."""
    try:
        return restrict(user, queryset, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(NOT_FOUND) from None


def get_official_for_user_or_404(user, pk: int, action: Action = Action.VIEW) -> Official:
    queryset = Official.objects.select_related("unit", "unit__block", "comparison_group", "user")
    return get_for_user_or_404(user, queryset, action, pk=pk)


def visible_officials(user) -> QuerySet[Official]:
    """Officials the user may see: everyone in the scope of a role, plus their own record."""
    return restrict(user, Official.objects.all())


def unit_or_404(user, pk, action: Action = Action.VIEW) -> Unit:
    """The unit if the user sees it (else 404, as for a unit that does not exist)."""
    return get_for_user_or_404(user, Unit.objects.select_related("block"), action, pk=pk)
