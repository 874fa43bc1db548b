"""A changed post in the quarter (SPEC §9; Lào Cai 8.1–8.2; Lâm Đồng VIII.1a).

``changes_of`` reads the person's position history and asks the engine (``post_changes``):
promoted in the same unit less than two months before the rating (the tasks and results of both
posts count: tasks are the person's, whatever the post), or moved from another unit during the
quarter. A moved person's old unit comments on its part and sends it once
(``send_previous_unit_comment``, its leadership only, audited); the new unit rates. Both are
shown on the evaluation.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.engine import Post, PostChange, post_changes, quarter_bounds
from danhgia.organisation.models import PositionHistory, Unit
from danhgia.periods.models import Period

from .errors import EvaluationError
from .models import Evaluation, PreviousUnitComment


def changes_of(evaluation: Evaluation) -> list[PostChange]:
    """The person's changes of post that matter for the evaluation's quarter (one query)."""
    official, period = evaluation.official, evaluation.period
    posts = [
        Post(str(p.unit_id), p.title, p.start_date, p.end_date)
        for p in PositionHistory.objects.filter(official=official)
    ]
    start, end = quarter_bounds(period.year, period.quarter)
    return post_changes(posts, str(official.unit_id), start, period.results_cutoff or end)


def moved_from(evaluation: Evaluation, unit: Unit) -> bool:
    return any(
        c.kind == "moved" and c.previous.unit == str(unit.pk) for c in changes_of(evaluation)
    )


def send_previous_unit_comment(
    evaluation: Evaluation, unit: Unit, comment: str, user
) -> PreviousUnitComment:
    """The old unit's leadership sends its comment on the person's part of the quarter."""
    if not access.on_unit(user, unit, Action.APPROVE):
        raise PermissionDenied
    if not moved_from(evaluation, unit):
        raise EvaluationError(_("Cán bộ không chuyển từ đơn vị này trong quý."))
    if freeze.frozen_reason(evaluation) is not None:
        raise EvaluationError(freeze.frozen_reason(evaluation))
    if not comment.strip():
        raise EvaluationError(_("Cần ghi nhận xét của đơn vị."))
    try:
        with transaction.atomic():
            record = PreviousUnitComment.objects.create(
                evaluation=evaluation, unit=unit, comment=comment.strip(), sent_by=user
            )
            log_action(
                user,
                AuditAction.EVALUATION_PREVIOUS_UNIT_COMMENTED,
                evaluation,
                after={"unit": unit.pk, "comment": record.comment},
            )
    except IntegrityError:
        raise EvaluationError(_("Đơn vị đã gửi nhận xét; không thể gửi lại.")) from None
    return record


def people_who_left(unit: Unit, period: Period) -> list[Evaluation]:
    """The quarter's evaluations of people who left ``unit`` for another during the quarter."""
    start, _end = quarter_bounds(period.year, period.quarter)
    candidates = (
        Evaluation.objects.filter(
            period=period,
            official__position_history__unit=unit,
            official__position_history__end_date__gte=start,
        )
        .exclude(official__unit=unit)
        .select_related("official", "official__unit", "period")
        .distinct()
    )
    return [e for e in candidates if moved_from(e, unit)]
