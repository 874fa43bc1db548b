"""Producing a document, and archiving it once its record is decided (issue 10, item 5).

``produce`` renders a kind's document for one record. When ``kind.revision(obj)`` gives a key
(the record is decided: nothing of it changes any more), the first production of each format is
stored in private storage with its SHA-256 and an audit entry ``document.archived`` on the
record; every later request gets those stored bytes, whatever the template has become since. A
correction (a new decision) is a new revision, archived in its turn; the old one stays.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action

from . import rendering
from .models import ArchivedDocument
from .naming import file_name
from .registry import DocumentKind


@dataclass(frozen=True)
class Produced:
    content: bytes
    name: str
    archived: ArchivedDocument | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def document_name(kind: DocumentKind, obj: Any, fmt: str) -> str:
    return file_name(kind.file_stem, *kind.name_parts(obj), ext=fmt)


def archived(kind: DocumentKind, obj: Any, fmt: str, revision: str) -> ArchivedDocument | None:
    """The stored copy of ``obj``'s document in ``fmt`` under ``revision``, if any."""
    obj = kind.record(obj)
    return ArchivedDocument.objects.filter(
        kind=kind.code,
        format=fmt,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        revision=revision,
    ).first()


def _read(record: ArchivedDocument) -> bytes:
    with record.file.open("rb") as handle:
        return handle.read()


def produce(
    kind: DocumentKind, obj: Any, fmt: str, user: Any, *, contexts: dict | None = None
) -> Produced:
    """The document of ``obj`` in ``fmt``: the archived bytes when there are, else rendered now
    (and archived when the record is decided and this user may read the full document).

    ``contexts``: a dict shared by the calls producing several formats of the same record for
    the same user (the whole-dossier ZIP): the template context is built once, not per format."""
    revision = kind.revision(obj)
    full = kind.archive_visible(obj, user)
    if revision is not None and full:
        record = archived(kind, obj, fmt, revision)
        if record is not None:
            return Produced(_read(record), record.name, record)
    if contexts is None:
        context = kind.build(obj, user)
    else:
        key = (kind.code, id(obj))  # the record is kept beside it: its id stays its own
        if key not in contexts:
            contexts[key] = (obj, kind.build(obj, user))
        context = contexts[key][1]
    content = rendering.render(kind, context, fmt)
    name = document_name(kind, obj, fmt)
    if revision is None or not full:
        return Produced(content, name)
    return Produced(content, name, _store(kind, obj, fmt, revision, content, name, user))


def _store(
    kind: DocumentKind, obj: Any, fmt: str, revision: str, content: bytes, name: str, user: Any
) -> ArchivedDocument:
    template_sha = rendering.template_bytes(kind)[1] if fmt == "docx" and kind.has_template else ""
    looked_up, obj = obj, kind.record(obj)
    digest = hashlib.sha256(content).hexdigest()
    record = ArchivedDocument(
        kind=kind.code,
        format=fmt,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        revision=revision,
        name=name,
        sha256=digest,
        size=len(content),
        template_sha256=template_sha,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    record.file.save(name, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            record.save()
            log_action(
                user,
                AuditAction.DOCUMENT_ARCHIVED,
                obj,
                after={
                    "kind": kind.code,
                    "title": kind.title,
                    "format": fmt,
                    "name": name,
                    "sha256": digest,
                    "revision": revision,
                },
            )
    except IntegrityError:  # archived meanwhile by another request: serve that one
        record.file.delete(save=False)
        return archived(kind, looked_up, fmt, revision)
    return record


def archive_all(kind: DocumentKind, obj: Any, user: Any) -> list[ArchivedDocument]:
    """Archive every format of ``obj``'s document now (e.g. right after a quarter is decided)."""
    stored = []
    for fmt in kind.formats:
        produced = produce(kind, obj, fmt, user)
        if produced.archived is not None:
            stored.append(produced.archived)
    return stored
