"""The bell and the page "Thông báo": a user's own notices only (``access`` rule
``notices.notice``), marked read one by one or all at once (POST forms, no script)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from danhgia import access

from .models import Notice
from .services import mark_read, unread

PER_PAGE = 30


@login_required
@require_http_methods(["GET", "POST"])
def notice_list(request):
    """GET: the user's notices, newest first; POST ``notice=<id>`` or ``all``: mark read."""
    if request.method == "POST":
        if "all" in request.POST:
            count = mark_read(request.user)
            messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": count})
        else:
            raw = request.POST.get("notice", "")
            if not raw.isdigit() or len(raw) > 18:
                messages.error(request, _("Thông báo: không tìm thấy thông báo cần đánh dấu."))
            else:
                mark_read(request.user, int(raw))
        return redirect("notices:list")
    notices = access.restrict(request.user, Notice.objects.all()).filter(user_id=request.user.pk)
    only_unread = request.GET.get("chua_doc") == "1"
    if only_unread:
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices.order_by("-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notices/notice_list.html",
        {"page": page, "only_unread": only_unread, "unread": unread(request.user).count()},
    )


@login_required
@require_GET
def bell(request):
    """The bell's count, loaded by htmx after the page (no query added to every page)."""
    return render(request, "notices/_bell.html", {"unread": unread(request.user).count()})
