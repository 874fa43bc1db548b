"""Notices to the people a workflow step concerns (SPEC §10: "reminds", §6 steps 4–5).

``notify()`` is called inside the step's transaction: it writes one in-application notice per
user (the bell, ``danhgia.notices``) and queues one background job that e-mails those with an
address (each their own message). Both are rows of the step's transaction, so nobody is told of
a decision that was rolled back, and no mail is sent inside a web request: the job worker sends
them after the commit and retries a mail server failure. The backend is the console by default
(settings ``EMAIL_BACKEND``). Links are absolute (``absolute_url``): a mail reader has no page to
resolve a path against.
"""

from __future__ import annotations

from collections.abc import Iterable

from danhgia.links import absolute_url
from danhgia.notices.services import post

__all__ = ["absolute_url", "notify"]


def notify(users: Iterable, subject: str, body: str, *, link: str = "") -> int:
    """Post ``subject`` and ``body`` to each user and queue their e-mails (see the module).

    Returns how many e-mails will be sent (users with an address).
    """
    people = [u for u in users if u is not None]
    created = post(people, subject, body, link=link)
    by_id = {u.pk: u for u in people}
    return sum(1 for n in created if (by_id[n.user_id].email or "").strip())
