"""Daily reminders before each deadline, late notices after it, never twice (core.reminders)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danhgia.core import reminders
from danhgia.core.reminders import REMINDERS_JOB, schedule_daily, send_reminders
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.jobs.choices import JobState
from danhgia.jobs.models import Job
from danhgia.notices.choices import NoticeKind
from danhgia.notices.models import Notice
from danhgia.organisation.choices import Role

from . import factories as f
from .mailbox import deliver_notices


@pytest.fixture
def quarter(world, settings):
    settings.REMINDER_LEAD_DAYS = [3, 1]
    period = f.make_evaluation_period(f.make_block())
    for official in (world.official_a, world.head_a, world.colleague_a):
        f.make_evaluation(official, period)
    world.users["official"].email = "lan@example.vn"
    world.users["official"].save()
    return period


def _deadline(period, key):
    return period.deadlines.get(key=key)


def test_three_days_before_the_self_assessment_each_official_due_is_reminded(world, quarter):
    due = _deadline(quarter, "self_assessment").due_date
    # the head has submitted: nothing is due from them
    Evaluation.objects.filter(official=world.head_a).update(state=EvaluationState.SELF_ASSESSED)
    outcome = send_reminders(due - timedelta(days=3))
    notices = Notice.objects.filter(kind=NoticeKind.REMINDER, subject__startswith="Nhắc hạn tự")
    assert [n.user for n in notices] == [world.users["official"]]  # colleague has no account
    notice = notices.get()
    assert f"Hạn {due:%d/%m/%Y} (còn 3 ngày)." in notice.body
    assert outcome.reminded >= 1 and outcome.late == 0
    deliver_notices()
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    assert mail.outbox[0].subject == "Nhắc hạn tự đánh giá Quý III/2026"


def test_no_reminder_on_a_day_that_is_not_a_lead_day(world, quarter):
    due = _deadline(quarter, "self_assessment").due_date
    send_reminders(due - timedelta(days=2))
    assert not Notice.objects.filter(subject__startswith="Nhắc hạn tự").exists()


def test_running_twice_the_same_day_posts_and_sends_nothing_more(world, quarter):
    day = _deadline(quarter, "self_assessment").due_date - timedelta(days=1)
    send_reminders(day)
    count = Notice.objects.count()
    deliver_notices()
    sent = len(mail.outbox)
    second = send_reminders(day)
    deliver_notices()
    assert Notice.objects.count() == count and len(mail.outbox) == sent
    assert second.reminded == 0
    # the next lead day is another reminder
    send_reminders(day + timedelta(days=1))
    assert Notice.objects.count() > count


def test_after_the_deadline_the_late_official_and_the_unit_leadership_are_told(world, quarter):
    due = _deadline(quarter, "self_assessment").due_date
    Evaluation.objects.filter(official=world.head_a).update(state=EvaluationState.SELF_ASSESSED)
    outcome = send_reminders(due + timedelta(days=1))
    late = Notice.objects.filter(kind=NoticeKind.LATE)
    mine = late.get(user=world.users["official"])
    assert mine.subject == "Quá hạn tự đánh giá Quý III/2026"
    leadership = late.get(user=world.users["unit_head"], subject__startswith="Sở A")
    assert leadership.subject == "Sở A: 2 cán bộ quá hạn tự đánh giá"
    assert "Phạm Thu Lan" in leadership.body and "Lê Văn Đồng" in leadership.body
    assert not late.filter(user=world.users["outsider"]).exists()
    assert outcome.late >= 2
    # the day after that: nothing more (late notices are sent once)
    about_self = Notice.objects.filter(kind=NoticeKind.LATE)
    before = about_self.count()
    send_reminders(due + timedelta(days=2))
    assert about_self.count() == before


def test_role_holders_are_reminded_of_what_waits_for_their_step(world, quarter):
    review = _deadline(quarter, "dossier")
    Evaluation.objects.update(state=EvaluationState.VERIFIED)
    send_reminders(review.due_date - timedelta(days=1))
    notice = Notice.objects.get(user=world.users["unit_head"], kind=NoticeKind.REMINDER)
    assert notice.subject.startswith("Nhắc hạn: Xem xét bản tự đánh giá")
    assert "3 phiếu chờ nhận xét, đề xuất xếp loại" in notice.body
    assert not Notice.objects.filter(user=world.users["authority"]).exists()


def test_the_daily_job_runs_the_reminders_and_queues_the_next_day(world, quarter, settings):
    assert schedule_daily() is True
    assert schedule_daily() is False  # one is queued already
    job = Job.objects.get(kind=REMINDERS_JOB)
    Job.objects.filter(pk=job.pk).update(run_after=job.created_at)
    deliver_notices()
    job.refresh_from_db()
    assert job.error == ""
    assert job.state == JobState.DONE
    following = Job.objects.get(kind=REMINDERS_JOB, state=JobState.QUEUED)
    assert following.run_after > job.created_at
    assert following.idempotency_key != job.idempotency_key


def test_the_command(world, quarter, capsys):
    due = _deadline(quarter, "self_assessment").due_date
    call_command("send_reminders", "--date", (due - timedelta(days=1)).isoformat())
    assert "reminders: " in capsys.readouterr().out
    assert Notice.objects.filter(kind=NoticeKind.REMINDER).exists()


def test_reminding_officials_costs_the_same_queries_for_more_people(
    world, quarter, django_assert_max_num_queries
):
    due = _deadline(quarter, "self_assessment").due_date
    day = due - timedelta(days=3)
    for n in range(12):
        user = f.make_user(f"extra{n}", email=f"extra{n}@example.vn")
        f.make_evaluation(f.make_official(world.unit_b, user=user, name=f"Cán bộ {n}"), quarter)
    with django_assert_max_num_queries(40):
        outcome = send_reminders(day)
    # the official, the head (not submitted either) and the twelve
    assert Notice.objects.filter(subject__startswith="Nhắc hạn tự").count() == 14
    assert outcome.reminded >= 14
    deliver_notices()
    assert len(mail.outbox) == 13  # the head has no address


def _late_units(world, quarter, count: int, start: int = 0) -> None:
    """``count`` units under the province, each with a late official and its own leadership."""
    for n in range(start, start + count):
        unit = f.make_unit(f"don-vi-tre-{n}", world.root, world.unit_a.block, name=f"Đơn vị {n}")
        f.make_evaluation(f.make_official(unit, name=f"Cán bộ trễ {n}"), quarter)
        leader = f.make_user(f"lanh-dao-{n}", email=f"lanh-dao-{n}@example.vn")
        f.assign_role(leader, Role.UNIT_LEADERSHIP, unit)


def _late_day_queries(quarter) -> int:
    due = _deadline(quarter, "self_assessment").due_date
    Notice.objects.all().delete()  # the same day again: nothing is held back as sent
    with CaptureQueriesContext(connection) as queries:
        send_reminders(due + timedelta(days=1))
    return len(queries)


def test_late_notices_to_the_leadership_cost_the_same_queries_for_5_or_50_units(
    world, quarter, monkeypatch
):
    # Only the officials' part: each role holder's own reminder reads its own counts (three
    # queries a holder, ``_role_holders``), which is measured in docs/ARCHITECTURE.md "Scale".
    monkeypatch.setattr(reminders, "_role_holders", lambda *args: 0)
    _late_units(world, quarter, 5)
    few = _late_day_queries(quarter)
    told = Notice.objects.filter(user__username__startswith="lanh-dao-")
    assert told.count() == 5
    assert told.get(user__username="lanh-dao-3").subject == "Đơn vị 3: 1 cán bộ quá hạn tự đánh giá"
    assert "Cán bộ trễ 3" in told.get(user__username="lanh-dao-3").body
    _late_units(world, quarter, 45, start=5)
    many = _late_day_queries(quarter)
    assert told.count() == 50
    # Sở A's leadership still hears of its own late people, and only once
    own = Notice.objects.filter(user=world.users["unit_head"], subject__startswith="Sở A")
    assert [n.subject for n in own] == ["Sở A: 3 cán bộ quá hạn tự đánh giá"]
    assert many == few
