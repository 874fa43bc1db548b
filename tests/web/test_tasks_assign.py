"""Assigning tasks: the six clear items, one lead per task, bulk assignment, editing (SPEC §5)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.periods.services import close_period
from danhgia.tasks.assignment import TaskSpec, assign_task
from danhgia.tasks.errors import TaskError
from danhgia.tasks.models import Task
from tests.web import factories as f
from tests.web import tasks_world


@pytest.fixture
def tw(world, tmp_path):
    with tasks_world.private_storage_at(tmp_path):
        yield tasks_world.build(world)


def _form(tw, unit, leads, **changes):
    data = {
        "period": tw.period.pk,
        "assigning_unit": unit.pk,
        "leads": [lead.pk for lead in leads],
        "title": "Báo cáo đánh giá tình hình thực hiện dự toán ngân sách 9 tháng",
        "description": "Số liệu đến hết ngày 15/9/2026",
        "responsibility": "Chủ trì; phối hợp Văn phòng Sở",
        "authority": "Giám đốc Sở",
        "criterion": "B.1.4",
        "product": tw.product("Báo cáo quý").pk,
        "product_name": "",
        "planned_quantity": "2",
        "source": "plan",
        "assigned_on": "03/07/2026",
        "due_date": "20/09/2026",
    }
    data.update(changes)
    return data


def test_the_unit_head_assigns_a_task_with_the_six_clear_items(world, tw, login):
    response = login("unit_head").post(
        reverse("tasks:task_assign"), _form(tw, world.unit_a, [world.official_a])
    )

    task = Task.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:task_detail", args=[task.pk])
    assert (task.lead, task.assigning_unit, task.assigned_by) == (
        world.official_a,
        world.unit_a,
        world.users["unit_head"],
    )
    assert (task.responsibility, task.authority) == (
        "Chủ trì; phối hợp Văn phòng Sở",
        "Giám đốc Sở",
    )
    assert (task.assigned_on, task.due_date) == (date(2026, 7, 3), date(2026, 9, 20))
    # Axis from the criterion, coefficient from the catalogue: 120 ÷ 100.
    assert (task.criterion_code, task.axis) == ("B.1.4", 1)
    assert (task.product_name, task.planned_quantity, task.coefficient) == (
        "Báo cáo quý",
        Decimal(2),
        Decimal("1.20"),
    )
    assert (task.state, task.batch) == ("assigned", None)
    entry = AuditEntry.objects.get(action="task.assigned", object_id=str(task.pk))
    assert entry.actor == world.users["unit_head"]
    assert entry.after["coefficient"] == "1.20"


def test_one_task_to_many_people_gives_each_their_own(world, tw, login):
    leads = [world.official_a, world.colleague_a, world.member_a1]
    response = login("unit_head").post(
        reverse("tasks:task_assign"),
        _form(tw, world.unit_a, leads, product="", product_name="Kế hoạch"),
    )

    assert response.status_code == 302
    tasks = list(Task.objects.filter(title__startswith="Báo cáo đánh giá").order_by("id"))
    assert [t.lead for t in tasks] == leads
    assert len({t.batch for t in tasks}) == 1 and tasks[0].batch is not None
    assert {t.coefficient for t in tasks} == {Decimal(1)}  # not in the catalogue: 1,00
    assert AuditEntry.objects.filter(action="task.assigned").count() == 3


def test_the_page_offers_the_criteria_that_accept_tasks_and_the_catalogue(world, tw, login):
    response = login("unit_head").get(reverse("tasks:task_assign"))

    html = response.content.decode()
    assert "B.1.2 – Thực hiện chương trình công tác quý;" in html
    assert "B.2.5" not in html  # PAR Index: a category row, not scored from tasks
    assert "Báo cáo quý (hệ số 1,20)" in html
    assert "Đề án trình Tỉnh ủy (hệ số 2,00)" in html
    assert world.official_a.full_name in html and world.member_a1.full_name in html
    assert world.outsider_b.full_name not in html


def test_a_lead_outside_the_scope_is_refused(world, tw, login):
    before = Task.objects.count()
    response = login("unit_head").post(
        reverse("tasks:task_assign"), _form(tw, world.unit_a, [world.outsider_b])
    )
    assert response.status_code == 200
    assert Task.objects.count() == before
    assert "leads" in response.context["form"].errors


def test_the_province_agency_assigns_anywhere_in_its_scope(world, tw, login):
    response = login("agency").post(
        reverse("tasks:task_assign"),
        _form(
            tw, world.root, [world.member_a1, world.outsider_b], product="", product_name="Báo cáo"
        ),
    )
    assert response.status_code == 302
    assert (
        Task.objects.filter(assigning_unit=world.root, title__startswith="Báo cáo đánh giá").count()
        == 2
    )


def test_a_product_of_another_units_catalogue_is_refused(world, tw):
    product_b = tw.catalogue_b.products.get()
    spec = TaskSpec(
        title="Báo cáo",
        product_name="",
        criterion_code="B.1.2",
        due_date=date(2026, 9, 1),
        assigned_on=date(2026, 7, 1),
        product=product_b,
    )
    with pytest.raises(TaskError) as error:
        assign_task(tw.period, world.unit_a, [world.official_a], spec, world.users["unit_head"])
    assert (
        "không thuộc danh mục đang áp dụng cho đơn vị của Phạm Thu Lan" in error.value.messages[0]
    )


def test_a_criterion_outside_the_leads_framework_is_refused(world, tw):
    spec = TaskSpec(
        title="Báo cáo",
        product_name="Báo cáo",
        criterion_code="B.2.5",
        due_date=date(2026, 9, 1),
        assigned_on=date(2026, 7, 1),
    )
    with pytest.raises(TaskError, match="không chấm theo nhiệm vụ"):
        assign_task(tw.period, world.unit_a, [world.official_a], spec, world.users["unit_head"])


def test_a_closed_quarter_takes_no_tasks(world, tw):
    close_period(tw.period)
    spec = TaskSpec(
        title="Báo cáo",
        product_name="Báo cáo",
        criterion_code="B.1.2",
        due_date=date(2026, 9, 1),
        assigned_on=date(2026, 7, 1),
    )
    with pytest.raises(TaskError, match="đã đóng"):
        assign_task(tw.period, world.unit_a, [world.official_a], spec, world.users["unit_head"])


def test_a_due_date_before_the_assignment_is_refused(world, tw, login):
    response = login("unit_head").post(
        reverse("tasks:task_assign"),
        _form(tw, world.unit_a, [world.official_a], due_date="01/07/2026"),
    )
    assert response.status_code == 200
    assert "Thời hạn hoàn thành không được trước ngày giao." in response.content.decode()


def test_no_task_is_added_under_a_submitted_self_assessment(world, tw, login):
    """Rough edge #4: a task given after the official submitted turned her KHTNV at once."""
    from danhgia.evaluations.choices import EvaluationState
    from danhgia.evaluations.models import Evaluation

    evaluation = f.make_evaluation(world.official_a, tw.period)
    Evaluation.objects.filter(pk=evaluation.pk).update(state=EvaluationState.SELF_ASSESSED)
    before = Task.objects.count()
    response = login("unit_head").post(
        reverse("tasks:task_assign"), _form(tw, world.unit_a, [world.official_a])
    )
    assert response.status_code == 200
    assert "Phạm Thu Lan đã nộp bản tự đánh giá quý này" in response.content.decode()
    assert Task.objects.count() == before
    # returned to her for completion, the task can be given
    Evaluation.objects.filter(pk=evaluation.pk).update(state=EvaluationState.RETURNED)
    response = login("unit_head").post(
        reverse("tasks:task_assign"), _form(tw, world.unit_a, [world.official_a])
    )
    assert response.status_code == 302 and Task.objects.count() == before + 1


def test_the_assigning_side_edits_a_task_and_the_change_is_logged(world, tw, login):
    data = _form(
        tw, world.unit_a, [], criterion="B.2.3", product=tw.product("Tờ trình UBND tỉnh").pk
    )
    data["lock_version"] = tw.task_a.lock_version
    response = login("unit_head").post(reverse("tasks:task_edit", args=[tw.task_a.pk]), data)

    assert response.status_code == 302
    task = Task.objects.get(pk=tw.task_a.pk)
    assert (task.criterion_code, task.axis, task.coefficient) == ("B.2.3", 2, Decimal("1.50"))
    assert task.due_date == date(2026, 9, 20)
    entry = AuditEntry.objects.get(action="task.updated", object_id=str(task.pk))
    assert entry.before["due_date"] == "2026-09-15" and entry.after["due_date"] == "2026-09-20"


def test_a_unit_without_a_catalogue_uses_the_one_above(world, tw):
    """Division A1 has no catalogue of its own: unit A's applies (central Phụ lục 1)."""
    spec = TaskSpec(
        title="Báo cáo",
        product_name="",
        criterion_code="B.1.2",
        due_date=date(2026, 9, 1),
        assigned_on=date(2026, 7, 1),
        product=tw.product("Đề án trình Tỉnh ủy"),
    )
    [task] = assign_task(tw.period, world.unit_a, [world.member_a1], spec, world.users["unit_head"])
    assert (task.coefficient, task.product_name) == (Decimal("2.00"), "Đề án trình Tỉnh ủy")


def test_the_filters_follow_the_chosen_period_and_unit(world, tw, login):
    """Changing the assigning unit (HTMX) narrows the leads offered."""
    f.assign_role(world.users["unit_head"], "assigning_agency", world.division_a1)
    response = login("unit_head").get(
        reverse("tasks:task_assign"),
        {"assigning_unit": world.division_a1.pk},
        HTTP_HX_REQUEST="true",
    )
    leads = list(response.context["form"].fields["leads"].queryset)
    assert leads == [world.member_a1]


def test_a_leads_name_in_the_list_filters_the_list_to_that_person(world, login):
    """Rough edge #11: the link was "??lead=…" and filtered nothing."""
    period = f.make_evaluation_period(world.unit_a.block)
    head = world.users["unit_head"]
    f.make_task(world.official_a, period, world.unit_a, head, title="Việc của chị Lan")
    f.make_task(world.colleague_a, period, world.unit_a, head, title="Việc của người khác")
    client = login("unit_head")
    page = client.get(reverse("tasks:task_list"), {"period": period.pk}).content.decode()
    link = f'href="?period={period.pk}&amp;lead={world.official_a.pk}"'
    assert link in page
    filtered = client.get(
        reverse("tasks:task_list"), {"period": period.pk, "lead": world.official_a.pk}
    )
    html = filtered.content.decode()
    assert "Việc của chị Lan" in html and "Việc của người khác" not in html


@pytest.mark.parametrize("huge", ["9" * 27, "123456789012345678901234567890"])
def test_a_huge_lead_id_is_not_a_server_error(world, tw, login, huge):
    """S6: "/nhiem-vu/?lead=<27 digits>" and a 30-digit lead posted answered 500."""
    client = login("unit_head")
    assert client.get(reverse("tasks:task_list"), {"lead": huge}).status_code == 200
    data = _form(tw, world.unit_a, [world.official_a])
    data["leads"] = [huge]
    response = client.post(reverse("tasks:task_assign"), data)
    assert response.status_code == 200
    assert client.get(reverse("tasks:task_assign"), {"leads": huge}).status_code == 200
