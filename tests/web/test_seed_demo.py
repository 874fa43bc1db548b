"""The demo data of the quick start (issue item 5)."""

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from danhgia import access
from danhgia.core import demo_data
from danhgia.core.demo import seed_demo
from danhgia.organisation.choices import LeadershipRole, Role
from danhgia.organisation.models import Block, Official, Unit
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period
from tests.demo_day import STORY_TODAY
from tests.web import once


def _seed(request):
    report = seed_demo(today=STORY_TODAY)
    assert report.created
    return report


# The full province is seeded once for the module (tests/web/once.py); each test reads its copy.
shared_province = once.module_world(_seed)


@pytest.fixture
def province(request, shared_province, db, tmp_path):
    yield from once.fresh_copy(request, shared_province, tmp_path)


def test_the_full_province_has_the_real_block_structure(province):
    assert list(Block.objects.values_list("framework_code", flat=True)) == [
        code for _c, _n, code in demo_data.BLOCKS
    ]
    communes = Unit.objects.filter(block__code="xa-phuong", parent__code=demo_data.PROVINCE_CODE)
    assert communes.count() >= 20
    departments = Unit.objects.filter(block__code="so-nganh", parent__code=demo_data.PROVINCE_CODE)
    assert departments.count() >= 8
    for code in ("ban-to-chuc", "ban-tuyen-giao-dan-van", "ubkt-tinh-uy", "van-phong-tinh-uy"):
        assert Unit.objects.get(code=code).block.code == "tham-muu"
    assert 550 <= province.counts["officials"] <= 650


def test_the_people_are_plausible(province):
    people = list(Official.objects.all())
    minority = sum(p.ethnic_minority for p in people) / len(people)
    women = sum(p.gender == "female" for p in people) / len(people)
    assert 0.10 <= minority <= 0.20
    assert 0.2 <= women <= 0.45
    for person in people:
        assert person.date_of_birth < person.service_start < person.expected_retirement
        assert person.expected_retirement.year >= 2027
        assert len(person.full_name.split()) >= 3
        assert person.comparison_group_id is not None
    heads = Official.objects.filter(leadership_role=LeadershipRole.HEAD, unit__code="so-tai-chinh")
    assert heads.count() == 1


def test_the_quarters_use_the_lamdong_policy_and_valid_frameworks(province):
    q2 = Period.objects.get(year=2026, quarter=2)
    q3 = Period.objects.get(year=2026, quarter=3)
    assert (q2.state, q3.state) == (PeriodState.CLOSED, PeriodState.OPEN)
    assert {q2.policy_version.code, q3.policy_version.code} == {"lamdong-2026"}
    used = {m.block.code: m.framework_version.code for m in q3.frameworks.all()}
    assert used == {
        "thuong-truc": "central-2026-pl3",
        "tham-muu": "central-2026-pl3",
        "so-nganh": "lamdong-2026-pl5",
        "mat-tran": "central-2026-pl3",
        "hdnd": "central-2026-pl3",
        "xa-phuong": "central-2026-pl3",
    }
    assert q3.deadlines.count() == 6


def test_the_demo_accounts_log_in_with_the_demo_password(province):
    for username in ("canbo", "truongdonvi", "thamdinh", "thuongvu", "quantri"):
        assert authenticate(username=username, password=demo_data.DEMO_PASSWORD), username


def test_the_demo_accounts_have_their_roles_and_scopes(province):
    canbo = authenticate(username="canbo", password=demo_data.DEMO_PASSWORD)
    head = authenticate(username="truongdonvi", password=demo_data.DEMO_PASSWORD)
    assert canbo.official.unit.code == head.official.unit.code == "so-tai-chinh"
    assert canbo.official.leadership_role != LeadershipRole.HEAD
    assert head.official.leadership_role == LeadershipRole.HEAD
    assert [s.role for s in access.scopes(head)] == [Role.OFFICIAL, Role.UNIT_LEADERSHIP]
    finance = access.visible_officials(head)
    assert (
        finance.count()
        == Official.objects.filter(unit__path__startswith="/lam-ha/so-tai-chinh/").count()
    )
    assert access.visible_officials(canbo).count() == 1
    appraiser = authenticate(username="thamdinh", password=demo_data.DEMO_PASSWORD)
    assert appraiser.official.unit.parent.code == "ban-to-chuc"
    assert access.visible_officials(appraiser).count() == Official.objects.count()
    authority = authenticate(username="thuongvu", password=demo_data.DEMO_PASSWORD)
    assert Role.AUTHORITY in {s.role for s in access.scopes(authority)}
    assert authenticate(username="quantri", password=demo_data.DEMO_PASSWORD).is_superuser


def test_every_demo_account_can_use_every_page(province, client):
    urls = [
        reverse("core:home"),
        reverse("organisation:unit_list"),
        reverse("organisation:official_list"),
        reverse("periods:period_list"),
        reverse("rules:framework_list"),
    ]
    for username in ("canbo", "truongdonvi", "thamdinh", "thuongvu", "quantri"):
        assert client.login(username=username, password=demo_data.DEMO_PASSWORD)
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)
        client.logout()
