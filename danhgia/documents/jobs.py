"""Documents produced in the background (issue 10, item 6): a unit's whole dossier as a ZIP,
and a large scope's table (the province's summary table, the report to the centre) as Excel.

A POST (the page's button) queues the job (one per user, record and format while it waits or
runs) and redirects to its progress on "Công việc nền"; a GET never queues: it shows the job
already under way, or the button. The job acts for the user who asked: it looks the
record up again **through the kind's own lookup** (the same rights as the page: 404 out of
scope, 403 not one's step), produces the file through the same functions as the synchronous
download (``dossier_zip.write_dossier_zip``, ``archive.produce``), stores it in private storage
and offers it on the job's page through ``documents:job_file``, which asks the same lookup again
and serves the file only to the user who queued the job (anyone else: 404). The files are
deleted ``JOB_FILES_RETENTION_DAYS`` after (``danhgia/jobs/files.py``; ``JOB_FOLDER`` only, never
the archive); the job's page then offers to make them again (``remake``).
"""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.evidence import private_storage
from danhgia.jobs import JobError, enqueue, register
from danhgia.jobs.choices import JobState
from danhgia.jobs.models import Job
from danhgia.jobs.worker import JobContext

from .archive import produce
from .dossier_zip import write_dossier_zip, zip_name
from .errors import DocumentError
from .kinds import quarter as quarter_kinds
from .kinds import unit as unit_kinds
from .registry import DocumentKind, get_kind

DOSSIER = "documents.dossier_zip"
TABLE = "documents.table"
#: the job kinds whose result is a file served by ``documents:job_file``
FILE_KINDS = (DOSSIER, TABLE)
#: where the jobs' files go in private storage (the archive is ``documents/archive/``)
JOB_FOLDER = "documents/jobs/"
FORMAT_WORDS = {"xlsx": "Excel", "docx": ".docx", "pdf": "PDF", "zip": ".zip"}


def replay_lookup(lookup, user: Any, pk: int, query: str) -> Any:
    """The record as the page's lookup finds it for ``user`` with the page's query string
    (``?ky=…&mau=…``): the same rights, asked again when the job runs and when its file is
    downloaded. Raises ``Http404`` / ``PermissionDenied`` like the page."""
    request = SimpleNamespace(user=user, GET=QueryDict(query), htmx=False)
    return lookup(request, pk)


def _lookup_or_refuse(lookup, user: Any, pk: int, query: str) -> Any:
    if user is None or not user.is_active:
        raise JobError(_("Người giao việc không còn hoạt động."))
    try:
        return replay_lookup(lookup, user, pk, query)
    except (Http404, PermissionDenied):
        raise JobError(_("Bạn không còn quyền xem văn bản này.")) from None


def _store(job: Job, handle, ext: str) -> str:
    path = f"{JOB_FOLDER}{job.pk}-{uuid.uuid4().hex}.{ext}"
    return private_storage().save(path, File(handle, name=path))


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with private_storage().open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _result(job: Job, path: str, name: str, message: str, **extra: Any) -> dict[str, Any]:
    word = FORMAT_WORDS.get(name.rsplit(".", 1)[-1].lower(), "")
    return {
        "message": message,
        "link": reverse("documents:job_file", args=[job.pk]),
        "link_label": _("Tải về %(name)s (%(word)s)") % {"name": name, "word": word},
        "file": path,
        "name": name,
        "sha256": _sha256(path),
        **extra,
    }


# --- the whole dossier --------------------------------------------------------------------


def dossier_key(user: Any, obj: unit_kinds.UnitQuarter) -> str:
    return f"{DOSSIER}:{obj.period.pk}:{obj.unit.pk}:{user.pk}"


def dossier_fingerprint(obj: unit_kinds.UnitQuarter) -> str:
    """What the dossier's files depend on once nothing of the quarter may change (the unit's
    papers frozen, every evaluation decided: the latest decision in force); "" before that,
    when a built ZIP may be stale at once."""
    papers = unit_kinds.revision(obj)
    scope = quarter_kinds.ScopeQuarter(obj.unit, obj.period)
    decided = quarter_kinds.SUMMARY.revision(scope)
    return f"{papers}|{decided}" if papers and decided else ""


def dossier_url(unit_pk: int, period_pk: int) -> str:
    url = reverse("documents:dossier_zip", args=[unit_pk])
    return f"{url}?{urlencode({'ky': period_pk})}"


def enqueue_dossier(user: Any, obj: unit_kinds.UnitQuarter) -> Job:
    """Queue the ZIP of the unit's dossier for ``user`` (the same job while it waits or runs)."""
    return enqueue(
        DOSSIER,
        args={"unit": obj.unit.pk, "period": obj.period.pk},
        user=user,
        unit=obj.unit,
        label=_("Hồ sơ %(period)s của %(unit)s (.zip)")
        % {"period": obj.period, "unit": obj.unit.name},
        idempotency_key=dossier_key(user, obj),
    )


def built_dossier(user: Any, obj: unit_kinds.UnitQuarter) -> Job | None:
    """A finished job of this user whose ZIP is still the dossier of today (the quarter was
    already frozen when it was built and still has the same decisions): served at once."""
    fingerprint = dossier_fingerprint(obj)
    if not fingerprint:
        return None
    candidates = Job.objects.filter(
        kind=DOSSIER,
        state=JobState.DONE,
        created_by=user,
        args__unit=obj.unit.pk,
        args__period=obj.period.pk,
    ).order_by("-finished_at", "-pk")[:5]
    for job in candidates:
        path = job.result.get("file", "")
        if job.result.get("fingerprint") == fingerprint and path and private_storage().exists(path):
            return job
    return None


def _remake_dossier(job: Job) -> str:
    return dossier_url(int(job.args.get("unit") or 0), int(job.args.get("period") or 0))


@register(
    DOSSIER,
    title=gettext_lazy("Tạo tệp .zip hồ sơ của đơn vị"),
    max_attempts=2,
    file_prefix=JOB_FOLDER,
    remake=_remake_dossier,
)
def build_dossier(context: JobContext) -> dict[str, Any]:
    """Every file of the dossier, the progress reported after each one; the ZIP in private
    storage. Idempotent: a retry builds it again (decided documents come from the archive)."""
    args = context.args
    query = QueryDict(mutable=True)
    query["ky"] = str(args.get("period", ""))
    obj = _lookup_or_refuse(
        unit_kinds.reader_lookup, context.user, int(args.get("unit") or 0), query.urlencode()
    )
    fingerprint = dossier_fingerprint(obj)

    def progress(done: int, total: int, title: str) -> None:
        context.progress(done, total, title)

    with tempfile.TemporaryFile() as handle:
        count = write_dossier_zip(obj, context.user, handle, progress)
        handle.seek(0)
        path = _store(context.job, handle, "zip")
    message = _("Đã tạo tệp .zip gồm %(count)d tệp và mục lục.") % {"count": count}
    return _result(context.job, path, zip_name(obj), message, fingerprint=fingerprint)


# --- a large scope's table as Excel -------------------------------------------------------


def runs_as_job(kind: DocumentKind, obj: Any, fmt: str, user: Any) -> bool:
    """A table's Excel file over more rows than ``DOCUMENTS_INLINE_ROWS`` is made by a job."""
    if fmt != "xlsx" or kind.rows is None:
        return False
    return kind.rows(obj, user) > settings.DOCUMENTS_INLINE_ROWS


def enqueue_table(user: Any, kind: DocumentKind, pk: int, fmt: str, query: str, obj: Any) -> Job:
    """Queue the file (one job per user, record, format and query while it waits or runs)."""
    unit = getattr(obj, "unit", None)
    words = [getattr(unit, "name", ""), str(getattr(obj, "period", ""))]
    if kind is quarter_kinds.SUMMARY:
        words.append(_("Phụ lục %(code)s") % {"code": obj.variant})
    scope = ", ".join(w for w in words if w)
    return enqueue(
        TABLE,
        args={"kind": kind.code, "pk": pk, "fmt": fmt, "query": query},
        user=user,
        unit=unit,
        label=f"{kind.title}: {scope} ({FORMAT_WORDS.get(fmt, fmt)})",
        idempotency_key=table_key(user, kind, pk, fmt, query),
    )


def table_key(user: Any, kind: DocumentKind, pk: int, fmt: str, query: str) -> str:
    return f"{TABLE}:{kind.code}:{pk}:{fmt}:{query}:{user.pk}"[:200]


def _remake_table(job: Job) -> str:
    args = job.args
    url = reverse(
        "documents:download",
        args=[str(args.get("kind", "")), int(args.get("pk") or 0), str(args.get("fmt", ""))],
    )
    query = str(args.get("query", ""))
    return f"{url}?{query}" if query else url


@register(
    TABLE,
    title=gettext_lazy("Tạo tệp văn bản của một phạm vi lớn"),
    max_attempts=2,
    file_prefix=JOB_FOLDER,
    remake=_remake_table,
)
def build_table(context: JobContext) -> dict[str, Any]:
    """The same ``archive.produce`` as the download (archived once decided), in three steps."""
    args = context.args
    try:
        kind = get_kind(str(args.get("kind", "")))
    except Http404:
        raise JobError(_("Không có loại văn bản này.")) from None
    fmt = str(args.get("fmt", ""))
    if fmt not in kind.formats:
        raise JobError(_("Văn bản này không có định dạng đó."))
    context.progress(0, 3, _("Đọc dữ liệu"))
    obj = _lookup_or_refuse(
        kind.lookup, context.user, int(args.get("pk") or 0), str(args.get("query", ""))
    )
    context.progress(1, 3, _("Tạo tệp %(word)s") % {"word": FORMAT_WORDS.get(fmt, fmt)})
    try:
        produced = produce(kind, obj, fmt, context.user)
    except DocumentError as error:
        raise JobError(str(error)) from None
    context.progress(2, 3, _("Lưu tệp"))
    path = _store(context.job, ContentFile(produced.content), fmt)
    return _result(
        context.job, path, produced.name, _("Đã tạo tệp %(name)s.") % {"name": produced.name}
    )
