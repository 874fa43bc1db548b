"""Backup and restore: the database and the private files in one archive (docs/deploy.md).

The archive is a ``.tar.gz`` holding ``manifest.json`` (format, date, Django and database
vendor, each file's size and SHA-256), ``database.xml`` (Django's ``dumpdata`` with natural
keys: portable between SQLite and PostgreSQL; XML rather than JSON because Django's JSON
encoder cuts times to milliseconds, and a restored record must be identical) and ``files/…``
(every object of the private storage: evidence, documents, pending workbooks), read through the
storage API, so that it works for a folder and for an S3 bucket alike.

``restore`` runs on a fresh database (after ``migrate``; it refuses a database that already has
accounts unless told to replace them), loads the records, resets the sequences (``loaddata``
does) and writes the files back, checking each one's digest.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from danhgia.evidence import private_storage

FORMAT = "danhgia-backup/1"
#: rebuilt by ``migrate`` on the target; sessions and the cache are not worth keeping
EXCLUDED = ("contenttypes", "auth.permission", "sessions", "admin.logentry")


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Summary:
    records: int
    files: int
    bytes: int


def _walk(storage, folder: str = ""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a folder storage where nothing was ever stored
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def backup(path: Path) -> Summary:
    """Write the archive to ``path`` (written beside it first, then renamed into place)."""
    storage = private_storage()
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "database.xml"
        call_command(
            "dumpdata",
            exclude=list(EXCLUDED),
            natural_foreign=True,
            natural_primary=True,
            format="xml",
            output=str(dump),
            verbosity=0,
        )
        records = _count_objects(dump)
        files: dict[str, dict] = {}
        total = 0
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname="database.xml")
            for name in _walk(storage):
                with storage.open(name, "rb") as handle:
                    data = handle.read()
                files[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                total += len(data)
                _add_bytes(archive, f"files/{name}", data)
            manifest = {
                "format": FORMAT,
                "created": timezone.now().isoformat(),
                "django": django.get_version(),
                "database": connection.vendor,
                "records": records,
                "files": files,
            }
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    partial.replace(path)
    return Summary(records, len(files), total)


def _count_objects(dump: Path) -> int:
    from xml.etree.ElementTree import iterparse

    count, depth = 0, 0
    for event, element in iterparse(dump, events=("start", "end")):
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth == 1 and element.tag == "object":  # a record, not a many-to-many's key
            count += 1
            element.clear()
    return count


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def restore(path: Path, *, replace: bool = False) -> Summary:
    """Load the archive at ``path`` into this (migrated) database and its private storage."""
    if get_user_model().objects.exists() and not replace:
        raise BackupError(
            "the database already has accounts: restore into a fresh database "
            "(or pass --replace to delete everything first)"
        )
    storage = private_storage()
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))
        except KeyError:
            raise BackupError(f"{path}: not a danhgia backup (no manifest.json)") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
        dump = Path(tmp) / "database.xml"
        dump.write_bytes(archive.extractfile("database.xml").read())
        with transaction.atomic():
            if replace:
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(dump), verbosity=0)
        for name, meta in manifest["files"].items():
            if name.startswith("/") or ".." in Path(name).parts:
                raise BackupError(f"{path}: unsafe file name {name!r}")
            data = archive.extractfile(f"files/{name}").read()
            if hashlib.sha256(data).hexdigest() != meta["sha256"]:
                raise BackupError(f"{path}: {name} is damaged (its digest differs)")
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(data))
            if saved != name:
                raise BackupError(f"{name}: the storage saved it as {saved!r}")
    return Summary(
        manifest["records"],
        len(manifest["files"]),
        sum(m["size"] for m in manifest["files"].values()),
    )
