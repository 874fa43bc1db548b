"""Archiving a quarter's published results (SPEC §6: published → archived, read-only).

``archive`` is a workflow step like those of ``services``: it checks the user's right and the
state, changes the records in one transaction and writes the audit entries — one
``evaluation.archived`` per evaluation (written in bulk) and one ``period.archived`` naming the
scope and how many were archived. Archived records are never changed again: every edit path
refuses the states of ``evaluations.choices.LOCKED_STATES``, and a correction of an archived
decision is refused by the pages.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.models import AuditEntry
from danhgia.audit.services import log_action, log_actions
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.names import display_name
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period

from .errors import DecisionError


def archive(period: Period, unit: Unit, user) -> int:
    """Archive the published evaluations of the period in the unit's subtree; returns how many.

    Only an authority whose scope covers the unit (or an administrator) archives, as it
    publishes.
    """
    if user is not None and not access.on_unit(user, unit, Action.ARCHIVE):
        raise DecisionError(_("Bạn không có thẩm quyền lưu trữ kết quả của phạm vi này."))
    freeze.refuse_if_frozen(period, DecisionError)  # closing a quarter is final
    with transaction.atomic():
        evaluations = list(
            Evaluation.objects.select_for_update(of=("self",))
            .filter(
                period=period,
                official__unit__path__startswith=unit.path,
                state=EvaluationState.PUBLISHED,
            )
            .order_by("pk")
            .select_related("official", "period")
        )
        if not evaluations:
            raise DecisionError(_("Chưa có kết quả nào đã công khai để lưu trữ."))
        Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]).update(
            state=EvaluationState.ARCHIVED, updated_at=timezone.now()
        )
        actor_name = display_name(user)
        # Entries are immutable once written; a bulk insert writes each once, like log_action.
        log_actions(
            AuditEntry(
                actor=user,
                actor_name=actor_name,
                action=AuditAction.EVALUATION_ARCHIVED,
                object_type=Evaluation._meta.label_lower,
                object_id=str(e.pk),
                object_repr=str(e)[:300],
                before={"state": EvaluationState.PUBLISHED},
                after={"state": EvaluationState.ARCHIVED},
            )
            for e in evaluations
        )
        log_action(
            user,
            AuditAction.PERIOD_ARCHIVED,
            period,
            after={"scope": unit.name, "unit": unit.pk, "evaluations": len(evaluations)},
        )
    return len(evaluations)
