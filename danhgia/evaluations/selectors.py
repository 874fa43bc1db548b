"""Reading evaluations for the pages and the other apps, through the access module."""

from __future__ import annotations

from danhgia import access
from danhgia.access import Action
from danhgia.audit.choices import LATER_STEP_ACTIONS
from danhgia.audit.models import AuditEntry

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
    """The evaluation's latest audit entries as the user may read them.

    The person evaluated reads that a later step happened but not, before publication, what it
    said (its scores, proposal, override or correction reason): those entries come back with
    ``redacted`` set and their note and values emptied.
    """
    entries = list(
        AuditEntry.objects.filter(
            object_type="evaluations.evaluation", object_id=str(evaluation.pk)
        ).order_by("-created_at", "-id")[:limit]
    )
    if not access.sees_later_steps(user, evaluation):
        for entry in entries:
            entry.redacted = entry.action in LATER_STEP_ACTIONS
            if entry.redacted:
                entry.note, entry.before, entry.after = "", None, None
    return entries
