"""A unit's people and records are invisible outside its scope (SPEC §4, §14)."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from danhgia import access
from danhgia.access import Action
from danhgia.organisation.choices import AbsenceKind, Role
from danhgia.organisation.models import Absence, Official, PositionHistory, RoleAssignment, Unit
from tests.web import factories as f


def _names(queryset):
    return {o.full_name for o in queryset}


def test_an_official_without_roles_sees_only_their_own_record(world):
    assert _names(access.visible_officials(world.users["official"])) == {"Phạm Thu Lan"}


def test_the_unit_head_sees_the_unit_and_its_divisions_but_not_other_units(world):
    names = _names(access.visible_officials(world.users["unit_head"]))
    assert names == {"Phạm Thu Lan", "Nguyễn Thanh Sơn", "Lê Văn Đồng", "Võ Thị Phòng"}


def test_a_role_without_subtree_covers_only_its_unit(world):
    user = f.make_user("thu-ky")
    f.assign_role(user, Role.UNIT_SECRETARY, world.unit_a, include_subtree=False)
    names = _names(access.visible_officials(user))
    assert "Võ Thị Phòng" not in names
    assert "Lê Văn Đồng" in names


def test_the_outsider_sees_nothing_of_unit_a(world):
    visible = access.visible_officials(world.users["outsider"])
    assert not visible.filter(unit__path__startswith=world.unit_a.path).exists()
    assert _names(visible) == {"Đỗ Minh Ngoài"}


def test_province_wide_roles_see_everyone(world):
    everyone = set(Official.objects.values_list("full_name", flat=True))
    for persona in ("appraiser", "authority", "admin"):
        assert _names(access.visible_officials(world.users[persona])) == everyone


def test_anonymous_and_inactive_users_see_nothing(world):
    assert not access.visible_officials(AnonymousUser()).exists()
    head = world.users["unit_head"]
    head.is_active = False
    head.save()
    assert not access.units_in_scope(head).exists()
    assert not access.restrict(head, Official.objects.all()).exists()


def test_units_in_scope_can_be_limited_to_some_roles(world):
    head = world.users["unit_head"]
    assert set(access.units_in_scope(head)) == {world.unit_a, world.division_a1}
    assert not access.units_in_scope(head, roles=[Role.APPRAISER]).exists()


def test_the_unit_list_shows_an_official_only_their_own_unit(world):
    assert list(access.restrict(world.users["official"], Unit.objects.all())) == [world.unit_a]


def test_position_history_and_absences_follow_their_official(world):
    for official in (world.colleague_a, world.outsider_b):
        PositionHistory.objects.create(
            official=official,
            unit=official.unit,
            title="Chuyên viên",
            leadership_role="member",
            start_date="2020-01-01",
        )
        Absence.objects.create(
            official=official, kind=AbsenceKind.SICK_LEAVE, start_date="2026-08-01"
        )
    head = world.users["unit_head"]
    for model in (PositionHistory, Absence):
        visible = access.restrict(head, model.objects.all())
        assert {r.official for r in visible} == {world.colleague_a}


def test_role_assignments_are_visible_to_their_holder_only(world):
    head = world.users["unit_head"]
    assert set(access.restrict(head, RoleAssignment.objects.all())) == set(
        RoleAssignment.objects.filter(user=head)
    )
    assert not access.restrict(world.users["official"], RoleAssignment.objects.all()).exists()


def test_only_administrators_may_change_people(world):
    for persona in ("official", "unit_head", "appraiser", "authority"):
        assert not access.can(world.users[persona], world.official_a, Action.CHANGE)
    assert access.can(world.users["admin"], world.official_a, Action.CHANGE)


def test_the_administrator_role_counts_as_an_administrator(world):
    user = f.make_user("quan-tri-vien")
    f.assign_role(user, Role.ADMINISTRATOR, world.root)
    assert access.is_administrator(user)
    assert access.can(user, world.outsider_b, Action.CHANGE)


def test_the_officials_list_never_shows_another_units_people(world, login):
    page = login("unit_head").get(reverse("organisation:official_list")).content.decode()
    assert "Lê Văn Đồng" in page
    assert "Đỗ Minh Ngoài" not in page


def test_filtering_by_a_unit_outside_the_scope_shows_nobody(world, login):
    url = reverse("organisation:official_list")
    response = login("unit_head").get(url, {"unit": world.unit_b.pk})
    page = response.content.decode()
    assert "Đỗ Minh Ngoài" not in page
    assert response.context["form"].errors  # not one of the choices


def test_filtering_by_a_unit_includes_its_divisions(world, login):
    url = reverse("organisation:official_list")
    response = login("appraiser").get(url, {"unit": world.unit_a.pk})
    names = {o.full_name for o in response.context["page"].object_list}
    assert names == {"Phạm Thu Lan", "Nguyễn Thanh Sơn", "Lê Văn Đồng", "Võ Thị Phòng"}


def test_the_unit_tree_shows_only_the_units_in_scope(world, login):
    page = login("unit_head").get(reverse("organisation:unit_list")).content.decode()
    assert "Sở A" in page
    assert "Phòng 1, Sở A" in page
    assert "Sở B" not in page
    assert "Tỉnh Thử Nghiệm" not in page


def test_an_official_without_roles_is_told_why_the_list_is_short(world, login):
    page = login("official").get(reverse("organisation:official_list")).content.decode()
    assert "Bạn chỉ xem được hồ sơ của chính mình" in page
    page = login("unit_head").get(reverse("organisation:official_list")).content.decode()
    assert "Bạn chỉ xem được hồ sơ của chính mình" not in page


def test_the_officials_list_answers_htmx_with_the_table_only(world, login):
    url = reverse("organisation:official_list")
    response = login("unit_head").get(url, {"q": "Lan"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Phạm Thu Lan" in page
    assert "Lê Văn Đồng" not in page
    assert "<html" not in page
