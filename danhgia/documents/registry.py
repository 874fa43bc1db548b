"""The document kinds: what each document is about, how it is found, filled and named.

Each module of ``danhgia.documents.kinds`` registers its kinds when the app is ready; another
engineer's document is one more module there (``register(DocumentKind(...))``) and gets the
download route, the archive and (with a ``docx_template``) the template administration for free.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest

SHIPPED_DIR = Path(__file__).resolve().parent / "shipped"

Context = dict[str, Any]


def _never_archived(obj: Any) -> str | None:
    return None


def _no_sample(user: Any) -> Any:
    return None


def _itself(obj: Any) -> Any:
    return obj


@dataclass(frozen=True)
class DocumentKind:
    """One document of SPEC §13.1.

    ``lookup(request, pk)`` returns the record the document is about **through
    danhgia.access** (404 out of scope, 403 when the user sees it but may not have the
    document); ``build(obj, user)`` the template context (numbers from the engine or the
    stored stages, already formatted); ``name_parts(obj)`` the words after ``file_stem`` in the
    file name; ``revision(obj)`` ``None`` while the record may change, else the key under which
    each format is archived once; ``sample(user)`` a record for the template preview.
    """

    code: str  # URL slug, e.g. "ban-tu-danh-gia"
    title: str  # Vietnamese, e.g. "Bản tự đánh giá, xếp loại của cá nhân"
    file_stem: str  # ASCII words, e.g. "Ban-tu-danh-gia"
    lookup: Callable[[HttpRequest, int], Any]
    build: Callable[[Any, Any], Context]
    name_parts: Callable[[Any], Sequence[object]]
    formats: tuple[str, ...] = ("docx", "pdf")
    docx_template: str = ""  # file name in documents/shipped/
    template_version: int = 1
    html_template: str = ""  # e.g. "documents/pdf/ban_tu_danh_gia.html"
    landscape: bool = False
    revision: Callable[[Any], str | None] = _never_archived
    sample: Callable[[Any], Any] = _no_sample
    xlsx: Callable[[Context], bytes] | None = None
    #: whether the archived copy may be served to this user (e.g. not to the person evaluated
    #: before publication, who gets a copy without the later steps instead)
    archive_visible: Callable[[Any, Any], bool] = field(default=lambda obj, user: True)
    #: the model instance an archived copy and its audit entry are filed under (default: the
    #: looked-up object itself; a document about a unit and a quarter returns the unit and
    #: puts the quarter in its ``revision``)
    record: Callable[[Any], Any] = _itself
    #: ``check(context, fmt)`` raises ``DocumentError`` (a Vietnamese message) when this
    #: context is too large to produce in ``fmt`` during a request (e.g. a province's summary
    #: table as .docx or PDF); None: no limit
    size_check: Callable[[Context, str], None] | None = None
    #: ``rows(obj, user)``: about how many rows the document holds for this reader; its Excel
    #: file above ``settings.DOCUMENTS_INLINE_ROWS`` rows is made by a background job
    #: (``documents/jobs.py``); None: always produced during the request
    rows: Callable[[Any, Any], int] | None = None

    @property
    def shipped_path(self) -> Path:
        return SHIPPED_DIR / self.docx_template

    @property
    def has_template(self) -> bool:
        return bool(self.docx_template)


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """Add a kind (its code must be new); returns it."""
    if kind.code in _KINDS and _KINDS[kind.code] is not kind:
        raise ValueError(f"document kind {kind.code!r} is already registered")
    _KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> DocumentKind:
    """The kind registered under ``code``; 404 for any other code (a URL part)."""
    try:
        return _KINDS[code]
    except KeyError:
        raise Http404("Không có loại văn bản này.") from None


def kinds() -> list[DocumentKind]:
    """Every registered kind, in registration order."""
    return list(_KINDS.values())
