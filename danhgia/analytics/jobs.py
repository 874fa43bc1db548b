"""The year-end workbook of a large scope as a background job (issue 12 item 5).

A province's year-end workbook (20,000 people: some 2.5 s of CPU on an idle machine, 8–11 s on
a busy one) is written by a worker: the page queues ``analytics.year_end_export`` above
``EXPORT_INLINE_ROWS`` people and shows the job's page, whose result links to the file. The job
reads the year with the rights of the user who queued it (``access.analyses`` again, the same
filters), writes the same rows as the page's download (``yearend.export_row``) into the
private storage (``evidence.private_storage``: never under a served URL), and the download
route serves it to that user only (``access``: one's own jobs; administrators every job).
Only a POST queues it; the file is deleted after ``JOB_FILES_RETENTION_DAYS``
(``danhgia/jobs/files.py``), and the job's page offers to write it again (``remake``).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.evidence import private_storage
from danhgia.jobs import JobError, register
from danhgia.jobs.worker import JobContext
from danhgia.xlsx.exports import export_filename
from danhgia.xlsx.writing import table_workbook, workbook_bytes

from . import yearend
from .filters import read_filters

YEAR_END_EXPORT = "analytics.year_end_export"
#: above this many people the year-end workbook is written by a background job
EXPORT_INLINE_ROWS = 3000
#: the job reports its progress every this many rows
PROGRESS_EVERY = 2000
#: the filters the job carries from the page
QUERY_KEYS = ("don_vi", "khoi", "nhom", "chi")


#: where the jobs' workbooks go in private storage
JOB_FOLDER = "exports/cuoi-nam/"


def file_path(job_pk: int, name: str) -> str:
    return f"{JOB_FOLDER}job-{job_pk}/{name}"


def export_key(user: Any, year: int, query: dict[str, str]) -> str:
    """One job per user, year and filters while it waits or runs."""
    key = "&".join(f"{k}={v}" for k, v in sorted(query.items()))
    return f"cuoi-nam-xlsx:{user.pk}:{year}:{key}"[:200]


def year_end_url(year: int, query: dict[str, str], name: str = "analytics:year_end") -> str:
    params = {"nam": year, **{k: query[k] for k in QUERY_KEYS if query.get(k)}}
    return f"{reverse(name)}?{urlencode(params)}"


def _remake(job: Any) -> str:
    args = job.args
    year, query = int(args.get("year") or 0), args.get("query") or {}
    return year_end_url(year, query, "analytics:year_end_export")


def build_rows(user: Any, query: dict[str, str], year: int):
    """The filters, the year's rows (narrowed like the page) and the file's name."""
    values = QueryDict(mutable=True)
    for key in QUERY_KEYS:
        if query.get(key):
            values[key] = query[key]
    f = read_filters(SimpleNamespace(user=user, GET=values))
    if year not in yearend.years(f):
        raise JobError(_("Không có kỳ đánh giá nào của năm %(y)s trong phạm vi.") % {"y": year})
    show = values.get("chi", "")
    rows = yearend.narrow(yearend.year_rows(f, year), show if show in yearend.SHOW else "")
    name = export_filename("cuoi-nam", year, f.unit.name if f.unit else "")
    return rows, name


@register(
    YEAR_END_EXPORT,
    title=_("Tải Excel cuối năm"),
    max_attempts=2,
    file_prefix=JOB_FOLDER,
    remake=_remake,
)
def year_end_export(context: JobContext) -> dict[str, Any]:
    user = context.user
    if user is None or not access.analyses(user):
        raise JobError(_("Tài khoản không còn quyền xem trang Cuối năm."))
    year = int(context.args["year"])
    rows, name = build_rows(user, context.args.get("query", {}), year)
    total = len(rows)
    context.progress(0, total, _("Đang ghi tệp Excel…"))

    def reported() -> Iterator[list[object]]:
        for index, row in enumerate(rows, 1):
            yield yearend.export_row(row)
            if index % PROGRESS_EVERY == 0:
                context.progress(index, total, _("Đang ghi tệp Excel…"))

    workbook = table_workbook(_("Cuối năm %(y)s") % {"y": year}, yearend.headers(), reported())
    storage, path = private_storage(), file_path(context.job.pk, name)
    if storage.exists(path):  # a retry writes it again
        storage.delete(path)
    saved = storage.save(path, ContentFile(workbook_bytes(workbook)))
    context.progress(total, total, _("Đã ghi tệp Excel."))
    return {
        "message": _("Đã ghi tệp Excel cuối năm %(y)s: %(n)s người.") % {"y": year, "n": total},
        "file": saved,
        "name": name,
        "link": reverse("analytics:year_end_export_file", args=[context.job.pk]),
        "link_label": _("Tải tệp Excel"),
    }
