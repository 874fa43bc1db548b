"""The unit's dossier page: its components (uploaded or computed), submission, lateness
(SPEC §10); the read-only minutes and summary table its components open; a file is downloaded
only as an attachment (SPEC §14).

Reading a dossier, its minutes and its table belongs to the roles that see the unit's
evaluations (``access.on_unit(…, Action.VIEW)``: its leadership and secretary, the appraiser
and the authority covering it); a unit out of the user's sight answers 404, another role 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.downloads import file_response
from danhgia.engine import dossier_state
from danhgia.evaluations.overview import ROLE_ORDER
from danhgia.evaluations.workflow import ReviewError
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.periods.selectors import period_or_404
from danhgia.web import LOCK_REFUSED, error_messages, forbid_unless, lock_refused

from .choices import DossierState
from .components import member_officials, summary_rows
from .forms import DocumentForm, DossierCheckForm, MeetingForm
from .models import Dossier, DossierDocument, ReviewMeeting
from .overdue import overdue_rows, overdue_unit_ids
from .services import (
    MeetingConflict,
    add_document,
    check_dossier,
    checklist,
    is_complete,
    lateness,
    missing,
    record_meeting,
    remove_document,
    state_label,
)
from .services import submit_dossier as submit

MEMBERS_PER_PAGE = 50
UNITS_PER_PAGE = 50


def _context(request, unit, period, form):
    dossier = (
        Dossier.objects.filter(unit=unit, period=period)
        .select_related("submitted_by", "checked_by")
        .first()
    )
    items = checklist(unit, period, dossier)
    state, deadline = lateness(unit, period)
    return {
        "unit": unit,
        "period": period,
        "dossier": dossier,
        "items": items,
        "complete": is_complete(items),
        "missing": missing(items),
        "late_now": dossier_state(timezone.localdate(), deadline) == DossierState.LATE,
        "state": state,
        "state_label": state_label(state),
        "deadline": deadline,
        "form": form,
        "may_prepare": access.on_unit(request.user, unit, Action.PREPARE_DOSSIER)
        and period.is_open,
        "meeting": ReviewMeeting.objects.filter(unit=unit, period=period).first(),
        "may_record_meeting": access.on_unit(request.user, unit, Action.REVIEW) and period.is_open,
    }


@login_required
def dossier(request, period: int, unit: int):
    """GET: the checklist; POST: add a component (the unit's secretary or leadership)."""
    unit_obj = access.unit_or_404(request.user, unit)
    may_prepare = access.on_unit(request.user, unit_obj, Action.PREPARE_DOSSIER)
    forbid_unless(access.on_unit(request.user, unit_obj, Action.VIEW))
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
                "when": timezone.localtime(result.submitted_at).strftime("%d/%m/%Y %H:%M"),
                "state": state_label(state),
            },
        )
    return redirect("dossiers:dossier", period_obj.pk, unit_obj.pk)


@login_required
def dossier_document(request, pk: int):
    """A component's file, only as an attachment and never rendered inline (SPEC §14)."""
    document = access.get_for_user_or_404(request.user, DossierDocument.objects.all(), pk=pk)
    if not document.file:
        raise Http404(_("Thành phần này không có tệp."))
    return file_response(document.file, document.original_name)


@login_required
@require_POST
def dossier_document_remove(request, pk: int):
    """Take a file out of a dossier not yet submitted (its own confirmed button)."""
    document = access.get_for_user_or_404(
        request.user,
        DossierDocument.objects.select_related("dossier__unit", "dossier__period"),
        pk=pk,
    )
    dossier = document.dossier
    forbid_unless(access.on_unit(request.user, dossier.unit, Action.PREPARE_DOSSIER))
    name = document.original_name
    try:
        remove_document(document, request.user)
    except ReviewError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("Đã gỡ tệp “%(name)s” khỏi hồ sơ.") % {"name": name})
    return redirect("dossiers:dossier", dossier.period_id, dossier.unit_id)


@login_required
@require_POST
def review_meeting(request, period: int, unit: int):
    """Record (or correct) the unit leadership's meeting that reviewed the quarter.

    A form opened before someone else's save (or with a missing or tampered version) answers
    409 with what the user typed, next to the minutes as they now stand.
    """
    unit_obj = access.unit_or_404(request.user, unit)
    forbid_unless(access.on_unit(request.user, unit_obj, Action.REVIEW))
    period_obj = period_or_404(period)
    frozen = freeze.frozen_reason(ReviewMeeting(unit=unit_obj, period=period_obj))
    if frozen:  # the reason first: no version makes a frozen meeting changeable
        messages.error(request, frozen)
        return redirect("review:review_unit", period_obj.pk, unit_obj.pk)
    form = MeetingForm(request.POST)
    if lock_refused(form):
        return _meeting_refused(request, unit_obj, period_obj, form, str(LOCK_REFUSED))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("review:review_unit", period_obj.pk, unit_obj.pk)
    try:
        record_meeting(unit_obj, period_obj, user=request.user, **form.cleaned_data)
    except MeetingConflict as exc:
        return _meeting_refused(request, unit_obj, period_obj, form, exc.messages[0])
    except ReviewError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("Đã ghi biên bản hội nghị đánh giá của đơn vị."))
    return redirect("review:review_unit", period_obj.pk, unit_obj.pk)


def _meeting_refused(request, unit: Unit, period: Period, form: MeetingForm, message: str):
    """The typed minutes again (status 409), to be saved over the current version on purpose."""
    meeting = (
        ReviewMeeting.objects.filter(unit=unit, period=period).select_related("recorded_by").first()
    )
    data = request.POST.copy()
    data["lock_version"] = str(meeting.lock_version if meeting is not None else 0)
    context = {
        "unit": unit,
        "period": period,
        "meeting": meeting,
        "form": MeetingForm(data),
        "message": message,
    }
    return render(request, "dossiers/meeting_refused.html", context, status=409)


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


def _reader_unit(request, unit: int):
    """The unit if the user sees it (else 404), for a role reading its dossier (else 403)."""
    unit_obj = access.unit_or_404(request.user, unit)
    forbid_unless(access.on_unit(request.user, unit_obj, Action.VIEW))
    return unit_obj


@login_required
def minutes(request, period: int, unit: int):
    """The minutes of the unit leadership's meeting, read-only (a component of the dossier)."""
    unit_obj = _reader_unit(request, unit)
    period_obj = period_or_404(period)
    # the reader may read the unit's meeting (``_reader_unit``); none recorded yet is said so
    meeting = (
        access.restrict(request.user, ReviewMeeting.objects.select_related("recorded_by"))
        .filter(unit=unit_obj, period=period_obj)
        .first()
    )
    context = {"unit": unit_obj, "period": period_obj, "meeting": meeting}
    return render(request, "dossiers/minutes.html", context)


@login_required
def summary(request, period: int, unit: int):
    """The summary table of the unit's members: each self-assessment (a link to it), the self
    score and proposal, the unit leadership's score and proposal (a fixed number of queries)."""
    unit_obj = _reader_unit(request, unit)
    period_obj = period_or_404(period)
    people = (
        member_officials(unit_obj)
        .select_related("unit")
        .annotate(role_order=ROLE_ORDER)
        .order_by("unit__path", "role_order", "given_name", "full_name", "pk")
    )
    page = Paginator(people, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = summary_rows(request.user, period_obj, page)
    context = {"unit": unit_obj, "period": period_obj, "page": page, "rows": rows}
    return render(request, "dossiers/summary.html", context)


@login_required
def overdue(request):
    """The units of the user's scope whose dossier is missing or late after the deadline."""
    forbid_unless(access.follows_dossiers(request.user))
    periods = list(Period.objects.order_by("-year", "-quarter"))
    chosen = request.GET.get("ky")
    period = next((p for p in periods if str(p.pk) == chosen), None)
    if period is None:
        period = next((p for p in periods if p.is_open), periods[0] if periods else None)
    context = {"periods": periods, "period": period}
    if period is not None:
        today = timezone.localdate()
        deadline, ids, states = overdue_unit_ids(request.user, period, today)
        page = Paginator(ids, UNITS_PER_PAGE).get_page(request.GET.get("page"))
        context |= {
            "deadline": deadline,
            "deadline_passed": deadline is not None and today > deadline,
            "page": page,
            "rows": overdue_rows(list(page.object_list), states),
            "missing_count": sum(1 for s, _at in states.values() if s == DossierState.MISSING),
            "late_count": sum(1 for s, _at in states.values() if s == DossierState.LATE),
        }
    return render(request, "dossiers/overdue.html", context)
