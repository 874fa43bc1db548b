"""Step 3c: the organisation commission appraises a unit (SPEC §6, §10; 02-HD §4 step 3).

The appraiser checks the unit's dossier (each SPEC §10 component uploaded or computed; its
lateness computed from the submission time), records for each key task of the unit's people the
3-level response (1 proactive and effective, 2 basically meets but limited, 3 does not meet),
sets the appraisal's own points per person beside the review's (``adjustments``) with a
proposed rating, and completes the step (``reviewed`` → ``appraised``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.workflow import ReviewError
from danhgia.names import display_name
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.tasks.models import Task
from danhgia.tasks.selectors import collective_tasks

from .choices import KeyTaskResponse, Stage
from .models import KeyTaskAssessment, StageScore
from .stage_points import StageInput, save_stage


def save_appraisal(
    evaluation: Evaluation,
    data: StageInput,
    user,
    *,
    lock_version: int | None = None,
    finish: bool = False,
) -> StageScore:
    """Save the appraisal's points and proposal; ``finish`` completes the step."""
    return save_stage(
        evaluation, Stage.APPRAISAL, data, user, lock_version=lock_version, finish=finish
    )


def key_tasks(unit: Unit, period: Period) -> QuerySet[Task]:
    """The counted key tasks of the unit's people (sub-units included), with their response."""
    return (
        collective_tasks(unit, period)
        .filter(is_key=True)
        .select_related("lead__unit", "assigning_unit", "key_response__by")
        .order_by("lead__unit__path", "lead__given_name", "due_date", "id")
    )


class KeyTaskConflict(ReviewError):
    """The response changed since the page was opened: nothing was saved (HTTP 409)."""


def assess_key_task(
    task: Task, response: int, comment: str, user, *, lock_version: int | None = None
) -> KeyTaskAssessment:
    """Record (or change) the 3-level response for a key task (02-HD §4 step 3).

    ``lock_version`` is the response's version the form was opened with (0: none yet); a form
    opened before someone else's save is refused (``KeyTaskConflict``). ``None``: no form.
    """
    if user is not None and not access.on_unit(user, task.lead.unit, Action.APPRAISE):
        raise PermissionDenied
    # A closed quarter, or a decision resting on the task (access.freeze: its lead's, or one of
    # the lead's unit or above).
    freeze.refuse_if_frozen(task, ReviewError)
    if not task.is_key:
        raise ReviewError(_("“%(task)s” không phải nhiệm vụ then chốt.") % {"task": task.title})
    if response not in KeyTaskResponse.values:
        raise ReviewError(_("Mức độ đáp ứng không hợp lệ."))
    comment = comment.strip()
    try:
        with transaction.atomic():
            current = KeyTaskAssessment.objects.select_for_update().filter(task=task).first()
            version = current.lock_version if current is not None else 0
            if lock_version is not None and lock_version != version:
                raise KeyTaskConflict(_key_task_conflict(task, current))
            before = {"response": current.response, "comment": current.comment} if current else None
            after = {"response": response, "comment": comment}
            if before == after:
                return current
            if current is None:
                current = KeyTaskAssessment(task=task)
            else:
                current.lock_version = version + 1
            current.response, current.comment, current.by = response, comment, user
            current.save()
            log_action(user, AuditAction.KEY_TASK_ASSESSED, task, before=before, after=after)
    except IntegrityError:  # recorded at the same moment by someone else
        current = KeyTaskAssessment.objects.filter(task=task).first()
        raise KeyTaskConflict(_key_task_conflict(task, current)) from None
    return current


def _key_task_conflict(task: Task, current: KeyTaskAssessment | None) -> str:
    if current is None:
        return _("Mức độ đáp ứng đã thay đổi từ lúc bạn mở trang: chưa lưu lựa chọn của bạn.")
    who = display_name(current.by)
    return _(
        "%(who)s đã ghi mức độ đáp ứng của “%(task)s” lúc %(when)s (%(level)s), sau khi bạn mở "
        "trang: hệ thống CHƯA lưu lựa chọn của bạn."
    ) % {
        "who": who,
        "task": task.title,
        "when": timezone.localtime(current.at).strftime("%d/%m/%Y %H:%M"),
        "level": current.get_response_display(),
    }
