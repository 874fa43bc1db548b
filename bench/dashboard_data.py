"""A history for the dashboards: decided quarters and an open one in progress, for every
official rated every quarter (bench/dashboard_bench.py; also to look at the pages on a demo
database whose quarters are empty).

Usage: DATABASE_URL=… python bench/dashboard_data.py   (after ``manage.py seed_demo``)

Every period but the latest open one is filled as decided (the oldest published): per person
a self, review and appraisal total and the decision in force (a few deferred, a few HTXSNV cut
by the quota, a few heads held accountable), and for the latest decided quarter the
self-assessed points of part B's criteria. The open quarter gets an evaluation per person at
a step of the workflow, some submitted late. Deterministic (seeded per person), written with
``bulk_create`` (the records of a decided quarter are frozen to ``save()``), idempotent: people
who already have an evaluation in a period are left alone.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from danhgia.decisions.models import Accountability, Decision  # noqa: E402
from danhgia.evaluations.choices import EvaluationState as S  # noqa: E402
from danhgia.evaluations.models import CriterionEntry, Evaluation  # noqa: E402
from danhgia.organisation.models import Official  # noqa: E402
from danhgia.periods.choices import PeriodState  # noqa: E402
from danhgia.periods.models import Deadline, Period, PeriodFramework  # noqa: E402
from danhgia.review.choices import Stage  # noqa: E402
from danhgia.review.models import StageScore  # noqa: E402
from danhgia.rules.models import FrameworkVersion  # noqa: E402

BATCH = 5000
OPEN_STATES = [S.DRAFT, S.TARGETS_APPROVED, S.SELF_ASSESSED, S.SELF_ASSESSED, S.VERIFIED,
               S.REVIEWED, S.APPRAISED, S.RETURNED]  # fmt: skip


def _rating(total: int) -> str:
    if total >= 90:
        return "HTXSNV"
    if total >= 70:
        return "HTTNV"
    return "HTNV" if total >= 50 else "KHTNV"


def _versions(period: Period) -> tuple[dict[int, int], int]:
    """Block id → framework version id for the period, and a fallback version."""
    mapping = dict(
        PeriodFramework.objects.filter(period=period).values_list(
            "block_id", "framework_version_id"
        )
    )
    if not mapping:
        for other in PeriodFramework.objects.values_list("block_id", "framework_version_id"):
            mapping.setdefault(*other)
    fallback = (
        next(iter(mapping.values()), None)
        or FrameworkVersion.objects.filter(status="valid").values_list("pk", flat=True).first()
    )
    return mapping, fallback


def ensure_history(quarters: int = 2) -> None:
    """At least ``quarters`` periods before the open one: earlier quarters are opened under the
    earliest period's policy and closed (a year-end needs more than one quarter)."""
    from danhgia.periods.services import open_period

    periods = list(Period.objects.order_by("year", "quarter"))
    if not periods:
        return
    while len(periods) < quarters + 1:
        first = periods[0]
        year, quarter = (
            (first.year, first.quarter - 1) if first.quarter > 1 else (first.year - 1, 4)
        )
        period = open_period(year, quarter, first.policy_version)
        for block_id, version_id in PeriodFramework.objects.filter(period=first).values_list(
            "block_id", "framework_version_id"
        ):
            PeriodFramework.objects.create(
                period=period, block_id=block_id, framework_version_id=version_id
            )
        Period.objects.filter(pk=period.pk).update(state=PeriodState.CLOSED)
        periods.insert(0, period)


def fill(verbose: bool = True) -> None:
    actor = (
        get_user_model().objects.filter(is_superuser=True).first()
        or get_user_model().objects.first()
    )
    people = list(
        Official.objects.filter(rated_quarterly=True).values_list("pk", "unit_id", "unit__block_id")
    )
    heads = dict(Official.objects.filter(leadership_role="head").values_list("unit_id", "pk"))
    periods = list(Period.objects.order_by("year", "quarter"))
    open_period = next((p for p in reversed(periods) if p.state == PeriodState.OPEN), None)
    decided = [p for p in periods if p != open_period]
    with transaction.atomic():
        for index, period in enumerate(decided):
            _fill_decided(period, people, heads, actor, latest=index == len(decided) - 1,
                          published=index < len(decided) - 1)  # fmt: skip
            if verbose:
                print(f"{period}: quyết định cho {len(people)} người")
        if open_period is not None:
            _fill_open(open_period, people)
            if verbose:
                print(f"{open_period}: đang mở, {len(people)} người")


def _fill_decided(period, people, heads, actor, *, latest: bool, published: bool) -> None:
    have = set(Evaluation.objects.filter(period=period).values_list("official_id", flat=True))
    mapping, fallback = _versions(period)
    due = (
        Deadline.objects.filter(period=period, key="self_assessment")
        .values_list("due_date", flat=True)
        .first()
    )
    submitted = datetime(due.year, due.month, due.day, 2, tzinfo=UTC) if due else datetime.now(UTC)
    plans, evaluations = [], []
    for pk, unit_id, block_id in people:
        if pk in have:
            continue
        rng = random.Random(pk * 7919 + period.year * 10 + period.quarter)
        total = max(30, min(99, round(rng.gauss(84, 8))))
        if rng.random() < 0.04 or (pk % 97 == 0):  # a few KHTNV, some of them two in a row
            total = 35 + pk % 14
        rating = "DEFERRED" if rng.random() < 0.02 else _rating(total)
        cut = rating == "HTXSNV" and rng.random() < 0.3
        late = rating != "DEFERRED" and rng.random() < 0.1
        plans.append((pk, unit_id, total, rating, cut, rng.randint(0, 6), rng.randint(0, 3), rng))
        evaluations.append(Evaluation(
            official_id=pk, period=period, framework_version_id=mapping.get(block_id, fallback),
            state=S.PUBLISHED if published else S.DECIDED,
            deferral_case="training" if rating == "DEFERRED" else "",
            self_total=None if rating == "DEFERRED" else Decimal(min(100, total + plans[-1][5])),
            submitted_at=None if rating == "DEFERRED"
            else submitted + timedelta(days=3 if late else -2),
            submitted_late=late,
        ))  # fmt: skip
    evaluations = Evaluation.objects.bulk_create(evaluations, batch_size=BATCH)
    stages, decisions = [], []
    for e, (_pk, _unit, total, rating, cut, _up, review_up, _rng) in zip(
        evaluations, plans, strict=True
    ):
        if rating == "DEFERRED":
            decisions.append(
                Decision(evaluation=e, rating=rating, engine_rating=rating, decided_by=actor)
            )
            continue
        for stage, value in ((Stage.REVIEW, total + review_up), (Stage.APPRAISAL, total)):
            value = Decimal(min(100, value))
            stages.append(
                StageScore(
                    evaluation=e,
                    stage=stage,
                    part_a=Decimal(30),
                    part_b=value - 30,
                    total=value,
                    band=_rating(int(value)),
                    proposed_rating=_rating(int(value)),
                    by=actor,
                )
            )
        reasons = [{"code": "band", "params": {"total": str(total), "rating": _rating(total)}}]
        final = rating
        if cut:
            final = "HTTNV"
            reasons.append(
                {
                    "code": "quota_cut",
                    "params": {
                        "group": "g",
                        "allowed": 1,
                        "base": 5,
                        "pct": "20",
                        "rating": "HTTNV",
                    },
                }
            )
        decisions.append(
            Decision(
                evaluation=e,
                rating=final,
                engine_rating=final,
                total=Decimal(total),
                reasons=reasons,
                decided_by=actor,
            )
        )
    StageScore.objects.bulk_create(stages, batch_size=BATCH)
    decisions = Decision.objects.bulk_create(decisions, batch_size=BATCH)
    records = []
    for d, (pk, unit_id, *_rest) in zip(decisions, plans, strict=True):
        head = heads.get(unit_id)
        if d.rating == "KHTNV" and head and head != pk and random.Random(pk).random() < 0.5:
            records.append(
                Accountability(
                    decision=d,
                    head_id=head,
                    proposed_rating="HTTNV",
                    decided_rating="KHTNV",
                    note="Đề xuất cao hơn mức được quyết định",
                )
            )
    Accountability.objects.bulk_create(records, batch_size=BATCH)
    if latest:
        _entries(evaluations, plans)


def _entries(evaluations, plans) -> None:
    versions = {
        v.pk: v.load()
        for v in FrameworkVersion.objects.filter(
            pk__in={e.framework_version_id for e in evaluations}
        )
    }
    rows = []
    for e, plan in zip(evaluations, plans, strict=True):
        if plan[3] == "DEFERRED":
            continue
        rng = plan[7]
        for c in versions[e.framework_version_id].criteria:
            share = Decimal(max(0, min(100, plan[2] + rng.randint(-15, 8)))) / 100
            rows.append(
                CriterionEntry(
                    evaluation=e, code=c.code, points=(c.max * share).quantize(Decimal("0.01"))
                )
            )
        if len(rows) >= BATCH * 4:
            CriterionEntry.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    CriterionEntry.objects.bulk_create(rows, batch_size=BATCH)


def _fill_open(period, people) -> None:
    have = set(Evaluation.objects.filter(period=period).values_list("official_id", flat=True))
    mapping, fallback = _versions(period)
    due = (
        Deadline.objects.filter(period=period, key="self_assessment")
        .values_list("due_date", flat=True)
        .first()
    )
    submitted = datetime(due.year, due.month, due.day, 2, tzinfo=UTC) if due else datetime.now(UTC)
    rows = []
    for pk, _unit_id, block_id in people:
        rng = random.Random(pk * 104729 + period.quarter)
        if pk in have or rng.random() < 0.05:  # a few with no evaluation opened yet
            continue
        state = rng.choice(OPEN_STATES)
        sent = state not in (S.DRAFT, S.TARGETS_APPROVED)
        late = sent and rng.random() < 0.15
        rows.append(Evaluation(
            official_id=pk, period=period, framework_version_id=mapping.get(block_id, fallback),
            state=state,
            self_total=Decimal(rng.randint(70, 98)) if sent else None,
            submitted_at=submitted + timedelta(days=2 if late else -3) if sent else None,
            submitted_late=late if sent else None,
        ))  # fmt: skip
    Evaluation.objects.bulk_create(rows, batch_size=BATCH)


if __name__ == "__main__":
    ensure_history()
    fill()
