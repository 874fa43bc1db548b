"""Reading evaluations for the pages and the other apps, through the access module."""

from __future__ import annotations

from danhgia import access
from danhgia.access import Action
from danhgia.audit.choices import AuditAction
from danhgia.audit.models import AuditEntry

from .choices import EvaluationState
from .models import Evaluation


def evaluation_or_404(user, pk, action: Action = Action.VIEW) -> Evaluation:
    """The evaluation if the user may see (or act on) it, with what its pages show; else 404."""
    queryset = Evaluation.objects.select_related(
        "official__unit__block",
        "official__user",
        "period__policy_version",
        "framework_version",
        "targets_approved_by",
    )
    return access.get_for_user_or_404(user, queryset, action, pk=pk)


def history(user, evaluation: Evaluation, limit: int = 30) -> list[AuditEntry]:
    """The evaluation's latest audit entries as the user may read them (``access.history``:
    the person evaluated reads the later steps' entries redacted before publication)."""
    return access.history(user, evaluation, limit=limit)


def last_return(evaluation: Evaluation) -> AuditEntry | None:
    """The return an evaluation now waits on (its reason, who and when), if it was returned.

    Shown at the top of the page of the step it went back to, so that its owners read the
    reason where they work, not only in the history at the bottom (rough edge D5).
    """
    if evaluation.state != EvaluationState.RETURNED:
        return None
    return (
        AuditEntry.objects.filter(
            object_type="evaluations.evaluation",
            object_id=str(evaluation.pk),
            action=AuditAction.EVALUATION_RETURNED,
        )
        .order_by("-created_at", "-id")
        .first()
    )
