"""notify(): e-mail after the commit, one message per user, users without an address skipped."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from danhgia.notifications import notify

from . import factories as f


@pytest.fixture
def people(db):
    return [
        f.make_user("a", email="a@example.vn"),
        f.make_user("b", email=""),
        f.make_user("c", email="c@example.vn"),
    ]


def test_it_sends_one_message_per_user_with_an_address(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(people, "Kết quả\nxếp loại", "Nội dung") == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "c@example.vn"]
    assert all(m.subject == "Kết quả xếp loại" for m in mail.outbox)


def test_nothing_is_sent_when_the_step_is_rolled_back(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(people, "Tiêu đề", "Nội dung")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []


def test_a_mail_server_failure_does_not_undo_the_step(
    people, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.web.test_notifications.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(people, "Tiêu đề", "Nội dung")
    assert "notification" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")
