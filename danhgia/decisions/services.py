"""Step 4-5 workflow: the authority decides under the quota, corrects, publishes (SPEC §6, §8).

Each step is a plain function: check the state and the user's right, save in one transaction,
write the audit entry. Decisions are never edited: a correction is a new decision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.access import freeze, is_administrator, units_in_scope
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.engine.rating import quota_allowed
from danhgia.engine.ratings import DEFERRED, Rating
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import LeadershipRole, Role
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

from .models import Accountability, Decision, Publication, QuotaLock
from .rating import Proposal, RatingRun, run_rating

#: states from which the authority may decide (SPEC §6: after the appraisal; deferred people)
DECIDABLE = (EvaluationState.APPRAISED, EvaluationState.DEFERRED)


class DecisionError(ValidationError):
    """A decision step that cannot be taken; the message says why in Vietnamese."""


@dataclass(frozen=True)
class Override:
    rating: str
    reason: str


def _authority_unit_ids(user) -> set[int] | None:
    """Units where the user decides; None means everywhere (administrator)."""
    if is_administrator(user):
        return None
    return set(units_in_scope(user, [Role.AUTHORITY]).values_list("pk", flat=True))


def _check_authority(user, evaluations: list[Evaluation]) -> None:
    allowed = _authority_unit_ids(user)
    if allowed is None:
        return
    outside = [e for e in evaluations if e.official.unit_id not in allowed]
    if outside:
        raise DecisionError(_("Bạn không có thẩm quyền quyết định xếp loại cho những cán bộ này."))


def decision_run(period: Period, user) -> RatingRun:
    """The rating run an authority decides from: its scope, with whole comparison groups.

    The quota is the group's, so the run takes in every evaluation of the groups present in the
    scope (people outside the scope count towards the base but are not decided here).
    """
    evaluations = Evaluation.objects.filter(period=period)
    if not is_administrator(user):
        units = units_in_scope(user, [Role.AUTHORITY])
        mine = evaluations.filter(official__unit__in=units)
        groups = mine.exclude(official__comparison_group=None).values("official__comparison_group")
        evaluations = evaluations.filter(
            Q(official__unit__in=units) | Q(official__comparison_group__in=groups)
        )
    return run_rating(period, evaluations)


def current_decisions(period: Period):
    """The decisions in force: those not superseded by a correction."""
    return Decision.objects.filter(evaluation__period=period, superseded_by__isnull=True)


def _lock_groups(period: Period, group_codes: set[str]) -> None:
    """Serialise decisions per comparison group (SELECT … FOR UPDATE on one row per group)."""
    for code in sorted(group_codes):
        QuotaLock.objects.get_or_create(period=period, group_code=code)
    list(
        QuotaLock.objects.select_for_update()
        .filter(period=period, group_code__in=sorted(group_codes))
        .order_by("group_code")
    )


def _final_rating(proposal: Proposal, overrides: Mapping[int, Override]) -> tuple[str, str]:
    override = overrides.get(proposal.evaluation.pk)
    engine_rating = str(proposal.result.rating)
    if override is None or override.rating == engine_rating:
        return engine_rating, ""
    if not override.reason.strip():
        raise DecisionError(
            _("Điều chỉnh xếp loại của %(name)s cần ghi rõ lý do.")
            % {"name": proposal.evaluation.official.full_name}
        )
    if engine_rating == DEFERRED or override.rating not in {r.value for r in Rating}:
        raise DecisionError(_("Mức xếp loại điều chỉnh không hợp lệ."))
    return override.rating, override.reason.strip()


def decide(
    run: RatingRun,
    user,
    overrides: Mapping[int, Override] | None = None,
    evaluation_ids: set[int] | None = None,
) -> list[Decision]:
    """Decide the evaluations of the run in the user's scope (or ``evaluation_ids`` of them).

    The run rates whole comparison groups, so its quota is the group's. An override may never
    take a group beyond it: the HTXSNV in force in the group (earlier decisions included) plus
    the new ones may not exceed what the run allowed. Two authorities deciding at once are
    serialised per group, so together they cannot exceed it.
    """
    overrides = overrides or {}
    scope = _authority_unit_ids(user)
    proposals = [
        p
        for p in run.proposals
        if (evaluation_ids is None or p.evaluation.pk in evaluation_ids)
        and (scope is None or p.evaluation.official.unit_id in scope)
    ]
    if evaluation_ids is not None and len(proposals) != len(evaluation_ids):
        raise DecisionError(_("Bạn không có thẩm quyền quyết định xếp loại cho những cán bộ này."))
    if not proposals:
        raise DecisionError(_("Không có phiếu nào để quyết định."))
    freeze.refuse_if_frozen(run.period, DecisionError)  # nothing is decided in a closed quarter
    evaluations = [p.evaluation for p in proposals]
    allowed = {g.id: g.allowed for g in run.result.groups}
    excluded_roles = set(run.policy.quota.exclude_roles)

    finals = {p.evaluation.pk: _final_rating(p, overrides) for p in proposals}
    with transaction.atomic():
        # Lock the evaluation rows only (no joins: the model's ordering would lock the period).
        locked = list(
            Evaluation.objects.select_for_update(of=("self",))
            .filter(pk__in=[e.pk for e in evaluations])
            .order_by("pk")
        )
        not_ready = [e for e in locked if e.state not in DECIDABLE]
        if not_ready:
            names = ", ".join(sorted(str(e.official_id) for e in not_ready))
            raise DecisionError(
                _("Có phiếu chưa qua thẩm định hoặc đã được quyết định (cán bộ %(ids)s).")
                % {"ids": names}
            )
        groups = {p.person.group for p in proposals if p.person.group}
        _lock_groups(run.period, groups)
        in_force = Counter(
            current_decisions(run.period)
            .filter(rating=Rating.EXCELLENT.value, group_code__in=groups)
            .exclude(evaluation__in=evaluations)
            .exclude(evaluation__official__leadership_role__in=excluded_roles)
            .values_list("group_code", flat=True)
        )
        new = Counter(
            p.person.group
            for p in proposals
            if p.person.group
            and p.person.role not in excluded_roles
            and finals[p.evaluation.pk][0] == Rating.EXCELLENT.value
        )
        for group in groups:
            if in_force[group] + new[group] > allowed.get(group, 0):
                raise DecisionError(
                    _(
                        "Nhóm %(group)s chỉ được tối đa %(allowed)s người xếp loại HTXSNV; "
                        "đã có %(existing)s, quyết định này thêm %(new)s."
                    )
                    % {
                        "group": group,
                        "allowed": allowed.get(group, 0),
                        "existing": in_force[group],
                        "new": new[group],
                    }
                )
        decisions = [_record_decision(p, *finals[p.evaluation.pk], user) for p in proposals]
    return decisions


def _record_decision(proposal: Proposal, rating: str, override_reason: str, user) -> Decision:
    evaluation = proposal.evaluation
    result = proposal.result
    decision = Decision.objects.create(
        evaluation=evaluation,
        rating=rating,
        engine_rating=str(result.rating),
        total=proposal.score.total,
        reasons=list(result.reasons)
        + (
            [_("Cấp có thẩm quyền điều chỉnh: %(r)s") % {"r": override_reason}]
            if override_reason
            else []
        ),
        warnings=list(result.warnings),
        override_reason=override_reason,
        group_code=proposal.person.group or "",
        decided_by=user,
    )
    if rating != DEFERRED and proposal.score.total is not None:
        StageScore.objects.update_or_create(
            evaluation=evaluation,
            stage=Stage.DECISION,
            defaults={
                "part_a": evaluation.self_part_a or 0,
                "part_b": (proposal.score.total or 0) - (evaluation.self_part_a or 0),
                "total": proposal.score.total,
                "band": result.band.value if result.band else rating,
                "proposed_rating": rating,
                "by": user,
            },
        )
    before = {"state": evaluation.state}
    evaluation.state = EvaluationState.DECIDED
    evaluation.save(update_fields=["state", "updated_at"])
    _record_accountability(decision, proposal)
    log_action(
        user,
        AuditAction.EVALUATION_DECIDED,
        evaluation,
        before=before,
        after={
            "state": evaluation.state,
            "rating": rating,
            "engine_rating": decision.engine_rating,
        },
        note=override_reason,
    )
    return decision


def _record_accountability(decision: Decision, proposal: Proposal) -> None:
    """02-HD §5.2: the head answers for proposing a higher rating whose conditions were not met."""
    review = (
        StageScore.objects.filter(evaluation=decision.evaluation, stage=Stage.REVIEW)
        .values_list("proposed_rating", flat=True)
        .first()
    )
    if not review or decision.rating == DEFERRED:
        return
    proposed, decided = Rating(review), Rating(decision.rating)
    engine = proposal.result.rating
    if proposed.rank <= decided.rank or not isinstance(engine, Rating):
        return
    if proposed.rank <= engine.rank:
        return  # the conditions allowed what the head proposed; the authority chose lower
    head = (
        Official.objects.filter(
            unit_id=decision.evaluation.official.unit_id, leadership_role=LeadershipRole.HEAD
        )
        .order_by("pk")
        .first()
    )
    if head is None:
        return
    Accountability.objects.create(
        decision=decision,
        head=head,
        proposed_rating=proposed.value,
        decided_rating=decided.value,
        note=_(
            "Tập thể lãnh đạo đơn vị đề xuất %(proposed)s nhưng không đủ điều kiện; "
            "cấp có thẩm quyền quyết định %(decided)s. Căn cứ: %(reasons)s"
        )
        % {
            "proposed": proposed.value,
            "decided": decided.value,
            "reasons": "; ".join(proposal.result.reasons[1:]) or proposal.result.reasons[0],
        },
    )


def correct_decision(decision: Decision, rating: str, reason: str, user) -> Decision:
    """A correction after a decision is a new, logged decision that supersedes the old one."""
    if not reason.strip():
        raise DecisionError(_("Quyết định đính chính cần ghi rõ lý do."))
    if rating not in {r.value for r in Rating}:
        raise DecisionError(_("Mức xếp loại không hợp lệ."))
    evaluation = decision.evaluation
    _check_authority(user, [evaluation])
    if evaluation.state == EvaluationState.ARCHIVED:
        raise DecisionError(_("Kết quả đã lưu trữ: không thể đính chính."))
    freeze.refuse_if_frozen(evaluation.period, DecisionError)  # closing a quarter is final
    excluded_roles = evaluation.period.policy_version.load().quota.exclude_roles
    with transaction.atomic():
        current = Decision.objects.select_for_update().get(pk=decision.pk)
        if Decision.objects.filter(supersedes=current).exists():
            raise DecisionError(_("Quyết định này đã được đính chính."))
        counted = evaluation.official.leadership_role not in excluded_roles
        if rating == Rating.EXCELLENT.value and current.rating != rating and counted:
            _lock_groups(evaluation.period, {current.group_code})
            excellent = (
                current_decisions(evaluation.period)
                .filter(rating=rating, group_code=current.group_code)
                .exclude(evaluation__official__leadership_role__in=excluded_roles)
                .count()
            )
            # The correction cannot exceed the quota in force for the group.
            if excellent + 1 > _allowed_in_force(evaluation.period, current.group_code):
                raise DecisionError(_("Đính chính này vượt tỷ lệ HTXSNV của nhóm."))
        correction = Decision.objects.create(
            evaluation=evaluation,
            rating=rating,
            engine_rating=current.engine_rating,
            total=current.total,
            reasons=[*current.reasons, _("Đính chính: %(r)s") % {"r": reason.strip()}],
            warnings=current.warnings,
            override_reason=current.override_reason,
            group_code=current.group_code,
            supersedes=current,
            correction_reason=reason.strip(),
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
            note=reason.strip(),
        )
    return correction


def _allowed_in_force(period: Period, group_code: str) -> int:
    """The group's allowance recorded by the last decision run: the decided HTXSNV then."""
    policy = period.policy_version.load()
    base = (
        current_decisions(period)
        .filter(group_code=group_code, rating__in=[Rating.EXCELLENT.value, Rating.GOOD.value])
        .exclude(evaluation__official__leadership_role__in=policy.quota.exclude_roles)
        .count()
    )
    return quota_allowed(base, policy.quota.pct, policy.quota.rounding)


def publish(period: Period, unit: Unit, user) -> Publication:
    """Publish the decided results of a scope: decided evaluations become published."""
    allowed = _authority_unit_ids(user)
    if allowed is not None and unit.pk not in allowed:
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
