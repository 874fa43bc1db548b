from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danhgia import access
from danhgia.xlsx.exports import CHUNK_SIZE, export_filename, list_export

from .forms import OfficialFilterForm
from .models import Unit
from .services import unit_tree

OFFICIALS_PER_PAGE = 25


@login_required
def unit_list(request):
    units = (
        access.restrict(request.user, Unit.objects.all())
        .select_related("block")
        .annotate(official_count=Count("officials"))
    )
    return render(request, "organisation/unit_list.html", {"rows": unit_tree(units)})


def filtered_officials(request):
    """The officials list's filter form and rows: shared by the page and its export."""
    units = access.restrict(request.user, Unit.objects.all()).order_by("path")
    form = OfficialFilterForm(request.GET or None, units=units)
    officials = form.filter(
        access.visible_officials(request.user).select_related("unit", "comparison_group")
    )
    return form, officials


@login_required
def official_list(request):
    form, officials = filtered_officials(request)
    page = Paginator(officials, OFFICIALS_PER_PAGE).get_page(request.GET.get("page"))
    template = "organisation/official_list.html"
    if request.htmx:
        template = "organisation/_official_table.html"
    context = {"form": form, "page": page, "has_scope": access.has_scoped_role(request.user)}
    response = render(request, template, context)
    # The same URL answers a page or a fragment: caches must tell them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def official_export(request):
    """The officials list as .xlsx: the page's filters and scope, every row (SPEC §13.2)."""
    _form, officials = filtered_officials(request)
    headers = [
        _("Mã cán bộ"),
        _("Họ và tên"),
        _("Ngày sinh"),
        _("Chức vụ"),
        _("Đơn vị"),
        _("Vai trò"),
        _("Nhóm so sánh"),
    ]
    rows = (
        [
            official.code,
            official.full_name,
            official.date_of_birth,
            official.position_titles,
            official.unit.name,
            official.get_leadership_role_display(),
            official.comparison_group.name if official.comparison_group else "",
        ]
        for official in officials.iterator(chunk_size=CHUNK_SIZE)
    )
    return list_export(_("Cán bộ"), headers, rows, export_filename("can-bo"))


@login_required
def official_detail(request, pk: int):
    official = access.get_official_for_user_or_404(request.user, pk)
    context = {
        "official": official,
        "positions": official.position_history.select_related("unit"),
        "absences": official.absences.all(),
    }
    return render(request, "organisation/official_detail.html", context)
