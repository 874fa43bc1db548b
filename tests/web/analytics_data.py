"""A province with history for the dashboards and the year-end view (SPEC §13.3).

The personas' world (tests/web/conftest.py) with three quarters of 2026: Q1 decided and
published, Q2 decided (not yet published), Q3 open. Every figure the tests check is written
here as plain data (``PLAN``, ``OPEN``), so that a test recomputes it in plain Python.

Comparison groups: A's people are in group "g-a", B's in "g-b". Q2's member_a1 was HTXSNV by
the rules and cut by the quota (a ``quota_cut`` reason); head_a is accountable for colleague_a's
Q2 decision (proposed HTTNV, decided KHTNV).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from danhgia.decisions.models import Accountability, Decision
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.periods.models import Deadline
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

from . import factories as f

FRAMEWORK = "lamdong-2026-pl5"
PEOPLE = ("official_a", "head_a", "colleague_a", "member_a1", "outsider_b")
#: person → per decided quarter (rating, decided total, self total, review total, appraisal total)
PLAN = {
    "official_a": [("HTXSNV", "92", "94", "93", "92"), ("HTXSNV", "95", "96", "95", "95")],
    "head_a": [("HTTNV", "85", "90", "88", "85"), ("KHTNV", "45", "70", "60", "45")],
    "colleague_a": [("KHTNV", "48", "75", "60", "48"), ("KHTNV", "40", "72", "55", "40")],
    "member_a1": [("HTNV", "72", "74", "73", "72"), ("HTTNV", "91", "93", "92", "91")],
    "outsider_b": [("HTTNV", "84", "86", "85", "84"), ("DEFERRED", None, None, None, None)],
}
QUOTA_CUT = ("member_a1", 1)  # (person, quarter index): HTXSNV by the rules, cut by the quota
ACCOUNTABLE = ("colleague_a", 1, "head_a")  # the decision, and the head held accountable
#: the open quarter: person → (state, submitted on, late)
OPEN = {
    "official_a": (EvaluationState.SELF_ASSESSED, date(2026, 9, 20), False),
    "head_a": (EvaluationState.DRAFT, None, None),
    "colleague_a": (EvaluationState.TARGETS_APPROVED, None, None),
    "member_a1": (EvaluationState.SELF_ASSESSED, date(2026, 10, 3), True),
}  # outsider_b has no evaluation opened
#: self-assessed points of each part B criterion, as a share of its max, per person (Q2)
AXIS_SHARE = {"official_a": Decimal("0.9"), "head_a": Decimal("0.5"),
              "colleague_a": Decimal("0.6"), "member_a1": Decimal("0.8"),
              "outsider_b": Decimal("1")}  # fmt: skip


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)


def build(world) -> dict:
    """Create the three quarters; returns {"periods": [...], "evaluations": {(person, i): e}}."""
    block = world.unit_a.block
    authority = world.users["authority"]
    groups = {"a": f.make_group("g-a"), "b": f.make_group("g-b")}
    for name in PEOPLE:
        person = getattr(world, name)
        person.comparison_group = groups["b" if name == "outsider_b" else "a"]
        person.save(update_fields=["comparison_group"])
    periods = [f.make_evaluation_period(block, FRAMEWORK, quarter=q) for q in (1, 2, 3)]
    version = f.framework(FRAMEWORK)
    framework = version.load()
    part_b = [c for c in framework.criteria if c.part == "B"]
    evaluations = {}
    for name, quarters in PLAN.items():
        person = getattr(world, name)
        for index, (rating, total, self_total, review, appraisal) in enumerate(quarters):
            e = Evaluation.objects.create(
                official=person, period=periods[index], framework_version=version,
                state=EvaluationState.APPRAISED,
                self_total=_d(self_total), submitted_at=_at(date(2026, 3 * index + 3, 20)),
                submitted_late=False,
            )  # fmt: skip
            evaluations[(name, index)] = e
            for stage, value in ((Stage.REVIEW, review), (Stage.APPRAISAL, appraisal)):
                if value is not None:
                    StageScore.objects.create(
                        evaluation=e, stage=stage, part_a=Decimal(30),
                        part_b=Decimal(value) - 30, total=Decimal(value), band=rating,
                        proposed_rating=rating, by=authority,
                    )  # fmt: skip
            reasons = []
            if (name, index) == QUOTA_CUT:
                reasons = [{"code": "quota_cut", "params": {"group": "g-a", "allowed": 1,
                            "base": 4, "pct": "20", "rating": "HTTNV"}}]  # fmt: skip
            decision = Decision.objects.create(
                evaluation=e, rating=rating, engine_rating=rating, total=_d(total),
                reasons=reasons, decided_by=authority, group_code="g",
            )  # fmt: skip
            if (name, index) == ACCOUNTABLE[:2]:
                Accountability.objects.create(
                    decision=decision, head=getattr(world, ACCOUNTABLE[2]),
                    proposed_rating="HTTNV", decided_rating=rating, note="Đề xuất cao hơn",
                )  # fmt: skip
            if index == 1 and self_total is not None:
                CriterionEntry.objects.bulk_create(
                    CriterionEntry(evaluation=e, code=c.code, points=c.max * AXIS_SHARE[name])
                    for c in part_b
                )
    # Decided records are frozen: the states are set last, as the services leave them.
    for index, state in ((0, EvaluationState.PUBLISHED), (1, EvaluationState.DECIDED)):
        Evaluation.objects.filter(period=periods[index]).update(state=state)
    for name, (state, submitted, late) in OPEN.items():
        evaluations[(name, 2)] = Evaluation.objects.create(
            official=getattr(world, name), period=periods[2], framework_version=version,
            state=state, submitted_at=_at(submitted) if submitted else None, submitted_late=late,
        )  # fmt: skip
    # The open quarter's deadlines: self-assessment 30/09/2026, dossier 02/10/2026 (policy).
    assert Deadline.objects.get(period=periods[2], key="self_assessment").due_date == date(
        2026, 9, 30
    )
    return {"periods": periods, "evaluations": evaluations, "framework": framework}


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)
