"""The head's accountability for a proposal the conditions did not support (02-HD §5.2).

When the unit's leadership proposed a higher rating than the authority decided and the
conditions did not allow it (the engine's ``head_accountable``), the head answers for it. The
record belongs to the decision in force: it is judged when the group is decided and judged
again when a decision is corrected — kept (on the new decision) while it still applies, ended
(with an audit entry) when the correction removes its ground. Nothing is ever dropped silently.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.engine import DEFERRED, head_accountable, render_reasons
from danhgia.organisation.choices import LeadershipRole
from danhgia.organisation.models import Official
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

from .models import Accountability, Decision


def _review_proposal(decision: Decision) -> str:
    return (
        StageScore.objects.filter(evaluation=decision.evaluation_id, stage=Stage.REVIEW)
        .values_list("proposed_rating", flat=True)
        .first()
        or ""
    )


def _head_of(decision: Decision) -> Official | None:
    return (
        Official.objects.filter(
            unit_id=decision.evaluation.official.unit_id, leadership_role=LeadershipRole.HEAD
        )
        .order_by("pk")
        .first()
    )


def judge(decision: Decision, user) -> Accountability | None:
    """Record the head's accountability for this decision when the engine says it applies."""
    proposed = _review_proposal(decision)
    if decision.rating == DEFERRED or not head_accountable(
        proposed or None, decision.rating, decision.engine_rating
    ):
        return None
    head = _head_of(decision)
    if head is None:
        return None
    grounds = [r for r in render_reasons(decision.reason_list()) if r][1:] or render_reasons(
        decision.reason_list()
    )
    record = Accountability.objects.create(
        decision=decision,
        head=head,
        proposed_rating=proposed,
        decided_rating=decision.rating,
        note=_(
            "Tập thể lãnh đạo đơn vị đề xuất %(proposed)s nhưng không đủ điều kiện; "
            "cấp có thẩm quyền quyết định %(decided)s. Căn cứ: %(reasons)s"
        )
        % {"proposed": proposed, "decided": decision.rating, "reasons": "; ".join(grounds)},
    )
    log_action(
        user,
        AuditAction.ACCOUNTABILITY_RECORDED,
        record,
        after={
            "head": head.full_name,
            "proposed_rating": proposed,
            "decided_rating": decision.rating,
            "evaluation": decision.evaluation_id,
        },
        note=record.note,
    )
    return record


def rejudge(previous: Decision, correction: Decision, user) -> Accountability | None:
    """After a correction: the record follows the decision in force, or ends with a reason."""
    before = Accountability.objects.filter(decision=previous).select_related("head").first()
    record = judge(correction, user)
    if before is not None and record is None:
        log_action(
            user,
            AuditAction.ACCOUNTABILITY_ENDED,
            before,
            before={"decided_rating": before.decided_rating},
            after={"decided_rating": correction.rating},
            note=_(
                "Quyết định đính chính thành %(rating)s: đề xuất %(proposed)s của tập thể lãnh "
                "đạo đơn vị không còn cao hơn mức được quyết định."
            )
            % {"rating": correction.rating, "proposed": before.proposed_rating},
        )
    return record
