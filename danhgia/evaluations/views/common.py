"""Helpers shared by the evaluation pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.organisation.models import Official

from ..choices import OWNER_EDITABLE_STATES, EvaluationState
from ..errors import EvaluationError
from ..models import Evaluation

#: the account of an official (its reverse side, ``user.official``, is cached by evaluation_for)
OFFICIAL_USER = Official._meta.get_field("user")


def evaluation_for(request, pk: int, *, also: tuple[str, ...] = ()) -> Evaluation:
    """The evaluation with what every step's page reads (``also``: more relations to read with
    it, e.g. the approver on the detail page); 404 if the user may not see it."""
    queryset = Evaluation.objects.select_related(
        "official__unit__block",
        "period__policy_version",
        "framework_version",
        *also,
    )
    evaluation = access.get_for_user_or_404(request.user, queryset, pk=pk)
    if evaluation.official.user_id == request.user.pk:
        # The account's own record is at hand: what names the actor (the audit entry of a save,
        # ``names.display_name``) reads it from here instead of a query of its own.
        OFFICIAL_USER.remote_field.set_cached_value(request.user, evaluation.official)
    return evaluation


def is_own(request, evaluation: Evaluation) -> bool:
    return evaluation.official.user_id == request.user.pk


def may(request, evaluation: Evaluation, action: Action) -> bool:
    return access.can(request.user, evaluation, action)


def may_edit(request, evaluation: Evaluation) -> bool:
    """The self-assessment can be changed now by this user (administrators too, by state), and
    is not frozen (a closed quarter: ``access.freeze``), so that no form is offered in vain."""
    returned_elsewhere = evaluation.state == EvaluationState.RETURNED and (
        evaluation.returned_from not in ("", EvaluationState.SELF_ASSESSED)
    )  # returned to a later step's owner: no form, not even for an administrator (N3)
    return (
        evaluation.state in OWNER_EDITABLE_STATES
        and not returned_elsewhere
        # decided on the record just read (no second query): evaluation_for reads its official
        and access.can_loaded(request.user, evaluation, Action.CHANGE)
        and freeze.frozen_reason(evaluation) is None
    )


def may_change_targets(request, evaluation: Evaluation) -> bool:
    """The targets can be proposed now by this user: a draft, the right to change, not frozen."""
    return (
        evaluation.state == EvaluationState.DRAFT
        and may(request, evaluation, Action.CHANGE)
        and freeze.frozen_reason(evaluation) is None
    )


def refuse_change(request, evaluation: Evaluation):
    """The official's own evaluation no longer editable: say why; anyone else: 403."""
    if is_own(request, evaluation):
        messages.error(
            request,
            freeze.frozen_reason(evaluation)
            or _("Phiếu đang ở trạng thái “%(state)s” nên không sửa được.")
            % {"state": evaluation.get_state_display()},
        )
        return redirect("evaluations:detail", evaluation.pk)
    raise PermissionDenied


def error_messages(request, exc: EvaluationError) -> None:
    for message in exc.messages:
        messages.error(request, message)
