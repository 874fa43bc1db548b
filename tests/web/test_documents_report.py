"""The quarterly report to the centre (SPEC §13.1): counts and shares per rating, per group and
per block, the KHTNV list and who must be replaced (two consecutive KHTNV quarters, the engine's
``summarise_year``), equal to the decisions in force."""

from __future__ import annotations

from collections import Counter

import pytest

from danhgia.decisions.models import Decision
from danhgia.decisions.services import decide, decision_run
from danhgia.documents.quarter_report import build_report
from danhgia.engine import Rating, format_pct, summarise_year
from danhgia.evaluations.models import Evaluation

from . import factories as f
from .decision_data import make_quarter

TOTALS = ("95", "93", "80", "78", "40")


@pytest.fixture
def reported(world):
    quarter = make_quarter(world, totals=TOTALS)
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    weak = quarter.evaluations[-1]
    earlier = f.make_period(quarter=2)
    before = Evaluation.objects.create(
        official=weak.official, period=earlier, framework_version=weak.framework_version
    )
    Decision.objects.create(
        evaluation=before, rating="KHTNV", engine_rating="KHTNV", decided_by=authority
    )
    return quarter


def test_counts_and_shares_equal_the_decisions(world, reported):
    report = build_report(world.users["authority"], reported.period)
    ratings = Counter(
        Decision.objects.filter(evaluation__period=reported.period).values_list("rating", flat=True)
    )
    assert sum(ratings.values()) == 5
    for code in ("HTXSNV", "HTTNV", "HTNV", "KHTNV"):
        assert report.overall.count(code) == ratings[code]
        assert report.overall.share(code) == format_pct(ratings[code], 5)
    assert ratings["KHTNV"] == 1
    [group] = report.by_group
    assert group.by_rating == report.overall.by_rating
    [block] = report.by_block
    assert block.total == 5


def test_the_khtnv_list_and_who_must_be_replaced(world, reported):
    report = build_report(world.users["authority"], reported.period)
    weak = reported.evaluations[-1].official
    assert [p.full_name for p in report.not_completed] == [weak.full_name]
    [person] = report.to_replace
    assert person.full_name == weak.full_name
    assert person.quarters == (None, "KHTNV", "KHTNV")
    assert summarise_year([None, Rating.NOT_COMPLETED, Rating.NOT_COMPLETED]).consecutive_khtnv


def test_one_khtnv_quarter_is_not_a_replacement(world):
    quarter = make_quarter(world, totals=TOTALS)
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    report = build_report(authority, quarter.period)
    assert len(report.not_completed) == 1
    assert report.to_replace == []


def test_scope_and_queries(world, reported, django_assert_max_num_queries):
    assert build_report(world.users["outsider"], reported.period).overall.total == 0
    with django_assert_max_num_queries(6) as counted:
        build_report(world.users["authority"], reported.period)
    for official in f.make_officials(world.unit_a, 20):
        Evaluation.objects.create(
            official=official,
            period=reported.period,
            framework_version=reported.top.framework_version,
        )
    with django_assert_max_num_queries(len(counted.captured_queries)):
        report = build_report(world.users["authority"], reported.period)
    assert report.overall.count("undecided") == 20
