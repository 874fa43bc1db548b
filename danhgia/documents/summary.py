"""The summary of a scope and quarter (Lào Cai Phụ lục 05–07; SPEC §13.1): the data.

One row per evaluation of the quarter in the scope, grouped by comparison group: the person
(STT, họ và tên, chức vụ, đơn vị), the self score and rating, the unit leadership's proposal,
the appraisal, the decision in force and notes, each number exactly as stored (the engine
computed the stage totals when each stage was saved and the decision's total when it was
decided; nothing is recomputed here). Per group, the quota figures:

- ``pct``: the group's HTXSNV share (the stored allowance once decided, else the engine's
  ``group_quota`` of the policy and the group's own share);
- ``base`` and ``allowed``: the stored allowance of the group's decisions (what the engine
  computed when the group was decided; empty before);
- ``proposed``: the people the engine put up for HTXSNV before the quota (decided HTXSNV by the
  rule, or cut by the quota), ``granted``: HTXSNV decided among the people who count in the quota,
  ``cut``: the people the quota cut (the ``quota_cut`` reason of their decision).

Read in four queries whatever the number of people (evaluations, stage scores, decisions in
force, groups), with ``values()`` and ``iterator()`` only: 20,000 rows stay cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.decisions.board import rating_label
from danhgia.decisions.models import Decision
from danhgia.engine import (
    Policy,
    QuotaAllowance,
    Rating,
    counts_towards_quota,
    group_quota,
)
from danhgia.evaluations.choices import DeferralCase
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import LeadershipRole
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

#: rows read per database round trip while streaming
CHUNK_SIZE = 2000
#: the code of the people without a comparison group
NO_GROUP = ""
ROLE_ORDER = Case(
    When(official__leadership_role=LeadershipRole.HEAD, then=Value(0)),
    When(official__leadership_role=LeadershipRole.DEPUTY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
EXCELLENT = Rating.EXCELLENT.value


@dataclass(frozen=True)
class StageCell:
    """One stage's total and rating (empty when the stage has not happened or is not readable)."""

    total: Decimal | None = None
    rating: str = ""

    @property
    def present(self) -> bool:
        return self.total is not None or bool(self.rating)


@dataclass
class SummaryRow:
    number: int
    evaluation_id: int
    official_code: str
    full_name: str
    position: str
    unit_name: str
    role: str
    state: str
    self_stage: StageCell
    review: StageCell
    appraisal: StageCell
    decision: StageCell
    engine_rating: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        return "; ".join(self.notes)


@dataclass
class QuotaFigures:
    pct: Decimal | None
    base: int | None = None
    allowed: int | None = None
    proposed: int = 0
    granted: int = 0
    cut: int = 0

    @property
    def decided(self) -> bool:
        return self.allowed is not None


@dataclass
class GroupSummary:
    code: str
    name: str
    quota: QuotaFigures
    rows: list[SummaryRow] = field(default_factory=list)

    def count(self, rating: str) -> int:
        return sum(1 for row in self.rows if row.decision.rating == rating)


@dataclass
class Summary:
    period: Period
    unit: Unit | None
    groups: list[GroupSummary]

    @property
    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    def rows(self) -> Iterator[SummaryRow]:
        for group in self.groups:
            yield from group.rows


def scope_evaluations(
    user, period: Period, unit: Unit | None = None, management_scope: str | None = None
) -> QuerySet[Evaluation]:
    """The evaluations of the quarter this user may read, inside ``unit``'s subtree if given
    (and of one management scope, "diện quản lý", if given)."""
    evaluations = Evaluation.objects.filter(period=period)
    if management_scope:
        evaluations = evaluations.filter(official__management_scope=management_scope)
    if unit is not None:
        evaluations = evaluations.filter(official__unit__path__startswith=unit.path)
    return access.restrict(user, evaluations)


def _position(party: str, government: str, mass_org: str, role: str) -> str:
    titles = "; ".join(p for p in (party, government, mass_org) if p)
    if titles or role not in LeadershipRole.values:
        return titles
    return str(LeadershipRole(role).label)


def _stage_cells(user, ids: QuerySet) -> dict[int, dict[str, StageCell]]:
    """Review and appraisal totals and proposals the user may read (one query)."""
    scores = access.restrict(
        user,
        StageScore.objects.filter(evaluation__in=ids, stage__in=(Stage.REVIEW, Stage.APPRAISAL)),
    ).values_list("evaluation_id", "stage", "total", "proposed_rating")
    cells: dict[int, dict[str, StageCell]] = defaultdict(dict)
    for evaluation_id, stage, total, rating in scores.iterator(chunk_size=CHUNK_SIZE):
        cells[evaluation_id][stage] = StageCell(total, rating)
    return cells


@dataclass(frozen=True)
class _DecisionFacts:
    rating: str
    engine_rating: str
    total: Decimal | None
    allowance: dict | None
    cut: bool
    override_reason: str
    correction_reason: str
    corrected: bool
    decided_at: object


def _decisions(user, ids: QuerySet) -> dict[int, _DecisionFacts]:
    """The decisions in force the user may read (one query); the latest per evaluation."""
    rows = (
        access.restrict(
            user, Decision.objects.filter(evaluation__in=ids, superseded_by__isnull=True)
        )
        .order_by("decided_at", "pk")
        .values_list(
            "evaluation_id",
            "rating",
            "engine_rating",
            "total",
            "quota_allowance",
            "reasons",
            "override_reason",
            "correction_reason",
            "supersedes_id",
            "decided_at",
        )
    )
    facts: dict[int, _DecisionFacts] = {}
    for (
        evaluation_id,
        rating,
        engine_rating,
        total,
        allowance,
        reasons,
        override,
        correction,
        supersedes,
        decided_at,
    ) in rows.iterator(chunk_size=CHUNK_SIZE):
        cut = any(isinstance(r, dict) and r.get("code") == "quota_cut" for r in reasons or ())
        facts[evaluation_id] = _DecisionFacts(
            rating,
            engine_rating,
            total,
            allowance,
            cut,
            override,
            correction,
            supersedes is not None,
            decided_at,
        )
    return facts


def _notes(deferral: str, decision: _DecisionFacts | None) -> list[str]:
    notes = []
    if deferral:
        label = dict(DeferralCase.choices).get(deferral, deferral)
        notes.append(_("Chưa xếp loại: %(case)s") % {"case": label})
    if decision is None:
        return notes
    if decision.cut:
        notes.append(_("Ngoài tỷ lệ HTXSNV của nhóm"))
    if decision.override_reason:
        notes.append(_("Điều chỉnh: %(reason)s") % {"reason": decision.override_reason})
    if decision.corrected:
        notes.append(_("Đính chính: %(reason)s") % {"reason": decision.correction_reason})
    return notes


def build_summary(
    user, period: Period, unit: Unit | None = None, management_scope: str | None = None
) -> Summary:
    """The summary of the quarter for this user's scope (``unit``'s subtree when given).

    Four queries whatever the number of people; rows ordered by group name, unit, heads first.
    """
    policy: Policy = period.policy_version.load()
    evaluations = scope_evaluations(user, period, unit, management_scope)
    ids = evaluations.values("pk")
    stages = _stage_cells(user, ids)
    decisions = _decisions(user, ids)
    rows = (
        evaluations.annotate(role_order=ROLE_ORDER)
        .order_by(
            "official__comparison_group__name",
            "official__unit__path",
            "role_order",
            "official__given_name",
            "official__full_name",
            "pk",
        )
        .values_list(
            "pk",
            "state",
            "deferral_case",
            "self_total",
            "self_proposed_rating",
            "self_band",
            "submitted_at",
            "official__code",
            "official__full_name",
            "official__party_position",
            "official__government_position",
            "official__mass_org_position",
            "official__leadership_role",
            "official__unit__name",
            "official__comparison_group__code",
            "official__comparison_group__name",
            "official__comparison_group__quota_pct",
        )
    )
    groups: dict[str, GroupSummary] = {}
    for (
        pk,
        state,
        deferral,
        self_total,
        self_rating,
        self_band,
        submitted_at,
        code,
        name,
        party,
        government,
        mass_org,
        role,
        unit_name,
        group_code,
        group_name,
        group_pct,
    ) in rows.iterator(chunk_size=CHUNK_SIZE):
        group_code = group_code or NO_GROUP
        group = groups.get(group_code)
        if group is None:
            pct = group_quota(policy, group_pct) if group_code else None
            group = groups[group_code] = GroupSummary(
                group_code, group_name or _("Chưa xếp nhóm so sánh"), QuotaFigures(pct)
            )
        decision = decisions.get(pk)
        by_stage = stages.get(pk, {})
        row = SummaryRow(
            number=len(group.rows) + 1,
            evaluation_id=pk,
            official_code=code,
            full_name=name,
            position=_position(party, government, mass_org, role),
            unit_name=unit_name,
            role=role,
            state=state,
            self_stage=StageCell(self_total, self_rating or self_band)
            if submitted_at is not None
            else StageCell(),
            review=by_stage.get(Stage.REVIEW, StageCell()),
            appraisal=by_stage.get(Stage.APPRAISAL, StageCell()),
            decision=StageCell(decision.total, decision.rating) if decision else StageCell(),
            engine_rating=decision.engine_rating if decision else "",
            notes=_notes(deferral, decision),
        )
        group.rows.append(row)
        _count_quota(policy, group.quota, row, decision)
    ordered = sorted(groups.values(), key=lambda g: (g.code == NO_GROUP, g.name, g.code))
    return Summary(period, unit, ordered)


def _count_quota(
    policy: Policy, quota: QuotaFigures, row: SummaryRow, decision: _DecisionFacts | None
) -> None:
    if decision is None:
        return
    if decision.allowance:
        allowance = QuotaAllowance.from_json(decision.allowance)
        quota.pct, quota.base, quota.allowed = allowance.pct, allowance.base, allowance.allowed
    if not counts_towards_quota(policy, row.role):
        return
    if decision.engine_rating == EXCELLENT or decision.cut:
        quota.proposed += 1
    if decision.rating == EXCELLENT:
        quota.granted += 1
    if decision.cut:
        quota.cut += 1


def label(code: str) -> str:
    """The rating's Vietnamese name ("" for none)."""
    return rating_label(code) if code else ""


__all__ = [
    "GroupSummary",
    "QuotaFigures",
    "StageCell",
    "Summary",
    "SummaryRow",
    "build_summary",
    "label",
    "scope_evaluations",
]
