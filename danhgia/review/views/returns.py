"""Return for correction, one step back with a required reason (SPEC §6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.workflow import ReviewError, previous_step, waiting_step
from danhgia.web import back, error_messages

from ..forms import ReturnForm
from ..returns import return_evaluation


def _evaluation(request, pk: int) -> Evaluation:
    """Seen by the roles of the chain; an assigning side that owns the step may act on it too.

    An assigning agency does not see evaluations (``access``), but it may return one whose
    verification it owns: it learns nothing it did not see on its verification page.
    """
    evaluation = (
        Evaluation.objects.select_related("official__unit", "official__user", "period")
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404
    step = waiting_step(evaluation)
    owner = step is not None and access.owns(request.user, evaluation, step)
    if not owner:
        if not access.can(request.user, evaluation):
            raise Http404(_("Không tìm thấy hoặc bạn không có quyền truy cập."))
        raise PermissionDenied
    return evaluation


@login_required
@require_POST
def return_view(request, pk: int):
    evaluation = _evaluation(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back(request, "evaluations:detail", evaluation.pk)
    step = waiting_step(evaluation)
    try:
        return_evaluation(
            evaluation,
            form.cleaned_data["reason"],
            request.user,
            lock_version=form.cleaned_data["lock_version"],
        )
    except ReviewError as exc:
        error_messages(request, exc)
    else:
        messages.success(
            request,
            _("Đã trả lại phiếu của %(name)s về bước “%(step)s” để hoàn thiện.")
            % {"name": evaluation.official.full_name, "step": previous_step(step).label},
        )
    return back(request, "evaluations:detail", evaluation.pk)
