"""The functions the evaluations and rating code call, and carrying tasks over (SPEC §7.3, §9)."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.engine import FactorChoice, TaskInput, task_kpi
from danhgia.periods.services import close_period
from danhgia.tasks.carry_over import carry_over_tasks
from danhgia.tasks.choices import TaskSource, TaskState
from danhgia.tasks.errors import TaskError
from danhgia.tasks.models import Task
from danhgia.tasks.rules import policy_of
from danhgia.tasks.selectors import (
    collective_figures,
    engine_task_input,
    engine_task_inputs,
    person_task_figures,
    tasks_for_criterion,
)
from tests.web import factories as f
from tests.web import tasks_world


@pytest.fixture
def tw(world, tmp_path):
    with tasks_world.private_storage_at(tmp_path):
        yield tasks_world.build(world)


def _task(world, tw, lead=None, **fields):
    return f.make_task(
        lead or world.official_a, tw.period, world.unit_a, world.users["unit_head"], **fields
    )


def test_tasks_for_a_criterion_leave_out_cancelled_carried_and_not_yet_due(world, tw):
    done = _task(world, tw, due_date=date(2026, 8, 1), completed_on=date(2026, 7, 30))
    open_due = _task(world, tw, due_date=date(2026, 9, 30))
    _task(world, tw, state=TaskState.CANCELLED)
    _task(world, tw, state=TaskState.CARRIED_OVER)
    # Not done and due after the results cut-off (30/09/2026): carried to Q4, not scored now.
    _task(world, tw, due_date=date(2026, 10, 15))
    # Due after the cut-off but already done: it counts.
    early = _task(world, tw, due_date=date(2026, 10, 15), completed_on=date(2026, 9, 20))
    _task(world, tw, criterion_code="B.1.4")
    _task(world, tw, lead=world.colleague_a)

    found = list(tasks_for_criterion(world.official_a, tw.period, "B.1.2"))

    assert found == [done, tw.task_a, tw.task_agency, open_due, early]


def test_engine_inputs_default_missing_results_and_factors(world, tw):
    policy = policy_of(tw.period)
    verified = _task(
        world,
        tw,
        planned_quantity=2,
        coefficient=Decimal("1.20"),
        delivered_quantity=3,
        completed_on=date(2026, 9, 1),
        quality=Decimal("1.2"),
        timeliness=Decimal("1.0"),
        leadership=Decimal("0.75"),
    )
    late = _task(world, tw, delivered_quantity=1, completed_on=date(2026, 9, 20))
    late_assessed = _task(
        world, tw, delivered_quantity=1, completed_on=date(2026, 9, 20), timeliness=Decimal("0.5")
    )
    not_reported = _task(world, tw)

    inputs = engine_task_inputs([verified, late, late_assessed, not_reported], policy)

    assert inputs == (
        TaskInput(
            Decimal(2), Decimal(3), Decimal("1.2"), Decimal("1.2"), Decimal(1), Decimal("0.75")
        ),
        # Completed five days late, nobody assessed it yet: the policy's "Chậm tiến độ" (0,75).
        TaskInput(Decimal(1), Decimal(1), Decimal(1), Decimal(1), Decimal("0.75"), Decimal(1)),
        TaskInput(Decimal(1), Decimal(1), Decimal(1), Decimal(1), Decimal("0.5"), Decimal(1)),
        TaskInput(Decimal(1), Decimal(0), Decimal(1), Decimal(1), Decimal(1), Decimal(1)),
    )
    # The engine takes them as they are: W = 2.4 + 1 + 1 + 1 = 5.4.
    kpi = task_kpi(inputs, policy)
    assert kpi.quantity == Decimal("4.4") / Decimal("5.4")
    assert kpi.exceeding_tasks == 1
    assert kpi.late_tasks == 2


def test_the_late_timeliness_of_an_unassessed_task_is_the_policys_key(world, tw):
    """Not a label that starts with "Chậm": the policy's ``late_timeliness``."""
    policy = policy_of(tw.period)
    assert policy.late_timeliness == Decimal("0.75")
    late = f.make_task(
        world.official_a,
        tw.period,
        world.unit_a,
        world.users["unit_head"],
        due_date=date(2026, 8, 1),
        delivered_quantity=1,
        completed_on=date(2026, 8, 5),
    )
    relabelled = dataclasses.replace(
        policy,
        late_timeliness=Decimal("0.8"),
        task_factor_scales={
            "timeliness": (
                FactorChoice("Đúng hạn", Decimal(1)),
                FactorChoice("Trễ", Decimal("0.6")),
            )
        },
    )
    assert engine_task_input(late, policy).timeliness == Decimal("0.75")
    assert engine_task_input(late, relabelled).timeliness == Decimal("0.8")


def test_collective_figures_count_the_unit_and_its_divisions(world, tw):
    # task_a: completed on time; task_agency: open, due 15/09 (counts, not completed).
    _task(world, tw, lead=world.member_a1, delivered_quantity=1, completed_on=date(2026, 9, 16))
    _task(
        world,
        tw,
        lead=world.head_a,
        delivered_quantity=2,
        completed_on=date(2026, 9, 1),
        quality=Decimal("1.2"),
    )
    _task(world, tw, lead=world.colleague_a, state=TaskState.CANCELLED)
    _task(world, tw, lead=world.colleague_a, due_date=date(2026, 11, 30))  # will carry over

    figures = collective_figures(world.unit_a, tw.period)

    assert (figures.id, figures.tasks_total, figures.tasks_completed) == ("so-a", 4, 3)
    assert (figures.tasks_late, figures.tasks_exceeding, figures.force_majeure) == (1, 1, False)
    division = collective_figures(world.division_a1, tw.period)
    assert (division.tasks_total, division.tasks_completed, division.tasks_late) == (1, 1, 1)
    unit_b = collective_figures(world.unit_b, tw.period)
    assert (unit_b.tasks_total, unit_b.tasks_completed) == (1, 0)


def test_person_figures_are_the_officials_own_tasks(world, tw):
    _task(world, tw, delivered_quantity=2, planned_quantity=1, completed_on=date(2026, 9, 1))
    _task(world, tw, lead=world.colleague_a, delivered_quantity=1, completed_on=date(2026, 9, 1))

    assert person_task_figures(world.official_a, tw.period) == (3, 2, 1)
    assert person_task_figures(world.head_a, tw.period) == (0, 0, 0)


def test_carrying_over_needs_the_next_quarter(world, tw):
    with pytest.raises(TaskError, match="Chưa mở kỳ đánh giá của quý tiếp theo sau Quý III/2026"):
        carry_over_tasks(tw.period)
    with pytest.raises(CommandError, match="Chưa mở kỳ đánh giá"):
        call_command("carry_over_tasks", "2026-Q3")


def test_carrying_over_moves_open_tasks_not_yet_due_and_keeps_the_link(world, tw, capsys):
    later = _task(
        world,
        tw,
        title="Đề án tự chủ tài chính",
        due_date=date(2026, 10, 20),
        source=TaskSource.AD_HOC,
        delivered_quantity=Decimal("0.5"),
    )
    _task(world, tw, due_date=date(2026, 10, 20), completed_on=date(2026, 9, 25))  # done: stays
    _task(world, tw, due_date=date(2026, 9, 30))  # due by the cut-off: stays (not completed)
    q4 = tasks_world.open_quarter(world, 2026, 4)

    call_command("carry_over_tasks", "2026-Q3")

    assert "1 nhiệm vụ đã được chuyển từ Quý III/2026 sang quý sau." in capsys.readouterr().out
    later.refresh_from_db()
    assert later.state == TaskState.CARRIED_OVER
    moved = Task.objects.get(carried_from=later)
    assert (moved.period, moved.lead, moved.state) == (q4, world.official_a, TaskState.ASSIGNED)
    assert (moved.title, moved.due_date, moved.source) == (later.title, later.due_date, "ad_hoc")
    assert moved.delivered_quantity == Decimal("0.5")
    assert (moved.criterion_code, moved.axis) == ("B.1.2", 1)
    entry = AuditEntry.objects.get(action="task.carried_over", object_id=str(later.pk))
    assert entry.after == {"period": "2026-Q4", "task": moved.pk, "rating_date": "2026-09-30"}
    # Nothing counts twice, and a second run moves nothing.
    assert later not in tasks_for_criterion(world.official_a, tw.period, "B.1.2")
    assert carry_over_tasks(tw.period) == 0


def test_an_earlier_rating_date_carries_more_tasks(world, tw):
    tasks_world.open_quarter(world, 2026, 4)
    # task_agency is due 15/09/2026 and not done; task_a is done.
    assert carry_over_tasks(tw.period, date(2026, 9, 10)) == 2  # with task_b of unit B
    tw.task_agency.refresh_from_db()
    tw.task_a.refresh_from_db()
    assert (tw.task_agency.state, tw.task_a.state) == ("carried_over", "reported")


def test_carrying_over_into_a_closed_quarter_is_refused(world, tw):
    close_period(tasks_world.open_quarter(world, 2026, 4))
    with pytest.raises(TaskError, match="đã đóng"):
        carry_over_tasks(tw.period)


def test_the_command_checks_its_arguments(world, tw):
    with pytest.raises(CommandError, match="expected YYYY-Qn"):
        call_command("carry_over_tasks", "Q3-2026")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("carry_over_tasks", "2030-Q1")
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("carry_over_tasks", "2026-Q3", "--rating-date", "2026-09-30")


def test_the_assigning_side_carries_its_own_tasks_over_from_the_page(world, tw, login):
    """N1: carrying over had only a command; the unit's leadership moves the tasks its unit
    assigned, after seeing them and confirming, and no one else's."""
    own = _task(world, tw, title="Đề án tự chủ tài chính", due_date=date(2026, 10, 20))
    other = f.make_task(
        world.official_a, tw.period, world.root, world.users["agency"], title="Việc của tỉnh"
    )
    Task.objects.filter(pk=other.pk).update(due_date=date(2026, 10, 25))
    client = login("unit_head")
    url = reverse("tasks:carry_over")
    page = client.get(url, {"ky": tw.period.pk}).content.decode()
    assert own.title in page and "Việc của tỉnh" not in page
    assert 'id="no-next-period"' in page  # Q4 is not open yet: nothing to move to
    q4 = tasks_world.open_quarter(world, 2026, 4)
    page = client.get(url, {"ky": tw.period.pk}).content.decode()
    assert "Chuyển 1 nhiệm vụ sang Quý IV/2026" in page and "data-confirm" in page
    response = client.post(url, {"ky": tw.period.pk})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.state == TaskState.CARRIED_OVER
    assert Task.objects.get(carried_from=own).period == q4
    assert Task.objects.get(pk=other.pk).state != TaskState.CARRIED_OVER
    assert login("official").get(url).status_code == 403
