"""Round-trip workbooks of tasks: download prefilled, upload back, preview, confirm.

The preview applies the file's rows through the services and rolls them back; the confirmation
applies the very same file (kept by ``danhgia.xlsx.pending``, checked by user, kind and sha256)
in one transaction. Every problem of a file is shown at once, as ``Sheet!Cell: message``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.periods.models import Period
from danhgia.web import parse_int
from danhgia.xlsx import WorkbookInvalid, open_upload, pending, xlsx_response

from .. import selectors
from ..collective import collective_report
from ..forms.workbooks import WorkbookUploadForm
from ..workbooks import assignments, collective, results
from ..workbooks.common import execute
from .collective import _unit


def _period(request) -> Period:
    periods = selectors.open_periods()
    source = request.POST if request.method == "POST" else request.GET
    period = periods.filter(pk=parse_int(source.get("period")) or 0).first() or periods.first()
    if period is None:
        raise Http404(_("Chưa có kỳ đánh giá nào đang mở."))
    return period


def _assigning(request):
    scopes = access.assigning_scopes(request.user)
    if not scopes:
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    chosen = source.get("assigning_unit")
    unit = access.chosen_assigning_unit(scopes, chosen)
    return _period(request), unit or scopes[0].assigning_unit


def _round_trip(request, *, kind: str, plan: Callable, context: dict):
    """The upload page: the form, then the preview of a valid file, then its confirmation."""
    form, problems, preview, token, status = WorkbookUploadForm(), [], None, "", 200
    if request.method == "POST":
        token = request.POST.get("token", "")
        try:
            if token and request.POST.get("confirm"):
                content = pending.take(token, request.user, kind)
                workbook = open_upload(content)
                try:
                    summary = execute(*plan(workbook), dry_run=False)
                finally:
                    workbook.close()
                pending.discard(token, request.user)
                messages.success(
                    request,
                    _(
                        "Đã cập nhật theo bảng tính: %(created)d dòng tạo mới, "
                        "%(changed)d dòng thay đổi, %(unchanged)d dòng giữ nguyên."
                    )
                    % {
                        "created": len(summary.created),
                        "changed": len(summary.changed),
                        "unchanged": len(summary.unchanged),
                    },
                )
                return redirect(context["back_url"])
            form = WorkbookUploadForm(request.POST, request.FILES)
            token = ""
            if form.is_valid():
                upload = form.cleaned_data["file"]
                workbook = open_upload(upload)
                try:
                    preview = execute(*plan(workbook), dry_run=True)
                finally:
                    workbook.close()
                token = pending.keep(upload, request.user, kind)
        except WorkbookInvalid as error:
            problems, status, token = error.messages, 400, ""
    return render(
        request,
        "tasks/workbook_upload.html",
        {**context, "form": form, "problems": problems, "preview": preview, "token": token},
        status=status,
    )


def _query(**values) -> str:
    return "?" + urlencode({k: v for k, v in values.items() if v is not None})


# --- Assignments ----------------------------------------------------------------------------


@login_required
def assignments_download(request):
    period, unit = _assigning(request)
    setting = assignments.Setting.load(request.user, period, unit)
    name = _("giao-nhiem-vu-%(unit)s-Q%(quarter)s-%(year)s.xlsx") % {
        "unit": unit.code,
        "quarter": period.quarter,
        "year": period.year,
    }
    return xlsx_response(assignments.build(setting), name)


@login_required
def assignments_upload(request):
    period, unit = _assigning(request)
    query = _query(period=period.pk, assigning_unit=unit.pk)
    today = timezone.localdate()

    def plan(workbook):
        # the setting (every lead of the reach, the open tasks) only for a workbook sent: the
        # page itself shows a form (an agency of the province: 3.7 s → a few ms)
        setting = assignments.Setting.load(request.user, period, unit)
        return assignments.plan(setting, workbook, request.user, today)

    return _round_trip(
        request,
        kind=assignments.kind_for(period, unit),
        plan=plan,
        context={
            "title": _("Giao nhiệm vụ bằng bảng tính"),
            "subject": _("%(unit)s · %(period)s") % {"unit": unit.name, "period": period},
            "download_url": reverse("tasks:assignments_download") + query,
            "action_url": reverse("tasks:assignments_upload") + query,
            "back_url": reverse("tasks:task_list")
            + _query(period=period.pk, assigning_unit=unit.pk, view="managed"),
        },
    )


# --- Results and factors --------------------------------------------------------------------


@login_required
def results_download(request):
    period = _period(request)
    setting = results.Setting.load(request.user, period, timezone.localdate())
    name = _("ket-qua-nhiem-vu-Q%(quarter)s-%(year)s.xlsx") % {
        "quarter": period.quarter,
        "year": period.year,
    }
    return xlsx_response(results.build(setting), name)


@login_required
def results_upload(request):
    period = _period(request)
    query = _query(period=period.pk)

    def plan(workbook):
        # the tasks only for a workbook sent (an administrator's: every task of the quarter)
        setting = results.Setting.load(request.user, period, timezone.localdate())
        return results.plan(setting, workbook, request.user)

    return _round_trip(
        request,
        kind=results.kind_for(period),
        plan=plan,
        context={
            "title": _("Kết quả và hệ số nhiệm vụ bằng bảng tính"),
            "subject": str(period),
            "download_url": reverse("tasks:results_download") + query,
            "action_url": reverse("tasks:results_upload") + query,
            "back_url": reverse("tasks:task_list") + query,
        },
    )


# --- Phụ lục 7 ------------------------------------------------------------------------------


def _collective(request, unit_pk: int, period_pk: int):
    """The unit's open quarter for its clerk roles: 404 out of scope, 403 not theirs or closed."""
    unit = _unit(request, unit_pk, change=True)
    period = get_object_or_404(Period.objects.select_related("policy_version"), pk=period_pk)
    if not period.is_open:
        raise PermissionDenied
    return unit, period


@login_required
def collective_download(request, unit: int, period: int):
    unit_obj, period_obj = _collective(request, unit, period)
    report = collective_report(unit_obj, period_obj)
    name = _("phu-luc-7-%(unit)s-Q%(quarter)s-%(year)s.xlsx") % {
        "unit": unit_obj.code,
        "quarter": period_obj.quarter,
        "year": period_obj.year,
    }
    return xlsx_response(collective.build(report), name)


@login_required
def collective_upload(request, unit: int, period: int):
    unit_obj, period_obj = _collective(request, unit, period)
    report = collective_report(unit_obj, period_obj)
    args = [unit_obj.pk, period_obj.pk]
    return _round_trip(
        request,
        kind=collective.kind(report),
        plan=lambda workbook: collective.plan(report, workbook, request.user),
        context={
            "title": _("Phụ lục 7 bằng bảng tính"),
            "subject": _("%(unit)s · %(period)s") % {"unit": unit_obj.name, "period": period_obj},
            "download_url": reverse("tasks:collective_download", args=args),
            "action_url": reverse("tasks:collective_upload", args=args),
            "back_url": reverse("tasks:collective_detail", args=args),
        },
    )
