"""A quarter ready for the authority, for the web tests of steps 4 and 5.

Unit A's five members of one comparison group, all appraised (totals 95, 93, 80, 78, 75, so
that 20 % of 5 allows one HTXSNV and the quota cuts the 93), dossiers on time. The persona
``official`` is the 95 (its account has an e-mail address, so that notices can be checked).
Steps 3a-3c are another issue's: the evaluations are put in the ``appraised`` state directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.utils import timezone

from danhgia.dossiers.models import Dossier
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.periods.models import Period
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

from . import factories as f

TOTALS = ("95", "93", "80", "78", "75")
SUBMITTED = datetime(2026, 9, 25, 3, 0, tzinfo=UTC)


@dataclass
class Quarter:
    period: Period
    evaluations: list[Evaluation]

    @property
    def top(self) -> Evaluation:
        return self.evaluations[0]

    @property
    def cut(self) -> Evaluation:
        return self.evaluations[1]


def appraise(evaluation: Evaluation, total: str, *, part_a: str = "30") -> Evaluation:
    """Put an evaluation where the appraisal leaves it (self score = ``total``)."""
    Evaluation.objects.filter(pk=evaluation.pk).update(
        state=EvaluationState.APPRAISED,
        self_part_a=Decimal(part_a),
        self_part_b=Decimal(total) - Decimal(part_a),
        self_total=Decimal(total),
        self_band="",
        self_proposed_rating="",
        submitted_at=SUBMITTED,
        submitted_late=False,
    )
    evaluation.refresh_from_db()
    return evaluation


def dossiers_on_time(period: Period, *units) -> None:
    for unit in units:
        Dossier.objects.get_or_create(
            unit=unit, period=period, defaults={"submitted_at": datetime(2026, 10, 1, tzinfo=UTC)}
        )


def make_quarter(world, *, entries: bool = False, totals=TOTALS) -> Quarter:
    """The five appraised members of unit A (with their criterion rows when ``entries``)."""
    world.users["official"].email = "lan@example.vn"
    world.users["official"].save(update_fields=["email"])
    period = f.make_evaluation_period(world.unit_a.block)
    group = f.make_group()
    people = [world.official_a, world.colleague_a, world.member_a1]
    people += f.make_officials(world.unit_a, len(totals) - 3)
    evaluations = []
    for official, total in zip(people, totals, strict=True):
        official.comparison_group = group
        official.save(update_fields=["comparison_group"])
        if entries:
            evaluation = f.make_evaluation(official, period, approved_by=world.users["unit_head"])
        else:
            evaluation = Evaluation.objects.create(
                official=official, period=period, framework_version=f.framework("lamdong-2026-pl5")
            )
        evaluations.append(appraise(evaluation, total))
    dossiers_on_time(period, world.unit_a, world.division_a1, world.unit_b)
    return Quarter(period, evaluations)


def stage_score(evaluation: Evaluation, stage: Stage, total: str, rating: str, by, **extra):
    total = Decimal(total)
    return StageScore.objects.create(
        evaluation=evaluation,
        stage=stage,
        part_a=Decimal(30),
        part_b=total - 30,
        total=total,
        band=rating,
        proposed_rating=rating,
        by=by,
        **extra,
    )


def decide_post(quarter: Quarter, action: str = "preview", **choices) -> dict:
    """The decision form as posted: every evaluation picked, ``rating_<n>`` / ``reason_<n>``
    for the n-th evaluation of the quarter."""
    data: dict = {"action": action, "pick": [str(e.pk) for e in quarter.evaluations]}
    for key, value in choices.items():
        kind, _sep, index = key.partition("_")
        data[f"{kind}-{quarter.evaluations[int(index)].pk}"] = value
    return data


def now() -> datetime:
    return timezone.now()
