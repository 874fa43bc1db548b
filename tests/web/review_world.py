"""Steps 3a-3c on top of the personas' world (tests/web/conftest.py), for their test files.

Q3/2026 is open with Phụ lục 5. Extra personas: ``agency`` (assigning agency over the whole
province), ``secretary`` (unit secretary of A). ``official_a`` has two tasks on criterion B.1.2
(scored from tasks in the self-assessment): ``task_unit`` assigned by unit A's leadership,
done on time; ``task_agency`` assigned by the province's agency, done five days late. B.1.6 is
"not applicable", so axis 1 is rescaled. ``submitted(official)`` opens, fills and submits an
evaluation (state ``self_assessed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.evaluations.scoring import rules_for
from danhgia.evaluations.services import RowInput, SelfAssessment, save_draft, submit
from danhgia.organisation.choices import Role
from danhgia.review.sheets import load_sheet
from danhgia.review.stage_points import StageInput
from danhgia.tasks.choices import TaskState
from tests.web import factories as f

from .evaluation_data import filled_values

D = Decimal


@dataclass
class ReviewWorld:
    world: object
    period: object
    evaluation: Evaluation  # official_a's, submitted
    task_unit: object
    task_agency: object

    @property
    def users(self):
        return self.world.users


def rows_for(evaluation: Evaluation, from_tasks: bool = True) -> dict[str, RowInput]:
    """Every criterion filled: targets reached except on axis 3 and B.4.1 (half), levels 1 and 2
    in turn; B.1.2 scored from the person's tasks when ``from_tasks``. The total is about 85:
    HTTNV, away from the bands' edges, so that a change of a few points keeps the band."""
    framework = rules_for(evaluation).framework
    entries = {e.code: e for e in evaluation.entries.all()}
    rows = {}
    for n, (code, value) in enumerate(filled_values(framework).items()):
        if isinstance(value, bool):
            rows[code] = RowInput(met=value)
        elif isinstance(value, int):
            rows[code] = RowInput(level=1 + n % 2)
        elif isinstance(value, str) and not value[0].isdigit():
            rows[code] = RowInput(category=value)
        else:
            rows[code] = RowInput(actual=entries[code].target_low)
    for code in ("B.3.1", "B.3.2", "B.3.3", "B.3.4", "B.3.5", "B.4.1"):
        if code in rows and rows[code].actual is not None:
            rows[code] = RowInput(actual=entries[code].target_low / 2)
    if from_tasks:
        rows["B.1.2"] = RowInput(use_tasks=True)
    return rows


def submitted(
    official, period, approver, *, not_applicable=("B.1.6",), from_tasks=False
) -> Evaluation:
    evaluation = f.make_evaluation(official, period)
    CriterionEntry.objects.filter(evaluation=evaluation, code__in=not_applicable).update(
        not_applicable=True
    )
    from danhgia.evaluations.targets import approve_targets

    f.propose_as_stored(evaluation)
    approve_targets(evaluation, approver)
    evaluation.refresh_from_db()
    rows = rows_for(evaluation, from_tasks)
    save_draft(evaluation, SelfAssessment(rows), evaluation.lock_version, None)
    submit(evaluation, None)
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.SELF_ASSESSED
    return evaluation


def build(world) -> ReviewWorld:
    users = world.users
    period = f.make_evaluation_period(world.unit_a.block)
    users["agency"] = f.make_user("agency", email="agency@example.vn")
    f.assign_role(users["agency"], Role.ASSIGNING_AGENCY, world.root)
    users["secretary"] = f.make_user("secretary")
    f.assign_role(users["secretary"], Role.UNIT_SECRETARY, world.unit_a)
    task_unit = f.make_task(
        world.official_a,
        period,
        world.unit_a,
        users["unit_head"],
        title="Báo cáo quyết toán ngân sách quý II/2026",
        delivered_quantity=D(1),
        completed_on=date(2026, 9, 10),
        state=TaskState.REPORTED,
        is_key=True,
    )
    task_agency = f.make_task(
        world.official_a,
        period,
        world.root,
        users["agency"],
        title="Báo cáo chuyển đổi số quý III",
        delivered_quantity=D(1),
        completed_on=date(2026, 9, 20),
        state=TaskState.REPORTED,
    )
    evaluation = submitted(world.official_a, period, users["unit_head"], from_tasks=True)
    return ReviewWorld(world, period, evaluation, task_unit, task_agency)


def same_points(evaluation: Evaluation, stage: str, changes=None, **extra) -> StageInput:
    """A stage input that keeps the starting points, with ``changes`` (code → points)."""
    sheet = load_sheet(evaluation, stage)
    points = sheet.initial_points()
    points.update({code: D(str(v)) for code, v in (changes or {}).items()})
    return StageInput(points=points, **extra)
