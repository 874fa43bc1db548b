"""The audit log page: searchable by actor, action, object, text and dates (dd/mm/yyyy),
paginated, before/after in readable Vietnamese, read-only; appraisers read their scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from danhgia.audit.choices import AuditAction
from danhgia.audit.display import changes
from danhgia.audit.models import AuditEntry
from danhgia.audit.services import log_action
from danhgia.decisions.services import decide, decision_run
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import Role

from . import factories as f
from .decision_data import make_quarter

URL = reverse("audit:audit_log")


@pytest.fixture
def quarter(world):
    quarter = make_quarter(world)
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    return quarter


def _rows(response) -> str:
    return response.content.decode().split('id="audit"', 1)[-1]


def test_the_decisions_are_shown_with_readable_before_and_after(login, quarter):
    page = _rows(login("admin").get(URL, {"hanh_dong": "evaluation.decided"}))
    assert page.count("Quyết định xếp loại") >= 5  # the action's label
    assert "Ban Tổ chức đã thẩm định" in page  # the state's label, not "appraised"
    assert "Cấp có thẩm quyền đã quyết định" in page
    assert "Xếp loại theo quy tắc" in page
    assert "Phạm Thu Lan – Quý III/2026" in page


def test_nested_values_and_numbers_read_in_vietnamese(world):
    entry = log_action(
        world.users["official"],
        AuditAction.EVALUATION_TARGETS_PROPOSED,
        world.official_a,
        before={"B.1.1": {"target": "5", "not_applicable": False}},
        after={"B.1.1": {"target": "12.5", "not_applicable": True}, "due": "2026-09-30"},
    )
    readable = {(c.label, c.before, c.after) for c in changes(entry)}
    assert ("B.1.1 › Mục tiêu", "5", "12,5") in readable
    assert ("B.1.1 › Không áp dụng", "Không", "Có") in readable
    assert ("due", "—", "30/09/2026") in readable


def test_filters_by_actor_object_text_and_dates(world, login, quarter):
    client = login("admin")
    evaluation = quarter.top
    by_object = _rows(client.get(URL, {"loai": "evaluations.evaluation", "ma": evaluation.pk}))
    assert "Phạm Thu Lan" in by_object and "Lê Văn Đồng" not in by_object
    by_actor = _rows(client.get(URL, {"nguoi": "authority"}))
    assert "Quyết định xếp loại" in by_actor and "Mở kỳ đánh giá" not in by_actor
    by_text = _rows(client.get(URL, {"q": "Lê Văn Đồng"}))
    assert "Lê Văn Đồng" in by_text and "Phạm Thu Lan" not in by_text
    today = timezone.localdate()
    yesterday = (today - timedelta(days=1)).strftime("%d/%m/%Y")
    within = client.get(
        URL, {"tu_ngay": today.strftime("%d/%m/%Y"), "den_ngay": today.strftime("%d/%m/%Y")}
    )
    assert "Quyết định xếp loại" in _rows(within)
    before = client.get(URL, {"den_ngay": yesterday})
    assert "Không có mục nhật ký nào" in before.content.decode()


def test_an_invalid_date_is_explained_and_lists_nothing(login, quarter):
    response = login("admin").get(URL, {"tu_ngay": "31/02/2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bộ lọc chưa hợp lệ, chưa tìm được mục nào" in page
    assert 'id="audit"' not in page  # nothing listed
    assert 'class="error"' in page
    reversed_range = login("admin").get(URL, {"tu_ngay": "02/10/2026", "den_ngay": "01/10/2026"})
    assert "“Từ ngày” phải trước" in reversed_range.content.decode()


def test_the_log_is_paginated(world, login):
    for n in range(60):
        log_action(world.users["admin"], AuditAction.RECORD_CHANGED, world.official_a, note=f"{n}")
    page = login("admin").get(URL).content.decode()
    assert "Trang 1/2" in page
    assert "Trang 2/2" in login("admin").get(URL, {"page": 2}).content.decode()


def test_the_page_offers_no_edit_or_delete(world, login, quarter):
    client = login("admin")
    page = client.get(URL).content.decode()
    main = page.split('<main id="main"', 1)[1]
    assert 'method="post"' not in main  # only the filters (GET); nothing to change or delete
    assert "/change/" not in main and "/delete/" not in main
    count = AuditEntry.objects.count()
    assert client.post(URL, {"action": "delete"}).status_code == 405
    assert AuditEntry.objects.count() == count


def test_an_appraiser_reads_the_entries_of_their_scope_only(world, client, quarter):
    appraiser_b = f.make_user("appraiser-b")
    f.assign_role(appraiser_b, Role.APPRAISER, world.unit_b)
    other = f.make_evaluation(world.outsider_b, quarter.period)
    log_action(None, AuditAction.DEMO_SEEDED, note="no object")
    client.force_login(appraiser_b)
    page = _rows(client.get(URL))
    assert str(other) in page  # its creation, in B
    assert "Phạm Thu Lan" not in page  # unit A's records
    assert "Mở kỳ đánh giá" in page  # configuration is read by everyone
    assert "no object" not in page
    client.force_login(world.users["appraiser"])  # the whole province
    page = _rows(client.get(URL))
    assert "Phạm Thu Lan" in page and str(other) in page
    assert Evaluation.objects.count() == 6


@pytest.mark.parametrize("persona", ["official", "unit_head", "authority", "outsider"])
def test_other_roles_do_not_read_the_log(login, world, persona):
    assert login(persona).get(URL).status_code == 403
