"""The decision page shows one comparison group at a time, picked with counts (issue 9)."""

from __future__ import annotations

from django.urls import reverse

from danhgia.decisions.models import Decision
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation

from . import factories as f
from .decision_data import make_quarter


def _second_group(world, quarter, size: int = 3):
    """``size`` appraised people of unit B in another group (the first of the picker by name)."""
    group = f.make_group("chuyen-vien-cao-cap")
    group.name = "Chuyên viên cao cấp"
    group.save(update_fields=["name"])
    version = f.framework("lamdong-2026-pl5")
    people = f.make_officials(world.unit_b, size)
    for official in people:
        official.comparison_group = group
        official.save(update_fields=["comparison_group"])
    Evaluation.objects.bulk_create(
        Evaluation(
            official=o,
            period=quarter.period,
            framework_version=version,
            state=EvaluationState.APPRAISED,
            self_part_a=30,
            self_part_b=50,
            self_total=80,
        )
        for o in people
    )
    return group


def test_the_page_shows_one_group_with_a_picker_of_all(world, login):
    quarter = make_quarter(world)
    group = _second_group(world, quarter)
    client = login("authority")
    url = reverse("decisions:decide", args=[quarter.period.pk])
    page = client.get(url).content.decode()
    # The first group by name with people waiting: only its three rows, the other one listed.
    assert page.count('name="pick"') == 3
    assert 'id="group-picker"' in page
    assert "Nhóm pho-giam-doc-so" in page and f"?nhom={group.code}" not in page
    assert "?nhom=pho-giam-doc-so" in page
    other = client.get(url, {"nhom": "pho-giam-doc-so"}).content.decode()
    assert other.count('name="pick"') == 5
    assert str(quarter.top.official.full_name) in other
    # The search keeps the groups whose name matches.
    found = client.get(url, {"nhom": group.code, "q": "giam-doc"}).content.decode()
    assert "?nhom=pho-giam-doc-so" in found and found.count('<tr class="row--current"') == 0


def test_an_unknown_group_is_not_found(world, login):
    quarter = make_quarter(world)
    client = login("authority")
    url = reverse("decisions:decide", args=[quarter.period.pk])
    assert client.get(url, {"nhom": "khong-co"}).status_code == 404


def test_deciding_a_group_decides_only_it(world, login):
    quarter = make_quarter(world)
    _second_group(world, quarter)
    client = login("authority")
    url = reverse("decisions:decide", args=[quarter.period.pk])
    data = {"nhom": "pho-giam-doc-so", "pick": [str(e.pk) for e in quarter.evaluations]}
    preview = client.post(url, {**data, "action": "preview"})
    fingerprint = preview.context["fingerprint"]
    response = client.post(url, {**data, "action": "confirm", "fingerprint": fingerprint})
    assert response.status_code == 302
    assert Decision.objects.count() == 5
    assert set(Decision.objects.values_list("group_code", flat=True)) == {"pho-giam-doc-so"}
    waiting = Evaluation.objects.filter(state=EvaluationState.APPRAISED).count()
    assert waiting == 3
    page = client.get(url).content.decode()
    assert page.count('name="pick"') == 3  # the group still waiting comes first now


def test_people_without_a_group_have_their_own_entry(world, login):
    quarter = make_quarter(world)
    loner = quarter.evaluations[4].official
    loner.comparison_group = None
    loner.save(update_fields=["comparison_group"])
    client = login("authority")
    url = reverse("decisions:decide", args=[quarter.period.pk])
    page = client.get(url).content.decode()
    assert page.count('name="pick"') == 4  # the group first
    assert "?nhom=-" in page and "Chưa xếp nhóm so sánh" in page
    alone = client.get(url, {"nhom": "-"}).content.decode()
    assert alone.count('name="pick"') == 1
    assert f'value="{quarter.evaluations[4].pk}"' in alone
