"""One evaluation: its overview and history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from danhgia.access import Action
from danhgia.audit.models import AuditEntry

from .. import services
from ..choices import EvaluationState
from .common import evaluation_for, may, may_edit


@login_required
def evaluation_detail(request, pk: int):
    evaluation = evaluation_for(request, pk)
    history = AuditEntry.objects.filter(
        object_type="evaluations.evaluation", object_id=str(evaluation.pk)
    ).order_by("-created_at", "-id")[:30]
    context = {
        "evaluation": evaluation,
        "deadline": services.self_assessment_deadline(evaluation.period),
        "may_change": may_edit(request, evaluation),
        "may_approve": evaluation.state == EvaluationState.DRAFT
        and may(request, evaluation, Action.APPROVE),
        "history": history,
    }
    return render(request, "evaluations/evaluation_detail.html", context)
