"""Publishing a scope's decided results (SPEC §6 step 5)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period

from .errors import DecisionError
from .models import Publication


def publish(period: Period, unit: Unit, user) -> Publication:
    """Publish the decided results of a scope: decided evaluations become published."""
    if user is not None and not access.on_unit(user, unit, Action.PUBLISH):
        raise DecisionError(_("Bạn không có thẩm quyền công khai kết quả của phạm vi này."))
    freeze.refuse_if_frozen(period, DecisionError)  # closing a quarter is final
    with transaction.atomic():
        evaluations = Evaluation.objects.select_for_update().filter(
            Q(official__unit__path__startswith=unit.path),
            period=period,
            state=EvaluationState.DECIDED,
        )
        count = evaluations.update(state=EvaluationState.PUBLISHED, updated_at=timezone.now())
        if count == 0:
            raise DecisionError(_("Chưa có kết quả nào đã quyết định để công khai."))
        publication = Publication.objects.create(period=period, unit=unit, published_by=user)
        log_action(
            user,
            AuditAction.RESULTS_PUBLISHED,
            publication,
            after={"evaluations": count},
        )
    return publication
