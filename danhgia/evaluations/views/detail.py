"""One evaluation: its overview and history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from danhgia.access import Action

from .. import selectors, services
from ..choices import EvaluationState
from .common import evaluation_for, may, may_edit


@login_required
def evaluation_detail(request, pk: int):
    evaluation = evaluation_for(request, pk)
    history = selectors.history(request.user, evaluation)
    context = {
        "evaluation": evaluation,
        "deadline": services.self_assessment_deadline(evaluation.period),
        "may_change": may_edit(request, evaluation),
        "may_approve": evaluation.state == EvaluationState.DRAFT
        and may(request, evaluation, Action.APPROVE),
        "history": history,
    }
    return render(request, "evaluations/evaluation_detail.html", context)
