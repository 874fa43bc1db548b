from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danhgia import access
from danhgia.xlsx import WorkbookInvalid, pending, xlsx_response
from danhgia.xlsx.exports import CHUNK_SIZE, export_filename, list_export

from . import importing
from .forms import OfficialFilterForm, OrganisationConfirmForm, OrganisationUploadForm
from .models import Unit
from .pickers import UNIT_OPTIONS, matching_units
from .services import unit_tree

OFFICIALS_PER_PAGE = 25
UNITS_PER_PAGE = 100


@login_required
def unit_list(request):
    """The units of the scope as a tree, a page at a time (a province has 2,000), searchable
    by name or code; officials are counted for the page's units only."""
    q = request.GET.get("q", "").strip()[:100]
    units = access.restrict(request.user, Unit.objects.all())
    if q:
        units = matching_units(units, q)
    rows = unit_tree(units.only("pk", "path", "order", "name", "block_id"))
    page = Paginator(rows, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    ids = [unit.pk for unit, _depth in page.object_list]
    shown = (
        Unit.objects.filter(pk__in=ids)
        .select_related("block")
        .annotate(official_count=Count("officials"))
    )
    shown = {unit.pk: unit for unit in shown}
    page.object_list = [(shown[unit.pk], depth) for unit, depth in page.object_list]
    can_import = access.may(request.user, access.Action.IMPORT_ORGANISATION)
    context = {"rows": page.object_list, "page": page, "q": q, "can_import": can_import}
    return render(request, "organisation/unit_list.html", context)


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


# --- Importing the organisation from a workbook (SPEC §13.2): administrators only ----------

PREVIEW_ROWS = 200
PROBLEM_ROWS = 500


def _problems(invalid: WorkbookInvalid) -> dict:
    """The first problems to show, and how many there are (a whole province can be wrong)."""
    messages_ = invalid.messages
    return {"problems": messages_[:PROBLEM_ROWS], "problem_count": len(messages_)}


@login_required
def import_template(request):
    access.require_may(request.user, access.Action.IMPORT_ORGANISATION)
    return xlsx_response(importing.template_workbook(), "mau-nhap-to-chuc.xlsx")


@login_required
def import_upload(request):
    """Upload → preview of what would be created, changed and left alone (nothing written)."""
    access.require_may(request.user, access.Action.IMPORT_ORGANISATION)
    form = OrganisationUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan = importing.preview(upload)
        except WorkbookInvalid as invalid:
            context.update(_problems(invalid))
        else:
            context.update(
                plan=plan,
                counts=[
                    (importing.KIND_LABELS[kind], plan.count(kind)) for kind in importing.KINDS
                ],
                changes=plan.changes[:PREVIEW_ROWS],
                more=max(0, len(plan.changes) - PREVIEW_ROWS),
                kind_labels=importing.KIND_LABELS,
                confirm=OrganisationConfirmForm(
                    initial={"token": pending.keep(upload, request.user, IMPORT_KIND)}
                ),
                filename=upload.name,
            )
    return render(request, "organisation/import.html", context)


#: what a kept upload of this page is for (``danhgia.xlsx.pending``)
IMPORT_KIND = "organisation"


@login_required
def import_confirm(request):
    """Apply the previewed file, all or nothing; the result lists the links still to hand over."""
    access.require_may(request.user, access.Action.IMPORT_ORGANISATION)
    if request.method != "POST":
        return redirect("organisation:import")
    form = OrganisationConfirmForm(request.POST)
    try:
        upload = pending.take(form.data.get("token", ""), request.user, IMPORT_KIND)
    except WorkbookInvalid:
        messages.error(request, _("Không còn tệp đã xem trước; hãy tải tệp lên lại."))
        return redirect("organisation:import")
    try:
        result = importing.import_organisation(upload, request.user, filename=upload.name)
    except WorkbookInvalid as invalid:
        context = {"form": OrganisationUploadForm(), **_problems(invalid)}
        return render(request, "organisation/import.html", context)
    pending.discard(form.data.get("token", ""), request.user)
    context = {"result": result, "lines": importing.summary(result.counts)}
    return render(request, "organisation/import_done.html", context)


class SetPasswordView(PasswordResetConfirmView):
    """The one-time link of an imported account: the person chooses a password."""

    template_name = "organisation/set_password.html"
    success_url = reverse_lazy("core:login")

    def form_valid(self, form):
        messages.success(self.request, _("Đã đặt mật khẩu. Hãy đăng nhập."))
        return super().form_valid(form)


@login_required
@require_GET
def unit_options(request):
    """HTMX, for the unit pickers: the ``<option>``s of the units the user sees that match the
    search (by name or code), at most ``UNIT_OPTIONS``, with the picker's empty choice."""
    name = request.GET.get("search", "q")
    term = request.GET.get(name, "")[:100]
    units = matching_units(access.restrict(request.user, Unit.objects.all()), term)
    context = {"units": units[:UNIT_OPTIONS], "blank": request.GET.get("blank", "")[:100]}
    return render(request, "organisation/_unit_options.html", context)
