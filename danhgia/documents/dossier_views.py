"""The whole dossier as one ZIP, made in the background (thin: ask access, queue the job on a
POST only), and the download of a document job's file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from danhgia import access
from danhgia.evidence import private_storage
from danhgia.jobs import active_job
from danhgia.jobs.choices import JobState
from danhgia.jobs.models import Job
from danhgia.jobs.views import POLL

from . import jobs as document_jobs
from .kinds.unit import reader_lookup
from .registry import get_kind
from .responses import document_response


def _stored(path: str) -> bytes:
    with private_storage().open(path, "rb") as handle:
        return handle.read()


@login_required
@require_http_methods(["GET", "POST"])
def dossier_download(request, unit: int):
    """Every document of the unit's dossier of the quarter (``?ky=``) for this reader, with an
    index; read by the roles that read the dossier's pages (404 out of scope, 403 otherwise).

    A ZIP this user already built of a quarter that has not changed since is served at once.
    Otherwise a POST (the pages' button) queues the job (the same one while it runs, so a
    double click queues one) and shows its progress; a GET queues nothing: it shows the job
    under way or the button."""
    obj = reader_lookup(request, unit)
    built = document_jobs.built_dossier(request.user, obj)
    if built is not None:
        return document_response(_stored(built.result["file"]), built.result["name"])
    if request.method == "POST":
        job = document_jobs.enqueue_dossier(request.user, obj)
        return redirect("jobs:detail", job.pk)
    job = active_job(document_jobs.dossier_key(request.user, obj))
    context = {
        "title": _("Hồ sơ %(period)s của %(unit)s (.zip)")
        % {"period": obj.period, "unit": obj.unit.name},
        "intro": _(
            "Toàn bộ hồ sơ của đơn vị, kèm mục lục, được gom thành một tệp .zip trong nền; "
            "trang “Công việc nền” báo tiến độ và cho tải về khi xong."
        ),
        "job": job,
        "poll": POLL,
        "action": document_jobs.dossier_url(obj.unit.pk, obj.period.pk),
        "button": _("Tạo tệp .zip toàn bộ hồ sơ"),
        "back": "",
    }
    return render(request, "jobs/make_file.html", context)


@login_required
@require_GET
def job_file(request, pk: int):
    """The file a finished document job made, for the user who queued it only (anyone else,
    administrators included: 404), and only while they may still read the record (the page's
    lookup is asked again: 404 / 403 like the page)."""
    queryset = Job.objects.filter(
        kind__in=document_jobs.FILE_KINDS, state=JobState.DONE, created_by=request.user
    )
    job = access.get_for_user_or_404(request.user, queryset, pk=pk)
    path = job.result.get("file", "")
    if not path or not private_storage().exists(path):
        raise Http404(_("Tệp không còn được lưu; hãy tạo lại."))
    args = job.args
    if job.kind == document_jobs.DOSSIER:
        query = f"ky={int(args.get('period') or 0)}"
        document_jobs.replay_lookup(reader_lookup, request.user, int(args.get("unit") or 0), query)
    else:
        kind = get_kind(str(args.get("kind", "")))
        document_jobs.replay_lookup(
            kind.lookup, request.user, int(args.get("pk") or 0), str(args.get("query", ""))
        )
    return document_response(_stored(path), job.result.get("name", "Tep"))
