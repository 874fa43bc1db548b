"""PATCH of an official or a unit (issue 14: "update an organisation record").

The API's change goes through the organisation import's plan: the same change through a
workbook gives the same record, the same position history and the same audit entry.
"""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from danhgia.audit.choices import AuditAction
from danhgia.audit.models import AuditEntry
from danhgia.organisation.importing import import_organisation
from danhgia.organisation.importing.columns import OFFICIAL_COLUMNS, OFFICIALS
from danhgia.organisation.importing.template import template_workbook
from danhgia.organisation.models import Official, PositionHistory, Unit
from danhgia.xlsx import workbook_bytes
from tests.web import once
from tests.web.api_world import api_client, build_api_world

shared_api_world = once.module_world(build_api_world)


@pytest.fixture
def world(request, shared_api_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_api_world, tmp_path)


def _patch(client, url: str, body: dict, etag: str | None):
    headers = {"HTTP_IF_MATCH": etag} if etag is not None else {}
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


def _etag(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def _other_official(world) -> Official:
    return Official.objects.filter(unit_id=world.unit, user__isnull=True).order_by("pk").first()


def test_a_post_change_is_written_with_position_history_and_audit(world):
    client = api_client(world, "quantri")
    official = _other_official(world)
    url = f"/api/v1/officials/{official.pk}/"
    etag = _etag(client, url)
    open_before = PositionHistory.objects.filter(official=official, end_date__isnull=True).count()
    response = _patch(client, url, {"government_position": "Phó Giám đốc Sở"}, etag)
    assert response.status_code == 200, response.content
    assert response.json()["government_position"] == "Phó Giám đốc Sở"
    assert response["ETag"] != etag
    official.refresh_from_db()
    assert official.government_position == "Phó Giám đốc Sở"
    posts = PositionHistory.objects.filter(official=official).order_by("-start_date", "-pk")
    assert posts[0].end_date is None and "Phó Giám đốc Sở" in posts[0].title
    assert posts.filter(end_date__isnull=True).count() == 1
    assert open_before <= 1
    entry = AuditEntry.objects.filter(
        object_type="organisation.official", object_id=str(official.pk)
    ).latest("pk")
    assert entry.action == AuditAction.RECORD_CHANGED
    assert entry.after == {"government_position": "Phó Giám đốc Sở"}
    assert entry.actor.username == "quantri"
    assert "API" in entry.note


def test_a_stale_etag_is_refused_with_412_and_nothing_is_written(world):
    client = api_client(world, "quantri")
    official = _other_official(world)
    url = f"/api/v1/officials/{official.pk}/"
    etag = _etag(client, url)
    assert _patch(client, url, {"full_name": "Nguyễn Văn Một"}, etag).status_code == 200
    response = _patch(client, url, {"full_name": "Nguyễn Văn Hai"}, etag)
    assert response.status_code == 412
    assert Official.objects.get(pk=official.pk).full_name == "Nguyễn Văn Một"
    missing = _patch(client, url, {"full_name": "Nguyễn Văn Ba"}, None)
    assert missing.status_code == 428
    bad = _patch(client, url, {"full_name": "Nguyễn Văn Ba"}, '"v3"')
    assert bad.status_code == 400 and "If-Match" in bad.json()


def test_bad_values_name_the_field_in_vietnamese(world):
    client = api_client(world, "quantri")
    official = _other_official(world)
    url = f"/api/v1/officials/{official.pk}/"
    etag = _etag(client, url)
    response = _patch(client, url, {"comparison_group": "khong-co", "unit": 2147483647}, etag)
    assert response.status_code == 400
    body = response.json()
    assert body == {
        "comparison_group": ["Không có mã “khong-co”."],
        "unit": ["Không có đơn vị id 2147483647."],
    }
    choice = _patch(client, url, {"leadership_role": "x", "full_name": " "}, etag).json()
    assert choice["leadership_role"] == ["“x” không phải giá trị hợp lệ."]
    assert "không được" in choice["full_name"][0]
    unit_url = f"/api/v1/units/{world.unit}/"
    block = _patch(client, unit_url, {"block": "khong-co", "parent": "x"}, '"h0"').json()
    assert block == {
        "block": ["Không có mã “khong-co”."],
        "parent": ["Đơn vị phải là id (số nguyên)."],
    }
    email = _patch(client, url, {"email": "a@b.vn"}, etag)  # no account: no e-mail to change
    assert email.status_code == 400
    assert "tài khoản" in email.json()["email"][0]
    province_url = f"/api/v1/units/{world.province}/"
    cycle = _patch(client, province_url, {"parent": world.unit}, _etag(client, province_url))
    assert cycle.status_code == 400
    assert "vòng lặp" in cycle.json()["parent"][0]


def test_a_unit_moved_takes_its_subtree_and_its_officials_paths(world):
    client = api_client(world, "quantri")
    unit = Unit.objects.get(pk=world.unit)
    new_parent = Unit.objects.exclude(path__startswith=unit.path).exclude(pk=unit.parent_id)
    new_parent = new_parent.order_by("path").last()
    url = f"/api/v1/units/{unit.pk}/"
    response = _patch(
        client, url, {"parent": new_parent.pk, "name": "Sở Tài chính mới"}, _etag(client, url)
    )
    assert response.status_code == 200, response.content
    unit.refresh_from_db()
    assert unit.path == f"{new_parent.path}{unit.code}/"
    assert response.json()["path"] == unit.path
    assert all(u.path.startswith(unit.path) for u in Unit.objects.filter(parent=unit))
    entry = AuditEntry.objects.filter(object_type="organisation.unit", object_id=str(unit.pk))
    assert entry.latest("pk").after["name"] == "Sở Tài chính mới"


def _workbook(sheet: str, columns, values: dict) -> BytesIO:
    book = load_workbook(BytesIO(workbook_bytes(template_workbook())))
    ws = book[sheet]
    for index, column in enumerate(columns, start=1):
        value = values.get(column.key)
        ws.cell(row=2, column=index, value=value)
    out = BytesIO(workbook_bytes(book))
    out.name = "hr.xlsx"
    return out


def _state(official: Official) -> tuple:
    official.refresh_from_db()
    posts = list(
        PositionHistory.objects.filter(official=official)
        .order_by("start_date", "pk")
        .values_list("unit_id", "title", "leadership_role", "start_date", "end_date")
    )
    entry = AuditEntry.objects.filter(
        object_type="organisation.official", object_id=str(official.pk)
    ).latest("pk")
    fields = ("full_name", "unit_id", "party_position", "government_position", "leadership_role")
    return tuple(getattr(official, f) for f in fields), posts, entry.before, entry.after


def test_a_change_through_the_api_equals_the_same_change_through_the_import(world):
    official = _other_official(world)
    target = Unit.objects.exclude(pk=official.unit_id).order_by("path").last()
    # 1. the import, in a savepoint rolled back after reading the outcome
    sid = transaction.savepoint()
    row = {
        "code": official.code,
        "full_name": official.full_name,
        "date_of_birth": official.date_of_birth,
        "gender": official.get_gender_display(),
        "ethnic_minority": "Có" if official.ethnic_minority else "Không",
        "party_position": official.party_position,
        "government_position": "Trưởng phòng",
        "mass_org_position": official.mass_org_position,
        "unit": target.code,
        "leadership_role": official.get_leadership_role_display(),
        "management_scope": official.get_management_scope_display(),
        "group": official.comparison_group.code if official.comparison_group_id else None,
        "service_start": official.service_start,
        "expected_retirement": official.expected_retirement,
    }
    import_organisation(_workbook(OFFICIALS, OFFICIAL_COLUMNS, row), None)
    by_import = _state(official)
    transaction.savepoint_rollback(sid)
    # 2. the API
    client = api_client(world, "quantri")
    url = f"/api/v1/officials/{official.pk}/"
    body = {"government_position": "Trưởng phòng", "unit": target.pk}
    assert _patch(client, url, body, _etag(client, url)).status_code == 200
    by_api = _state(official)
    assert by_api == by_import
    assert by_api[1][-1][0] == target.pk and by_api[1][-1][4] is None  # the new open post
    assert by_api[3] == {"government_position": "Trưởng phòng", "unit": target.code}


def test_a_move_leaves_decided_evaluations_and_their_decisions_as_they_were(world):
    from danhgia.decisions.models import Decision
    from danhgia.evaluations.choices import LOCKED_STATES
    from danhgia.evaluations.models import Evaluation

    decided = Evaluation.objects.filter(state__in=LOCKED_STATES).order_by("pk").first()
    assert decided is not None
    official = decided.official
    before = list(Evaluation.objects.filter(official=official).order_by("pk").values())
    decisions = list(Decision.objects.filter(evaluation__official=official).values())
    target = Unit.objects.exclude(pk=official.unit_id).order_by("path").first()
    client = api_client(world, "quantri")
    url = f"/api/v1/officials/{official.pk}/"
    response = _patch(client, url, {"unit": target.pk}, _etag(client, url))
    assert response.status_code == 200, response.content
    assert Official.objects.get(pk=official.pk).unit_id == target.pk
    assert list(Evaluation.objects.filter(official=official).order_by("pk").values()) == before
    assert list(Decision.objects.filter(evaluation__official=official).values()) == decisions


def _patch_queries(client, url: str, body: dict) -> int:
    etag = _etag(client, url)
    with CaptureQueriesContext(connection) as queries:
        assert _patch(client, url, body, etag).status_code == 200
    return len(queries)


def test_a_patch_costs_the_same_queries_for_a_bigger_province(world):
    from tests.web import factories as f

    client = api_client(world, "quantri")
    official = _other_official(world)
    url, unit_url = f"/api/v1/officials/{official.pk}/", f"/api/v1/units/{world.unit}/"
    small = _patch_queries(client, url, {"government_position": "Chức vụ A"})
    small_unit = _patch_queries(client, unit_url, {"name": "Sở A"})
    for n in range(10):
        f.make_officials(f.make_unit(f"them-{n}", parent=Unit.objects.get(pk=world.unit)), 5)
    assert _patch_queries(client, url, {"government_position": "Chức vụ B"}) == small
    assert _patch_queries(client, unit_url, {"name": "Sở B"}) == small_unit
    assert small <= 25 and small_unit <= 25, (small, small_unit)
