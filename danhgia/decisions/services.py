"""Step 4: the authority decides under the quota (SPEC §6, §8).

Each step is a plain function: check the state and the user's right, save in one transaction,
write the audit entry. Decisions are never edited: a correction is a new decision
(``corrections``); publication and archiving are ``publication`` and ``archive``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_actions, new_entry
from danhgia.engine import (
    DEFERRED,
    GroupResult,
    Rating,
    Reason,
    check_quota,
    excellent_count,
    reasons_to_json,
    render_reason,
)
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import ComparisonGroup
from danhgia.periods.models import Period
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore
from danhgia.tasks.selectors import open_tasks_under

from . import accountability
from .errors import DecisionError
from .models import Decision, QuotaLock, in_force
from .rating import Proposal, RatingRun, run_rating

#: states from which the authority may decide (SPEC §6: after the appraisal; deferred people)
DECIDABLE = (EvaluationState.APPRAISED, EvaluationState.DEFERRED)


@dataclass(frozen=True)
class Override:
    rating: str
    reason: str


def decision_run(period: Period, user, group: str | None = None) -> RatingRun:
    """The rating run an authority decides from: its scope, with whole comparison groups.

    The quota is the group's, so the run takes in every evaluation of the groups present in the
    scope (people outside the scope count towards the base but are not decided here). With
    ``group`` (a comparison group's code, or ``""`` for the people of the scope without one),
    only that group is rated: the page's one group at a time.
    """
    evaluations = Evaluation.objects.filter(period=period)
    scope = access.unit_ids_for(user, Action.DECIDE)
    if group:
        # The whole group counts towards its quota (the page offers only groups of the scope).
        return run_rating(period, evaluations.filter(official__comparison_group__code=group))
    if group is not None:
        evaluations = evaluations.filter(official__comparison_group=None)
        if scope is not None:
            evaluations = evaluations.filter(official__unit__in=scope)
    elif scope is not None:
        mine = evaluations.filter(official__unit__in=scope)
        groups = mine.exclude(official__comparison_group=None).values("official__comparison_group")
        evaluations = evaluations.filter(
            Q(official__unit__in=scope) | Q(official__comparison_group__in=groups)
        )
    return run_rating(period, evaluations)


def current_decisions(period: Period):
    """The decisions in force: those not superseded by a correction."""
    return Decision.objects.filter(in_force(), evaluation__period=period)


def lock_groups(period: Period, group_codes: set[str]) -> None:
    """Serialise decisions per comparison group (SELECT … FOR UPDATE on one row per group)."""
    for code in sorted(group_codes):
        QuotaLock.objects.get_or_create(period=period, group_code=code)
    list(
        QuotaLock.objects.select_for_update()
        .filter(period=period, group_code__in=sorted(group_codes))
        .order_by("group_code")
    )


def _final_rating(proposal: Proposal, overrides: Mapping[int, Override]) -> tuple[str, str]:
    override = overrides.get(proposal.evaluation_id)
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
    the new ones may not exceed what the run allowed (the engine's ``check_quota``). Two
    authorities deciding at once are serialised per group, so together they cannot exceed it.
    Each decision records the group's allowance, against which a later correction is checked.
    """
    overrides = overrides or {}
    scope = access.unit_ids_for(user, Action.DECIDE)
    proposals = [
        p
        for p in run.proposals
        if (evaluation_ids is None or p.evaluation_id in evaluation_ids)
        and (scope is None or p.unit_id in scope)
    ]
    if evaluation_ids is not None and len(proposals) != len(evaluation_ids):
        raise DecisionError(_("Bạn không có thẩm quyền quyết định xếp loại cho những cán bộ này."))
    if not proposals:
        raise DecisionError(_("Không có phiếu nào để quyết định."))
    freeze.refuse_if_frozen(run.period, DecisionError)  # nothing is decided in a closed quarter
    evaluations = [p.evaluation for p in proposals]
    results = {g.id: g for g in run.result.groups}
    policy = run.policy

    finals = {p.evaluation_id: _final_rating(p, overrides) for p in proposals}
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
        open_tasks = open_tasks_under(run.period, {e.official.unit.path for e in evaluations})
        blocked = sorted(
            e.official.full_name for e in evaluations if open_tasks.get(e.official.unit.path)
        )
        if blocked:
            raise DecisionError(
                _(
                    "Chưa quyết định được cho %(names)s: còn nhiệm vụ của đơn vị hoặc đơn vị "
                    "trực thuộc chưa được xác nhận kết quả. Quyết định dựa trên các nhiệm vụ này, "
                    "nên chỉ ban hành khi chúng đã được xác nhận."
                )
                % {"names": ", ".join(blocked)}
            )
        groups = {p.person.group for p in proposals if p.person.group}
        lock_groups(run.period, groups)
        in_force = in_force_members(run.period, groups, exclude=evaluations)
        for group in sorted(groups):
            new = excellent_count(
                policy,
                (
                    (p.person.role, finals[p.evaluation_id][0])
                    for p in proposals
                    if p.person.group == group
                ),
            )
            result = results.get(group)
            problem = check_quota(
                result.allowed if result else 0,
                excellent_count(policy, in_force.get(group, ())),
                new,
                group_name(group),
            )
            if problem is not None:
                raise DecisionError(render_reason(problem))
        decisions = _record_decisions(proposals, finals, results, user)
    return decisions


def in_force_members(
    period: Period, groups: set[str], exclude=()
) -> dict[str, list[tuple[str, str]]]:
    """Per group, the (role, rating) of the decisions in force (one query)."""
    rows = (
        current_decisions(period)
        .filter(group_code__in=groups)
        .exclude(evaluation__in=list(exclude))
        .values_list("group_code", "evaluation__official__leadership_role", "rating")
    )
    members: dict[str, list[tuple[str, str]]] = {}
    for group, role, rating in rows:
        members.setdefault(group, []).append((role, rating))
    return members


def group_name(code: str) -> str:
    """A comparison group's name for a message (its code when unknown)."""
    return ComparisonGroup.objects.filter(code=code).values_list("name", flat=True).first() or code


def _record_decisions(
    proposals: list[Proposal],
    finals: Mapping[int, tuple[str, str]],
    results: Mapping[str, GroupResult],
    user,
) -> list[Decision]:
    """Write the decisions of the proposals in a fixed number of queries, whatever their number.

    One insert of the decisions, one upsert of their decision-stage scores, one update of the
    evaluations' state, the heads' accountability (``accountability.judge_many``), then one
    insert of the audit entries: one entry per decision (and per accountability record), as
    before. The caller holds the transaction and has checked state, right and quota.
    """
    decisions = []
    for proposal in proposals:
        rating, override_reason = finals[proposal.evaluation_id]
        result = proposal.result
        group = results.get(proposal.person.group)
        reasons = list(result.reasons)
        if override_reason:
            reasons.append(Reason("override", {"reason": override_reason}))
        decisions.append(
            Decision(
                evaluation=proposal.evaluation,
                rating=rating,
                engine_rating=str(result.rating),
                total=proposal.score.total,
                reasons=reasons_to_json(reasons),
                warnings=reasons_to_json(result.warnings),
                override_reason=override_reason,
                group_code=proposal.person.group or "",
                quota_allowance=group.allowance.to_json() if group is not None else None,
                decided_by=user,
            )
        )
    decisions = Decision.objects.bulk_create(decisions)
    scores = [
        StageScore(
            evaluation=p.evaluation,
            stage=Stage.DECISION,
            part_a=p.evaluation.self_part_a or 0,
            part_b=(p.score.total or 0) - (p.evaluation.self_part_a or 0),
            total=p.score.total,
            band=p.result.band.value if p.result.band else d.rating,
            proposed_rating=d.rating,
            by=user,
        )
        for p, d in zip(proposals, decisions, strict=True)
        if d.rating != DEFERRED and p.score.total is not None
    ]
    StageScore.objects.bulk_create(
        scores,
        update_conflicts=True,
        unique_fields=("evaluation", "stage"),
        update_fields=("part_a", "part_b", "total", "band", "proposed_rating", "by", "at"),
    )
    befores = {p.evaluation_id: p.evaluation.state for p in proposals}
    Evaluation.objects.filter(pk__in=list(befores)).update(
        state=EvaluationState.DECIDED, updated_at=timezone.now()
    )
    records = accountability.judge_many(decisions)
    entries = []
    for decision in decisions:
        evaluation = decision.evaluation
        evaluation.state = EvaluationState.DECIDED
        entries.append(
            new_entry(
                user,
                AuditAction.EVALUATION_DECIDED,
                evaluation,
                before={"state": befores[evaluation.pk]},
                after={
                    "state": evaluation.state,
                    "rating": decision.rating,
                    "engine_rating": decision.engine_rating,
                },
                note=decision.override_reason,
            )
        )
        record = records.get(decision.pk)
        if record is not None:
            entries.append(accountability.recorded_entry(record, user))
    log_actions(entries)
    return decisions
