"""A role's acting unit (rough edge #13): a province-wide assigning agency reaches the whole
province from the root unit but assigns, confirms and is told as its office."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from danhgia import access
from danhgia.access import Action
from danhgia.core.demo import seed_demo
from danhgia.organisation.models import RoleAssignment
from danhgia.tasks.models import Task
from tests.demo_day import STORY_TODAY
from tests.web import factories as f
from tests.web import tasks_world
from tests.web.test_tasks_assign import _form


@pytest.fixture
def tw(world, tmp_path):
    with tasks_world.private_storage_at(tmp_path):
        yield tasks_world.build(world)


@pytest.fixture
def office(world, tw):
    """ "Văn phòng" under the province root: the agency's role acts as it."""
    unit = f.make_unit("van-phong", world.root, world.unit_a.block, name="Văn phòng Tỉnh")
    RoleAssignment.objects.filter(user=tw.agency).update(acting_unit=unit)
    return unit


def _agency(tw):
    return get_user_model().objects.get(pk=tw.agency.pk)  # role assignments read afresh


def test_the_assign_form_offers_the_acting_unit_and_the_task_carries_it(world, tw, office, client):
    client.force_login(tw.agency)
    page = client.get(reverse("tasks:task_assign")).content.decode()
    assert f'<option value="{office.pk}" selected>Văn phòng Tỉnh</option>' in page
    assert "Tỉnh Thử Nghiệm</option>" not in page
    # the reach stays the province: unit A's and unit B's people are offered
    assert "Phạm Thu Lan" in page and "Đỗ Minh Ngoài" in page

    data = _form(
        tw, office, [world.official_a, world.outsider_b], product="", product_name="Báo cáo"
    )
    response = client.post(reverse("tasks:task_assign"), data)

    assert response.status_code == 302
    created = Task.objects.filter(title=data["title"])
    assert sorted((t.lead.pk, t.assigning_unit.pk) for t in created) == sorted(
        [(world.official_a.pk, office.pk), (world.outsider_b.pk, office.pk)]
    )
    page = client.get(reverse("tasks:task_detail", args=[created[0].pk])).content.decode()
    assert "<dt>Cơ quan giao</dt><dd>Văn phòng Tỉnh</dd>" in page


def test_the_scope_unit_is_no_longer_an_assigning_body(world, tw, office, client):
    client.force_login(tw.agency)
    before = Task.objects.count()
    data = _form(tw, world.root, [world.official_a], product="", product_name="Báo cáo")
    page = client.post(reverse("tasks:task_assign"), data).content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ." in page  # the root is not among the choices
    assert Task.objects.count() == before


def test_the_catalogues_of_the_reach_are_still_offered(world, tw, office, client):
    client.force_login(tw.agency)
    page = client.get(reverse("tasks:task_assign")).content.decode()
    assert "Tờ trình UBND tỉnh (hệ số 1,50)" in page  # unit A's catalogue, under the root


def test_the_assigning_side_is_the_acting_unit(world, tw, office):
    agency = _agency(tw)
    assert access.assigning_unit_ids(agency) == {office.pk}
    assert [s.assigning_unit for s in access.assigning_scopes(agency)] == [office]
    assert [s.unit for s in access.assigning_scopes(agency)] == [world.root]
    assert access.assigning_unit_ids(world.users["unit_head"]) == {world.unit_a.pk}
    by_office = f.make_task(world.outsider_b, tw.period, office, agency, title="Của Văn phòng")
    changeable = set(access.restrict(agency, Task.objects.all(), Action.CHANGE))
    # the office's task is the agency's to change and confirm; the root's is no longer
    assert changeable == {by_office}
    assert set(access.restrict(agency, Task.objects.all(), Action.VERIFY)) == {by_office}
    assert by_office in access.restrict(agency, Task.objects.all(), Action.VIEW)
    assert list(access.recipients(Action.VERIFY, [office])) == [agency]
    assert list(access.recipients(Action.VERIFY, [world.root])) == []
    assert access.recipients_by_unit(Action.VERIFY, [office, world.root]) == {
        office.pk: [agency],
        world.root.pk: [],
    }


def test_unit_leadership_is_unchanged(world, tw, office):
    head = world.users["unit_head"]
    assert set(access.restrict(head, Task.objects.all(), Action.CHANGE)) == {tw.task_a}
    assert list(access.recipients(Action.VERIFY, [world.unit_a])) == [head]


@pytest.mark.parametrize(
    ("role", "unit", "subtree", "acting", "message"),
    [
        ("assigning_agency", "unit_a", True, "unit_b", "phải là đơn vị phạm vi"),
        ("assigning_agency", "root", False, "unit_a", "phải là đơn vị phạm vi"),
        ("appraiser", "root", True, "unit_a", "Chỉ vai trò cơ quan chủ trì"),
        ("assigning_agency", "root", True, "division_a1", ""),
        ("unit_leadership", "unit_a", True, "division_a1", ""),
        ("assigning_agency", "unit_a", False, "unit_a", ""),
    ],
)
def test_an_acting_unit_must_lie_in_the_scope(world, role, unit, subtree, acting, message):
    assignment = RoleAssignment(
        user=world.users["outsider"],
        role=role,
        unit=getattr(world, unit),
        include_subtree=subtree,
        acting_unit=getattr(world, acting),
    )
    if not message:
        assignment.full_clean()
        return
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert message in " ".join(error.value.message_dict["acting_unit"])


def test_the_admin_refuses_an_acting_unit_outside_the_scope(world, login):
    response = login("admin").post(
        reverse("admin:organisation_roleassignment_add"),
        {
            "user": world.users["outsider"].pk,
            "role": "assigning_agency",
            "unit": world.unit_a.pk,
            "include_subtree": "on",
            "acting_unit": world.unit_b.pk,
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "Đơn vị đứng tên phải là đơn vị phạm vi" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=world.users["outsider"]).exists()


def test_the_demo_agency_assigns_as_van_phong_tinh_uy(db, client):
    seed_demo(small=True, today=STORY_TODAY)
    agency = get_user_model().objects.get(username="cqchutri")
    role = RoleAssignment.objects.get(user=agency)
    assert (role.unit.parent, role.acting_unit.name) == (None, "Văn phòng Tỉnh ủy")
    assert role.acting_unit.parent == role.unit and role.acting_unit.block.code == "tham-muu"
    tasks = Task.objects.filter(assigned_by=agency)
    assert tasks.count() == 2
    assert {t.assigning_unit.name for t in tasks} == {"Văn phòng Tỉnh ủy"}

    client.force_login(agency)
    page = client.get(reverse("tasks:task_detail", args=[tasks[0].pk])).content.decode()
    assert "<dt>Cơ quan giao</dt><dd>Văn phòng Tỉnh ủy</dd>" in page
    form = client.get(reverse("tasks:task_assign")).content.decode()
    assert f'<option value="{role.acting_unit.pk}" selected>Văn phòng Tỉnh ủy</option>' in form
    assert "Tỉnh Lâm Hà</option>" not in form
    # the home page says whom the role assigns as, and does not ask a role-only account to
    # have itself linked to an official's record (walk of 05/12/2026)
    home = client.get(reverse("core:home")).content.decode()
    assert "Giao nhiệm vụ với tên: Văn phòng Tỉnh ủy" in home
    assert "hãy đề nghị quản trị viên gắn tài khoản" not in home
    assert "tài khoản không gắn với hồ sơ cán bộ nên không có phiếu tự đánh giá" in home


def test_the_assignment_workbook_is_the_acting_units(world, tw, office, client):
    client.force_login(tw.agency)
    page = client.get(reverse("tasks:assignments_upload")).content.decode()
    assert "Văn phòng Tỉnh · Quý III/2026" in page
    assert f"assigning_unit={office.pk}" in page
    response = client.get(reverse("tasks:assignments_download"))
    assert response.status_code == 200
    assert "giao-nhiem-vu-van-phong-Q3-2026.xlsx" in response["Content-Disposition"]
