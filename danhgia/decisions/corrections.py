"""Correcting a decision: a new, logged decision that supersedes the one in force (SPEC §6)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.engine import (
    Rating,
    Reason,
    check_quota,
    counts_towards_quota,
    excellent_count,
    group_allowance,
    reasons_to_json,
    render_reason,
)
from danhgia.evaluations.choices import EvaluationState
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

from . import accountability
from .errors import DecisionError
from .models import Decision
from .services import group_name, in_force_members, lock_groups


def correct_decision(decision: Decision, rating: str, reason: str, user) -> Decision:
    """A correction after a decision is a new, logged decision that supersedes the old one.

    A correction to HTXSNV is checked against the group's allowance as the engine computed it
    when the group was decided (its pct, quota base and rounding, recorded on the decision).
    The head's accountability is judged again on the corrected rating.
    """
    reason = reason.strip()
    if not reason:
        raise DecisionError(_("Quyết định đính chính cần ghi rõ lý do."))
    if rating not in {r.value for r in Rating}:
        raise DecisionError(_("Mức xếp loại không hợp lệ."))
    evaluation = decision.evaluation
    if user is not None and not access.can(user, decision, Action.CORRECT):
        raise DecisionError(_("Bạn không có thẩm quyền đính chính quyết định này."))
    if evaluation.state == EvaluationState.ARCHIVED:
        raise DecisionError(_("Kết quả đã lưu trữ: không thể đính chính."))
    freeze.refuse_if_frozen(evaluation.period, DecisionError)  # closing a quarter is final
    policy = evaluation.period.policy_version.load()
    with transaction.atomic():
        current = Decision.objects.select_for_update().get(pk=decision.pk)
        if Decision.objects.filter(supersedes=current).exists():
            raise DecisionError(_("Quyết định này đã được đính chính."))
        role = evaluation.official.leadership_role
        if (
            rating == Rating.EXCELLENT.value
            and current.rating != rating
            and current.group_code
            and counts_towards_quota(policy, role)
        ):
            group = current.group_code
            lock_groups(evaluation.period, {group})
            others = in_force_members(evaluation.period, {group}, exclude=[evaluation])
            members = others.get(group, [])
            recorded = current.allowance()
            if recorded is None:  # decided before allowances were recorded
                recorded = group_allowance(policy, group, None, [*members, (role, current.rating)])
            problem = check_quota(
                recorded.allowed, excellent_count(policy, members), 1, group_name(recorded.group)
            )
            if problem is not None:
                raise DecisionError(
                    _("Đính chính này vượt tỷ lệ HTXSNV của nhóm: %(why)s")
                    % {"why": render_reason(problem)}
                )
        correction = Decision.objects.create(
            evaluation=evaluation,
            rating=rating,
            engine_rating=current.engine_rating,
            total=current.total,
            reasons=[
                *current.reasons,
                *reasons_to_json([Reason("correction", {"reason": reason})]),
            ],
            warnings=current.warnings,
            override_reason=current.override_reason,
            group_code=current.group_code,
            quota_allowance=current.quota_allowance,
            supersedes=current,
            correction_reason=reason,
            decided_by=user,
        )
        StageScore.objects.filter(evaluation=evaluation, stage=Stage.DECISION).update(
            proposed_rating=rating
        )
        log_action(
            user,
            AuditAction.DECISION_CORRECTED,
            evaluation,
            before={"rating": current.rating},
            after={"rating": rating},
            note=reason,
        )
        accountability.rejudge(current, correction, user)
    return correction
