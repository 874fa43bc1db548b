"""Where a stage's points start from and what its form shows: the self rows, the points the
previous stage set, the stored stage rows, and their totals added up like the engine's form.

Where a stage starts from:
- review: the self-assessment recomputed with the factors the assigning agencies confirmed
  (``scoring.score_rows`` over the stored rows and the tasks as they are now); the stored self
  points stay as submitted;
- appraisal: the review's points (the self-assessment's when the unit recorded none).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from danhgia.engine import Framework, Policy, StageTotals, round_points, stage_totals
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.evaluations.scoring import (
    linked_tasks,
    rules_for,
    score_rows,
    task_inputs,
)

from .choices import Stage
from .models import StageCriterionScore, StageScore

# --- Totals ------------------------------------------------------------------------------------

#: a stage's totals are the engine's (``stage_totals``): part and axis sums, rescaled axes, band
Totals = StageTotals


def totals(
    framework: Framework,
    policy: Policy,
    points: Mapping[str, Decimal | None],
    not_applicable: frozenset[str] | set[str],
) -> Totals:
    """Add up a stage's points as the engine adds up a form (SPEC §7.2, §15)."""
    return stage_totals(framework, policy, points, not_applicable)


# --- Where a stage starts from -------------------------------------------------------------------


@dataclass
class Baseline:
    """The points a stage starts from, with the previous stage's proposal and totals."""

    label: str
    points: dict[str, Decimal | None]
    proposed_rating: str
    totals: Totals
    #: criteria whose review starting points differ from the self points (verified factors)
    recomputed: frozenset[str] = field(default_factory=frozenset)


@dataclass
class Sheet:
    """Everything a stage form shows for one evaluation (4–6 queries)."""

    evaluation: Evaluation
    stage: str
    framework: Framework
    policy: Policy
    entries: dict[str, CriterionEntry]
    self_points: dict[str, Decimal | None]
    self_totals: Totals
    baseline: Baseline
    score: StageScore | None
    stored: dict[str, StageCriterionScore]
    review_score: StageScore | None = None

    @property
    def not_applicable(self) -> frozenset[str]:
        return frozenset(code for code, e in self.entries.items() if e.not_applicable)

    def initial_points(self) -> dict[str, Decimal | None]:
        """The stage's stored points, else where the stage starts from."""
        if self.score is not None:
            return {code: row.points for code, row in self.stored.items()} | {
                code: self.baseline.points.get(code)
                for code in self.baseline.points
                if code not in self.stored
            }
        return dict(self.baseline.points)


def _points(value: Decimal | None, policy: Policy) -> Decimal | None:
    return None if value is None else round_points(value, policy)


def load_sheet(evaluation: Evaluation, stage: str) -> Sheet:
    """The stage form's data: the self rows, where the stage starts from, what it stored."""
    rules = rules_for(evaluation)
    framework, policy = rules.framework, rules.policy
    entries = {e.code: e for e in evaluation.entries.all()}
    not_applicable = frozenset(code for code, e in entries.items() if e.not_applicable)
    self_points = {code: e.points for code, e in entries.items()}
    self_totals = totals(framework, policy, self_points, not_applicable)
    scores = {
        s.stage: s
        for s in StageScore.objects.filter(
            evaluation=evaluation, stage__in=(Stage.REVIEW, Stage.APPRAISAL)
        ).prefetch_related("criteria")
    }
    review_score = scores.get(Stage.REVIEW)
    recomputed_base = _recomputed(evaluation, entries, rules, self_points, not_applicable)
    if stage == Stage.APPRAISAL and review_score is not None:
        review_points = {c.code: c.points for c in review_score.criteria.all()}
        points = {code: review_points.get(code, self_points.get(code)) for code in entries}
        baseline = Baseline(
            _("Tập thể lãnh đạo"),
            points,
            review_score.proposed_rating,
            totals(framework, policy, points, not_applicable),
        )
    else:
        baseline = recomputed_base
    score = scores.get(stage)
    stored = {c.code: c for c in score.criteria.all()} if score is not None else {}
    return Sheet(
        evaluation,
        stage,
        framework,
        policy,
        entries,
        self_points,
        self_totals,
        baseline,
        score,
        stored,
        review_score,
    )


def _recomputed(evaluation, entries, rules, self_points, not_applicable) -> Baseline:
    """The self-assessment scored again with the task factors as confirmed now."""
    scoring = score_rows(rules, entries, task_inputs(linked_tasks(evaluation), rules.policy))
    points: dict[str, Decimal | None] = {}
    for code, entry in entries.items():
        score = scoring.criterion(code)
        if entry.not_applicable:
            points[code] = None
        elif score is not None and score.points is not None and not _is_missing(scoring, code):
            points[code] = _points(score.points, rules.policy)
        else:
            points[code] = self_points.get(code)
    recomputed = frozenset(
        code for code in points if points[code] is not None and points[code] != self_points[code]
    )
    return Baseline(
        _("Tự chấm (tính lại theo hệ số đã xác nhận)") if recomputed else _("Tự chấm"),
        points,
        evaluation.self_proposed_rating or evaluation.self_band,
        totals(rules.framework, rules.policy, points, not_applicable),
        recomputed,
    )


def _is_missing(scoring, code: str) -> bool:
    return any(m.code == code for m in scoring.missing)
