"""Evidence files (tài liệu minh chứng): private storage, naming, upload checks (SPEC §14).

Files live under PRIVATE_MEDIA_ROOT, never under a served URL; they are named by the server and
downloaded only through views that check access and answer with Content-Disposition: attachment.
"""

from __future__ import annotations

import mimetypes
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def private_storage() -> Storage:
    return storages["private"]


def evidence_path(instance, filename: str) -> str:
    """A server-chosen name; the uploader's file name is kept in ``original_name`` only."""
    return f"evidence/{instance._meta.model_name}/{uuid.uuid4().hex}"


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """Refuse files of another type or above the size limit; return (original name, type)."""
    name = PurePath(upload.name or "").name[:255]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = settings.EVIDENCE_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            _("Tệp “%(name)s” không được nhận: chỉ nhận các loại %(types)s.")
            % {"name": name or "?", "types": ", ".join(allowed)}
        )
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: tối đa %(size)s MB.")
            % {"name": name, "size": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)}
        )
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return name, content_type


class PrivateStorage(FileSystemStorage):
    """File storage with no URL: nothing in it can be reached except through a view."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    def url(self, name):
        raise ValueError("private files have no URL")


def _s3_storage_class() -> type:
    from storages.backends.s3 import S3Storage  # only when an S3 bucket is configured

    return S3Storage


class PrivateS3Storage:
    """An S3-compatible bucket with no URL: the download views read the object and send it.

    Built lazily so that django-storages and boto3 load only when a bucket is configured.
    """

    def __new__(cls, **kwargs):
        base = _s3_storage_class()

        class _Private(base):
            def url(self, name, parameters=None, expire=None, http_method=None):
                raise ValueError("private files have no URL")

        return _Private(**kwargs)


class EvidenceFile(models.Model):
    """A private file with the uploader's name for it, its type and size, who and when."""

    file = models.FileField(gettext_lazy("tệp"), upload_to=evidence_path, storage=private_storage)
    original_name = models.CharField(gettext_lazy("tên tệp"), max_length=255)
    content_type = models.CharField(gettext_lazy("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(gettext_lazy("tải lên lúc"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.original_name
