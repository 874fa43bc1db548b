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
from danhgia.audit.services import log_action, new_entry
from danhgia.engine import DEFERRED, head_accountable, render_reasons
from danhgia.organisation.choices import LeadershipRole
from danhgia.organisation.models import Official
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

from .models import Accountability, Decision


def _review_proposals(decisions: list[Decision]) -> dict[int, str]:
    """The rating the unit's leadership proposed, per evaluation (one query)."""
    return dict(
        StageScore.objects.filter(
            evaluation__in=[d.evaluation_id for d in decisions], stage=Stage.REVIEW
        ).values_list("evaluation_id", "proposed_rating")
    )


def _heads_of(unit_ids: set[int]) -> dict[int, Official]:
    """The head of each unit (the first by id when there are several; one query)."""
    heads: dict[int, Official] = {}
    for head in Official.objects.filter(
        unit_id__in=unit_ids, leadership_role=LeadershipRole.HEAD
    ).order_by("-pk"):
        heads[head.unit_id] = head
    return heads


def _record(decision: Decision, proposed: str, heads: dict[int, Official]) -> Accountability | None:
    """The (unsaved) record of this decision when the engine says the head answers for it."""
    if decision.rating == DEFERRED or not head_accountable(
        proposed or None, decision.rating, decision.engine_rating
    ):
        return None
    head = heads.get(decision.evaluation.official.unit_id)
    if head is None:
        return None
    grounds = [r for r in render_reasons(decision.reason_list()) if r][1:] or render_reasons(
        decision.reason_list()
    )
    return Accountability(
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


def recorded_entry(record: Accountability, user):
    """The (unsaved) audit entry of a new record (for ``log_actions``)."""
    return new_entry(
        user,
        AuditAction.ACCOUNTABILITY_RECORDED,
        record,
        after={
            "head": record.head.full_name,
            "proposed_rating": record.proposed_rating,
            "decided_rating": record.decided_rating,
            "evaluation": record.decision.evaluation_id,
        },
        note=record.note,
    )


def judge_many(decisions: list[Decision]) -> dict[int, Accountability]:
    """Record the heads' accountability for these decisions where the engine says it applies.

    A fixed number of queries, whatever the number of decisions; the caller writes the audit
    entries (``recorded_entry``) with its own, in one insert. Returns the records per decision.
    """
    if not decisions:
        return {}
    proposed = _review_proposals(decisions)
    heads = _heads_of({d.evaluation.official.unit_id for d in decisions})
    records = [
        record
        for decision in decisions
        if (record := _record(decision, proposed.get(decision.evaluation_id) or "", heads))
    ]
    Accountability.objects.bulk_create(records)
    return {record.decision.pk: record for record in records}


def judge(decision: Decision, user) -> Accountability | None:
    """Record the head's accountability for this decision when the engine says it applies."""
    record = judge_many([decision]).get(decision.pk)
    if record is not None:
        recorded_entry(record, user).save()
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
