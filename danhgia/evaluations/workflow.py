"""Steps 3a-3c of the quarter: who owns each step, where an evaluation waits, locks (SPEC §6).

An evaluation waits for one step at a time. Each step has an owner and produces a state:

=================  ==============================================  ===============
step               owner (within their scope)                      produces
=================  ==============================================  ===============
self-assessment    the official                                    ``self_assessed``
verification       the assigning side of the person's tasks        ``verified``
                   (assigning agency or unit leadership), or the
                   unit leadership over the person's unit
review             unit leadership over the person's unit          ``reviewed``
appraisal          appraiser over the person's unit                ``appraised``
decision           authority (``decisions.services``)              ``decided``
=================  ==============================================  ===============

"Return for correction" sends an evaluation one step back: the owner of the step it waits for
returns it, with a reason, to the owner of the step before, and the evaluation is ``returned``
with ``returned_from`` = the state the earlier step produces (the state it goes back to once
corrected). That owner fixes and completes their step again; for the official this is the
existing self-assessment form and ``evaluations.services.submit``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.models import AuditEntry
from danhgia.audit.services import log_action
from danhgia.periods.models import Period

from .choices import EvaluationState
from .errors import EditConflict, EvaluationError
from .models import Evaluation


class ReviewError(ValidationError):
    """A step of verification, review or appraisal was refused; the message says why."""


class ReviewConflict(ReviewError):
    """Someone saved the evaluation after this form was opened: nothing was saved."""


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    owner: str
    produces: str
    action: str  # the access action whose right owns the step


SELF_ASSESSMENT = Step(
    "self_assessment",
    gettext_lazy("Tự đánh giá"),
    gettext_lazy("cán bộ"),
    EvaluationState.SELF_ASSESSED,
    Action.CHANGE,
)
VERIFICATION = Step(
    "verification",
    gettext_lazy("Xác nhận kết quả nhiệm vụ"),
    gettext_lazy("cơ quan chủ trì giao nhiệm vụ"),
    EvaluationState.VERIFIED,
    Action.VERIFY,
)
REVIEW = Step(
    "review",
    gettext_lazy("Tập thể lãnh đạo nhận xét, đề xuất"),
    gettext_lazy("tập thể lãnh đạo đơn vị"),
    EvaluationState.REVIEWED,
    Action.REVIEW,
)
APPRAISAL = Step(
    "appraisal",
    gettext_lazy("Thẩm định"),
    gettext_lazy("Ban Tổ chức (thẩm định)"),
    EvaluationState.APPRAISED,
    Action.APPRAISE,
)
DECISION = Step(
    "decision",
    gettext_lazy("Quyết định xếp loại"),
    gettext_lazy("cấp có thẩm quyền"),
    EvaluationState.DECIDED,
    Action.DECIDE,
)
#: the steps in the order of the quarter
STEPS = (SELF_ASSESSMENT, VERIFICATION, REVIEW, APPRAISAL, DECISION)
#: the step an evaluation in a (not returned) state waits for
WAITING_FOR = {
    EvaluationState.DRAFT: SELF_ASSESSMENT,
    EvaluationState.TARGETS_APPROVED: SELF_ASSESSMENT,
    EvaluationState.SELF_ASSESSED: VERIFICATION,
    EvaluationState.VERIFIED: REVIEW,
    EvaluationState.REVIEWED: APPRAISAL,
    EvaluationState.APPRAISED: DECISION,
}
#: the steps whose owner may return an evaluation one step back
RETURNING_STEPS = (VERIFICATION, REVIEW, APPRAISAL, DECISION)


def step_producing(state: str) -> Step | None:
    return next((s for s in STEPS if s.produces == state), None)


def waiting_step(evaluation: Evaluation) -> Step | None:
    """The step the evaluation waits for; None once decided, or when deferred.

    A returned evaluation waits for the step that produces ``returned_from`` (an empty value,
    from before this app, means the official's self-assessment).
    """
    if evaluation.state == EvaluationState.RETURNED:
        return step_producing(evaluation.returned_from) or SELF_ASSESSMENT
    return WAITING_FOR.get(evaluation.state)


def previous_step(step: Step) -> Step:
    return STEPS[STEPS.index(step) - 1]


def check_not_locked(evaluation: Evaluation) -> None:
    """Decided, published, archived and deferred evaluations, and those of a closed quarter, are
    not changed here (SPEC §6, §9; ``access.freeze``)."""
    freeze.refuse_if_frozen(evaluation, ReviewError)
    if evaluation.state == EvaluationState.DEFERRED:
        raise ReviewError(
            _("%(name)s chưa đánh giá, xếp loại quý này: không có bước xét duyệt.")
            % {"name": evaluation.official}
        )


def require_step(evaluation: Evaluation, step: Step, doing: str) -> None:
    """Refuse unless the evaluation waits for ``step`` (and is not locked)."""
    check_not_locked(evaluation)
    waiting = waiting_step(evaluation)
    if waiting is not step:
        raise ReviewError(
            _("Phiếu của %(name)s đang ở trạng thái “%(state)s”%(waiting)s nên chưa thể %(doing)s.")
            % {
                "name": evaluation.official,
                "state": evaluation.get_state_display(),
                "waiting": _(" (chờ bước: %(step)s)") % {"step": waiting.label} if waiting else "",
                "doing": doing,
            }
        )


def require_open(period: Period) -> None:
    """Refuse any change in a closed quarter (``access.freeze``)."""
    freeze.refuse_if_frozen(period, ReviewError)


# --- Changing the evaluation -------------------------------------------------------------------


def take(evaluation: Evaluation, lock_version: int | None = None) -> None:
    """Take the evaluation for this change, or refuse if it changed since ``lock_version``.

    The conditional update bumps the optimistic lock (SPEC §14 "no lost work") and also
    checks that the state did not move in between (another owner completed or returned it).
    """
    version = evaluation.lock_version if lock_version is None else lock_version
    updated = Evaluation.objects.filter(
        pk=evaluation.pk,
        lock_version=version,
        state=evaluation.state,
        returned_from=evaluation.returned_from,
    ).update(lock_version=F("lock_version") + 1, updated_at=timezone.now())
    if updated:
        evaluation.lock_version = version + 1
        return
    current = Evaluation.objects.get(pk=evaluation.pk)
    if (current.state, current.returned_from) != (evaluation.state, evaluation.returned_from):
        raise ReviewError(
            _("Phiếu vừa chuyển sang trạng thái “%(state)s”; hãy tải lại trang.")
            % {"state": current.get_state_display()}
        )
    raise ReviewConflict(conflict_message(current))


def move(evaluation: Evaluation, state: str, returned_from: str = "") -> dict:
    """Set the new state (not logged here); returns the state before, for the audit entry."""
    before = {"state": evaluation.state, "returned_from": evaluation.returned_from}
    evaluation.state = state
    evaluation.returned_from = returned_from
    evaluation.save(update_fields=["state", "returned_from", "updated_at"])
    return before


def complete(
    evaluation: Evaluation, step: Step, user, action, after=None, note="", before=None
) -> None:
    """Move the evaluation to the state ``step`` produces and write the audit entry
    (``before``/``after``: what else the same action changed, in the same entry)."""
    state_before = move(evaluation, step.produces)
    log_action(
        user,
        action,
        evaluation,
        before={**state_before, **(before or {})},
        after={"state": evaluation.state, **(after or {})},
        note=note,
    )


# --- The official's own changes ---------------------------------------------------------------


def require(user, obj, action: Action) -> None:
    """Refuse a user who may not act on the object (None is the system: commands, the seed)."""
    if user is not None and not access.can(user, obj, action):
        raise PermissionDenied


def require_loaded(user, obj, action: Action) -> None:
    """``require`` for a record read in this request and not changed since (``access.can_loaded``:
    decided on the record as read where its rule allows, without a query)."""
    if user is not None and not access.can_loaded(user, obj, action):
        raise PermissionDenied


def require_changeable(evaluation: Evaluation) -> None:
    """Refuse any change of a decided evaluation or of a closed quarter (``access.freeze``)."""
    freeze.refuse_if_frozen(evaluation, EvaluationError)


def require_state(evaluation: Evaluation, states: Iterable[str], doing: str) -> None:
    if evaluation.state not in states:
        raise EvaluationError(
            _("Phiếu đang ở trạng thái “%(state)s” nên không thể %(doing)s.")
            % {"state": evaluation.get_state_display(), "doing": doing}
        )


def require_with_official(evaluation: Evaluation) -> None:
    """Refuse a change of the self-assessment while the evaluation was returned to a later
    step's owner, not to the official (N3: the access rule keeps others out; this keeps out an
    administrator too, whose rights pass every rule)."""
    if evaluation.state == EvaluationState.RETURNED and evaluation.returned_from not in (
        "",
        EvaluationState.SELF_ASSESSED,
    ):
        raise EvaluationError(
            _(
                "Phiếu được trả lại để hoàn thiện bước “%(step)s”, không phải cho cán bộ: bản tự "
                "đánh giá không sửa, không nộp lại được lúc này."
            )
            % {"step": EvaluationState(evaluation.returned_from).label}
        )


def bump_lock(evaluation: Evaluation, lock_version: int, states: Iterable[str]) -> None:
    """Take the evaluation for this change, or refuse if it changed since ``lock_version``."""
    updated = Evaluation.objects.filter(
        pk=evaluation.pk, lock_version=lock_version, state__in=list(states)
    ).update(lock_version=F("lock_version") + 1, updated_at=timezone.now())
    if updated:
        evaluation.lock_version = lock_version + 1
        return
    current = Evaluation.objects.get(pk=evaluation.pk)
    if current.state not in states:
        evaluation.state = current.state
        raise EvaluationError(
            _("Phiếu vừa chuyển sang trạng thái “%(state)s” nên không sửa được nữa.")
            % {"state": current.get_state_display()}
        )
    raise EditConflict(conflict_message(current))


def conflict_message(current: Evaluation) -> str:
    last = (
        AuditEntry.objects.filter(object_type="evaluations.evaluation", object_id=str(current.pk))
        .order_by("-created_at", "-id")
        .first()
    )
    who = last.actor_name if last and last.actor_name else _("một người dùng khác")
    return _(
        "Phiếu đánh giá này vừa được %(who)s lưu lúc %(time)s, sau khi bạn mở trang (có thể ở "
        "một cửa sổ khác). Để không ghi đè lên thay đổi đó, hệ thống CHƯA lưu nội dung bạn vừa "
        "nhập."
    ) % {"who": who, "time": timezone.localtime(current.updated_at).strftime("%d/%m/%Y %H:%M")}
