"""An uploaded workbook kept between its preview and its confirmation.

The preview stores the file under ``PRIVATE_MEDIA_ROOT/imports/<token>.xlsx`` with a sidecar
naming the user, what the file is for and its sha256; the confirmation applies exactly that file
(the same user, the same kind, the same bytes) and removes it; previews left unconfirmed for a
day are removed by the next upload. A token that is unknown, another
user's or whose bytes changed is refused with a message, never a 500.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .problems import Problem, WorkbookInvalid

TOKEN = re.compile(r"^[0-9a-f]{32}$")
#: a preview not confirmed within this many seconds is forgotten
KEEP_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(upload, user, kind: str) -> str:
    """Store the upload for ``user``'s confirmation; its token."""
    upload.seek(0)
    content = upload.read()
    token = uuid.uuid4().hex
    folder = _folder()
    _forget_old(folder)
    (folder / f"{token}.xlsx").write_bytes(content)
    meta = {"user": user.pk, "kind": kind, "sha256": hashlib.sha256(content).hexdigest()}
    (folder / f"{token}.json").write_text(json.dumps(meta))
    return token


def _forget_old(folder: Path) -> None:
    """Remove previews nobody confirmed (a day old), so that the folder does not grow."""
    limit = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
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
                    "bạn). "
                    "Hãy tải tệp lên lại."
                ),
            )
        ]
    )


def take(token: str, user, kind: str) -> BytesIO:
    """The bytes kept under ``token`` for this user and kind, checked against their sha256."""
    if not isinstance(token, str) or not TOKEN.match(token):
        raise _gone()
    folder = _folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        content = (folder / f"{token}.xlsx").read_bytes()
    except (OSError, ValueError):
        raise _gone() from None
    if (
        meta.get("user") != user.pk
        or meta.get("kind") != kind
        or meta.get("sha256") != hashlib.sha256(content).hexdigest()
    ):
        raise _gone()
    buffer = BytesIO(content)
    buffer.name = "bang-tinh.xlsx"
    buffer.size = len(content)
    return buffer


def discard(token: str) -> None:
    if isinstance(token, str) and TOKEN.match(token):
        for suffix in (".xlsx", ".json"):
            (_folder() / f"{token}{suffix}").unlink(missing_ok=True)
