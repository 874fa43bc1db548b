"""Return for correction: one step back, with a required reason (SPEC §6; ``workflow``).

The owner of the step an evaluation waits for sends it back to the owner of the step before:
the assigning side (or the unit leadership) to the official, the unit leadership to the
assigning side, the appraiser to the unit leadership. The evaluation becomes ``returned`` with
``returned_from`` = the state the earlier step produces; that owner corrects and completes their
step again. The people who own the earlier step are told by e-mail once the change is saved.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.workflow import (
    APPRAISAL,
    RETURNING_STEPS,
    REVIEW,
    SELF_ASSESSMENT,
    VERIFICATION,
    ReviewError,
    Step,
    check_not_locked,
    move,
    previous_step,
    require_open,
    take,
    waiting_step,
)
from danhgia.names import display_name
from danhgia.notifications import absolute_url, notify
from danhgia.organisation.models import Unit
from danhgia.tasks.selectors import counted_tasks

#: the page each returned step's owner corrects it on (the official: the self-assessment form)
CORRECTION_PAGES = {
    SELF_ASSESSMENT: "evaluations:self_assessment",
    VERIFICATION: "review:verification",
    REVIEW: "review:review_form",
    APPRAISAL: "review:appraisal_form",
}


def return_evaluation(
    evaluation: Evaluation, reason: str, user, *, lock_version: int | None = None
) -> Evaluation:
    """Send the evaluation one step back with a reason; e-mail the owners of that step."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Cần ghi rõ lý do trả lại để hoàn thiện."))
    check_not_locked(evaluation)
    step = waiting_step(evaluation)
    if step not in RETURNING_STEPS:
        raise ReviewError(
            _("Phiếu của %(name)s đang ở trạng thái “%(state)s”: không có bước nào để trả lại.")
            % {"name": evaluation.official, "state": evaluation.get_state_display()}
        )
    access.require_owner(user, evaluation, step)
    require_open(evaluation.period)
    back = previous_step(step)
    with transaction.atomic():
        take(evaluation, lock_version)
        before = move(evaluation, EvaluationState.RETURNED, back.produces)
        log_action(
            user,
            AuditAction.EVALUATION_RETURNED,
            evaluation,
            before=before,
            after={
                "state": evaluation.state,
                "returned_from": evaluation.returned_from,
                "from_step": step.code,
                "to_step": back.code,
            },
            note=reason,
        )
        _tell(evaluation, step, back, reason, user)
    return evaluation


def owners_of(evaluation: Evaluation, step: Step) -> QuerySet:
    """The accounts that own ``step`` for this evaluation (who is told of a return)."""
    User = get_user_model()
    official = evaluation.official
    if step is SELF_ASSESSMENT:
        return User.objects.filter(pk=official.user_id, is_active=True)
    if step is VERIFICATION:
        units = Unit.objects.filter(
            pk__in=counted_tasks(evaluation.period)
            .filter(lead_id=evaluation.official_id)
            .values("assigning_unit")
        ).only("pk", "path")
        # The assigning side of one of the person's tasks, and the leadership covering them
        # (who confirms for people without tasks): the owners of evaluation VERIFY.
        assigners = access.recipients(Action.VERIFY, list(units))
        leaders = access.recipients(Action.REVIEW, [official.unit])
        return (assigners | leaders).exclude(pk=official.user_id).distinct()
    return access.recipients(step.action, [official.unit]).exclude(pk=official.user_id).distinct()


def _tell(evaluation: Evaluation, step: Step, back: Step, reason: str, user) -> None:
    page = CORRECTION_PAGES[back]
    if back is VERIFICATION:
        url = absolute_url(reverse(page, args=[evaluation.period_id]))
    else:
        url = absolute_url(reverse(page, args=[evaluation.pk]))
    recipients = owners_of(evaluation, back)
    if user is not None:
        recipients = recipients.exclude(pk=user.pk)  # not the one who returned it
    notify(
        recipients,
        _("Trả lại để hoàn thiện: %(name)s – %(period)s")
        % {"name": evaluation.official, "period": evaluation.period},
        _(
            "Phiếu đánh giá %(period)s của %(name)s được trả lại để hoàn thiện ở bước "
            "“%(step)s”.\n\nNgười trả lại: %(who)s (%(from_step)s)\nLý do: %(reason)s\n\n"
            "Sau khi hoàn thiện, hãy hoàn thành lại bước này: %(url)s"
        )
        % {
            "period": evaluation.period,
            "name": evaluation.official,
            "step": back.label,
            "who": (display_name(user)) if user else _("Hệ thống"),
            "from_step": step.label,
            "reason": reason,
            "url": url,
        },
    )
