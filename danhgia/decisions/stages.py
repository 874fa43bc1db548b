"""Every stage's scores side by side: self, unit leadership, appraisal, decision (SPEC §6, §13).

"Every stage's score and proposed rating stay visible side by side (that gap is information)":
per person the total and the rating each stage gave, and per criterion the points each stage
set, with what changed from the stage before marked. Read in a fixed number of queries.

Reading rules:
- self: the evaluation's own fields (``self_total``, ``self_proposed_rating``) and rows;
- review, appraisal: their ``StageScore`` and ``StageCriterionScore`` rows; a criterion a stage
  did not score again keeps the points of the stage before (shown as unchanged);
- decision: the decision in force (a correction replaces what it supersedes), with the total
  that counted; the decision sets no criterion points of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danhgia import access
from danhgia.engine import Criterion
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.scoring import rules_for
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

from . import display
from .models import Decision, in_force

SELF = "self"
#: the columns, in the order of the quarter (SPEC §6)
STAGES = (SELF, Stage.REVIEW.value, Stage.APPRAISAL.value, Stage.DECISION.value)
STAGE_LABELS = {
    SELF: _("Tự đánh giá"),
    Stage.REVIEW.value: _("Tập thể lãnh đạo đơn vị"),
    Stage.APPRAISAL.value: _("Ban Tổ chức thẩm định"),
    Stage.DECISION.value: _("Cấp có thẩm quyền quyết định"),
}


@dataclass
class Cell:
    """One stage's total and rating for one person; empty when the stage has not happened."""

    stage: str
    total: Decimal | None = None
    rating: str = ""
    present: bool = False
    #: done, but not for this reader yet (the official's own later stages before publication)
    withheld: bool = False
    comment: str = ""
    explanation: str = ""
    delta: Decimal | None = None  # change of the total from the previous stage present
    rating_changed: bool = False

    @property
    def label(self) -> str:
        return str(STAGE_LABELS[self.stage])

    @property
    def changed(self) -> bool:
        return bool(self.delta) or self.rating_changed


@dataclass
class PersonStages:
    evaluation: Evaluation
    cells: list[Cell]
    decision: Decision | None = None

    @property
    def differs(self) -> bool:
        return any(cell.changed for cell in self.cells)

    @property
    def gap(self) -> Decimal | None:
        """Self total minus the latest stage's: how far the self-assessment was from the end."""
        present = [c for c in self.cells if c.present and c.total is not None]
        if len(present) < 2 or present[0].stage != SELF:
            return None
        return present[-1].total - present[0].total


def _mark_changes(cells: Sequence[Cell]) -> None:
    previous: Cell | None = None
    for cell in cells:
        if not cell.present:
            continue
        if previous is not None:
            if cell.total is not None and previous.total is not None:
                cell.delta = cell.total - previous.total
            cell.rating_changed = bool(cell.rating and previous.rating) and (
                cell.rating != previous.rating
            )
        previous = cell


#: the states in which each later stage has been done (a returned evaluation: see ``_done``)
_DONE_FROM = {
    Stage.REVIEW.value: EvaluationState.REVIEWED,
    Stage.APPRAISAL.value: EvaluationState.APPRAISED,
    Stage.DECISION.value: EvaluationState.DECIDED,
}
_ORDER = (
    EvaluationState.REVIEWED,
    EvaluationState.APPRAISED,
    EvaluationState.DECIDED,
    EvaluationState.PUBLISHED,
    EvaluationState.ARCHIVED,
)


def _done(evaluation: Evaluation, stage: str) -> bool:
    """Whether ``stage`` has been done, read from the evaluation's state alone.

    The state is on every page the official reads, so this says nothing she does not know. A
    returned evaluation is back at the step producing ``returned_from``: the stages before it
    stay done.
    """
    reached = _ORDER.index(evaluation.state) if evaluation.state in _ORDER else -1
    if evaluation.state == EvaluationState.RETURNED and evaluation.returned_from in _ORDER:
        reached = _ORDER.index(evaluation.returned_from) - 1
    return reached >= _ORDER.index(_DONE_FROM[stage])


def _cells(
    evaluation: Evaluation,
    scores: dict[str, StageScore],
    decision: Decision | None,
    withheld: bool = False,
) -> list[Cell]:
    """``withheld``: the reader may not read the later stages yet (``access.sees_later_steps``)."""
    cells = [
        Cell(
            SELF,
            evaluation.self_total,
            evaluation.self_proposed_rating or evaluation.self_band,
            present=evaluation.submitted_at is not None,
            comment=evaluation.self_comment,
        )
    ]
    for stage in (Stage.REVIEW, Stage.APPRAISAL):
        score = scores.get(stage)
        if score is None:
            cells.append(Cell(stage.value, withheld=withheld and _done(evaluation, stage.value)))
        else:
            cells.append(
                Cell(
                    stage.value,
                    score.total,
                    score.proposed_rating,
                    present=True,
                    comment=score.comment,
                    explanation=score.explanation,
                )
            )
    if decision is None:
        done = withheld and _done(evaluation, Stage.DECISION.value)
        cells.append(Cell(Stage.DECISION.value, withheld=done))
    else:
        cells.append(
            Cell(
                Stage.DECISION.value,
                decision.total,
                decision.rating,
                present=True,
                explanation=decision.correction_reason or decision.override_reason,
            )
        )
    _mark_changes(cells)
    return cells


def _stage_scores(user, ids: Sequence[int]) -> QuerySet[StageScore]:
    """The review and appraisal scores the user may read (an official: once published)."""
    return access.restrict(
        user,
        StageScore.objects.filter(evaluation__in=ids, stage__in=(Stage.REVIEW, Stage.APPRAISAL)),
    )


def _decisions(user, ids: Sequence[int]) -> QuerySet[Decision]:
    """The decisions in force the user may read (an official: once published)."""
    return access.restrict(
        user, Decision.objects.filter(in_force(), evaluation__in=ids)
    ).select_related("accountability__head")


def people_stages(user, evaluations: Sequence[Evaluation]) -> list[PersonStages]:
    """The side-by-side rows of a page of evaluations (two queries, whatever their number)."""
    ids = [e.pk for e in evaluations]
    scores: dict[int, dict[str, StageScore]] = defaultdict(dict)
    decisions: dict[int, Decision] = {}
    if evaluations:
        for score in _stage_scores(user, ids):
            scores[score.evaluation_id][score.stage] = score
        for decision in _decisions(user, ids).order_by("decided_at", "pk"):
            decisions[decision.evaluation_id] = decision
    return [
        PersonStages(
            e,
            _cells(e, scores[e.pk], decisions.get(e.pk), not access.sees_later_steps(user, e)),
            decisions.get(e.pk),
        )
        for e in evaluations
    ]


@dataclass
class CriterionCell:
    points: Decimal | None = None
    explanation: str = ""
    present: bool = False  # the stage scored it (else it shows the points carried)
    changed: bool = False


@dataclass
class CriterionStages:
    criterion: Criterion
    cells: list[CriterionCell] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return any(cell.changed for cell in self.cells)


@dataclass
class EvaluationStages:
    person: PersonStages
    stages: list[str]
    rows: list[CriterionStages]

    @property
    def stage_labels(self) -> list[str]:
        return [str(STAGE_LABELS[s]) for s in self.stages]

    @property
    def changed_count(self) -> int:
        return sum(1 for row in self.rows if row.differs)


def evaluation_stages(user, evaluation: Evaluation) -> EvaluationStages:
    """One person's criteria, each with the points of self, review and appraisal (4 queries).

    A stage with a score but without a row for a criterion kept the previous stage's points.
    What the user may not read yet (an official's own stages before publication) is left out.
    """
    framework = rules_for(evaluation).framework
    self_points = dict(evaluation.entries.values_list("code", "points"))
    scores = {s.stage: s for s in _stage_scores(user, [evaluation.pk]).prefetch_related("criteria")}
    decision = _decisions(user, [evaluation.pk]).order_by("decided_at", "pk").last()
    if decision is not None:
        display.annotate(user, [decision])
    withheld = not access.sees_later_steps(user, evaluation)
    person = PersonStages(evaluation, _cells(evaluation, scores, decision, withheld), decision)
    stages = [SELF, *(s for s in (Stage.REVIEW, Stage.APPRAISAL) if s in scores)]
    by_stage = {stage: {c.code: c for c in scores[stage].criteria.all()} for stage in stages[1:]}
    rows = []
    for criterion in framework.criteria:
        cells = [CriterionCell(self_points.get(criterion.code), present=True)]
        for stage in stages[1:]:
            carried = cells[-1].points
            row = by_stage[stage].get(criterion.code)
            if row is None or row.points is None:
                cells.append(CriterionCell(carried, row.explanation if row else ""))
            else:
                cells.append(
                    CriterionCell(
                        row.points,
                        row.explanation,
                        present=True,
                        changed=row.points != carried,
                    )
                )
        rows.append(CriterionStages(criterion, cells))
    return EvaluationStages(person, [str(s) for s in stages], rows)


def decision_in_force(user, evaluation: Evaluation) -> Decision | None:
    """The decision in force on ``evaluation`` if the user may read it (the official: once
    published), for the evaluation's overview (one query)."""
    return _decisions(user, [evaluation.pk]).order_by("decided_at", "pk").last()
