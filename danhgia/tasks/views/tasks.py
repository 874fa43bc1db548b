"""Task pages: the list, assigning, the task with its result, factors and evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.downloads import file_response
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.web import (
    KEPT_FOR_RETRY,
    LOCK_REFUSED,
    keep_for_retry,
    lock_refused,
    page_by_ids,
    parse_int,
)

from .. import assignment, selectors, services
from ..choices import Axis, TaskState
from ..errors import ConflictError
from ..forms import (
    AssignForm,
    CancelForm,
    EvidenceForm,
    FactorsForm,
    ReportForm,
    TaskEditForm,
    TaskFilterForm,
    reach_q,
)
from ..models import Task, TaskEvidence
from ..rules import block_frameworks, framework_of, lead_criterion, policy_of
from .common import error_messages, get_or_deny

TASKS_PER_PAGE = 25
LIST_RELATED = ("lead__unit", "assigning_unit", "period", "carried_from__period")


def filtered_tasks(request):
    """The task list's filter form and rows: shared by the page and its export."""
    user = request.user
    periods = Period.objects.order_by("-year", "-quarter")
    data = request.GET.copy()
    if not data.get("period"):
        period = selectors.open_periods().first()  # the current quarter
        if period is not None:
            data["period"] = str(period.pk)
    units = access.restrict(user, Unit.objects.all()).order_by("path")
    visible = access.restrict(user, Task.objects.all())
    period = periods.filter(pk=parse_int(data.get("period")) or 0).first()
    form = TaskFilterForm(data, units=units, periods=periods, axes=_axes_in_use(period, visible))
    managed = access.restrict(user, Task.objects.all(), Action.CHANGE)
    tasks = form.filter(visible, user, managed)
    tasks = tasks.select_related(*LIST_RELATED).order_by("due_date", "lead__given_name", "id")
    return form, tasks


def _axes_in_use(period: Period | None, visible) -> list[tuple[int, str]] | None:
    """The axes of the frameworks the listed tasks' leads use in the quarter (rough edge #25:
    no axis 5 or 6 offered where every framework has four); None: every axis."""
    if period is None:
        return None
    blocks = visible.filter(period=period).values("lead__unit__block")
    axes: dict[int, str] = {}
    for version in block_frameworks(period, blocks).values():
        for group in framework_of(version).axes:
            axes.setdefault(group.number, f"Trục {group.number}")
    return sorted(axes.items()) or None


@login_required
def task_list(request):
    """Tasks in the user's scope: per official, per unit, per assigning agency, filterable."""
    user = request.user
    form, tasks = filtered_tasks(request)
    page = page_by_ids(tasks, request.GET.get("page"), TASKS_PER_PAGE)
    for task in page.object_list:
        task.pending_carry = selectors.will_carry_over(task)
    lead = None
    if form.is_valid() and form.cleaned_data["lead"]:
        lead = access.visible_officials(user).filter(pk=form.cleaned_data["lead"]).first()
    context = {
        "form": form,
        "page": page,
        "lead": lead,
        "can_assign": bool(access.assigning_scopes(user)),
    }
    template = "tasks/_task_table.html" if request.htmx else "tasks/task_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _assign_context(request, scopes, periods):
    """The period and assigning unit the form is for: from the data, else the defaults."""
    source = request.POST if request.method == "POST" else request.GET
    period = periods.filter(pk=parse_int(source.get("period")) or 0).first() or periods.first()
    chosen = source.get("assigning_unit")
    unit = access.chosen_assigning_unit(scopes, chosen) or scopes[0].assigning_unit
    reach = access.assigning_reach(scopes, unit)
    blocks = Unit.objects.filter(reach_q(reach)).values("block")
    return period, unit, blocks


@login_required
def task_assign(request):
    """Assign a task to one lead, or the same task to many (one task each)."""
    scopes = access.assigning_scopes(request.user)
    if not scopes:
        raise PermissionDenied
    periods = selectors.open_periods()
    if not periods.exists():
        return render(request, "tasks/task_assign.html", {"form": None})
    period, unit, blocks = _assign_context(request, scopes, periods)
    kwargs = {
        "scopes": scopes,
        "periods": periods,
        "period": period,
        "assigning_unit": unit,
        "blocks": blocks,
    }
    if request.method == "POST":
        form = AssignForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                tasks = assignment.assign_task(
                    data["period"],
                    data["assigning_unit"],
                    list(data["leads"]),
                    form.spec(data["assigned_on"]),
                    request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Đã giao %(count)d nhiệm vụ “%(title)s”.")
                    % {"count": len(tasks), "title": tasks[0].title},
                )
                if len(tasks) == 1:
                    return redirect("tasks:task_detail", pk=tasks[0].pk)
                query = urlencode({"period": period.pk, "view": TaskFilterForm.MANAGED})
                return HttpResponseRedirect(f"{reverse('tasks:task_list')}?{query}")
    else:
        initial = {"period": period.pk, "assigning_unit": str(unit.pk)}
        initial["assigned_on"] = timezone.localdate()
        for key in request.GET:
            initial[key] = request.GET.getlist(key) if key == "leads" else request.GET[key]
        form = AssignForm(initial=initial, **kwargs)
    return render(request, "tasks/task_assign.html", {"form": form, "period": period})


def _task(request, pk: int, action: Action = Action.VIEW) -> Task:
    queryset = Task.objects.select_related(
        "period__policy_version", "lead__unit__block", "assigning_unit", "assigned_by",
        "verified_by", "product", "carried_from__period",
    )  # fmt: skip
    return get_or_deny(request.user, queryset, pk, action)


def _detail(request, task: Task, status: int = 200, **forms):
    """The task page; ``forms`` replaces a form by its bound, invalid copy."""
    user = request.user
    can_report = access.can(user, task, Action.REPORT)
    can_manage = access.can(user, task, Action.CHANGE)
    # A frozen task (closed quarter, or a decision resting on it) offers no form: read-only.
    frozen = freeze.frozen_reason(task)
    is_open = frozen is None and task.state in selectors.OPEN_STATES
    policy = policy_of(task.period)
    scales = {name: services.allowed_factors(task, name, policy) for name in services.FACTORS}
    context = {
        "task": task,
        "axis_label": Axis(task.axis).label if task.axis in Axis.values else task.axis,
        "criterion": lead_criterion(task.period, task.lead.unit.block_id, task.criterion_code),
        "is_late": task.is_late,
        "pending_carry": selectors.will_carry_over(task),
        "cutoff": selectors.cutoff(task.period),
        "evidence": task.evidence.select_related("uploaded_by"),
        "carried_to": task.carried_to.select_related("period").first(),
        "history": access.history(request.user, task),
        "can_report": can_report and is_open,
        "can_manage": can_manage and is_open,
        "can_assess": can_manage
        and frozen is None
        and task.state in (TaskState.REPORTED, TaskState.VERIFIED),
        "frozen": frozen,
        "report_form": forms.get("report_form")
        or ReportForm(
            initial={
                "delivered_quantity": task.delivered_quantity
                if task.delivered_quantity is not None
                else task.planned_quantity,
                "completed_on": task.completed_on,
                "result_note": task.result_note,
                "lock_version": task.lock_version,
            }
        ),
        "factors_form": forms.get("factors_form")
        or FactorsForm(
            scales=scales,
            initial={**_factor_initial(task, scales, policy), "lock_version": task.lock_version},
        ),
        "cancel_form": forms.get("cancel_form")
        or CancelForm(initial={"lock_version": task.lock_version}),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
    }
    return render(request, "tasks/task_detail.html", context, status=status)


def _refused(request, task: Task, name: str, form, error: ValidationError | None = None):
    """The task page again with the user's bound form and why nothing was saved.

    A stale, missing or tampered lock version answers 409 (SPEC §14 "no lost work"): the
    posted values stay in the form so that nothing typed is lost.
    """
    status = 200
    if isinstance(error, ConflictError):
        status = 409
    elif error is None and lock_refused(form):
        error, status = ValidationError(LOCK_REFUSED), 409
    if error is not None:
        error_messages(request, error)
        task.refresh_from_db()  # the service may have set the refused values on it
    return _detail(request, task, status=status, **{name: form})


def _factor_initial(task: Task, scales, policy) -> dict[str, str]:
    """The choices to preselect: the factors set, else the values the score uses meanwhile."""
    current = selectors.engine_task_input(task, policy)
    initial = {}
    for name, choices in scales.items():
        value = getattr(task, name)
        value = getattr(current, name) if value is None else value
        match = next((c for c in choices if c.value == value), None)
        if match is not None:
            initial[name] = str(match.value)
    return initial


@login_required
def task_detail(request, pk: int):
    return _detail(request, _task(request, pk))


@login_required
def task_edit(request, pk: int):
    task = _task(request, pk, Action.CHANGE)
    frozen = freeze.frozen_reason(task)
    if frozen is not None:  # no form offered in vain: the task page says why
        messages.error(request, frozen)
        return redirect("tasks:task_detail", pk=task.pk)
    kwargs = {
        "period": task.period,
        # the products that may fit the lead: the catalogues under the assigning unit (as
        # before) and those of the lead's unit (an acting unit need not be above the lead)
        "catalogue_units": [task.assigning_unit, task.lead.unit],
        "blocks": [task.lead.unit.block_id],
    }
    status = 200
    if request.method == "POST":
        form = TaskEditForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                assignment.update_task(
                    task,
                    form.spec(task.assigned_on),
                    request.user,
                    lock_version=form.cleaned_data["lock_version"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 409 if isinstance(error, ConflictError) else 200
            else:
                messages.success(request, _("Đã lưu thay đổi của nhiệm vụ."))
                return redirect("tasks:task_detail", pk=task.pk)
        elif lock_refused(form):
            form.add_error(None, LOCK_REFUSED)
            status = 409
        if status == 409:
            task.refresh_from_db()  # the page names the task as stored, not as typed
            keep_for_retry(form, task.lock_version)
            form.add_error(None, KEPT_FOR_RETRY)
    else:
        form = TaskEditForm(initial=TaskEditForm.initial_from(task), **kwargs)
    return render(request, "tasks/task_edit.html", {"form": form, "task": task}, status=status)


@login_required
@require_POST
def task_report(request, pk: int):
    task = _task(request, pk, Action.REPORT)
    form = ReportForm(request.POST, request.FILES, planned=task.planned_quantity)
    if not form.is_valid():
        return _refused(request, task, "report_form", form)
    data = form.cleaned_data
    try:
        services.report_task(
            task,
            delivered=data["delivered_quantity"],
            completed_on=data["completed_on"],
            note=data["result_note"],
            user=request.user,
            evidence=data["evidence"],
            lock_version=data["lock_version"],
        )
    except ValidationError as error:
        return _refused(request, task, "report_form", form, error)
    messages.success(request, _("Đã ghi nhận kết quả thực hiện nhiệm vụ."))
    return redirect("tasks:task_detail", pk=task.pk)


@login_required
@require_POST
def task_factors(request, pk: int):
    task = _task(request, pk, Action.CHANGE)
    policy = policy_of(task.period)
    scales = {name: services.allowed_factors(task, name, policy) for name in services.FACTORS}
    form = FactorsForm(request.POST, scales=scales)
    if not form.is_valid():
        return _refused(request, task, "factors_form", form)
    try:
        services.set_task_factors(task, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, task, "factors_form", form, error)
    messages.success(request, _("Đã xác nhận kết quả và các hệ số của nhiệm vụ."))
    return redirect("tasks:task_detail", pk=task.pk)


@login_required
@require_POST
def task_cancel(request, pk: int):
    task = _task(request, pk, Action.CHANGE)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _refused(request, task, "cancel_form", form)
    try:
        services.cancel_task(
            task, form.cleaned_data["reason"], request.user, form.cleaned_data["lock_version"]
        )
    except ValidationError as error:
        return _refused(request, task, "cancel_form", form, error)
    messages.success(request, _("Đã hủy nhiệm vụ."))
    return redirect("tasks:task_detail", pk=task.pk)


@login_required
@require_POST
def task_evidence_add(request, pk: int):
    task = _task(request, pk, Action.REPORT)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, task, evidence_form=form)
    try:
        services.add_task_evidence(task, form.cleaned_data["file"], request.user)
    except ValidationError as error:
        error_messages(request, error)
        return _detail(request, task, evidence_form=form)
    messages.success(request, _("Đã thêm tài liệu minh chứng."))
    return redirect("tasks:task_detail", pk=task.pk)


@login_required
def task_evidence_download(request, pk: int):
    """The file, only as an attachment and never sniffed into active content (SPEC §14)."""
    evidence = access.get_for_user_or_404(request.user, TaskEvidence.objects.all(), pk=pk)
    return file_response(evidence.file, evidence.original_name)
