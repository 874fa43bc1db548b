"""The models refuse to save or delete a frozen record (SPEC §6, §14): the shell, the admin and
any future code go through ``save()`` and ``delete()`` (``danhgia.access.freeze.Freezable``).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from danhgia.decisions.models import Accountability
from danhgia.evaluations.models import CriterionEntry
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period
from danhgia.tasks.models import CollectiveResult, Task

from . import factories as f
from . import freeze_world
from .freeze_world import a_change, stored_values

CLOSED = "đã đóng"
DECIDED = "đã được cấp có thẩm quyền quyết định"


@pytest.fixture
def closed(world, tmp_path, monkeypatch):
    freeze_world.private_media(tmp_path, monkeypatch)
    return freeze_world.closed(world)


@pytest.fixture
def decided(world, tmp_path, monkeypatch):
    freeze_world.private_media(tmp_path, monkeypatch)
    return freeze_world.decided(world)


# --- The models: save() and delete() -----------------------------------------------------------


@pytest.mark.parametrize("which", ["closed", "decided"])
def test_no_frozen_record_is_saved_or_deleted(request, which):
    quarter = request.getfixturevalue(which)
    for name, record in quarter.records.items():
        fresh = type(record)._base_manager.get(pk=record.pk)
        before = stored_values(fresh)
        with pytest.raises(ValidationError):
            a_change(fresh).save()
        with pytest.raises(ValidationError):
            fresh.delete()
        assert stored_values(record) == before, name


def test_records_the_decisions_do_not_rest_on_still_change(decided):
    for record in decided.open_records.values():
        a_change(record).save()
    decided.open_records["task in unit B"].delete()


def test_nothing_is_added_to_a_closed_quarter_nor_under_a_decision(closed, world):
    head = world.users["unit_head"]
    with pytest.raises(ValidationError, match=CLOSED):
        f.make_task(world.colleague_a, closed.period, world.unit_a, head)
    with pytest.raises(ValidationError, match=CLOSED):
        CollectiveResult.objects.create(unit=world.unit_b, period=closed.period)
    with pytest.raises(ValidationError, match=CLOSED):
        CriterionEntry.objects.create(evaluation=closed.evaluation, code="B.9.9")


def test_a_task_cannot_be_moved_into_a_decided_unit(decided, world):
    task = decided.open_records["task in unit B"]
    task.lead = world.colleague_a
    with pytest.raises(ValidationError, match=DECIDED):
        task.save()
    assert Task.objects.get(pk=task.pk).lead == world.outsider_b


def test_a_closed_period_is_never_reopened_edited_or_deleted(closed):
    period = Period.objects.get(pk=closed.period.pk)
    period.state = PeriodState.OPEN
    with pytest.raises(ValidationError, match=CLOSED):
        period.save()
    with pytest.raises(ValidationError, match=CLOSED):
        period.full_clean()
    with pytest.raises(ValidationError, match=CLOSED):
        Period.objects.get(pk=period.pk).delete()
    assert Period.objects.get(pk=period.pk).state == PeriodState.CLOSED


def test_the_heads_accountability_record_is_never_edited_or_deleted(decided):
    record = Accountability.objects.get(decision__evaluation=decided.evaluation)
    before = stored_values(record)
    record.note = "Sửa"
    with pytest.raises(ValidationError, match="không được sửa"):
        record.save()
    with pytest.raises(ValidationError, match="không được xóa"):
        record.delete()
    assert stored_values(record) == before
