"""An uploaded workbook kept between its preview and the confirmation that applies it.

The file is written under ``PRIVATE_MEDIA_ROOT/imports/<user id>/<token>.xlsx`` (never served);
the confirmation posts the token and the file's sha256, and only the same user gets the same
bytes back. Files older than a day are removed whenever a new one is held.
"""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.files.base import ContentFile

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _folder(user_id: int) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "imports" / str(int(user_id))


def hold(upload, user_id: int) -> tuple[str, str]:
    """Keep ``upload`` for ``user_id``: (token, sha256) to post with the confirmation."""
    folder = _folder(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    _clean(folder)
    token = uuid4().hex
    digest = hashlib.sha256()
    upload.seek(0)
    with open(folder / f"{token}.xlsx", "wb") as out:
        for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
            digest.update(chunk)
            out.write(chunk)
    upload.seek(0)
    return token, digest.hexdigest()


def take(token: str, sha256: str, user_id: int, name: str = "bang-tinh.xlsx") -> ContentFile | None:
    """The held file if ``token`` is this user's and its content still has ``sha256``."""
    if not _TOKEN.match(token or "") or not _SHA256.match(sha256 or ""):
        return None
    path = _folder(user_id) / f"{token}.xlsx"
    try:
        content = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(content).hexdigest() != sha256:
        return None
    return ContentFile(content, name=name)


def release(token: str, user_id: int) -> None:
    if _TOKEN.match(token or ""):
        (_folder(user_id) / f"{token}.xlsx").unlink(missing_ok=True)


def _clean(folder: Path) -> None:
    limit = time.time() - MAX_AGE_SECONDS
    for path in folder.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
