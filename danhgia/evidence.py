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
    if not _content_matches(upload, extension):
        raise ValidationError(
            _(
                "Tệp “%(name)s” không đúng định dạng .%(ext)s (nội dung là loại tệp khác): hãy "
                "chọn đúng tệp."
            )
            % {"name": name, "ext": extension}
        )
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return name, content_type


#: the first bytes of each accepted type (rough edge S10: an HTML page named .pdf was taken)
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    """The file starts as its extension says (a type without a known signature passes)."""
    signatures = SIGNATURES.get(extension)
    if not signatures:
        return True
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(16)
    finally:
        upload.seek(position)
    if isinstance(head, str):
        head = head.encode("latin-1", "replace")
    return any(head.startswith(signature) for signature in signatures)


class PrivateStorage(FileSystemStorage):
    """File storage with no URL: nothing in it can be reached except through a view.

    Files are readable by the application's own account only (0600, folders 0700): another
    account on the server does not read uploaded evidence (rough edge S10).
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
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
