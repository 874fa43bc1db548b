"""Notices' e-mails are sent by the job worker: tests run it before reading ``mail.outbox``."""

from __future__ import annotations

from danhgia.jobs.worker import Worker


def deliver_notices() -> None:
    """Run the job worker until nothing is due (the ``notices.email`` jobs among them)."""
    Worker("test-mail").run(burst=True)
