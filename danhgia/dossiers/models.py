"""A unit's quarter paperwork: the leadership's review meeting and the dossier it submits to the
organisation commission, with its components (SPEC §10; Lâm Đồng VII.2, Lào Cai 9.1).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danhgia.access.freeze import Freezable
from danhgia.evidence import evidence_path, private_storage
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period

from .choices import DossierComponent


class ReviewMeeting(Freezable, models.Model):
    """The unit leadership's meeting that reviewed the quarter (biên bản hội nghị)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="review_meetings"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("quý"), on_delete=models.PROTECT, related_name="review_meetings"
    )
    held_on = models.DateField(_("ngày họp"))
    attendees = models.TextField(_("thành phần dự họp"))
    minutes = models.TextField(_("nội dung biên bản"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now=True)
    lock_version = models.PositiveIntegerField(_("phiên bản dữ liệu"), default=1)

    class Meta:
        verbose_name = _("hội nghị đánh giá của đơn vị")
        verbose_name_plural = _("hội nghị đánh giá của đơn vị")
        constraints = (
            models.UniqueConstraint(fields=("unit", "period"), name="review_meeting_once"),
        )

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"


class Dossier(Freezable, models.Model):
    """A unit's dossier for a quarter; lateness is computed from the submission time."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="dossiers"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("quý"), on_delete=models.PROTECT, related_name="dossiers"
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("kiểm tra lúc"), null=True, blank=True)
    check_note = models.TextField(_("nhận xét khi kiểm tra"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ đánh giá")
        verbose_name_plural = _("hồ sơ đánh giá")
        constraints = (models.UniqueConstraint(fields=("unit", "period"), name="dossier_once"),)

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"


class DossierDocument(Freezable, models.Model):
    """An uploaded file of a dossier (the memo or evidence); the other components are computed."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="documents"
    )
    component = models.CharField(_("thành phần"), max_length=20, choices=DossierComponent.choices)
    file = models.FileField(_("tệp"), upload_to=evidence_path, storage=private_storage, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thêm"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ("dossier", "component", "id")

    def __str__(self) -> str:
        return self.get_component_display()
