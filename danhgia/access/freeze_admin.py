"""The Django admin of the models ``freeze`` knows: frozen records are read-only there.

A frozen record's page is shown read-only with the reason; changing or deleting it is refused
(403), and so is adding, changing or deleting an inline row of a frozen record. The bulk "delete
selected" action leaves frozen rows out and says why. The models refuse as well (``Freezable``):
the admin only says it first and in Vietnamese.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .freeze import frozen_q, frozen_reason


def _reason(request, obj) -> str | None:
    """``frozen_reason`` once per record and request (the admin asks several times)."""
    if obj is None or obj.pk is None:
        return None
    cache = request.__dict__.setdefault("_danhgia_frozen", {})
    key = (obj._meta.label_lower, obj.pk)
    if key not in cache:
        cache[key] = frozen_reason(obj)
    return cache[key]


def delete_unfrozen(modeladmin, request, queryset):
    """Django's "delete selected", without the frozen rows (each named with its reason)."""
    frozen = list(queryset.filter(frozen_q(queryset.model)))
    for obj in frozen:
        modeladmin.message_user(
            request,
            _("Không xóa “%(record)s”: %(reason)s") % {"record": obj, "reason": frozen_reason(obj)},
            messages.ERROR,
        )
    if frozen:
        queryset = queryset.exclude(pk__in=[obj.pk for obj in frozen])
        if not queryset.exists():
            return None
    return delete_selected(modeladmin, request, queryset)


delete_unfrozen.allowed_permissions = ("delete",)


class FreezeAdminMixin:
    """For a ModelAdmin of a model of ``freeze.RULES`` (put it before the admin's base class)."""

    def has_change_permission(self, request, obj=None):
        if _reason(request, obj) is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if _reason(request, obj) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        reason = _reason(request, obj)
        if reason is not None:  # the 403 page says why, not only that it may not be done
            raise PermissionDenied(reason)
        return super().delete_view(request, object_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        reason = _reason(request, obj)
        if reason is not None and request.method == "GET":
            messages.warning(request, reason)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_unfrozen, name, description)
        return actions

    def delete_queryset(self, request, queryset):
        # Never a frozen row, whatever called this (the action above already left them out).
        super().delete_queryset(request, queryset.exclude(frozen_q(queryset.model)))


class FreezeInlineMixin:
    """For an inline whose parent or rows ``freeze`` knows: no row changes under a frozen one."""

    def _frozen(self, request, obj) -> bool:
        return _reason(request, obj) is not None

    def has_add_permission(self, request, obj=None):
        return not self._frozen(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(request, obj) and super().has_delete_permission(request, obj)
