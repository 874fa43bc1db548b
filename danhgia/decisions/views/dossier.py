"""The unit's dossier page: its components (attached or produced), submission, lateness
(SPEC §10); a component's file is downloaded only as an attachment (SPEC §14)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia.organisation import access

from ..appraisal import appraises
from ..dossiers import add_document, checklist, is_complete, lateness, prepares, state_label
from ..dossiers import submit_dossier as submit
from ..models import Dossier, DossierDocument, ReviewMeeting
from ..review_forms import DocumentForm
from ..workflow import ReviewError
from .step_helpers import error_messages, period_or_404, require, unit_or_404


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
        "may_prepare": prepares(request.user, unit) and period.is_open,
        "meeting": ReviewMeeting.objects.filter(unit=unit, period=period).first(),
    }


@login_required
def dossier(request, period: int, unit: int):
    """GET: the checklist; POST: add a component (the unit's secretary or leadership)."""
    unit_obj = unit_or_404(request.user, unit)
    may_prepare = prepares(request.user, unit_obj)
    require(may_prepare or appraises(request.user, unit_obj))
    period_obj = period_or_404(period)
    form = None
    if request.method == "POST":
        require(may_prepare)
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
                return redirect("decisions:dossier", period_obj.pk, unit_obj.pk)
        else:
            messages.error(request, _("Chưa bổ sung được: xem thông báo ở biểu mẫu."))
    return render(
        request,
        "decisions/dossier.html",
        _context(request, unit_obj, period_obj, form or DocumentForm()),
    )


@login_required
@require_POST
def dossier_submit(request, period: int, unit: int):
    unit_obj = unit_or_404(request.user, unit)
    require(prepares(request.user, unit_obj))
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
    return redirect("decisions:dossier", period_obj.pk, unit_obj.pk)


@login_required
def dossier_document(request, pk: int):
    """A component's file, only as an attachment and never rendered inline (SPEC §14)."""
    document = access.get_for_user_or_404(request.user, DossierDocument.objects.all(), pk=pk)
    if not document.file:
        raise Http404(_("Thành phần này do hệ thống lập, không có tệp."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp không còn trên máy chủ.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name or "tai-lieu",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
