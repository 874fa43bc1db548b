"""The unit's dossier page: its components (attached or produced), submission, lateness
(SPEC §10); a component's file is downloaded only as an attachment (SPEC §14)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.access import Action
from danhgia.downloads import file_response
from danhgia.evaluations.workflow import ReviewError
from danhgia.periods.selectors import period_or_404
from danhgia.web import error_messages, forbid_unless

from .forms import DocumentForm, DossierCheckForm, MeetingForm
from .models import Dossier, DossierDocument, ReviewMeeting
from .services import (
    add_document,
    check_dossier,
    checklist,
    is_complete,
    lateness,
    record_meeting,
    state_label,
)
from .services import submit_dossier as submit


def _context(request, unit, period, form):
    dossier = (
        Dossier.objects.filter(unit=unit, period=period)
        .select_related("submitted_by", "checked_by")
        .first()
    )
    items = checklist(dossier)
    state, deadline = lateness(unit, period)
    return {
        "unit": unit,
        "period": period,
        "dossier": dossier,
        "items": items,
        "complete": is_complete(items),
        "state": state,
        "state_label": state_label(state),
        "deadline": deadline,
        "form": form,
        "may_prepare": access.on_unit(request.user, unit, Action.PREPARE_DOSSIER)
        and period.is_open,
        "meeting": ReviewMeeting.objects.filter(unit=unit, period=period).first(),
    }


@login_required
def dossier(request, period: int, unit: int):
    """GET: the checklist; POST: add a component (the unit's secretary or leadership)."""
    unit_obj = access.unit_or_404(request.user, unit)
    may_prepare = access.on_unit(request.user, unit_obj, Action.PREPARE_DOSSIER)
    forbid_unless(may_prepare or access.on_unit(request.user, unit_obj, Action.APPRAISE))
    period_obj = period_or_404(period)
    form = None
    if request.method == "POST":
        forbid_unless(may_prepare)
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                add_document(
                    unit_obj,
                    period_obj,
                    form.cleaned_data["component"],
                    request.user,
                    upload=form.cleaned_data["file"],
                    produced=form.cleaned_data["produced"],
                )
            except ReviewError as exc:
                error_messages(request, exc)
            else:
                messages.success(request, _("Đã bổ sung thành phần hồ sơ."))
                return redirect("dossiers:dossier", period_obj.pk, unit_obj.pk)
        else:
            messages.error(request, _("Chưa bổ sung được: xem thông báo ở biểu mẫu."))
    return render(
        request,
        "dossiers/dossier.html",
        _context(request, unit_obj, period_obj, form or DocumentForm()),
    )


@login_required
@require_POST
def dossier_submit(request, period: int, unit: int):
    unit_obj = access.unit_or_404(request.user, unit)
    forbid_unless(access.on_unit(request.user, unit_obj, Action.PREPARE_DOSSIER))
    period_obj = period_or_404(period)
    try:
        result = submit(unit_obj, period_obj, request.user)
    except ReviewError as exc:
        error_messages(request, exc)
    else:
        state, _deadline = lateness(unit_obj, period_obj)
        messages.success(
            request,
            _("Đã nộp hồ sơ lúc %(when)s (%(state)s).")
            % {
                "when": timezone.localtime(result.submitted_at).strftime("%H:%M %d/%m/%Y"),
                "state": state_label(state),
            },
        )
    return redirect("dossiers:dossier", period_obj.pk, unit_obj.pk)


@login_required
def dossier_document(request, pk: int):
    """A component's file, only as an attachment and never rendered inline (SPEC §14)."""
    document = access.get_for_user_or_404(request.user, DossierDocument.objects.all(), pk=pk)
    if not document.file:
        raise Http404(_("Thành phần này do hệ thống lập, không có tệp."))
    return file_response(document.file, document.original_name)


@login_required
@require_POST
def review_meeting(request, period: int, unit: int):
    """Record (or correct) the unit leadership's meeting that reviewed the quarter."""
    unit_obj = access.unit_or_404(request.user, unit)
    forbid_unless(access.on_unit(request.user, unit_obj, Action.REVIEW))
    period_obj = period_or_404(period)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("review:review_unit", period_obj.pk, unit_obj.pk)
    try:
        record_meeting(unit_obj, period_obj, user=request.user, **form.cleaned_data)
    except ReviewError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("Đã ghi biên bản hội nghị đánh giá của đơn vị."))
    return redirect("review:review_unit", period_obj.pk, unit_obj.pk)


@login_required
@require_POST
def dossier_check(request, period: int, unit: int):
    unit_obj = access.unit_or_404(request.user, unit)
    forbid_unless(access.on_unit(request.user, unit_obj, Action.APPRAISE))
    period_obj = period_or_404(period)
    dossier = Dossier.objects.filter(unit=unit_obj, period=period_obj).first()
    form = DossierCheckForm(request.POST)
    if dossier is None:
        messages.error(request, _("Đơn vị chưa lập hồ sơ."))
    elif form.is_valid():
        try:
            check_dossier(dossier, form.cleaned_data["note"], request.user)
        except ReviewError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, _("Đã ghi nhận kết quả kiểm tra hồ sơ."))
    return redirect("review:appraisal_unit", period_obj.pk, unit_obj.pk)
