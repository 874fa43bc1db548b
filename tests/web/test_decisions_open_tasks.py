"""A person is decided only once the tasks the decision rests on are confirmed.

A decision rests on the tasks of the person's unit and of the units below it (the unit
conditions of SPEC §8.2), and freezes them (``access.freeze``): deciding a department's head
while a division's task still waits for its confirmation would leave that task, and the
evaluation of its lead, stuck for good. Such a row waits on the decision page, saying why, and
``decide`` refuses it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from danhgia.decisions.errors import DecisionError
from danhgia.decisions.services import decide, decision_run
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.tasks.choices import TaskState

from . import factories as f
from .decision_data import make_quarter

WAITING = "nhiệm vụ của đơn vị và đơn vị trực thuộc: quyết định dựa trên các nhiệm vụ này"


def _open_division_tasks(world, quarter):
    head = world.users["unit_head"]
    f.make_task(world.member_a1, quarter.period, world.unit_a, head)  # assigned, no result yet
    f.make_task(world.member_a1, quarter.period, world.unit_a, head, state=TaskState.REPORTED)
    f.make_task(world.outsider_b, quarter.period, world.unit_b, head)  # another unit's
    confirmed = f.make_task(world.official_a, quarter.period, world.unit_a, head)
    confirmed.state = TaskState.VERIFIED
    confirmed.save(update_fields=["state"])


def test_a_unit_waits_on_the_decision_page_while_a_divisions_task_is_unconfirmed(login, world):
    quarter = make_quarter(world)
    _open_division_tasks(world, quarter)

    page = login("authority").get(reverse("decisions:decide", args=[quarter.period.pk]))

    rows = page.context["board"].rows.values()
    by_unit = {row.official.unit_id: row.open_tasks_below for row in rows}
    assert by_unit[world.unit_a.pk] == 2  # the division's two open tasks, not unit B's
    assert by_unit[world.division_a1.pk] == 2
    assert not any(row.decidable for row in rows)
    html = page.content.decode()
    assert f"Chờ xác nhận 2 {WAITING}" in html
    assert 'name="pick"' not in html


def test_decide_refuses_a_person_whose_units_tasks_are_unconfirmed(world):
    quarter = make_quarter(world)
    _open_division_tasks(world, quarter)
    authority = world.users["authority"]
    run = decision_run(quarter.period, authority)

    with pytest.raises(DecisionError, match="còn nhiệm vụ của đơn vị hoặc đơn vị trực thuộc"):
        decide(run, authority, evaluation_ids={quarter.top.pk})
    assert Evaluation.objects.get(pk=quarter.top.pk).state == EvaluationState.APPRAISED


def test_once_every_task_below_is_confirmed_the_unit_is_decided(login, world):
    quarter = make_quarter(world)
    task = f.make_task(world.member_a1, quarter.period, world.unit_a, world.users["unit_head"])
    task.state = TaskState.VERIFIED
    task.save(update_fields=["state"])

    page = login("authority").get(reverse("decisions:decide", args=[quarter.period.pk]))

    rows = page.context["board"].rows.values()
    assert all(row.open_tasks_below == 0 and row.decidable for row in rows)
    assert WAITING not in page.content.decode()
    run = decision_run(quarter.period, world.users["authority"])
    assert decide(run, world.users["authority"], evaluation_ids={quarter.top.pk})
