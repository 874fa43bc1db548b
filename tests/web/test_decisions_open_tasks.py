"""The decision page warns before a decision freezes tasks still waiting for confirmation.

A decision rests on the tasks of the person's unit and of the units below it, so deciding a
department's head freezes its divisions' tasks (``access.freeze``); one whose result was never
confirmed would stay so for good. The authority is told before it decides.
"""

from __future__ import annotations

from django.urls import reverse

from danhgia.tasks.choices import TaskState

from . import factories as f
from .decision_data import make_quarter

WARNING = "nhiệm vụ của đơn vị và đơn vị trực thuộc chưa được xác nhận kết quả"


def test_deciding_a_unit_warns_of_its_divisions_unconfirmed_tasks(login, world):
    quarter = make_quarter(world)
    head = world.users["unit_head"]
    f.make_task(world.member_a1, quarter.period, world.unit_a, head)  # assigned, no result yet
    f.make_task(world.member_a1, quarter.period, world.unit_a, head, state=TaskState.REPORTED)
    f.make_task(world.outsider_b, quarter.period, world.unit_b, head)  # another unit's
    confirmed = f.make_task(world.official_a, quarter.period, world.unit_a, head)
    confirmed.state = TaskState.VERIFIED
    confirmed.save(update_fields=["state"])

    page = login("authority").get(reverse("decisions:decide", args=[quarter.period.pk]))

    rows = page.context["board"].rows
    by_unit = {row.official.unit_id: row.open_tasks_below for row in rows.values()}
    assert by_unit[world.unit_a.pk] == 2  # the division's two open tasks, not unit B's
    assert by_unit[world.division_a1.pk] == 2
    assert f"Còn 2 {WARNING}" in page.content.decode()


def test_no_warning_when_every_task_below_is_confirmed(login, world):
    quarter = make_quarter(world)
    task = f.make_task(world.member_a1, quarter.period, world.unit_a, world.users["unit_head"])
    task.state = TaskState.VERIFIED
    task.save(update_fields=["state"])

    page = login("authority").get(reverse("decisions:decide", args=[quarter.period.pk]))

    assert all(row.open_tasks_below == 0 for row in page.context["board"].rows.values())
    assert WARNING not in page.content.decode()
