"""E-mail to the people a workflow step concerns (SPEC §10: "reminds", §6 steps 4–5).

``notify()`` is called inside the step's transaction and sends only once it commits, so that
nobody is told of a decision that was rolled back. Users without an e-mail address are skipped;
each user gets their own message (no shared recipient list). The backend is the console by
default (settings ``EMAIL_BACKEND``), so development and tests need no mail server. Links are
absolute (``absolute_url``): a mail reader has no page to resolve a path against.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A link for an e-mail: the path on the site's address (settings ``SITE_URL``)."""
    return settings.SITE_URL + path


def notify(users: Iterable, subject: str, body: str) -> int:
    """Send ``subject`` and ``body`` to each user with an e-mail address, after the commit.

    Returns how many messages will be sent. A failure of the mail server is logged and never
    undoes the step that was taken.
    """
    addresses = sorted(
        {u.email.strip() for u in users if u is not None and (u.email or "").strip()}
    )
    if not addresses:
        return 0
    subject = " ".join(str(subject).split())  # one line: a header cannot hold a newline
    messages = [
        EmailMessage(subject, str(body), settings.DEFAULT_FROM_EMAIL, [address])
        for address in addresses
    ]

    def send() -> None:
        try:
            get_connection().send_messages(messages)
        except Exception:  # the step is done; a mail server failure must not hide that
            logger.exception("sending %d notification(s) failed: %s", len(messages), subject)

    transaction.on_commit(send)
    return len(messages)
