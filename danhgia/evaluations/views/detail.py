"""One evaluation: its overview and history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from danhgia.access import Action
from danhgia.organisation.models import Unit

from .. import selectors, services
from ..choices import EvaluationState
from ..models import PreviousUnitComment
from ..post_changes import changes_of
from .common import evaluation_for, may, may_edit


@login_required
def evaluation_detail(request, pk: int):
    evaluation = evaluation_for(request, pk, also=("targets_approved_by",))
    history = selectors.history(request.user, evaluation)
    context = {
        "evaluation": evaluation,
        "deadline": services.self_assessment_deadline(evaluation.period),
        "may_change": may_edit(request, evaluation),
        "may_approve": evaluation.state == EvaluationState.DRAFT
        and may(request, evaluation, Action.APPROVE),
        "history": history,
        "post_changes": _post_changes(evaluation),
        "previous_unit_comments": PreviousUnitComment.objects.filter(
            evaluation=evaluation
        ).select_related("unit", "sent_by"),
    }
    return render(request, "evaluations/evaluation_detail.html", context)


def _post_changes(evaluation) -> list[dict]:
    """The changes of post of the quarter with their units' names, for the page."""
    changes = changes_of(evaluation)
    ids = {int(u) for c in changes for u in (c.previous.unit, c.current.unit)}
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        {
            "kind": c.kind,
            "previous": c.previous,
            "previous_unit": names.get(int(c.previous.unit), ""),
            "previous_unit_id": int(c.previous.unit),
            "current": c.current,
            "current_unit": names.get(int(c.current.unit), ""),
        }
        for c in changes
    ]
