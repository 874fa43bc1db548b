"""The audit log, searchable, for appraisers and administrators (SPEC §5, §14 "Traceability").

The reading of entries in Vietnamese is the audit app's (``audit.display``, ``audit.forms``);
the page lives here because it needs the access function, which the audit app must not import.

Read-only: the page offers no way to change or delete an entry (the model refuses it too) and
answers only GET. An appraiser reads the entries about records inside their scope
(``access.restrict`` on ``AuditEntry``); an administrator reads everything.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danhgia import access
from danhgia.access import Action
from danhgia.web import CappedPaginator
from danhgia.xlsx.exports import CHUNK_SIZE, export_filename, list_export

from .display import Names, changes, object_name, object_type_label, reference_names
from .forms import AuditFilterForm
from .models import AuditEntry

ENTRIES_PER_PAGE = 50
#: the audit log counts its entries up to this many (past it: "more than 10.000")
COUNT_CAP = 10_000
#: pages that show an entry's object (by its id), where there is one
OBJECT_PAGES = {
    "evaluations.evaluation": "evaluations:detail",
    "tasks.task": "tasks:task_detail",
    "tasks.catalogue": "tasks:catalogue_detail",
    "organisation.official": "organisation:official_detail",
    "rules.frameworkversion": "rules:framework_detail",
}


def _object_url(entry: AuditEntry) -> str:
    name = OBJECT_PAGES.get(entry.object_type)
    if name is None or not entry.object_id.isdigit():
        return ""
    try:
        return reverse(name, args=[int(entry.object_id)])
    except NoReverseMatch:
        return ""


def filtered_entries(request):
    """The audit page's filter form and entries: shared by the page and its export."""
    access.require_may(request.user, Action.READ_LOG)
    form = AuditFilterForm(request.GET or None)
    entries = access.restrict(request.user, AuditEntry.objects.all())
    if form.is_bound:
        entries = form.filter(entries)
    return form, entries.order_by("-created_at", "-id")


@login_required
@require_GET
def audit_log(request):
    form, entries = filtered_entries(request)
    page = CappedPaginator(entries, ENTRIES_PER_PAGE, COUNT_CAP).get_page(request.GET.get("page"))
    names = reference_names(page.object_list)
    for entry in page.object_list:
        entry.changes = changes(entry, names)
        entry.type_label = object_type_label(entry.object_type)
        entry.object_name = object_name(entry, names)
        entry.url = _object_url(entry)
    return render(request, "audit/audit_log.html", {"form": form, "page": page})


def _export_rows(entries) -> Iterator[list]:
    """The export's rows, a chunk at a time: the records the entries name are read per chunk."""
    chunk: list[AuditEntry] = []
    for entry in entries.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(entry)
        if len(chunk) == CHUNK_SIZE:
            yield from _chunk_rows(chunk)
            chunk = []
    yield from _chunk_rows(chunk)


def _chunk_rows(chunk: list[AuditEntry]) -> Iterator[list]:
    names = reference_names(chunk)
    for entry in chunk:
        yield _export_row(entry, names)


def _export_row(entry: AuditEntry, names: Names) -> list:
    described = "\n".join(f"{c.label}: {c.before} → {c.after}" for c in changes(entry, names))
    return [
        timezone.localtime(entry.created_at),
        entry.actor_name or _("Hệ thống"),
        entry.get_action_display(),
        entry.action,
        object_type_label(entry.object_type),
        entry.object_id,
        object_name(entry, names),
        described,
        entry.note,
    ]


@login_required
@require_GET
def audit_export(request):
    """The audit log as .xlsx: the page's filters and scope, every entry (SPEC §13.2)."""
    _form, entries = filtered_entries(request)
    headers = [
        _("Thời điểm"),
        _("Người thực hiện"),
        _("Việc"),
        _("Mã việc"),
        _("Loại đối tượng"),
        _("Mã đối tượng"),
        _("Đối tượng"),
        _("Trước → sau"),
        _("Ghi chú"),
    ]
    rows = _export_rows(entries)
    widths = [18, 24, 30, 24, 20, 14, 40, 60, 40]
    filename = export_filename("nhat-ky")
    return list_export(_("Nhật ký"), headers, rows, filename, widths=widths)
