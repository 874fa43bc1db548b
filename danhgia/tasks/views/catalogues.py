"""Catalogue pages: the list, a version with its coefficients, drafting, approval, new version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.access import Action

from .. import catalogues as services
from ..choices import CatalogueState
from ..forms import CatalogueCreateForm, NewVersionForm, ProductFormSet
from ..models import Catalogue
from ..selectors import open_periods
from .common import error_messages, get_or_deny

RELATED = ("unit", "period", "approved_by")


def _clerk_units(user):
    return access.clerk_units(user).order_by("path")


@login_required
def catalogue_list(request):
    catalogues = (
        access.restrict(request.user, Catalogue.objects.all())
        .select_related(*RELATED)
        .annotate(product_count=Count("products"))
        .order_by("unit__path", "-version")
    )
    context = {"catalogues": catalogues, "can_create": _clerk_units(request.user).exists()}
    return render(request, "tasks/catalogue_list.html", context)


@login_required
def catalogue_create(request):
    units = _clerk_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = CatalogueCreateForm(request.POST or None, units=units, periods=open_periods())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            catalogue = services.create_catalogue(
                data["unit"], data["period"], request.user, data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã tạo dự thảo danh mục. Hãy nhập các sản phẩm."))
            return redirect("tasks:catalogue_edit", pk=catalogue.pk)
    return render(request, "tasks/catalogue_create.html", {"form": form})


@login_required
def catalogue_detail(request, pk: int):
    user = request.user
    catalogue = get_or_deny(user, Catalogue.objects.select_related(*RELATED), pk)
    can_change = access.can(user, catalogue, Action.CHANGE)
    context = {
        "catalogue": catalogue,
        "rows": services.product_rows(catalogue),
        "can_change": can_change and catalogue.state == CatalogueState.DRAFT,
        "can_approve": catalogue.state == CatalogueState.DRAFT
        and access.can(user, catalogue, Action.APPROVE),
        "version_form": NewVersionForm(periods=open_periods())
        if can_change and catalogue.is_approved
        else None,
        "history": access.history(user, catalogue),
    }
    return render(request, "tasks/catalogue_detail.html", context)


@login_required
def catalogue_edit(request, pk: int):
    catalogue = get_or_deny(
        request.user, Catalogue.objects.select_related(*RELATED), pk, Action.CHANGE
    )
    if catalogue.state != CatalogueState.DRAFT:
        messages.error(request, _("Danh mục đã được phê duyệt: hãy tạo phiên bản mới để thay đổi."))
        return redirect("tasks:catalogue_detail", pk=catalogue.pk)
    formset = ProductFormSet(request.POST or None, instance=catalogue)
    if request.method == "POST" and formset.is_valid():
        try:
            services.save_products(catalogue, formset, request.user)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("Đã lưu các sản phẩm của danh mục."))
            return redirect("tasks:catalogue_detail", pk=catalogue.pk)
    return render(
        request, "tasks/catalogue_edit.html", {"catalogue": catalogue, "formset": formset}
    )


@login_required
@require_POST
def catalogue_approve(request, pk: int):
    catalogue = get_or_deny(request.user, Catalogue.objects.all(), pk, Action.APPROVE)
    try:
        services.approve_catalogue(catalogue, request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Đã phê duyệt danh mục."))
    return redirect("tasks:catalogue_detail", pk=catalogue.pk)


@login_required
@require_POST
def catalogue_new_version(request, pk: int):
    catalogue = get_or_deny(
        request.user, Catalogue.objects.select_related("unit"), pk, Action.CHANGE
    )
    form = NewVersionForm(request.POST, periods=open_periods())
    if not form.is_valid():
        error_messages(request, ValidationError(_("Chọn quý áp dụng của phiên bản mới.")))
        return redirect("tasks:catalogue_detail", pk=catalogue.pk)
    try:
        created = services.create_catalogue(
            catalogue.unit, form.cleaned_data["period"], request.user
        )
    except ValidationError as error:
        error_messages(request, error)
        return redirect("tasks:catalogue_detail", pk=catalogue.pk)
    messages.success(
        request,
        _("Đã tạo phiên bản %(version)d (dự thảo) từ phiên bản %(old)d.")
        % {"version": created.version, "old": catalogue.version},
    )
    return redirect("tasks:catalogue_edit", pk=created.pk)
