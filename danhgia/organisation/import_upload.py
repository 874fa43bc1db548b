"""Keeping a previewed organisation workbook until the administrator confirms it.

The file is stored privately under ``imports/<user id>-<sha256>.xlsx``: the confirmation names
it by its SHA-256 and only its uploader can confirm it; the import re-reads exactly the bytes
that were previewed, then the file is removed; a new preview removes the user's earlier one.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from danhgia.evidence import private_storage


def _name(user, sha256: str) -> str:
    return f"imports/{user.pk}-{sha256}.xlsx"


def keep(user, upload) -> str:
    """Store the upload for ``user``; return its SHA-256."""
    upload.seek(0)
    content = upload.read()
    sha256 = hashlib.sha256(content).hexdigest()
    storage, name = private_storage(), _name(user, sha256)
    _forget_others(storage, user, name)
    if not storage.exists(name):
        storage.save(name, ContentFile(content))
    return sha256


def _forget_others(storage, user, keep_name: str) -> None:
    """A user's earlier previews go: one waiting file per administrator at most."""
    if not storage.exists("imports"):
        return
    _dirs, files = storage.listdir("imports")
    for file in files:
        name = f"imports/{file}"
        if file.startswith(f"{user.pk}-") and name != keep_name:
            storage.delete(name)


def kept(user, sha256: str) -> ContentFile | None:
    """The stored upload, if ``user`` previewed a file with this SHA-256 and it is unchanged."""
    storage, name = private_storage(), _name(user, sha256)
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != sha256:
        return None
    return ContentFile(content, name="to-chuc.xlsx")


def forget(user, sha256: str) -> None:
    storage, name = private_storage(), _name(user, sha256)
    if storage.exists(name):
        storage.delete(name)
