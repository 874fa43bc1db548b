"""The review index counts each unit's own people (walk of 05/12/2026): a parent's row counted
its sub-units' people too while they were listed on their own rows, the same people twice."""

import re

from django.urls import reverse

from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation

from . import factories as f


def _row(page: str, name: str) -> list[str]:
    table = page.split('id="appraisal-units"')[1].split("</table>")[0]
    row = next(r for r in table.split("<tr>") if f">{name}</a>" in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells]


def test_a_parent_row_counts_its_own_people_and_labels_the_subtree_total(world, login):
    period = f.make_evaluation_period(world.unit_a.block)
    own = f.make_officials(world.unit_a, 2)
    below = f.make_officials(world.division_a1, 3)
    for person in [*own, *below]:
        f.make_evaluation(person, period)
    Evaluation.objects.filter(period=period, official__in=[*own, *below]).update(
        state=EvaluationState.REVIEWED
    )
    Evaluation.objects.filter(period=period, official=below[0]).update(
        state=EvaluationState.APPRAISED
    )
    page = login("appraiser").get(reverse("review:review_index"), {"ky": period.pk})
    page = page.content.decode()
    parent = _row(page, world.unit_a.name)
    assert parent[2:] == [
        "2 tính cả đơn vị trực thuộc: 4",
        "0 tính cả đơn vị trực thuộc: 1",
    ]
    assert _row(page, world.division_a1.name)[2:] == ["2", "1"]
    assert "Số người của chính đơn vị." in page


def test_sub_units_are_indented_under_their_unit(world, login):
    """The appraiser's list is in tree order: a division reads as part of its department."""
    period = f.make_evaluation_period(world.unit_a.block)
    for unit in (world.unit_a, world.division_a1):
        person = f.make_officials(unit, 1)[0]
        f.make_evaluation(person, period)
    Evaluation.objects.filter(period=period).update(state=EvaluationState.REVIEWED)
    page = login("appraiser").get(reverse("review:review_index"), {"ky": period.pk})
    table = page.content.decode().split('id="appraisal-units"')[1].split("</table>")[0]
    indent = {
        name: int(level)
        for level, name in re.findall(r'tree__name--(\d+)"><a [^>]*>([^<]+)</a>', table)
    }
    assert indent[world.division_a1.name] == indent[world.unit_a.name] + 1
