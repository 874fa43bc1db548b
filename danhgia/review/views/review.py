"""Step 3b pages: the unit leadership's page of a unit (members, meeting, Phụ lục 7) and the
review form of one member (SPEC §4, §6)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.dossiers.forms import MeetingForm
from danhgia.dossiers.models import Dossier, ReviewMeeting
from danhgia.dossiers.services import checklist, is_complete, lateness, missing, state_label
from danhgia.evaluations.selectors import evaluation_or_404
from danhgia.periods.selectors import period_or_404
from danhgia.tasks.collective import collective_report
from danhgia.web import forbid_unless

from ..choices import Stage
from ..forms import ReturnForm
from ..review import may_review, members, progress, save_review, unit_people
from .stage_form import stage_form, stage_recalculate

MEMBERS_PER_PAGE = 50


@login_required
def review_unit(request, period: int, unit: int):
    """The unit's members with each stage's scores, its meeting and its Phụ lục 7."""
    unit_obj = access.unit_or_404(request.user, unit)
    forbid_unless(access.on_unit(request.user, unit_obj, Action.REVIEW))
    period_obj = period_or_404(period)
    page = Paginator(unit_people(request.user, unit_obj), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = members(request.user, page.object_list, period_obj)
    for row in rows:
        row.reviewable = may_review(request.user, row)
        if row.evaluation is not None:
            row.return_form = ReturnForm(initial={"lock_version": row.evaluation.lock_version})
    meeting = (
        ReviewMeeting.objects.filter(unit=unit_obj, period=period_obj)
        .select_related("recorded_by")
        .first()
    )
    form = MeetingForm(
        initial={
            "held_on": meeting.held_on,
            "attendees": meeting.attendees,
            "minutes": meeting.minutes,
            "lock_version": meeting.lock_version,
        }
        if meeting is not None
        else {"lock_version": 0}
    )
    dossier = Dossier.objects.filter(unit=unit_obj, period=period_obj).first()
    items = checklist(unit_obj, period_obj, dossier)
    state, deadline = lateness(unit_obj, period_obj)
    context = {
        "unit": unit_obj,
        "period": period_obj,
        "page": page,
        "rows": rows,
        "progress": progress(unit_obj, period_obj),
        "meeting": meeting,
        "meeting_form": form,
        "meeting_frozen": freeze.frozen_reason(
            meeting or ReviewMeeting(unit=unit_obj, period=period_obj)
        ),
        "report": collective_report(unit_obj, period_obj),
        "dossier": dossier,
        "dossier_complete": is_complete(items),
        "dossier_missing": missing(items),
        "dossier_state": state_label(state),
        "dossier_deadline": deadline,
    }
    return render(request, "review/review_unit.html", context)


def _reviewable(request, pk: int):
    evaluation = evaluation_or_404(request.user, pk)
    forbid_unless(access.can(request.user, evaluation, Action.REVIEW))
    return evaluation


@login_required
def review_form(request, pk: int):
    """One member: self points beside the review's, explanations, comment, proposal."""
    evaluation = _reviewable(request, pk)
    return stage_form(
        request,
        evaluation,
        Stage.REVIEW,
        save_review,
        _(
            "Đã hoàn thành bước nhận xét, đề xuất của tập thể lãnh đạo; phiếu chuyển Ban Tổ "
            "chức thẩm định."
        ),
    )


@login_required
@require_POST
def review_recalculate(request, pk: int):
    evaluation = _reviewable(request, pk)
    return stage_recalculate(request, evaluation, Stage.REVIEW)
