"""An uploaded workbook kept between its preview and its confirmation.

Every workbook upload (the organisation, a self-assessment, task assignments, results and
Phụ lục 7) previews first and applies on confirmation. The preview keeps the file in the private
storage (``danhgia.evidence.private_storage``: a folder here, shared storage on several machines)
under ``imports/<user id>/<token>.xlsx`` with a sidecar naming what the file is for (``kind``, e.g.
``evaluation:7``), its sha256 and the name it was uploaded under; the confirmation gets exactly
that file back — the same user, the same kind, the same bytes, under its original name — and
removes it. A new preview of the same kind replaces the
user's earlier one, and the user's previews older than a day are removed then. A token that is
unknown, another user's or whose bytes changed is refused with a message, never a 500.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.evidence import private_storage

from .problems import Problem, WorkbookInvalid

TOKEN = re.compile(r"^[0-9a-f]{32}$")
#: a preview not confirmed within this time is forgotten at the user's next upload
KEEP = timedelta(days=1)
#: the longest original file name kept (the end, with its extension, is kept)
NAME_LENGTH = 200
#: the name of a kept file whose sidecar has none (kept before names were)
DEFAULT_NAME = "bang-tinh.xlsx"


def _folder(user) -> str:
    return f"imports/{int(user.pk)}"


def keep(upload, user, kind: str) -> str:
    """Store the upload for ``user``'s confirmation of ``kind``; its token."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    storage, folder = private_storage(), _folder(user)
    _forget(storage, folder, kind)
    token = uuid.uuid4().hex
    meta = {
        "kind": kind,
        "sha256": hashlib.sha256(content).hexdigest(),
        "name": _original_name(upload),
    }
    storage.save(f"{folder}/{token}.json", ContentFile(json.dumps(meta).encode()))
    storage.save(f"{folder}/{token}.xlsx", ContentFile(content))
    return token


def _original_name(upload) -> str:
    """The uploaded file's own name (no folders, at most ``NAME_LENGTH`` characters)."""
    name = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[-NAME_LENGTH:]


def _forget(storage, folder: str, kind: str) -> None:
    """The user's earlier preview of ``kind`` and previews left for a day go."""
    if not storage.exists(folder):
        return
    limit = timezone.now() - KEEP
    for name in storage.listdir(folder)[1]:
        if not name.endswith(".json"):
            continue
        path = f"{folder}/{name}"
        try:
            old = storage.get_modified_time(path) < limit
            with storage.open(path, "rb") as handle:
                same_kind = json.loads(handle.read()).get("kind") == kind
        except (OSError, ValueError):
            old, same_kind = True, False
        if old or same_kind:
            _remove(storage, folder, name.removesuffix(".json"))


def _remove(storage, folder: str, token: str) -> None:
    for suffix in (".xlsx", ".json"):
        try:
            storage.delete(f"{folder}/{token}{suffix}")
        except OSError:  # removed meanwhile by another request
            continue


def _gone() -> WorkbookInvalid:
    return WorkbookInvalid(
        [
            Problem(
                "",
                "",
                _(
                    "Không tìm thấy tệp đã xem trước (đã áp dụng, hết hạn hoặc không phải của "
                    "bạn). Hãy tải tệp lên lại."
                ),
            )
        ]
    )


def take(token: str, user, kind: str) -> BytesIO:
    """The bytes kept under ``token`` for this user and kind, checked against their sha256."""
    if not isinstance(token, str) or not TOKEN.match(token):
        raise _gone()
    storage, folder = private_storage(), _folder(user)
    try:
        with storage.open(f"{folder}/{token}.json", "rb") as handle:
            meta = json.loads(handle.read())
        with storage.open(f"{folder}/{token}.xlsx", "rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        raise _gone() from None
    if meta.get("kind") != kind or meta.get("sha256") != hashlib.sha256(content).hexdigest():
        raise _gone()
    buffer = BytesIO(content)
    buffer.name = str(meta.get("name") or DEFAULT_NAME)
    buffer.size = len(content)
    return buffer


def discard(token: str, user) -> None:
    """Remove a kept upload once applied."""
    if isinstance(token, str) and TOKEN.match(token):
        _remove(private_storage(), _folder(user), token)
