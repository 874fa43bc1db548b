"""Special cases of SPEC §9: deferral, carried-over tasks, lateness from dates."""

from datetime import date

import pytest

from danhgia.engine import (
    Absence,
    add_months,
    deferral_case,
    is_carried_over,
    is_late,
    quarter_bounds,
    results_cutoff,
)


def test_quarter_bounds_and_cutoff():
    assert quarter_bounds(2026, 3) == (date(2026, 7, 1), date(2026, 9, 30))
    assert quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert results_cutoff(2026, 2) == date(2026, 6, 30)
    assert results_cutoff(2026, 4) == date(2026, 12, 30)  # day 30 of the last month


def test_add_months_clamps_to_the_month():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 2) == date(2027, 1, 30)


@pytest.mark.parametrize(
    ("absence", "case"),
    [
        (Absence("training", date(2026, 7, 1), date(2026, 8, 29)), "training"),  # 60 days
        (Absence("training", date(2026, 7, 1), date(2026, 8, 28)), None),  # 59 days
        (Absence("sick_leave", date(2026, 6, 1), date(2026, 9, 15)), "sick_leave"),
        (Absence("maternity_leave", date(2026, 8, 1), None), "maternity_leave"),
        (Absence("inspection", date(2026, 9, 29), None), "under_inspection"),
        (Absence("training", date(2026, 4, 1), date(2026, 6, 30)), None),  # previous quarter
    ],
)
def test_deferral_from_absences(absence, case):
    assert deferral_case([absence], 2026, 3) == case


def test_absences_of_one_kind_add_up():
    absences = [
        Absence("training", date(2026, 7, 1), date(2026, 7, 31)),
        Absence("training", date(2026, 9, 1), date(2026, 9, 30)),
    ]
    assert deferral_case(absences, 2026, 3) == "training"


def test_new_appointment_less_than_a_month_before_the_end():
    assert deferral_case([], 2026, 3, appointed_on=date(2026, 9, 10)) == "new_appointment"
    assert deferral_case([], 2026, 3, appointed_on=date(2026, 8, 30)) is None
    assert deferral_case([], 2026, 3, appointed_on=date(2026, 10, 2)) is None


def test_tasks_not_yet_due_carry_over_and_lateness_comes_from_dates():
    rating_day = date(2026, 9, 25)
    assert is_carried_over(date(2026, 10, 15), None, rating_day)
    assert not is_carried_over(date(2026, 10, 15), date(2026, 9, 20), rating_day)
    assert not is_carried_over(date(2026, 9, 20), None, rating_day)  # overdue: counts, not done
    assert is_late(date(2026, 9, 20), date(2026, 9, 21))
    assert not is_late(date(2026, 9, 20), date(2026, 9, 20))
    assert not is_late(date(2026, 9, 20), None)
