"""A stage's own points (review, appraisal): totals, the explanation rule, saving (SPEC §6, §11).

The unit leadership and then the appraiser see the points of the stage before and set their own
per criterion. Totals are computed on the server the way the engine adds a form up (SPEC §7.2,
§15): part A is the sum of its rows; part B the sum of the axes, an axis with rows "not
applicable" being rescaled to its maximum (Σ applicable points × axis max ÷ Σ applicable max,
rounded half-up to the policy's decimals). Every number is a ``Decimal``.

Where a stage starts from:
- review: the self-assessment recomputed with the factors the assigning agencies confirmed
  (``scoring.score_rows`` over the stored rows and the tasks as they are now); the stored self
  points stay as submitted;
- appraisal: the review's points (the self-assessment's when the unit recorded none).

An explanation is required for a criterion whose points move by at least the policy's
``explanation.points_change`` from where the stage started, and, when the policy's
``explanation.rating_change`` is on, for every changed criterion once the changes alter the
band; a proposed rating different from the previous stage's needs a general explanation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.engine import (
    band_changed,
    check_stage_points,
    explanations_required,
    proposal_explanation,
    proposal_needs_explanation,
    render_reason,
)
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.scoring import (
    POINTS_PLACES,
)
from danhgia.evaluations.workflow import (
    APPRAISAL,
    REVIEW,
    ReviewError,
    Step,
    complete,
    require_open,
    require_step,
    take,
)
from danhgia.rules.choices import RatingLevel

from .choices import Stage
from .models import StageCriterionScore, StageScore
from .sheets import Sheet, Totals, load_sheet, totals

#: the step each stage belongs to, and the audit action of its completion
STAGE_STEPS: dict[str, Step] = {Stage.REVIEW: REVIEW, Stage.APPRAISAL: APPRAISAL}
COMPLETION_ACTIONS = {
    Stage.REVIEW: AuditAction.EVALUATION_REVIEWED,
    Stage.APPRAISAL: AuditAction.EVALUATION_APPRAISED,
}


class StageInvalid(ReviewError):
    """The stage's points were refused; ``by_code`` holds the messages of each criterion."""

    def __init__(self, messages, by_code: Mapping[str, list[str]] | None = None) -> None:
        super().__init__(messages)
        self.by_code = dict(by_code or {})


# --- Checking what a stage entered ---------------------------------------------------------------


@dataclass(frozen=True)
class StageInput:
    """What a reviewer or appraiser entered: points and explanations per criterion."""

    points: Mapping[str, Decimal | None]
    explanations: Mapping[str, str] = field(default_factory=dict)
    proposed_rating: str = ""
    comment: str = ""
    explanation: str = ""


def _entered(sheet: Sheet, data: StageInput) -> dict[str, Decimal | None]:
    return {
        c.code: None if c.code in sheet.not_applicable else data.points.get(c.code)
        for c in sheet.framework.criteria
    }


def point_problems(sheet: Sheet, data: StageInput) -> dict[str, list[str]]:
    """The engine's refusals of the entered points, per criterion, in Vietnamese (the save
    refuses them; the live recalculation shows them as one types)."""
    problems = check_stage_points(
        sheet.framework, sheet.policy, _entered(sheet, data), sheet.not_applicable
    )
    return {
        code: [f"{code}: {render_reason(p)}" for p in found] for code, found in problems.items()
    }


def check(sheet: Sheet, data: StageInput) -> tuple[dict[str, Decimal | None], Totals, str]:
    """Validate the entered points; returns (points, totals, proposed rating) or raises.

    The rules are the engine's: valid points (``check_stage_points``), when an explanation is
    required (``explanations_required``, ``proposal_needs_explanation``); the messages are its
    Vietnamese (``render_reason``), each naming the criterion.
    """
    framework, policy = sheet.framework, sheet.policy
    points = _entered(sheet, data)
    by_code = point_problems(sheet, data)
    if by_code:
        raise StageInvalid(
            [_("Chưa lưu: điểm của một số tiêu chí chưa hợp lệ:")]
            + [m for messages in by_code.values() for m in messages],
            by_code,
        )
    points = {code: None if v is None else v.quantize(POINTS_PLACES) for code, v in points.items()}
    result = totals(framework, policy, points, sheet.not_applicable)
    base = sheet.baseline
    required = explanations_required(
        framework, policy, base.points, points, band_changed(base.totals, result)
    )
    by_code = {
        code: [render_reason(reason)]
        for code, reason in required.items()
        if not data.explanations.get(code, "").strip()
    }
    proposed = data.proposed_rating or (result.band.value if result.band else "")
    if proposed and proposed not in RatingLevel.values:
        raise ReviewError(_("Mức đề xuất xếp loại không hợp lệ."))
    general = []
    if proposal_needs_explanation(policy, base.proposed_rating, proposed) and not (
        data.explanation.strip()
    ):
        general.append(render_reason(proposal_explanation(base.proposed_rating, proposed)))
    if by_code or general:
        raise StageInvalid(
            general + [m for messages in by_code.values() for m in messages], by_code
        )
    return points, result, proposed


# --- Saving -----------------------------------------------------------------------------------


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def save_stage(
    evaluation: Evaluation,
    stage: str,
    data: StageInput,
    user,
    *,
    lock_version: int | None = None,
    finish: bool = False,
) -> StageScore:
    """Save the stage's points (and, with ``finish``, complete the step) in one transaction.

    Writes ``stage.score_changed`` with what changed; a completion writes only
    ``evaluation.reviewed`` / ``evaluation.appraised``, with what changed in the same entry.
    """
    step = STAGE_STEPS[stage]
    require_step(evaluation, step, _("chấm điểm ở bước này"))
    access.require_owner(user, evaluation, step)
    require_open(evaluation.period)
    sheet = load_sheet(evaluation, stage)
    points, result, proposed = check(sheet, data)
    with transaction.atomic():
        take(evaluation, lock_version)
        score = StageScore.objects.filter(evaluation=evaluation, stage=stage).first()
        before_rows = (
            {c.code: (c.points, c.explanation) for c in score.criteria.all()} if score else {}
        )
        before = (
            {
                "total": _text(score.total),
                "proposed_rating": score.proposed_rating,
                "comment": score.comment,
                "explanation": score.explanation,
            }
            if score
            else {}
        )
        if score is None:
            score = StageScore(evaluation=evaluation, stage=stage)
        score.part_a = result.part_a
        score.part_b = result.part_b
        score.total = result.total
        score.band = result.band.value
        score.proposed_rating = proposed
        score.comment = data.comment.strip()
        score.explanation = data.explanation.strip()
        score.by = user
        score.save()
        rows, new_rows = [], []
        existing = {c.code: c for c in score.criteria.all()} if before_rows else {}
        changed_before, changed_after = {}, {}
        for criterion in sheet.framework.criteria:
            code = criterion.code
            explanation = data.explanations.get(code, "").strip()
            value = points[code]
            old = before_rows.get(code)
            if old is not None and old == (value, explanation):
                continue
            base = sheet.baseline.points.get(code)
            changed_before[code] = _text(old[0] if old else base)
            changed_after[code] = _text(value)
            row = existing.get(code)
            if row is None:
                new_rows.append(
                    StageCriterionScore(
                        stage_score=score, code=code, points=value, explanation=explanation
                    )
                )
            else:
                row.points, row.explanation = value, explanation
                rows.append(row)
        StageCriterionScore.objects.bulk_update(rows, ["points", "explanation"])
        StageCriterionScore.objects.bulk_create(new_rows)
        after = {
            "total": _text(score.total),
            "proposed_rating": score.proposed_rating,
            "comment": score.comment,
            "explanation": score.explanation,
        }
        changes = {k for k in after if before.get(k) != after[k]}
        score_before = {"stage": stage, **{k: before.get(k) for k in changes}, **changed_before}
        score_after = {"stage": stage, **{k: after[k] for k in changes}, **changed_after}
        if finish:
            # one action, one entry (decisions.md "One action, one row"): the points changed
            # on completing are in the completion's entry, not in a second one beside it
            complete(
                evaluation,
                step,
                user,
                COMPLETION_ACTIONS[stage],
                before=score_before,
                after={
                    **score_after,
                    "total": _text(score.total),
                    "band": score.band,
                    "proposed_rating": score.proposed_rating,
                },
            )
        elif changed_after or changes:
            log_action(
                user,
                AuditAction.STAGE_SCORE_CHANGED,
                evaluation,
                before=score_before,
                after=score_after,
                note=str(Stage(stage).label),
            )
    return score
