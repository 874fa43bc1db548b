"""A changed post in the quarter (SPEC §9; issue 15 item 4): promoted in the same unit, both
posts count; moved to another unit, the old unit comments on its part, the new unit rates."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.evaluations.errors import EvaluationError
from danhgia.evaluations.post_changes import (
    changes_of,
    people_who_left,
    send_previous_unit_comment,
)
from danhgia.organisation.choices import LeadershipRole
from danhgia.organisation.models import PositionHistory
from tests.web import factories as f


def post(official, unit, title, start, end=None, role=LeadershipRole.MEMBER):
    return PositionHistory.objects.create(
        official=official,
        unit=unit,
        title=title,
        leadership_role=role,
        start_date=start,
        end_date=end,
    )


@pytest.fixture
def period(world):
    return f.make_evaluation_period(world.unit_a.block)


@pytest.fixture
def moved(world, period):
    """Lê (outsider_b, now in unit B) left unit A on 15/08/2026."""
    post(world.outsider_b, world.unit_a, "Trưởng phòng", date(2019, 1, 1), date(2026, 8, 15))
    post(world.outsider_b, world.unit_b, "Phó Giám đốc", date(2026, 8, 16))
    return f.make_evaluation(world.outsider_b, period)


def test_the_old_unit_comments_once_and_the_new_unit_sees_it(world, moved, login):
    assert [c.kind for c in changes_of(moved)] == ["moved"]
    assert people_who_left(world.unit_a, moved.period) == [moved]
    with pytest.raises(PermissionDenied):  # unit B's outsider does not lead unit A
        send_previous_unit_comment(moved, world.unit_a, "Tốt", world.users["outsider"])
    with pytest.raises(EvaluationError, match="Cần ghi nhận xét"):
        send_previous_unit_comment(moved, world.unit_a, " ", world.users["unit_head"])
    send_previous_unit_comment(
        moved, world.unit_a, "Hoàn thành tốt nhiệm vụ tháng 7-8.", world.users["unit_head"]
    )
    with pytest.raises(EvaluationError, match="không thể gửi lại"):
        send_previous_unit_comment(moved, world.unit_a, "Lần hai", world.users["unit_head"])
    assert AuditEntry.objects.filter(action="evaluation.previous_unit_commented").count() == 1
    # the new unit (B) reads it on the evaluation, with both posts
    page = login("outsider").get(reverse("evaluations:detail", args=[moved.pk])).content.decode()
    assert "Thay đổi chức vụ, đơn vị trong quý" in page
    assert "Chuyển từ Trưởng phòng" in page
    assert "Hoàn thành tốt nhiệm vụ tháng 7-8." in page


def test_the_old_units_pages(world, moved, login):
    head = login("unit_head")
    members = head.get(reverse("evaluations:unit_members", args=[world.unit_a.pk]))
    assert "Cán bộ chuyển công tác sang đơn vị khác trong quý" in members.content.decode()
    url = reverse("evaluations:previous_unit_comment", args=[moved.pk, world.unit_a.pk])
    assert "Gửi nhận xét" in head.get(url).content.decode()
    assert head.post(url, {"comment": "Nhận xét của Sở A"}).status_code == 302
    assert moved.previous_unit_comments.get().comment == "Nhận xét của Sở A"
    # a unit the person did not leave: 404
    other = reverse("evaluations:previous_unit_comment", args=[moved.pk, world.unit_b.pk])
    assert login("admin").get(other).status_code == 404


def test_a_promotion_in_the_same_unit_shows_both_posts(world, period, login):
    post(world.official_a, world.unit_a, "Phó Trưởng phòng", date(2020, 1, 1), date(2026, 8, 31))
    post(world.official_a, world.unit_a, "Trưởng phòng", date(2026, 9, 1))
    evaluation = f.make_evaluation(world.official_a, period)
    assert [c.kind for c in changes_of(evaluation)] == ["promoted"]
    page = login("official").get(reverse("evaluations:detail", args=[evaluation.pk]))
    assert "kết quả, nhiệm vụ của cả hai chức vụ được tính" in page.content.decode()
    assert people_who_left(world.unit_a, period) == []
