from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import NoticeKind


class Notice(models.Model):
    """One message to one user: shown under the bell, e-mailed when they have an address.

    ``dedup_key`` (e.g. ``reminder:<period>:<deadline>:<day>``) makes a notice unique per user:
    a reminder run twice the same day posts nothing new and sends no second e-mail.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=NoticeKind.choices)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    dedup_key = models.CharField(_("khóa chống trùng"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ("-created_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["user", "dedup_key"],
                condition=~Q(dedup_key=""),
                name="notice_once_per_user_and_key",
            ),
        )
        indexes = (models.Index(fields=["user", "read_at"], name="notice_user_unread"),)

    def __str__(self) -> str:
        return self.subject
