"""Party-committee members without a professional post are not rated quarterly (SPEC §9)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from danhgia.decisions.rating import run_rating
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from tests.web import factories as f


@pytest.fixture
def member(world):
    """A colleague of the unit marked as a committee member without a professional post."""
    world.colleague_a.rated_quarterly = False
    world.colleague_a.save()
    return world.colleague_a


def test_the_officials_list_marks_them_and_filters_on_it(world, login, member):
    client = login("unit_head")
    page = client.get(reverse("organisation:official_list")).content.decode()
    assert "Không đánh giá hằng quý (cấp ủy viên không chuyên trách)" in page
    only = client.get(reverse("organisation:official_list"), {"rated_quarterly": "no"})
    names = [o.full_name for o in only.context["page"].object_list]
    assert names == [member.full_name]
    rated = client.get(reverse("organisation:official_list"), {"rated_quarterly": "yes"})
    assert member.full_name not in [o.full_name for o in rated.context["page"].object_list]
    assert world.official_a.full_name in [o.full_name for o in rated.context["page"].object_list]


def test_the_rating_run_leaves_them_out(world, member):
    period = f.make_period()
    rated, marked = (
        Evaluation.objects.create(
            official=official,
            period=period,
            framework_version=f.framework("lamdong-2026-pl5"),
            state=EvaluationState.SELF_ASSESSED,
            self_total=Decimal(85),
        )
        for official in (world.official_a, member)
    )
    run = run_rating(period, Evaluation.objects.all())
    assert [p.evaluation for p in run.proposals] == [rated]
    assert run.not_rated_quarterly == [marked]
    assert marked not in run.not_ready
