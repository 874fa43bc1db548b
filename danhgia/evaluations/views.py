"""Pages of steps 1 and 2: an evaluation, its targets, the self-assessment form, evidence,
and a unit's members with their states.

Views only read what the access function allows (``access.restrict``: out of scope is 404),
call a service and turn its errors into messages; a role that may see but not act gets 403.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.access import Action
from danhgia.audit.models import AuditEntry
from danhgia.engine.numbers import format_vn
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.periods.services import current_period

from . import opening, overview, services
from .choices import AMENDABLE_STATES, OWNER_EDITABLE_STATES, EvaluationState
from .errors import EditConflict, EvaluationError
from .forms import AmendTargetForm, SelfAssessmentForm, TargetsForm
from .models import CriterionEntry, Evaluation, Evidence
from .scoring import linked_tasks, rules_for, score_rows, task_inputs
from .sheets import build_sheet

MEMBERS_PER_PAGE = 50
EVALUATIONS_PER_PAGE = 50


def _evaluation(request, pk: int) -> Evaluation:
    queryset = Evaluation.objects.select_related(
        "official__unit__block",
        "period__policy_version",
        "framework_version",
        "targets_approved_by",
    )
    return access.get_for_user_or_404(request.user, queryset, pk=pk)


def _entries(evaluation: Evaluation) -> dict[str, CriterionEntry]:
    return {e.code: e for e in evaluation.entries.all()}


def _is_own(request, evaluation: Evaluation) -> bool:
    return evaluation.official.user_id == request.user.pk


def _may(request, evaluation: Evaluation, action: Action) -> bool:
    return access.can(request.user, evaluation, action)


def _editable(request, evaluation: Evaluation) -> bool:
    """The self-assessment can be changed now by this user (administrators too, by state)."""
    return evaluation.state in OWNER_EDITABLE_STATES and _may(request, evaluation, Action.CHANGE)


def _refuse_change(request, evaluation: Evaluation):
    """The official's own evaluation no longer editable: say why; anyone else: 403."""
    if _is_own(request, evaluation):
        messages.error(
            request,
            _("Phiếu đang ở trạng thái “%(state)s” nên không sửa được.")
            % {"state": evaluation.get_state_display()},
        )
        return redirect("evaluations:detail", evaluation.pk)
    raise PermissionDenied


def _error_messages(request, exc: EvaluationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Lists ---------------------------------------------------------------------------------


@login_required
def evaluation_list(request):
    """The evaluations the user may see, by quarter and state."""
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
    page = Paginator(evaluations, EVALUATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "periods": periods,
        "period": period,
        "states": EvaluationState.choices,
        "state": state,
        "q": q,
        "own": access.own_official(request.user),
    }
    return render(request, "evaluations/evaluation_list.html", context)


@login_required
def unit_members(request, pk: int):
    """A unit's people (sub-units included) with their evaluation of the quarter."""
    unit = access.get_for_user_or_404(request.user, Unit.objects.all(), pk=pk)
    if not overview.may_view_members(request.user, unit):
        raise PermissionDenied
    period = current_period()
    members = overview.members_with_evaluations(request.user, unit, period)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "period": period,
        "page": page,
        "may_start": period is not None and overview.may_start_for_unit(request.user, unit),
    }
    return render(request, "evaluations/unit_members.html", context)


@login_required
@require_POST
def unit_start(request, pk: int):
    """Open (or re-check for deferral) the quarter's evaluations of a unit's people."""
    unit = access.get_for_user_or_404(request.user, Unit.objects.all(), pk=pk)
    if not overview.may_start_for_unit(request.user, unit):
        raise PermissionDenied
    period = current_period()
    if period is None:
        messages.error(request, _("Hiện chưa có kỳ đánh giá nào đang mở."))
        return redirect("evaluations:unit_members", unit.pk)
    people = access.visible_officials(request.user).filter(
        unit__path__startswith=unit.path, rated_quarterly=True
    )
    report = opening.ensure_evaluations(
        list(people.select_related("unit")), period, actor=request.user
    )
    messages.success(
        request,
        _(
            "Đã lập %(created)d phiếu mới; %(existing)d phiếu đã có; %(deferred)d người chưa "
            "đánh giá quý này."
        )
        % {"created": report.created, "existing": report.existing, "deferred": report.deferred},
    )
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
        _error_messages(request, exc)
        return redirect("core:home")
    return redirect("evaluations:detail", evaluation.pk)


# --- One evaluation ------------------------------------------------------------------------


@login_required
def evaluation_detail(request, pk: int):
    evaluation = _evaluation(request, pk)
    history = AuditEntry.objects.filter(
        object_type="evaluations.evaluation", object_id=str(evaluation.pk)
    ).order_by("-created_at", "-id")[:30]
    context = {
        "evaluation": evaluation,
        "deadline": services.self_assessment_deadline(evaluation.period),
        "may_change": _editable(request, evaluation),
        "may_approve": evaluation.state == EvaluationState.DRAFT
        and _may(request, evaluation, Action.APPROVE),
        "history": history,
    }
    return render(request, "evaluations/evaluation_detail.html", context)


@login_required
def targets(request, pk: int):
    """Step 1: the official proposes targets; the unit's leadership approves or amends them."""
    evaluation = _evaluation(request, pk)
    rules = rules_for(evaluation)
    entries = _entries(evaluation)
    may_change = evaluation.state == EvaluationState.DRAFT and _may(
        request, evaluation, Action.CHANGE
    )
    may_approve = _may(request, evaluation, Action.APPROVE)
    form = None
    status = 200
    if request.method == "POST":
        if not may_change:
            return _refuse_change(request, evaluation)
        form = TargetsForm(rules, entries, request.POST)
        if form.is_valid():
            try:
                services.propose_targets(
                    evaluation, form.targets(), form.cleaned_data["lock_version"], request.user
                )
            except EditConflict as exc:
                _error_messages(request, exc)
                status = 409
            except EvaluationError as exc:
                _error_messages(request, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Đã lưu mục tiêu đề xuất. Lãnh đạo đơn vị duyệt mục tiêu trước khi bạn "
                        "nộp bản tự đánh giá."
                    ),
                )
                return redirect("evaluations:targets", evaluation.pk)
        else:
            messages.error(request, _("Chưa lưu: một số mục tiêu chưa hợp lệ (xem từng dòng)."))
    elif may_change:
        form = TargetsForm(rules, entries, initial={"lock_version": evaluation.lock_version})
    scoring = score_rows(rules, entries)
    sheet = build_sheet(
        rules,
        entries,
        scoring,
        form=form,
        errors=form.errors_by_code() if form is not None and form.is_bound else None,
    )
    context = {
        "evaluation": evaluation,
        "sheet": sheet,
        "form": form,
        "may_approve": may_approve and evaluation.state == EvaluationState.DRAFT,
        "may_amend": may_approve and evaluation.state in AMENDABLE_STATES,
        "problems": services.missing_targets(evaluation, entries)
        if evaluation.state == EvaluationState.DRAFT
        else [],
    }
    return render(request, "evaluations/targets.html", context, status=status)


@login_required
@require_POST
def approve_targets(request, pk: int):
    evaluation = _evaluation(request, pk)
    if not _may(request, evaluation, Action.APPROVE):
        raise PermissionDenied
    try:
        services.approve_targets(evaluation, request.user, _posted_lock(request))
    except EvaluationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(
            request,
            _("Đã duyệt mục tiêu của %(name)s.") % {"name": evaluation.official},
        )
    return redirect("evaluations:targets", evaluation.pk)


def _posted_lock(request) -> int | None:
    try:
        return int(request.POST.get("lock_version", ""))
    except ValueError:
        return None


@login_required
def amend_target(request, pk: int, code: str):
    """An approved target changed by the approving side, with a reason."""
    evaluation = _evaluation(request, pk)
    if not _may(request, evaluation, Action.APPROVE):
        raise PermissionDenied
    rules = rules_for(evaluation)
    criterion = rules.framework.criterion(code)
    entry = evaluation.entries.filter(code=code).first()
    if criterion is None or criterion.part != "B" or entry is None:
        raise Http404
    entry.evaluation = evaluation
    allow_na = rules.policy.not_applicable != "forbid"
    form = AmendTargetForm(criterion, entry, allow_na, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_target(entry, form.value(), form.cleaned_data["reason"], request.user)
        except EvaluationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(
                request, _("Đã điều chỉnh mục tiêu %(code)s; đã ghi nhật ký.") % {"code": code}
            )
            return redirect("evaluations:targets", evaluation.pk)
    context = {
        "evaluation": evaluation,
        "criterion": criterion,
        "entry": entry,
        "form": form,
        "amendable": evaluation.state in AMENDABLE_STATES,
        "current": services.target_text(entry.target_low, entry.target_high),
    }
    return render(request, "evaluations/amend_target.html", context)


# --- Step 2: the self-assessment -----------------------------------------------------------


def _form_context(request, evaluation, form, status=200, *, editable=True):
    rules = rules_for(evaluation)
    entries = form.entries if form is not None else _entries(evaluation)
    tasks = linked_tasks(evaluation)
    if form is not None and form.is_bound:
        rows = _posted_rows(evaluation, form, entries)
    else:
        rows = entries
    scoring = score_rows(rules, rows, task_inputs(tasks, rules.policy))
    evidence = Evidence.objects.filter(entry__evaluation=evaluation).select_related("entry")
    sheet = build_sheet(
        rules,
        rows,
        scoring,
        tasks=tasks,
        evidence=list(evidence),
        form=form,
        errors=form.errors_by_code() if form is not None and form.is_bound else None,
    )
    context = {
        "evaluation": evaluation,
        "sheet": sheet,
        "form": form,
        "editable": editable,
        "deadline": services.self_assessment_deadline(evaluation.period),
    }
    return render(request, "evaluations/self_assessment.html", context, status=status)


def _posted_rows(evaluation, form, entries):
    """Copies of the rows with the values just posted (what did not validate counts empty)."""
    rows = {code: copy.copy(entry) for code, entry in entries.items()}
    if not hasattr(form, "cleaned_data"):
        form.is_valid()
    services.apply_rows(
        evaluation, rows, {c.code: form.row_input(c) for c in form.rules.framework.criteria}
    )
    return rows


def _self_assessment_form(evaluation, data=None, files=None):
    rules = rules_for(evaluation)
    entries = _entries(evaluation)
    form = SelfAssessmentForm(
        rules,
        entries,
        linked_tasks(evaluation),
        data,
        files,
        initial={
            "lock_version": evaluation.lock_version,
            "proposed_rating": evaluation.self_proposed_rating or evaluation.self_band,
            "band_shown": evaluation.self_band,
            "self_comment": evaluation.self_comment,
        },
    )
    return form


@login_required
def self_assessment(request, pk: int):
    """Step 2: the form of the appendix; read-only for whoever may not change it now."""
    evaluation = _evaluation(request, pk)
    editable = _editable(request, evaluation)
    if request.method != "POST":
        form = _self_assessment_form(evaluation) if editable else None
        return _form_context(request, evaluation, form, editable=editable)
    if not editable:
        return _refuse_change(request, evaluation)
    form = _self_assessment_form(evaluation, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            _(
                "Chưa lưu: một số ô chưa hợp lệ (xem thông báo ở từng tiêu chí). Tệp đã chọn cần "
                "chọn lại."
            ),
        )
        return _form_context(request, evaluation, form)
    try:
        scoring = services.save_draft(
            evaluation, form.self_assessment(), form.cleaned_data["lock_version"], request.user
        )
    except EditConflict as exc:
        _error_messages(request, exc)
        return _form_context(request, evaluation, form, status=409)
    except EvaluationError as exc:
        _error_messages(request, exc)
        return _form_context(request, evaluation, form)
    entries = {e.code: e for e in evaluation.entries.all()}
    for code, upload in form.uploads():
        entry = entries[code]
        entry.evaluation = evaluation
        try:
            services.add_evidence(entry, upload, request.user)
        except EvaluationError as exc:
            _error_messages(request, exc)
    for evidence_pk in request.POST.getlist("remove_evidence"):
        evidence = (
            access.restrict(request.user, Evidence.objects.all(), Action.CHANGE)
            .filter(pk=evidence_pk, entry__evaluation=evaluation)
            .select_related("entry__evaluation")
            .first()
        )
        if evidence is not None:
            services.remove_evidence(evidence, request.user)
            messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": evidence})
    if request.POST.get("action") == "submit":
        try:
            services.submit(evaluation, request.user)
        except EvaluationError as exc:
            _error_messages(request, exc)
            return redirect("evaluations:self_assessment", evaluation.pk)
        messages.success(request, _submitted_message(evaluation))
        return redirect("evaluations:detail", evaluation.pk)
    messages.success(request, _saved_message(scoring))
    return redirect("evaluations:self_assessment", evaluation.pk)


def _saved_message(scoring) -> str:
    if scoring.complete:
        return _("Đã lưu bản nháp. Tổng điểm tự chấm: %(total)s (%(band)s).") % {
            "total": format_vn(scoring.total),
            "band": scoring.band.value,
        }
    return _("Đã lưu bản nháp. Còn %(count)d tiêu chí chưa đủ thông tin.") % {
        "count": len(scoring.missing)
    }


def _submitted_message(evaluation: Evaluation) -> str:
    text = _("Đã nộp bản tự đánh giá: %(total)s điểm, tự đề xuất %(rating)s.") % {
        "total": format_vn(evaluation.self_total),
        "rating": evaluation.get_self_proposed_rating_display(),
    }
    if evaluation.submitted_late:
        text += " " + _("Bản tự đánh giá được nộp sau thời hạn của kỳ.")
    return text


@login_required
@require_POST
def recalculate(request, pk: int):
    """HTMX: the engine's numbers for the values being typed; nothing is saved."""
    evaluation = _evaluation(request, pk)
    if not _editable(request, evaluation):
        raise PermissionDenied
    form = _self_assessment_form(evaluation, request.POST)
    form.is_valid()
    rules = rules_for(evaluation)
    tasks = linked_tasks(evaluation)
    rows = _posted_rows(evaluation, form, form.entries)
    scoring = score_rows(rules, rows, task_inputs(tasks, rules.policy))
    sheet = build_sheet(rules, rows, scoring, tasks=tasks, form=form, errors=form.errors_by_code())
    band = scoring.band.value if scoring.band else ""
    proposed = form.cleaned_data.get("proposed_rating", "")
    # The proposed rating follows the band until the official chooses another level.
    if proposed == form.cleaned_data.get("band_shown", ""):
        proposed = band
    context = {
        "evaluation": evaluation,
        "sheet": sheet,
        "band": band,
        "proposed": proposed,
        "proposed_field": form["proposed_rating"],
    }
    response = render(request, "evaluations/_recalc.html", context)
    response["Cache-Control"] = "no-store"
    return response


# --- Evidence ------------------------------------------------------------------------------


@login_required
def evidence_download(request, pk: int):
    """A file, only as an attachment and never rendered inline (SPEC §14)."""
    evidence = access.get_for_user_or_404(request.user, Evidence.objects.all(), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp không còn trên máy chủ.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
