"""Step 2 pages: the self-assessment form, its live recalculation, evidence downloads."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.downloads import file_response
from danhgia.engine import format_vn
from danhgia.web import KEPT_FOR_RETRY, LOCK_REFUSED, keep_for_retry, lock_refused

from .. import services
from ..errors import EditConflict, EvaluationError
from ..forms import SelfAssessmentForm
from ..models import Evaluation, Evidence
from ..scoring import entries_of, linked_tasks, rules_for, score_rows, task_inputs
from ..selectors import last_return
from ..sheets import build_sheet
from .common import error_messages, evaluation_for, may_edit, refuse_change


def _form_context(request, evaluation, form, status=200, *, editable=True):
    rules = rules_for(evaluation)
    entries = form.entries if form is not None else entries_of(evaluation)
    tasks = form.linked if form is not None else linked_tasks(evaluation)
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
    deadline = services.self_assessment_deadline(evaluation.period)
    context = {
        "evaluation": evaluation,
        "sheet": sheet,
        "form": form,
        "editable": editable,
        "deadline": deadline,
        "frozen": freeze.frozen_reason(evaluation),
        "returned": last_return(evaluation) if editable else None,
        # submitting now would be recorded as late: the confirmation says so
        "late_now": bool(services.is_late(timezone.now(), deadline)),
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
    entries = entries_of(evaluation)
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


def _refused(request, evaluation, form):
    """409: what was typed, carrying the current version for a deliberate second save."""
    evaluation.refresh_from_db(fields=["lock_version"])
    keep_for_retry(form, evaluation.lock_version)
    messages.info(request, KEPT_FOR_RETRY)
    return _form_context(request, evaluation, form, status=409)


@login_required
def self_assessment(request, pk: int):
    """Step 2: the form of the appendix; read-only for whoever may not change it now."""
    evaluation = evaluation_for(request, pk)
    editable = may_edit(request, evaluation)
    if request.method != "POST":
        form = _self_assessment_form(evaluation) if editable else None
        return _form_context(request, evaluation, form, editable=editable)
    if not editable:
        return refuse_change(request, evaluation)
    form = _self_assessment_form(evaluation, request.POST, request.FILES)
    if not form.is_valid() and lock_refused(form):
        messages.error(request, LOCK_REFUSED)
        return _refused(request, evaluation, form)
    if not form.is_valid():
        # name the rows (or fields) to look at: the page is several thousand pixels long (#22)
        where = list(form.errors_by_code())
        where += [
            str(form.fields[n].label)
            for n in ("proposed_rating", "self_comment")
            if n in form.errors
        ]
        messages.error(
            request,
            _(
                "Chưa lưu: ô chưa hợp lệ ở %(where)s (xem thông báo tại từng dòng). Tệp đã chọn "
                "cần chọn lại."
            )
            % {"where": ", ".join(where) or _("biểu mẫu")},
        )
        return _form_context(request, evaluation, form)
    try:
        scoring = services.save_draft(
            evaluation, form.self_assessment(), form.cleaned_data["lock_version"], request.user
        )
    except EditConflict as exc:
        error_messages(request, exc)
        return _refused(request, evaluation, form)
    except EvaluationError as exc:
        error_messages(request, exc)
        return _form_context(request, evaluation, form)
    uploads = form.uploads()
    entries = {e.code: e for e in evaluation.entries.all()} if uploads else {}
    for code, upload in uploads:
        entry = entries[code]
        entry.evaluation = evaluation
        try:
            services.add_evidence(entry, upload, request.user)
        except EvaluationError as exc:
            error_messages(request, exc)
    if request.POST.get("action") == "submit":
        try:
            services.submit(evaluation, request.user)
        except EvaluationError as exc:
            error_messages(request, exc)
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
    evaluation = evaluation_for(request, pk)
    if not may_edit(request, evaluation):
        raise PermissionDenied
    form = _self_assessment_form(evaluation, request.POST)
    form.is_valid()
    rules = rules_for(evaluation)
    tasks = form.linked  # read once, with the form
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


@login_required
@require_POST
def evidence_remove(request, pk: int):
    """Remove one file: only through its own button (never with a save of the form, so that
    pressing Enter in the form cannot delete evidence), after a confirmation in the page."""
    evidence = access.get_for_user_or_404(
        request.user, Evidence.objects.select_related("entry__evaluation"), pk=pk
    )
    if not access.can(request.user, evidence, Action.CHANGE):
        raise PermissionDenied
    evaluation = evidence.entry.evaluation
    try:
        services.remove_evidence(evidence, request.user)
    except EvaluationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": evidence})
    return redirect("evaluations:self_assessment", evaluation.pk)


@login_required
def evidence_download(request, pk: int):
    """A file, only as an attachment and never rendered inline (SPEC §14)."""
    evidence = access.get_for_user_or_404(request.user, Evidence.objects.all(), pk=pk)
    return file_response(evidence.file, evidence.original_name)
