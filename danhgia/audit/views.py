"""The audit log, searchable, for appraisers and administrators (SPEC §5, §14 "Traceability").

The reading of entries in Vietnamese is the audit app's (``audit.display``, ``audit.forms``);
the page lives here because it needs the access function, which the audit app must not import.

Read-only: the page offers no way to change or delete an entry (the model refuses it too) and
answers only GET. An appraiser reads the entries about records inside their scope
(``access.restrict`` on ``AuditEntry``); an administrator reads everything.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from danhgia import access
from danhgia.access import Action

from .display import changes, object_type_label
from .forms import AuditFilterForm
from .models import AuditEntry

ENTRIES_PER_PAGE = 50
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


@login_required
@require_GET
def audit_log(request):
    access.require_may(request.user, Action.READ_LOG)
    form = AuditFilterForm(request.GET or None)
    entries = access.restrict(request.user, AuditEntry.objects.all())
    if form.is_bound:
        entries = form.filter(entries)
    entries = entries.order_by("-created_at", "-id")
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.changes = changes(entry)
        entry.type_label = object_type_label(entry.object_type)
        entry.url = _object_url(entry)
    return render(request, "audit/audit_log.html", {"form": form, "page": page})
