"""Step 1 pages: the targets, their approval and amendment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia.access import Action, freeze
from danhgia.tasks.rules import framework_of
from danhgia.web import KEPT_FOR_RETRY, LOCK_REFUSED, keep_for_retry, lock_refused, posted_lock

from .. import targets as target_steps
from ..choices import AMENDABLE_STATES, EvaluationState
from ..errors import EditConflict, EvaluationError
from ..forms import AmendTargetForm, TargetsForm
from ..scoring import entries_of, rules_for, score_rows
from ..sheets import build_sheet
from .common import (
    error_messages,
    evaluation_for,
    may,
    may_change_targets,
    refuse_change,
)


@login_required
def targets(request, pk: int):
    """Step 1: the official proposes targets; the unit's leadership approves or amends them."""
    evaluation = evaluation_for(request, pk)
    rules = rules_for(evaluation)
    entries = entries_of(evaluation)
    may_change = may_change_targets(request, evaluation)
    form = None
    status = 200
    if request.method == "POST":
        if not may_change:
            return refuse_change(request, evaluation)
        form = TargetsForm(rules, entries, request.POST, **_axes_kwargs(evaluation))
        if form.is_valid():
            try:
                target_steps.propose_targets(
                    evaluation,
                    form.targets(),
                    form.cleaned_data["lock_version"],
                    request.user,
                    axes=form.axes(),
                )
            except EditConflict as exc:
                error_messages(request, exc)
                status = 409
            except EvaluationError as exc:
                error_messages(request, exc)
            else:
                names = target_steps.approver_names(evaluation)
                if names:
                    text = _(
                        "Đã lưu mục tiêu đề xuất. %(who)s duyệt mục tiêu trước khi bạn nộp bản "
                        "tự đánh giá."
                    ) % {"who": ", ".join(names)}
                else:  # rough edge #16: a head whose targets nobody is set to approve
                    text = _(
                        "Đã lưu mục tiêu đề xuất. Chưa có ai được phân quyền duyệt mục tiêu của "
                        "phiếu này: đề nghị quản trị viên phân quyền lãnh đạo cấp trên."
                    )
                messages.success(request, text)
                return redirect("evaluations:targets", evaluation.pk)
        elif lock_refused(form):
            messages.error(request, LOCK_REFUSED)
            status = 409
        else:
            messages.error(request, _("Chưa lưu: một số mục tiêu chưa hợp lệ (xem từng dòng)."))
        if status == 409:
            evaluation.refresh_from_db(fields=["lock_version"])
            keep_for_retry(form, evaluation.lock_version)
            messages.info(request, KEPT_FOR_RETRY)
    elif may_change:
        form = TargetsForm(
            rules,
            entries,
            initial={"lock_version": evaluation.lock_version},
            **_axes_kwargs(evaluation),
        )
    return _page(request, evaluation, form, status)


def _axes_kwargs(evaluation) -> dict:
    """What the targets form needs to propose axis maxima (``axis_maxima: proposed``)."""
    return {
        "evaluation": evaluation,
        "declared_maxima": framework_of(evaluation.framework_version).axis_maxima,
    }


def _page(request, evaluation, form, status: int = 200):
    rules = rules_for(evaluation)
    entries = entries_of(evaluation)
    frozen = freeze.frozen_reason(evaluation)
    may_approve = may(request, evaluation, Action.APPROVE) and frozen is None
    scoring = score_rows(rules, entries)
    sheet = build_sheet(
        rules,
        entries,
        scoring,
        form=form,
        errors=form.errors_by_code() if form is not None and form.is_bound else None,
    )
    draft = evaluation.state == EvaluationState.DRAFT
    # rough edges #15, #16: whether the official has proposed yet, and who approves
    proposed = target_steps.last_proposal(evaluation) if draft else None
    context = {
        "evaluation": evaluation,
        "sheet": sheet,
        "form": form,
        "frozen": frozen,
        "proposed": proposed,
        "approvers": target_steps.approver_names(evaluation)
        if evaluation.state == EvaluationState.DRAFT
        else [],
        # nothing to approve before the official saved her proposal (walk of 05/12/2026)
        "may_approve": may_approve and draft and proposed is not None,
        "not_proposed": target_steps.not_proposed_text()
        if may_approve and draft and proposed is None
        else "",
        "may_amend": may_approve and evaluation.state in AMENDABLE_STATES,
        "proposed_axes": _proposed_axes(evaluation, rules),
        "problems": target_steps.missing_targets(evaluation, entries)
        if evaluation.state == EvaluationState.DRAFT
        else [],
    }
    return render(request, "evaluations/targets.html", context, status=status)


def _proposed_axes(evaluation, rules) -> list[dict] | None:
    """The stored proposal for display (axis, framework max, proposed max, main), or None."""
    if rules.policy.axis_maxima != "proposed":
        return None
    declared = framework_of(evaluation.framework_version).axis_maxima
    return [
        {
            "number": number,
            "declared": max_points,
            "proposed": rules.framework.axis_maxima.get(number) if evaluation.axis_maxima else None,
            "main": number in (evaluation.main_axes or []),
        }
        for number, max_points in declared.items()
    ]


@login_required
@require_POST
def approve_targets(request, pk: int):
    """Approve the targets as shown: a page opened before a change (or a post without its
    version) is refused with 409, the targets page showing what is stored now."""
    evaluation = evaluation_for(request, pk)
    if not may(request, evaluation, Action.APPROVE):
        raise PermissionDenied
    lock_version = posted_lock(request)
    try:
        # No version (or not a number) never matches: refused after the state checks.
        target_steps.approve_targets(evaluation, request.user, lock_version or 0)
    except EditConflict as exc:
        error_messages(request, exc if lock_version else EditConflict(LOCK_REFUSED))
        evaluation.refresh_from_db()
        form = None
        if may_change_targets(request, evaluation):
            form = TargetsForm(
                rules_for(evaluation),
                entries_of(evaluation),
                initial={"lock_version": evaluation.lock_version},
                **_axes_kwargs(evaluation),
            )
        return _page(request, evaluation, form, status=409)
    except EvaluationError as exc:
        error_messages(request, exc)
    else:
        messages.success(
            request,
            _("Đã duyệt mục tiêu của %(name)s.") % {"name": evaluation.official},
        )
    return redirect("evaluations:targets", evaluation.pk)


@login_required
def amend_target(request, pk: int, code: str):
    """An approved target changed by the approving side, with a reason."""
    evaluation = evaluation_for(request, pk)
    if not may(request, evaluation, Action.APPROVE):
        raise PermissionDenied
    rules = rules_for(evaluation)
    criterion = rules.framework.criterion(code)
    entry = evaluation.entries.filter(code=code).first()
    if criterion is None or criterion.part != "B" or entry is None:
        raise Http404
    entry.evaluation = evaluation
    allow_na = rules.policy.not_applicable != "forbid"
    form = AmendTargetForm(criterion, entry, allow_na, data=request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            target_steps.amend_target(
                entry,
                form.value(),
                form.cleaned_data["reason"],
                request.user,
                lock_version=form.cleaned_data["lock_version"],
            )
        except EditConflict as exc:
            form.add_error(None, exc)
            status = 409
        except EvaluationError as exc:
            error_messages(request, exc)
        else:
            messages.success(
                request, _("Đã điều chỉnh mục tiêu %(code)s; đã ghi nhật ký.") % {"code": code}
            )
            return redirect("evaluations:targets", evaluation.pk)
    elif request.method == "POST" and lock_refused(form):
        form.add_error(None, LOCK_REFUSED)
        status = 409
    entry.refresh_from_db()
    context = {
        "evaluation": evaluation,
        "criterion": criterion,
        "entry": entry,
        "form": form,
        "amendable": evaluation.state in AMENDABLE_STATES
        and freeze.frozen_reason(evaluation) is None,
        "current": target_steps.target_text(entry.target_low, entry.target_high),
    }
    return render(request, "evaluations/amend_target.html", context, status=status)
