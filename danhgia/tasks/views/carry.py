"""Carrying a unit's own tasks not yet due over to the next quarter, from a page (rough edge
N1; ``manage.py carry_over_tasks`` does the whole province)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.web import parse_int

from .. import selectors
from ..carry_over import carry_over_tasks, carryable, next_period
from ..errors import TaskError
from ..models import Task
from .common import error_messages
from .tasks import TASKS_PER_PAGE


@login_required
def carry_over(request):
    """The tasks the user's units assigned that are not done and not yet due at the quarter's
    results cut-off (SPEC §9; Lào Cai 6.2.1): listed, then moved to the next quarter on a
    confirmed POST (rough edge N1: the command was the only way)."""
    if not access.assigning_scopes(request.user):
        raise PermissionDenied
    periods = selectors.open_periods()
    source = request.POST if request.method == "POST" else request.GET
    period = periods.filter(pk=parse_int(source.get("ky")) or 0).first() or periods.first()
    mine = access.restrict(request.user, Task.objects.all(), Action.CHANGE)
    tasks = (
        carryable(period).filter(pk__in=mine.values("pk")).select_related("lead", "lead__unit")
        if period
        else Task.objects.none()
    )
    target = next_period(period) if period else None
    if request.method == "POST" and period is not None:
        try:
            moved = carry_over_tasks(period, user=request.user, within=tasks)
        except TaskError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                _("Đã chuyển %(n)d nhiệm vụ sang %(target)s.") % {"n": moved, "target": target},
            )
            return redirect(f"{reverse('tasks:task_list')}?{urlencode({'period': target.pk})}")
    page = Paginator(tasks.order_by("due_date", "pk"), TASKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"period": period, "periods": periods, "target": target, "page": page}
    return render(request, "tasks/carry_over.html", context)
