"""The evaluations a user may see, a unit's members with their states, opening evaluations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danhgia import access
from danhgia.access import Action
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.periods.services import current_period
from danhgia.xlsx.exports import CHUNK_SIZE, export_filename, list_export

from .. import jobs, opening, overview
from .. import targets as target_steps
from ..choices import EvaluationState
from ..errors import EvaluationError
from .common import error_messages

MEMBERS_PER_PAGE = 50
EVALUATIONS_PER_PAGE = 50


def filtered_evaluations(request):
    """The evaluations list's filters and rows: shared by the page and its export."""
    periods = list(Period.objects.order_by("-year", "-quarter"))
    chosen = request.GET.get("ky")
    period = next((p for p in periods if str(p.pk) == chosen), None)
    if period is None and not chosen:
        period = next((p for p in periods if p.is_open), periods[0] if periods else None)
    state = request.GET.get("trang_thai", "")
    if state not in EvaluationState.values:
        state = ""
    q = request.GET.get("q", "").strip()[:100]
    evaluations = overview.search(overview.visible_evaluations(request.user), period, state, q)
    evaluations = evaluations.select_related("official__unit", "period").order_by(
        "official__unit__path", "official__given_name", "pk"
    )
    filters = {"periods": periods, "period": period, "state": state, "q": q}
    return filters, evaluations


@login_required
def evaluation_list(request):
    """The evaluations the user may see, by quarter and state."""
    filters, evaluations = filtered_evaluations(request)
    page = Paginator(evaluations, EVALUATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **filters,
        "page": page,
        "states": EvaluationState.choices,
        "own": access.own_official(request.user),
    }
    return render(request, "evaluations/evaluation_list.html", context)


@login_required
@require_GET
def evaluation_export(request):
    """The evaluations list as .xlsx: the page's filters and scope, every row (SPEC §13.2)."""
    filters, evaluations = filtered_evaluations(request)
    headers = [
        _("Mã cán bộ"),
        _("Họ và tên"),
        _("Đơn vị"),
        _("Kỳ"),
        _("Trạng thái"),
        _("Tự chấm"),
        _("Tự đề xuất"),
    ]
    rows = (
        [
            evaluation.official.code,
            evaluation.official.full_name,
            evaluation.official.unit.name,
            str(evaluation.period),
            evaluation.get_state_display(),
            evaluation.self_total,
            evaluation.self_proposed_rating,
        ]
        for evaluation in evaluations.iterator(chunk_size=CHUNK_SIZE)
    )
    filename = export_filename("danh-gia", filters["period"] or "")
    return list_export(_("Phiếu đánh giá"), headers, rows, filename)


def unit_members_of(request, pk: int):
    """A unit's members page's unit, quarter and rows: shared by the page and its export."""
    unit = access.get_for_user_or_404(request.user, Unit.objects.all(), pk=pk)
    if not overview.may_view_members(request.user, unit):
        raise PermissionDenied
    period = current_period()
    return unit, period, overview.members_with_evaluations(request.user, unit, period)


@login_required
def unit_members(request, pk: int):
    """A unit's people (sub-units included) with their evaluation of the quarter."""
    unit, period, members = unit_members_of(request, pk)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "period": period,
        "page": page,
        "may_start": period is not None and overview.may_start_for_unit(request.user, unit),
        "may_approve": period is not None and access.on_unit(request.user, unit, Action.APPROVE),
    }
    return render(request, "evaluations/unit_members.html", context)


def _member_state(official, evaluation) -> str:
    """The state column as the page words it."""
    if evaluation is None:
        if not official.rated_quarterly:
            return _("Không đánh giá hằng quý")
        return _("Chưa lập phiếu")
    if evaluation.state == EvaluationState.DEFERRED:
        return f"{evaluation.get_state_display()} ({evaluation.get_deferral_case_display()})"
    return evaluation.get_state_display()


@login_required
@require_POST
def unit_approve_targets(request, pk: int):
    """Approve at once the targets the unit's officials have proposed (confirmed in the page)."""
    unit = access.get_for_user_or_404(request.user, Unit.objects.all(), pk=pk)
    if not access.on_unit(request.user, unit, Action.APPROVE):
        raise PermissionDenied
    period = current_period()
    if period is None:
        raise Http404
    result = target_steps.approve_proposed_targets(unit, period, request.user)
    if result.approved:
        messages.success(
            request,
            _("Đã duyệt mục tiêu của %(n)d cán bộ: %(names)s.")
            % {"n": len(result.approved), "names": ", ".join(result.approved)},
        )
    if result.skipped:
        messages.warning(
            request,
            _("Chưa duyệt %(n)d phiếu: %(why)s.")
            % {"n": len(result.skipped), "why": "; ".join(result.skipped)},
        )
    if not result.approved and not result.skipped:
        messages.info(request, _("Không có phiếu nào đang chờ bạn duyệt mục tiêu."))
    return redirect("evaluations:unit_members", unit.pk)


@login_required
@require_GET
def unit_members_export(request, pk: int):
    """A unit's members with their evaluation of the quarter as .xlsx, every row."""
    unit, period, members = unit_members_of(request, pk)
    headers = [
        _("Mã cán bộ"),
        _("Họ và tên"),
        _("Chức vụ"),
        _("Đơn vị"),
        _("Trạng thái"),
        _("Tự chấm"),
        _("Nộp lúc"),
    ]

    def rows():
        if period is None:  # the page lists nobody while no quarter is open
            return
        for official in members.iterator(chunk_size=CHUNK_SIZE):
            evaluation = official.current[0] if official.current else None
            submitted = evaluation.submitted_at if evaluation else None
            yield [
                official.code,
                official.full_name,
                official.position_titles or official.get_leadership_role_display(),
                official.unit.name,
                _member_state(official, evaluation),
                evaluation.self_total if evaluation else None,
                timezone.localtime(submitted) if submitted else None,
            ]

    filename = export_filename("can-bo", unit.code, period or "")
    return list_export(_("Cán bộ của đơn vị"), headers, rows(), filename)


@login_required
@require_POST
def unit_start(request, pk: int):
    """Open (or re-check for deferral) the quarter's evaluations of a unit's people: at once
    for a small unit, as a background job above ``settings.JOBS_INLINE_LIMIT`` people."""
    unit = access.get_for_user_or_404(request.user, Unit.objects.all(), pk=pk)
    if not overview.may_start_for_unit(request.user, unit):
        raise PermissionDenied
    period = current_period()
    if period is None:
        messages.error(request, _("Hiện chưa có kỳ đánh giá nào đang mở."))
        return redirect("evaluations:unit_members", unit.pk)
    people = jobs.people_to_open(request.user, unit)
    count = people.count()
    if jobs.runs_as_job(count):
        job = jobs.enqueue_open(request.user, unit, period)
        messages.info(
            request,
            _(
                "%(unit)s có %(count)d người: hệ thống lập phiếu trong nền; theo dõi tiến độ "
                "tại đây (có thể rời trang, công việc vẫn tiếp tục)."
            )
            % {"unit": unit.name, "count": count},
        )
        return redirect("jobs:detail", job.pk)
    report = opening.ensure_evaluations(
        list(people.select_related("unit")), period, actor=request.user
    )
    messages.success(request, jobs.start_message(report.created, report.existing, report.deferred))
    for refusal in report.refused:
        messages.error(request, refusal)
    return redirect("evaluations:unit_members", unit.pk)


@login_required
@require_POST
def evaluation_start(request):
    """The official opens their own evaluation of the current quarter."""
    official = access.own_official(request.user)
    if official is None:
        raise PermissionDenied
    period = current_period()
    if period is None:
        messages.error(request, _("Hiện chưa có kỳ đánh giá nào đang mở."))
        return redirect("core:home")
    try:
        evaluation = opening.ensure_evaluation(official, period, actor=request.user)
    except EvaluationError as exc:
        error_messages(request, exc)
        return redirect("core:home")
    return redirect("evaluations:detail", evaluation.pk)
