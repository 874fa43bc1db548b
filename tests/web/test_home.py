"""The home page: who you are, the current quarter and what is due from you (SPEC §10)."""

from datetime import date

import pytest
from django.urls import reverse

from danhgia.core.services import home_page
from danhgia.periods.services import close_period
from tests.web import factories as f


@pytest.fixture
def q3(db):
    return f.make_period(2026, 3, "lamdong-2026")


def _home(login, persona):
    return login(persona).get(reverse("core:home")).content.decode()


def test_it_shows_the_officials_name_unit_roles_and_the_quarter(world, login, q3):
    page = _home(login, "unit_head")
    assert "Xin chào, Nguyễn Thanh Sơn" in page
    assert "Sở A" in page
    assert "Tập thể lãnh đạo đơn vị" in page
    assert "Quý III/2026" in page
    assert "Lâm Đồng – Dự thảo Hướng dẫn đánh giá hằng quý (06/2026)" in page


def test_the_calendar_lists_the_policy_deadlines_as_dd_mm_yyyy(world, login, q3):
    page = _home(login, "official")
    for day in ("30/09/2026", "02/10/2026", "15/10/2026", "25/10/2026"):
        assert day in page
    assert "Gửi hồ sơ đánh giá về Ban Tổ chức Tỉnh ủy" in page


def test_past_deadlines_are_marked(world, q3):
    page = home_page(world.users["official"], today=date(2026, 10, 10))
    states = {row.deadline.key: row.state for row in page.calendar}
    assert states["dossier"] == "past"
    assert states["appraisal"] == "soon"
    assert states["lower_report"] == "later"


def test_the_page_marks_past_deadlines(world, login):
    f.make_period(2020, 1, "lamdong-2026")  # every deadline long past, whatever today is
    page = _home(login, "official")
    assert "calendar__row--past" in page
    assert "Đã qua hạn" in page


def test_what_is_due_follows_the_roles(world, login, q3):
    official = _home(login, "official")
    assert "Tự đánh giá, chấm điểm và đề xuất xếp loại" in official
    assert "Thẩm định hồ sơ" not in official
    appraiser = home_page(world.users["appraiser"], today=date(2026, 10, 1))
    assert [item.deadline.key for item in appraiser.due] == ["appraisal", "report_centre"]
    authority = home_page(world.users["authority"], today=date(2026, 10, 1))
    assert [item.label for item in authority.due] == ["Quyết định xếp loại"]


def test_without_an_open_period_the_empty_states_explain_why(world, login, q3):
    close_period(q3)
    page = _home(login, "official")
    assert "Hiện chưa có kỳ đánh giá nào đang mở" in page
    assert "Không có việc nào đến hạn vì chưa có kỳ đánh giá đang mở" in page


def test_an_account_without_official_or_roles_is_told_what_is_missing(world, client, q3):
    client.force_login(f.make_user("moi-tao"))
    page = client.get(reverse("core:home")).content.decode()
    assert "chưa được gắn với hồ sơ cán bộ nào" in page
    assert "Bạn chưa được phân công vai trò nào" in page
    assert "tài khoản chưa gắn với hồ sơ cán bộ và chưa có vai trò" in page


def test_the_administrator_sees_why_nothing_is_due(world, login, q3):
    page = _home(login, "admin")
    assert "Quản trị hệ thống" in page
    assert "Quản trị hệ thống không có việc theo lịch của kỳ" in page


def test_the_navigation_offers_the_admin_only_to_staff(world, login):
    assert "/quan-tri/" not in _home(login, "official")
    assert "/quan-tri/" in _home(login, "admin")
