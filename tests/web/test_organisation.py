"""The unit tree and the people in it (SPEC §5)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from danhgia.organisation.models import Absence, Official, Unit
from danhgia.organisation.services import expected_retirement_date, unit_tree
from tests.web import factories as f


def test_paths_follow_the_tree(world):
    assert world.unit_a.path == "/tinh/so-a/"
    assert world.division_a1.path == "/tinh/so-a/so-a-phong-1/"
    assert world.division_a1.depth == 2


def test_moving_a_unit_moves_its_subtree(world):
    world.unit_a.parent = world.unit_b
    world.unit_a.save()
    assert Unit.objects.get(pk=world.division_a1.pk).path == "/tinh/so-b/so-a/so-a-phong-1/"


def test_a_unit_cannot_be_moved_under_its_own_subtree(world):
    world.unit_a.parent = world.division_a1
    with pytest.raises(ValidationError):
        world.unit_a.full_clean()


def test_the_tree_lists_units_depth_first(world):
    rows = [(u.code, depth) for u, depth in unit_tree(Unit.objects.all())]
    assert rows == [("tinh", 0), ("so-a", 1), ("so-a-phong-1", 2), ("so-b", 1)]


def test_a_scoped_tree_starts_at_the_highest_visible_unit(world):
    units = Unit.objects.exclude(code="tinh")
    assert [(u.code, d) for u, d in unit_tree(units)] == [
        ("so-a", 0),
        ("so-a-phong-1", 1),
        ("so-b", 0),
    ]


def test_the_given_name_is_the_last_word_of_the_full_name(world):
    official = f.make_official(world.unit_a, name="  Trần   Thị  Thu Hà ")
    assert official.full_name == "Trần Thị Thu Hà"
    assert official.given_name == "Hà"


def test_officials_are_listed_by_given_name(world):
    names = [o.given_name for o in Official.objects.filter(unit=world.unit_a)]
    assert names == sorted(names)


def test_dates_must_be_in_order(world):
    official = Official(
        code="X1",
        full_name="Hồ Văn Sai",
        gender="male",
        date_of_birth=date(1980, 1, 1),
        service_start=date(1979, 1, 1),
        expected_retirement=date(2042, 1, 1),
        management_scope="lower",
        unit=world.unit_a,
    )
    with pytest.raises(ValidationError) as error:
        official.full_clean()
    assert error.value.messages == ["Ngày bắt đầu công tác phải sau ngày sinh."]
    with pytest.raises(IntegrityError):
        official.save()


@pytest.mark.parametrize(
    ("born", "gender", "expected"),
    [
        (date(1966, 5, 15), "male", date(2028, 6, 1)),  # 62 from 2028
        (date(1970, 3, 10), "female", date(2027, 8, 1)),  # 57 years 4 months in 2027
        (date(1980, 1, 1), "male", date(2042, 2, 1)),
        (date(1985, 6, 30), "female", date(2045, 7, 1)),  # 60 from 2035
    ],
)
def test_the_expected_retirement_follows_the_roadmap(born, gender, expected):
    assert expected_retirement_date(born, gender) == expected


def test_an_absence_cannot_end_before_it_starts(world):
    absence = Absence(
        official=world.official_a,
        kind="sick_leave",
        start_date=date(2026, 8, 10),
        end_date=date(2026, 8, 1),
    )
    with pytest.raises(ValidationError) as error:
        absence.full_clean()
    assert error.value.messages == ["Ngày kết thúc không được trước ngày bắt đầu."]
