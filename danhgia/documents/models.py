"""A province's template overrides and the archived documents of decided quarters."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danhgia.evidence import private_storage

from .choices import DocumentFormat


def _template_path(instance, filename: str) -> str:
    return f"documents/templates/{instance.kind}/{uuid.uuid4().hex}.docx"


def _archive_path(instance, filename: str) -> str:
    return f"documents/archive/{instance.kind}/{uuid.uuid4().hex}.{instance.format}"


class TemplateOverride(models.Model):
    """A .docx template uploaded for the province in place of the shipped one.

    Only the latest active row of a kind is used; resetting to the shipped template deactivates
    it. Rows are kept (who uploaded what, when), files too.
    """

    kind = models.CharField(_("loại văn bản"), max_length=64, db_index=True)
    file = models.FileField(_("tệp mẫu"), upload_to=_template_path, storage=private_storage)
    original_name = models.CharField(_("tên tệp tải lên"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    active = models.BooleanField(_("đang dùng"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("mẫu văn bản của tỉnh")
        verbose_name_plural = _("mẫu văn bản của tỉnh")
        ordering = ("kind", "-uploaded_at", "-pk")

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"


class ArchivedDocument(models.Model):
    """One document of a decided record, stored once with its SHA-256 and served as stored."""

    kind = models.CharField(_("loại văn bản"), max_length=64)
    format = models.CharField(_("định dạng"), max_length=8, choices=DocumentFormat.choices)
    object_type = models.CharField(_("loại bản ghi"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("mã bản ghi"))
    revision = models.CharField(_("phiên bản dữ liệu"), max_length=100)
    file = models.FileField(_("tệp"), upload_to=_archive_path, storage=private_storage)
    name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("kích thước (byte)"))
    template_sha256 = models.CharField(_("SHA-256 của mẫu"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm lưu"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đã lưu trữ")
        verbose_name_plural = _("văn bản đã lưu trữ")
        constraints = (
            models.UniqueConstraint(
                fields=("kind", "format", "object_type", "object_id", "revision"),
                name="documents_archived_once",
            ),
        )

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Văn bản đã lưu trữ không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Văn bản đã lưu trữ không được xóa."))
