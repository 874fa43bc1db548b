"""Collective results (Phụ lục 7): the units in scope, one unit's quarter, its written parts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.periods.models import Period
from danhgia.rules.choices import RatingLevel
from danhgia.web import KEPT_FOR_RETRY, LOCK_REFUSED, keep_for_retry, lock_refused

from ..collective import collective_report, save_collective_result
from ..errors import ConflictError
from ..forms import CollectiveResultForm
from ..models import CollectiveResult

UNITS_PER_PAGE = 50


def _unit(request, unit_pk: int, change: bool = False):
    """The unit if a role covers it (else 404); for ``change``, a clerk role (else 403)."""
    unit = access.units_in_scope(request.user).filter(pk=unit_pk).first()
    if unit is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền truy cập."))
    if change and not access.clerk_units(request.user).filter(pk=unit_pk):
        raise PermissionDenied
    return unit


@login_required
def collective_list(request):
    """The units a role covers, with the quarter's Phụ lục 7 status."""
    periods = list(Period.objects.order_by("-year", "-quarter"))
    wanted = request.GET.get("period")
    # The chosen quarter, else the latest open one (the current quarter), else the latest.
    period = (
        next((p for p in periods if str(p.pk) == wanted), None)
        or next((p for p in periods if p.is_open), None)
        or next(iter(periods), None)
    )
    stored = CollectiveResult.objects.filter(unit=OuterRef("pk"), period=period)
    units = (
        access.units_in_scope(request.user)
        .annotate(
            self_level=Subquery(stored.values("self_level")[:1]),
            result_updated=Subquery(stored.values("updated_at")[:1]),
        )
        .order_by("path")
    )
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "period": period, "periods": periods}
    return render(request, "tasks/collective_list.html", context)


@login_required
def collective_detail(request, unit: int, period: int):
    unit_obj = _unit(request, unit)
    period_obj = get_object_or_404(Period.objects.select_related("policy_version"), pk=period)
    can_edit = period_obj.is_open and (
        access.clerk_units(request.user).filter(pk=unit_obj.pk).exists()
    )
    context = {
        "report": collective_report(unit_obj, period_obj),
        "can_edit": can_edit,
        "levels": RatingLevel.choices,
    }
    return render(request, "tasks/collective_detail.html", context)


@login_required
def collective_edit(request, unit: int, period: int):
    unit_obj = _unit(request, unit, change=True)
    period_obj = get_object_or_404(Period.objects.select_related("policy_version"), pk=period)
    if not period_obj.is_open:
        messages.error(request, _("Kỳ đánh giá %(period)s đã đóng.") % {"period": period_obj})
        return redirect("tasks:collective_detail", unit=unit_obj.pk, period=period_obj.pk)
    report = collective_report(unit_obj, period_obj)
    status = 200
    if request.method == "POST":
        form = CollectiveResultForm(request.POST, instance=report.result)
        if form.is_valid():
            try:
                save_collective_result(
                    unit_obj,
                    period_obj,
                    form.cleaned_data,
                    form.cleaned_data["lock_version"],
                    request.user,
                )
            except ConflictError as error:
                form.add_error(None, error)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã lưu kết quả tập thể."))
                return redirect("tasks:collective_detail", unit=unit_obj.pk, period=period_obj.pk)
        elif lock_refused(form):
            form.add_error(None, LOCK_REFUSED)
            status = 409
        if status == 409:
            if report.result.pk is not None:  # none saved yet: the version it starts with
                report.result.refresh_from_db(fields=["lock_version"])
            keep_for_retry(form, report.result.lock_version)
            form.add_error(None, KEPT_FOR_RETRY)
    else:
        form = CollectiveResultForm(
            instance=report.result, initial={"lock_version": report.result.lock_version}
        )
    context = {"report": report, "form": form}
    return render(request, "tasks/collective_edit.html", context, status=status)
