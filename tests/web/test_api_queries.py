"""The API's lists need the same number of queries for 5 rows as for 50 (issue 14, item 5):
related records come with ``select_related`` / ``prefetch_related``, never one query a row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danhgia.api.tokens import create_token
from danhgia.decisions.models import Decision, Publication
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.periods.models import Period
from danhgia.review.choices import Stage
from danhgia.review.models import StageCriterionScore, StageScore
from danhgia.tasks.models import CollectiveResult
from tests.web import factories as f

ENDPOINTS = [
    "units",
    "officials",
    "comparison-groups",
    "periods",
    "evaluations",
    "tasks",
    "collective-results",
    "decisions",
    "publications",
]


def _grow(world, period: Period, count: int) -> None:
    """``count`` more of everything the lists show, in unit A (seen by the appraiser)."""
    appraiser = world.users["appraiser"]
    version = f.framework("lamdong-2026-pl5")
    for n in range(count):
        # each in a division of its own: a decision freezes the tasks of its unit and above
        unit = f.make_unit(f"phong-{Period.objects.count()}-{n}", world.unit_a, world.unit_a.block)
        (official,) = f.make_officials(unit, 1)
        f.make_group(f"nhom-{official.code}".lower())
        f.make_task(official, period, world.unit_a, world.users["unit_head"])
        CollectiveResult.objects.create(unit=unit, period=period, highlights=f"{n}")
        evaluation = Evaluation.objects.create(
            official=official, period=period, framework_version=version, state="appraised"
        )
        CriterionEntry.objects.bulk_create(
            CriterionEntry(evaluation=evaluation, code=code, met=True)
            for code in ("A.1.1", "A.1.2")
        )
        stage = StageScore.objects.create(
            evaluation=evaluation, stage=Stage.APPRAISAL, part_a=Decimal(30), part_b=Decimal(50),
            total=Decimal(80), band="HTTNV", proposed_rating="HTTNV", by=appraiser,
        )  # fmt: skip
        StageCriterionScore.objects.create(stage_score=stage, code="A.1.1", points=Decimal(2))
        Decision.objects.create(
            evaluation=evaluation, rating="HTTNV", engine_rating="HTTNV", total=Decimal(80),
            decided_by=world.users["authority"],
        )  # fmt: skip
        Evaluation.objects.filter(pk=evaluation.pk).update(state="decided")  # as decide() does
        Publication.objects.create(period=period, unit=unit, published_by=world.users["authority"])
        made = Period.objects.filter(year__lt=2020).count()
        f.make_period(year=2000 + made // 4, quarter=made % 4 + 1)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_list_needs_the_same_queries_for_5_and_50_rows(
    world, endpoint, django_assert_max_num_queries
):
    period = f.make_evaluation_period(world.unit_a.block)
    _token, raw = create_token(world.users["appraiser"], "đo")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/{endpoint}/?page_size=100"
    _grow(world, period, 5)
    client.get(url)  # the token's last use is written once a minute: not in the counts
    with CaptureQueriesContext(connection) as small:
        first = client.get(url)
    assert first.status_code == 200
    _grow(world, period, 45)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.json()["count"] >= first.json()["count"] + 45
    if endpoint == "evaluations":  # with the rows and the stage scores the appraiser sees
        row = response.json()["results"][-1]
        assert [e["code"] for e in row["entries"]] == ["A.1.1", "A.1.2"]
        assert row["stages"][0]["criteria"] == [{"code": "A.1.1", "points": 2, "explanation": ""}]
