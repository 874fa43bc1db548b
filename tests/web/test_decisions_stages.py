"""Every stage side by side: self, unit leadership, appraisal and decision, per person and per
criterion, with what a stage changed marked (SPEC §6, §13)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from danhgia.decisions.publication import publish
from danhgia.decisions.services import decide, decision_run
from danhgia.decisions.stages import evaluation_stages, people_stages
from danhgia.review.choices import Stage
from danhgia.review.models import StageCriterionScore

from .decision_data import make_quarter, stage_score


@pytest.fixture
def quarter(world):
    quarter = make_quarter(world, entries=True)
    evaluation = quarter.top  # self 95
    evaluation.entries.filter(code="B.1.1").update(points=Decimal("5.00"))
    review = stage_score(evaluation, Stage.REVIEW, "93", "HTXSNV", world.users["unit_head"])
    StageCriterionScore.objects.create(
        stage_score=review, code="B.1.1", points=Decimal("3.00"), explanation="Chỉ đạt 3/5"
    )
    stage_score(evaluation, Stage.APPRAISAL, "91", "HTXSNV", world.users["appraiser"])
    return quarter


def test_a_person_shows_each_stage_and_its_change(world, quarter):
    [row] = people_stages(world.users["authority"], [quarter.top])
    cells = {c.stage: c for c in row.cells}
    assert cells["self"].total == Decimal(95)
    assert cells["review"].delta == Decimal(-2)
    assert cells["appraisal"].delta == Decimal(-2)
    assert not cells["decision"].present
    assert row.differs and row.gap == Decimal(-4)


def test_the_decided_rating_joins_the_row_once_decided(world, quarter):
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    [row] = people_stages(authority, [quarter.top])
    decided = row.cells[-1]
    assert decided.present and decided.total == Decimal(91)  # the appraisal's counted
    assert decided.rating == "HTTNV"  # the quota keeps its one HTXSNV for the 93
    assert decided.rating_changed  # the appraisal proposed HTXSNV


def test_criteria_changed_by_a_stage_are_marked_and_the_others_carried(world, quarter):
    stages = evaluation_stages(world.users["authority"], quarter.top)
    assert stages.stages == ["self", "review", "appraisal"]
    row = next(r for r in stages.rows if r.criterion.code == "B.1.1")
    self_cell, review_cell, appraisal_cell = row.cells
    assert (self_cell.points, review_cell.points) == (Decimal(5), Decimal(3))
    assert review_cell.changed and review_cell.explanation == "Chỉ đạt 3/5"
    assert appraisal_cell.points == Decimal(3) and not appraisal_cell.present  # carried
    assert stages.changed_count == 1


def test_the_pages_highlight_the_differences(world, login, quarter):
    client = login("authority")
    page = client.get(reverse("decisions:stages"), {"ky": quarter.period.pk}).content.decode()
    assert "-2,00" in page and "diff--down" in page
    assert page.count("row--differs") == 1
    detail = client.get(reverse("decisions:stages_detail", args=[quarter.top.pk])).content.decode()
    assert "Chỉ đạt 3/5" in detail
    assert 'id="crit-b11" class="row--differs"' in detail


def test_an_official_reads_their_own_stages_only_once_published(world, login, quarter):
    client = login("official")
    url = reverse("decisions:stages_detail", args=[quarter.top.pk])
    page = client.get(url).content.decode()
    assert "Chỉ đạt 3/5" not in page and "93,00" not in page
    listing = client.get(reverse("decisions:stages"), {"ky": quarter.period.pk}).content.decode()
    assert "Lê Văn Đồng" not in listing  # a colleague's evaluation is never shown
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    publish(quarter.period, world.root, authority)
    page = client.get(url).content.decode()
    assert "Chỉ đạt 3/5" in page and "93,00" in page


def test_before_publication_the_official_reads_done_stages_as_not_public_yet(world, login, quarter):
    """D9: a step done but hidden from the official is not "Chưa thực hiện"."""
    client = login("official")
    url = reverse("decisions:stages_detail", args=[quarter.top.pk])
    page = client.get(url).content.decode()  # appraised: review and appraisal done
    assert page.count("Đã thực hiện, chưa công khai") == 2
    assert page.count("Chưa thực hiện") == 1  # the decision
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    page = client.get(url).content.decode()
    assert page.count("Đã thực hiện, chưa công khai") == 3
    assert "Chưa thực hiện" not in page
    listing = client.get(reverse("decisions:stages"), {"ky": quarter.period.pk}).content.decode()
    assert listing.count("Chưa công khai") == 3
    # the authority reads every stage: nothing is withheld from them
    page = login("authority").get(url).content.decode()
    assert "chưa công khai" not in page


def test_after_publication_the_official_reads_her_rating_on_home_and_overview(
    world, login, quarter
):
    """D9: the home card and the evaluation's overview say the rating decided, once published."""
    client = login("official")
    overview = reverse("evaluations:detail", args=[quarter.top.pk])
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    page = client.get(overview).content.decode()
    assert "Kết quả xếp loại" not in page  # decided, not published
    assert "kết quả hiện ở đây khi được công khai" in page
    publish(quarter.period, world.root, authority)
    page = client.get(overview).content.decode()
    assert 'id="decided-result"' in page
    result = page[page.index('id="decided-result"') :]
    result = result[: result.index("</section>")]
    assert 'title="HTTNV"' in result and "91,00" in result
    home = client.get("/").content.decode()
    card = home[home.index("home__self") :]
    card = card[: card.index("</section>")]
    assert "Đã công khai" in card
    assert "Tổng điểm được quyết định" in card and "91,00" in card
    assert 'title="HTTNV"' in card
