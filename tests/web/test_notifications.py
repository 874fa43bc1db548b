"""notify(): a notice per user in the step's transaction, e-mails sent by the job worker."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from danhgia.jobs.choices import JobState
from danhgia.jobs.models import Job
from danhgia.notices.models import Notice
from danhgia.notifications import notify

from . import factories as f
from .mailbox import deliver_notices


@pytest.fixture
def people(db):
    return [
        f.make_user("a", email="a@example.vn"),
        f.make_user("b", email=""),
        f.make_user("c", email="c@example.vn"),
    ]


def test_every_user_gets_a_notice_and_those_with_an_address_an_email(people):
    assert notify(people, "Kết quả\nxếp loại", "Nội dung") == 2
    # nothing is sent inside the request: a job is queued, in the same transaction
    assert mail.outbox == []
    assert Job.objects.get().kind == "notices.email"
    assert Notice.objects.filter(read_at__isnull=True).count() == 3
    deliver_notices()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "c@example.vn"]
    assert all(m.subject == "Kết quả xếp loại" for m in mail.outbox)
    assert Job.objects.get().state == JobState.DONE
    deliver_notices()  # a second run sends nothing more
    assert len(mail.outbox) == 2


def test_nothing_is_posted_or_queued_when_the_step_is_rolled_back(people):
    try:
        with transaction.atomic():
            notify(people, "Tiêu đề", "Nội dung")
            raise RuntimeError
    except RuntimeError:
        pass
    deliver_notices()
    assert mail.outbox == [] and not Notice.objects.exists() and not Job.objects.exists()


def test_a_mail_server_failure_does_not_undo_the_step_and_is_retried(people, settings):
    settings.EMAIL_BACKEND = "tests.web.test_notifications.BrokenBackend"
    settings.JOBS_RETRY_DELAY_SECONDS = 3600
    notify(people, "Tiêu đề", "Nội dung")
    deliver_notices()
    job = Job.objects.get()
    assert job.state == JobState.QUEUED and job.attempts == 1  # tried again later
    assert Notice.objects.count() == 3  # the notices stay, under the bell
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Job.objects.update(run_after=job.created_at)
    deliver_notices()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "c@example.vn"]


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise OSError("mail server down")
