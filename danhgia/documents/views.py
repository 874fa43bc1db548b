"""Document downloads and the administrator's template pages (thin: ask access, call services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danhgia import access
from danhgia.access import Action
from danhgia.jobs import active_job
from danhgia.jobs.views import POLL

from . import jobs as document_jobs
from . import rendering, services
from .archive import document_name, produce
from .errors import DocumentError
from .forms import TemplateUploadForm
from .registry import DocumentKind, get_kind, kinds
from .responses import document_response


def _kind_and_format(kind: str, fmt: str) -> DocumentKind:
    document_kind = get_kind(kind)
    if fmt not in document_kind.formats:
        raise Http404(_("Văn bản này không có định dạng đó."))
    return document_kind


def _refused(request, kind: DocumentKind, error: DocumentError, *, pk: int | None = None):
    context = {"kind": kind, "message": str(error), "excel_url": ""}
    if pk is not None and "xlsx" in kind.formats and kind.rows is not None:
        query = request.GET.urlencode()
        url = reverse("documents:download", args=[kind.code, pk, "xlsx"])
        context["excel_url"] = f"{url}?{query}" if query else url
    return render(request, "documents/refused.html", context, status=409)


def _table_job_page(request, kind: DocumentKind, pk: int, fmt: str, query: str):
    """What a GET of a large table's Excel shows: the job under way, or the button."""
    key = document_jobs.table_key(request.user, kind, pk, fmt, query)
    context = {
        "title": f"{kind.title} (Excel)",
        "intro": _(
            "Bảng này có nhiều dòng nên tệp Excel được tạo trong nền; trang “Công việc nền” "
            "báo tiến độ và cho tải về khi xong."
        ),
        "job": active_job(key),
        "poll": POLL,
        "action": request.get_full_path(),
        "button": _("Tạo tệp Excel"),
        "back": "",
    }
    return render(request, "jobs/make_file.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def download(request, kind: str, pk: int, fmt: str):
    """One document of one record; the kind's lookup asks danhgia.access (404 out of scope).

    A large scope's table as Excel is made by a job: a POST queues it (the same one while it
    runs) and shows its progress; a GET queues nothing and shows the job under way or the
    button. Any other file is sent at once (a POST for one goes back to the GET)."""
    document_kind = _kind_and_format(kind, fmt)
    obj = document_kind.lookup(request, pk)
    if document_jobs.runs_as_job(document_kind, obj, fmt, request.user):
        query = request.GET.urlencode()
        if request.method == "POST":
            job = document_jobs.enqueue_table(request.user, document_kind, pk, fmt, query, obj)
            return redirect("jobs:detail", job.pk)
        return _table_job_page(request, document_kind, pk, fmt, query)
    if request.method == "POST":
        return redirect(request.get_full_path())
    try:
        produced = produce(document_kind, obj, fmt, request.user)
    except DocumentError as error:
        return _refused(request, document_kind, error, pk=pk if fmt != "xlsx" else None)
    return document_response(produced.content, produced.name)


def _template_kinds() -> list[DocumentKind]:
    return [kind for kind in kinds() if kind.has_template]


def _template_kind(kind: str) -> DocumentKind:
    document_kind = get_kind(kind)
    if not document_kind.has_template:
        raise Http404(_("Văn bản này không có mẫu .docx."))
    return document_kind


@login_required
def template_list(request):
    access.require_may(request.user, Action.MANAGE_TEMPLATES)
    rows = [(kind, rendering.active_override(kind)) for kind in _template_kinds()]
    context = {"rows": rows, "form": TemplateUploadForm()}
    return render(request, "documents/templates.html", context)


@login_required
def template_download(request, kind: str):
    """The template in force (``?goc=1``: the shipped one) as a .docx to edit."""
    access.require_may(request.user, Action.MANAGE_TEMPLATES)
    document_kind = _template_kind(kind)
    if request.GET.get("goc") == "1":
        data = rendering.shipped_template(document_kind)
        suffix = f"goc-v{document_kind.template_version}"
    else:
        data, _sha = rendering.template_bytes(document_kind)
        suffix = "dang-dung"
    name = f"Mau_{document_kind.file_stem}_{suffix}.docx"
    return document_response(data, name)


@login_required
@require_POST
def template_upload(request, kind: str):
    access.require_may(request.user, Action.MANAGE_TEMPLATES)
    document_kind = _template_kind(kind)
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, f"{document_kind.title}: {error}")
        return redirect("documents:templates")
    upload = form.cleaned_data["file"]
    if upload.size > services.MAX_TEMPLATE_BYTES:  # refused before it is read into memory
        messages.error(request, f"{document_kind.title}: {services.TOO_LARGE}")
        return redirect("documents:templates")
    try:
        services.upload_template(document_kind, upload.read(), upload.name or "", request.user)
    except DocumentError as error:
        messages.error(request, f"{document_kind.title}: {error}")
    else:
        messages.success(
            request,
            _("Đã dùng mẫu “%(name)s” cho %(title)s.")
            % {"name": upload.name, "title": document_kind.title},
        )
    return redirect("documents:templates")


@login_required
@require_POST
def template_reset(request, kind: str):
    access.require_may(request.user, Action.MANAGE_TEMPLATES)
    document_kind = _template_kind(kind)
    if services.reset_template(document_kind, request.user):
        messages.success(
            request, _("%(title)s: đã trở lại mẫu gốc.") % {"title": document_kind.title}
        )
    else:
        messages.info(request, _("%(title)s đang dùng mẫu gốc.") % {"title": document_kind.title})
    return redirect("documents:templates")


@login_required
def template_preview(request, kind: str, fmt: str):
    """The template in force filled with a real record the administrator sees (never archived)."""
    access.require_may(request.user, Action.MANAGE_TEMPLATES)
    document_kind = _kind_and_format(kind, fmt)
    obj = document_kind.sample(request.user)
    if obj is None:
        error = DocumentError(_("Chưa có dữ liệu nào để xem thử văn bản này."))
        return _refused(request, document_kind, error)
    try:
        content = rendering.render(document_kind, document_kind.build(obj, request.user), fmt)
    except DocumentError as error:
        return _refused(request, document_kind, error)
    name = "Xem-thu_" + document_name(document_kind, obj, fmt)
    return document_response(content, name)
