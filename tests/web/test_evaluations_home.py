"""The home page in the quarter: the official's own card, the unit's members and their states."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import AbsenceKind
from danhgia.organisation.models import Absence
from tests.web import factories as f


@pytest.fixture
def period(world):
    return f.make_evaluation_period(world.unit_a.block)


def _home(login, persona) -> str:
    return login(persona).get(reverse("core:home")).content.decode()


def test_the_official_sees_the_quarters_self_assessment_with_deadline_and_state(
    world, login, period
):
    f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])
    page = _home(login, "official")
    assert "Tự đánh giá quý III/2026" in page
    assert "30/09/2026" in page
    assert "Đã duyệt mục tiêu" in page
    assert "Mở bản tự đánh giá" in page


def test_the_to_do_item_leads_to_the_self_assessment(world, login, period):
    """Rough edge #21: "Việc cần làm" items were not clickable."""
    evaluation = f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])
    page = _home(login, "official")
    due = page.split("Việc cần làm")[1]
    url = reverse("evaluations:self_assessment", args=[evaluation.pk])
    assert f'<strong><a href="{url}">' in due


def test_without_an_evaluation_the_official_opens_one(world, login, period):
    client = login("official")
    page = client.get(reverse("core:home")).content.decode()
    assert "Chưa lập phiếu" in page
    assert "Lập phiếu tự đánh giá" in page
    response = client.post(reverse("evaluations:start"))
    evaluation = Evaluation.objects.get(official=world.official_a, period=period)
    assert response["Location"] == reverse("evaluations:detail", args=[evaluation.pk])


def test_a_deferred_official_is_told_why_and_that_nothing_is_due(world, login, period):
    Absence.objects.create(
        official=world.official_a,
        kind=AbsenceKind.MATERNITY_LEAVE,
        start_date=date(2026, 6, 1),
        end_date=date(2026, 11, 30),
    )
    f.make_evaluation(world.official_a, period)
    page = _home(login, "official")
    assert "Chưa đánh giá quý này" in page
    assert "Nghỉ thai sản từ 2 tháng trở lên" in page
    assert "kết quả được chuyển sang quý sau" in page
    assert "Mở bản tự đánh giá" not in page


def test_the_unit_head_sees_the_units_members_and_their_states(world, login, period):
    f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])
    f.make_evaluation(world.member_a1, period)
    page = _home(login, "unit_head")
    assert "Cán bộ của Sở A" in page
    table = page.split("Cán bộ của Sở A")[1]
    assert "Phạm Thu Lan" in table and "Đã duyệt mục tiêu" in table
    assert "Võ Thị Phòng" in table and "Đang xác định mục tiêu" in table  # division A1
    assert "Lê Văn Đồng" in table and "Chưa lập phiếu" in table
    assert "Đỗ Minh Ngoài" not in page  # the other department


def test_an_official_without_a_leadership_role_sees_no_member_table(world, login, period):
    assert "Cán bộ của Sở A" not in _home(login, "official")


def test_the_unit_head_opens_the_units_evaluations_at_once(world, login, period):
    client = login("unit_head")
    response = client.post(reverse("evaluations:unit_start", args=[world.unit_a.pk]), follow=True)
    assert "Đã lập 4 phiếu mới" in response.content.decode()
    assert Evaluation.objects.filter(period=period).count() == 4  # A and A1, not B


def test_the_self_assessment_leaves_the_to_do_list_once_submitted(world, login, period):
    evaluation = f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])
    duty = "Tự đánh giá, chấm điểm và đề xuất xếp loại"
    assert duty in _home(login, "official")
    Evaluation.objects.filter(pk=evaluation.pk).update(state="self_assessed")
    page = _home(login, "official")
    assert duty not in page
    # #21: the empty list read "(ví dụ: quản trị hệ thống chỉ cấu hình…)" to an official
    assert "Hiện không còn việc nào theo lịch của kỳ này cần bạn làm." in page
    assert "Quản trị hệ thống" not in page
