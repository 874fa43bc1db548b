"""The e-mail job: each notice's message, sent once (``emailed_at``), resumable."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danhgia import jobs

from .models import Notice
from .services import EMAIL_JOB

logger = logging.getLogger(__name__)


@jobs.register(EMAIL_JOB, title=_("Gửi thư thông báo"), max_attempts=5)
def send_emails(context) -> dict:
    ids = context.args.get("notices", [])
    pending = list(
        Notice.objects.filter(pk__in=ids, emailed_at__isnull=True)
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    with get_connection() as connection:
        for done, notice in enumerate(pending, start=1):
            address = (notice.user.email or "").strip()
            if address:
                body = notice.body
                if notice.link and notice.link not in body:
                    body = f"{body}\n\n{settings.SITE_URL}{notice.link}"
                message = EmailMessage(
                    notice.subject,
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    [address],
                    connection=connection,
                )
                message.send()  # a failure is a failed attempt: the worker retries the rest
                sent += 1
            Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
            context.progress(done, len(pending), _("Đã gửi %(n)d thư.") % {"n": done})
    return {"message": _("Đã gửi %(n)d thư thông báo.") % {"n": sent}}
