"""Force majeure pages: the requests in one's scope, a request, the authority's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.downloads import file_response
from danhgia.organisation.models import Official
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period

from ..choices import ForceMajeureState
from ..errors import TaskError
from ..force_majeure import decide_force_majeure, request_force_majeure
from ..forms.force_majeure import ForceMajeureDecisionForm, ForceMajeureRequestForm
from ..models import ForceMajeure


def _subjects(user) -> list[tuple[str, str]]:
    """What the user may ask for: their own tasks; the units they lead and those units' people."""
    subjects = []
    own = access.own_official(user)
    if own is not None:
        subjects.append((f"official:{own.pk}", _("Bản thân: %(name)s") % {"name": own.full_name}))
    led = access.led_units(user)
    for unit in led:
        subjects.append((f"unit:{unit.pk}", _("Đơn vị: %(unit)s") % {"unit": unit.name}))
    people = Official.objects.filter(unit__in=led).select_related("unit").order_by("full_name")
    for official in people:
        if own is None or official.pk != own.pk:
            subjects.append(
                (
                    f"official:{official.pk}",
                    _("Cán bộ: %(name)s (%(unit)s)")
                    % {"name": official.full_name, "unit": official.unit.name},
                )
            )
    return subjects


@login_required
def force_majeure_list(request):
    """The requests the user sees in the open period; a request form for who may ask."""
    period = Period.objects.filter(state=PeriodState.OPEN).order_by("-year", "-quarter").first()
    subjects = _subjects(request.user) if period is not None else []
    form = None
    if subjects:
        form = ForceMajeureRequestForm(
            request.POST or None, request.FILES or None, subjects=subjects
        )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form is not None and form.is_valid():
        unit, official = form.target()
        try:
            request_force_majeure(
                period,
                unit,
                official,
                form.cleaned_data["reason"],
                form.cleaned_data["evidence"],
                request.user,
            )
        except TaskError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("Đã gửi đề nghị; cấp có thẩm quyền sẽ xác nhận hoặc không xác nhận.")
            )
            return redirect("tasks:force_majeure_list")
    records = access.restrict(request.user, ForceMajeure.objects.all()).select_related(
        "unit", "official", "period", "decided_by"
    )
    context = {"period": period, "form": form, "records": records[:200]}
    return render(request, "tasks/force_majeure_list.html", context)


@login_required
def force_majeure_detail(request, pk: int):
    """One request; the authority over its unit confirms or refuses it here."""
    record = access.get_for_user_or_404(
        request.user,
        ForceMajeure.objects.select_related("unit", "official", "period", "decided_by"),
        pk=pk,
    )
    may_decide = (
        access.can(request.user, record, Action.DECIDE)
        and record.state == ForceMajeureState.REQUESTED
    )
    form = None
    if may_decide:
        form = ForceMajeureDecisionForm(request.POST or None)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            decide_force_majeure(
                record,
                form.cleaned_data["decision"] == "confirm",
                form.cleaned_data["note"],
                request.user,
            )
        except TaskError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã ghi quyết định; đã ghi nhật ký."))
            return redirect("tasks:force_majeure_detail", record.pk)
    context = {"record": record, "form": form}
    return render(request, "tasks/force_majeure_detail.html", context)


@login_required
def force_majeure_download(request, pk: int):
    """The evidence, only as an attachment (SPEC §14)."""
    record = access.get_for_user_or_404(request.user, ForceMajeure.objects.all(), pk=pk)
    return file_response(record.file, record.original_name)
