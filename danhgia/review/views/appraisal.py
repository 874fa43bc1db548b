"""Step 3c pages: the appraiser's page of a unit (dossier check, lateness, key tasks, members)
and the appraisal form of one person (SPEC §6, §10; 02-HD §4 step 3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.dossiers.forms import DossierCheckForm
from danhgia.dossiers.models import Dossier, ReviewMeeting
from danhgia.dossiers.services import checklist, is_complete, lateness, missing, state_label
from danhgia.evaluations.selectors import evaluation_or_404
from danhgia.evaluations.workflow import ReviewError
from danhgia.periods.selectors import period_or_404
from danhgia.tasks.collective import collective_report
from danhgia.web import LOCK_REFUSED, error_messages, forbid_unless, keep_for_retry, lock_refused

from ..appraisal import KeyTaskConflict, assess_key_task, key_tasks, save_appraisal
from ..choices import Stage
from ..forms import KeyTaskForm, ReturnForm
from ..models import KeyTaskAssessment
from ..review import members, progress, unit_people
from .stage_form import stage_form, stage_recalculate

MEMBERS_PER_PAGE = 50


@login_required
def appraisal_unit(request, period: int, unit: int):
    unit_obj = access.unit_or_404(request.user, unit)
    forbid_unless(access.on_unit(request.user, unit_obj, Action.APPRAISE))
    period_obj = period_or_404(period)
    dossier = (
        Dossier.objects.filter(unit=unit_obj, period=period_obj)
        .select_related("submitted_by", "checked_by")
        .first()
    )
    items = checklist(unit_obj, period_obj, dossier)
    state, deadline = lateness(unit_obj, period_obj)
    page = Paginator(unit_people(request.user, unit_obj), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = members(request.user, page.object_list, period_obj)
    for row in rows:
        row.appraisable = (
            row.evaluation is not None
            and row.official.user_id != request.user.pk
            and access.on_unit(request.user, row.official.unit, Action.APPRAISE)
        )
        if row.evaluation is not None:
            row.return_form = ReturnForm(initial={"lock_version": row.evaluation.lock_version})
    tasks = list(key_tasks(unit_obj, period_obj))
    for task in tasks:
        response = getattr(task, "key_response", None)
        task.form = KeyTaskForm(
            initial={
                "response": response.response if response else None,
                "comment": response.comment if response else "",
                "lock_version": response.lock_version if response else 0,
            },
            prefix=f"k{task.pk}",
        )
    context = {
        "unit": unit_obj,
        "period": period_obj,
        "dossier": dossier,
        "items": items,
        "complete": is_complete(items),
        "missing": missing(items),
        "dossier_state": state,
        "dossier_state_label": state_label(state),
        "deadline": deadline,
        "check_form": DossierCheckForm(initial={"note": dossier.check_note if dossier else ""}),
        "key_tasks": tasks,
        "page": page,
        "rows": rows,
        "progress": progress(unit_obj, period_obj),
        "meeting": ReviewMeeting.objects.filter(unit=unit_obj, period=period_obj).first(),
        "report": collective_report(unit_obj, period_obj),
    }
    return render(request, "review/appraisal_unit.html", context)


@login_required
@require_POST
def key_task(request, period: int, unit: int):
    """The 3-level response for one key task of the unit's people."""
    unit_obj = access.unit_or_404(request.user, unit)
    forbid_unless(access.on_unit(request.user, unit_obj, Action.APPRAISE))
    period_obj = period_or_404(period)
    try:
        task_pk = int(request.POST.get("task", ""))
    except ValueError:
        task_pk = 0
    task = key_tasks(unit_obj, period_obj).filter(pk=task_pk).first()
    if task is None:
        messages.error(request, _("Không tìm thấy nhiệm vụ then chốt này trong đơn vị."))
        return redirect("review:appraisal_unit", period_obj.pk, unit_obj.pk)
    frozen = freeze.frozen_reason(task)
    if frozen:  # the reason first: no version makes a frozen task's response changeable
        messages.error(request, frozen)
        return redirect(reverse("review:appraisal_unit", args=[period_obj.pk, unit_obj.pk]))
    form = KeyTaskForm(request.POST, prefix=f"k{task.pk}")
    if lock_refused(form):
        return _key_task_refused(request, unit_obj, period_obj, task, form, str(LOCK_REFUSED))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            assess_key_task(
                task,
                form.cleaned_data["response"],
                form.cleaned_data["comment"],
                request.user,
                lock_version=form.cleaned_data["lock_version"],
            )
        except KeyTaskConflict as exc:
            return _key_task_refused(request, unit_obj, period_obj, task, form, exc.messages[0])
        except ReviewError as exc:
            error_messages(request, exc)
        else:
            messages.success(
                request, _("Đã ghi mức độ đáp ứng của “%(task)s”.") % {"task": task.title}
            )
    url = reverse("review:appraisal_unit", args=[period_obj.pk, unit_obj.pk])
    return redirect(f"{url}#nhiem-vu-then-chot")


def _key_task_refused(request, unit, period, task, form, message: str):
    """409: the choice just made again, beside the response as it stands, carrying its
    current version so that saving it again is a deliberate choice."""
    current = KeyTaskAssessment.objects.filter(task=task).select_related("by").first()
    keep_for_retry(form, current.lock_version if current is not None else 0)
    context = {
        "unit": unit,
        "period": period,
        "task": task,
        "current": current,
        "form": form,
        "message": message,
    }
    return render(request, "review/key_task_refused.html", context, status=409)


def _appraisable(request, pk: int):
    evaluation = evaluation_or_404(request.user, pk)
    forbid_unless(access.can(request.user, evaluation, Action.APPRAISE))
    return evaluation


@login_required
def appraisal_form(request, pk: int):
    """One person: self and review points beside the appraisal's, explanations, proposal."""
    evaluation = _appraisable(request, pk)
    return stage_form(
        request,
        evaluation,
        Stage.APPRAISAL,
        save_appraisal,
        _("Đã hoàn thành thẩm định; phiếu chuyển cấp có thẩm quyền quyết định."),
    )


@login_required
@require_POST
def appraisal_recalculate(request, pk: int):
    evaluation = _appraisable(request, pk)
    return stage_recalculate(request, evaluation, Stage.APPRAISAL)
