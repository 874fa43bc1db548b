"""Periods, their deadlines and the frameworks they use (SPEC §5, §10, §12)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from danhgia.access import scopes
from danhgia.audit.models import AuditEntry
from danhgia.engine import deadline_date, quarter_bounds
from danhgia.organisation.choices import Role
from danhgia.periods.choices import DueState, PeriodState
from danhgia.periods.models import PeriodFramework
from danhgia.periods.services import (
    NoUsableFramework,
    assign_block_frameworks,
    assign_framework,
    calendar_rows,
    close_period,
    current_period,
    due_items,
)
from tests.web import factories as f


@pytest.mark.parametrize(
    ("year", "quarter", "month", "day", "expected"),
    [
        (2026, 3, 0, 30, date(2026, 9, 30)),  # day 30 of the quarter's last month
        (2026, 3, 1, 2, date(2026, 10, 2)),  # day 02 of the next month
        (2026, 2, 0, 31, date(2026, 6, 30)),  # June has 30 days: clamped
        (2026, 4, 1, 5, date(2027, 1, 5)),  # Q4's next month is next January
        (2028, 1, -1, 30, date(2028, 2, 29)),  # leap February, clamped
        (2026, 1, -2, 1, date(2026, 1, 1)),  # the quarter's first month
    ],
)
def test_deadline_dates_are_relative_to_the_quarter(year, quarter, month, day, expected):
    assert deadline_date(year, quarter, month, day) == expected


def test_quarter_bounds():
    assert quarter_bounds(2026, 3) == (date(2026, 7, 1), date(2026, 9, 30))


def test_a_new_period_gets_the_deadlines_of_its_policy(db):
    period = f.make_period(2026, 3, "lamdong-2026")
    assert [(d.key, d.due_date) for d in period.deadlines.all()] == [
        ("self_assessment", date(2026, 9, 30)),
        ("dossier", date(2026, 10, 2)),
        ("appraisal", date(2026, 10, 15)),
        ("lower_report", date(2026, 10, 20)),
        ("decision", date(2026, 10, 25)),
        ("report_centre", date(2026, 10, 30)),
    ]
    assert AuditEntry.objects.filter(action="period.opened", object_id=str(period.pk)).exists()


def test_changing_the_policy_recomputes_the_deadlines(db):
    period = f.make_period(2026, 3, "lamdong-2026")
    period.policy_version = f.policy("laocai-2026")
    period.save()
    assert {d.key: d.due_date for d in period.deadlines.all()}["report_centre"] == date(2026, 10, 5)
    assert period.deadlines.count() == 5


@pytest.mark.parametrize("code", ["lamdong-2026-pl1", "lamdong-2026-pl2", "lamdong-2026-pl3"])
def test_a_period_refuses_a_framework_that_does_not_validate(world, code):
    period = f.make_period()
    with pytest.raises(ValidationError) as error:
        assign_framework(period, world.unit_a.block, f.framework(code))
    assert "chỉ dùng được khung hợp lệ" in str(error.value)
    assert not PeriodFramework.objects.exists()


def test_a_period_accepts_a_valid_framework_which_becomes_read_only(world):
    version = f.framework("lamdong-2026-pl5")
    assign_framework(f.make_period(), world.unit_a.block, version)
    assert version.in_use()


def test_a_closed_period_keeps_its_frameworks(world):
    period = f.make_period()
    assign_framework(period, world.unit_a.block, f.framework("lamdong-2026-pl5"))
    close_period(period)
    with pytest.raises(ValidationError):
        assign_framework(period, world.unit_a.block, f.framework("central-2026-pl3"))
    period.refresh_from_db()
    assert period.state == PeriodState.CLOSED
    assert period.frameworks.get().framework_version.code == "lamdong-2026-pl5"


def test_a_closed_period_cannot_change_its_policy(db):
    period = f.make_period()
    close_period(period)
    period.refresh_from_db()
    period.policy_version = f.policy("central-2026")
    with pytest.raises(ValidationError):
        period.full_clean()


def test_blocks_whose_appendix_does_not_validate_use_the_fallback(db):
    departments = f.make_block("so-nganh", "lamdong-2026-pl5")
    communes = f.make_block("xa-phuong", "lamdong-2026-pl2")
    unknown = f.make_block("khac", "")
    period = f.make_period()
    mappings = assign_block_frameworks(
        period, [departments, communes, unknown], fallback_code="central-2026-pl3"
    )
    assert {m.block.code: m.framework_version.code for m in mappings} == {
        "so-nganh": "lamdong-2026-pl5",
        "xa-phuong": "central-2026-pl3",
        "khac": "central-2026-pl3",
    }


def test_without_a_valid_fallback_the_assignment_stops(db):
    with pytest.raises(NoUsableFramework):
        assign_block_frameworks(
            f.make_period(), [f.make_block("xa-phuong", "lamdong-2026-pl2")], fallback_code="x"
        )


def test_the_current_period_is_the_latest_open_one(db):
    assert current_period() is None
    q2 = f.make_period(2026, 2)
    q3 = f.make_period(2026, 3)
    assert current_period() == q3
    close_period(q3)
    assert current_period() == q2


def test_each_role_has_its_duties_with_the_policy_deadline(world):
    period = f.make_period(2026, 3, "lamdong-2026")
    today = date(2026, 9, 25)
    head = world.users["unit_head"]
    items = due_items(scopes(head), calendar_rows(period, today))
    assert [(i.role, i.deadline.key, i.state, i.days_left) for i in items] == [
        (Role.OFFICIAL, "self_assessment", DueState.SOON, 5),
        (Role.UNIT_LEADERSHIP, "dossier", DueState.SOON, 7),
    ]
    appraiser = due_items(
        scopes(world.users["appraiser"]), calendar_rows(period, date(2026, 10, 16))
    )
    assert [(i.label, i.deadline.key, i.state) for i in appraiser] == [
        ("Thẩm định hồ sơ, điểm số và đề xuất xếp loại", "appraisal", DueState.PAST),
        ("Báo cáo kết quả đánh giá về Trung ương", "report_centre", DueState.LATER),
    ]
    authority = due_items(
        scopes(world.users["authority"]), calendar_rows(period, date(2026, 10, 25))
    )
    assert [(i.deadline.key, i.state) for i in authority] == [("decision", DueState.TODAY)]


def test_a_duty_without_a_deadline_in_the_policy_is_listed_without_a_date(world):
    period = f.make_period(2026, 3, "central-2026")  # only "report to the centre"
    items = due_items(scopes(world.users["official"]), calendar_rows(period, date(2026, 9, 1)))
    assert [(i.role, i.deadline) for i in items] == [(Role.OFFICIAL, None)]


def test_the_period_list_shows_calendars_and_frameworks(world, login):
    period = f.make_period(2026, 3)
    assign_framework(period, world.unit_a.block, f.framework("lamdong-2026-pl5"))
    page = login("official").get(reverse("periods:period_list")).content.decode()
    assert "Quý III/2026" in page
    assert "30/09/2026" in page
    assert "02/10/2026" in page
    assert "Lâm Đồng – Phụ lục 5: Khối sở ngành tỉnh" in page


def test_the_period_list_explains_when_there_is_no_period(world, login):
    page = login("official").get(reverse("periods:period_list")).content.decode()
    assert "Chưa có kỳ đánh giá nào" in page
