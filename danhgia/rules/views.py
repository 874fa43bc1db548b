from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.engine import EngineError

from .compare import compare_versions
from .editing import check_forms, forms_for, save_framework_content
from .forms import CompareForm, RulesUploadForm
from .messages import RulesFileRefused
from .models import FrameworkVersion, RulesVersionLocked
from .services import (
    FRAMEWORK,
    copy_as_new_version,
    describe_problem,
    framework_sections,
    import_rules_upload,
)


@login_required
def framework_list(request):
    versions = (
        access.restrict(request.user, FrameworkVersion.objects.all())
        .annotate(use_count=Count("period_uses__period", distinct=True))  # periods, not blocks
        .order_by("code", "-version")  # Meta.ordering does not apply to a GROUP BY query
    )
    rows = [(v, [describe_problem(p) for p in v.problems]) for v in versions]
    manages = access.may(request.user, access.Action.MANAGE_RULES)
    return render(request, "rules/framework_list.html", {"rows": rows, "manages": manages})


@login_required
def framework_detail(request, pk: int):
    version = access.get_for_user_or_404(request.user, FrameworkVersion.objects.all(), pk=pk)
    try:
        sections = framework_sections(version.load())
    except EngineError:
        # Stored as invalid with the engine's message among its problems; nothing to draw.
        sections = []
    manages = access.may(request.user, access.Action.MANAGE_RULES)
    previous = (
        FrameworkVersion.objects.filter(code=version.code, version__lt=version.version)
        .order_by("-version")
        .first()
        if manages
        else None
    )
    context = {
        "version": version,
        "problems": [describe_problem(p) for p in version.problems],
        "sections": sections,
        "manages": manages,
        "in_use": manages and version.in_use(),
        "previous": previous,
    }
    return render(request, "rules/framework_detail.html", context)


@login_required
def rules_import(request):
    """Upload a framework or policy file (YAML or JSON): a new version, or why it is refused."""
    access.require_may(request.user, access.Action.MANAGE_RULES)
    form = RulesUploadForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        try:
            report = import_rules_upload(upload, kind, actor=request.user)
        except RulesFileRefused as refused:
            context.update(refused=refused.messages, filename=upload.name)
        else:
            context.update(
                report=report,
                filename=upload.name,
                created=[(v, [describe_problem(p) for p in v.problems]) for v in report.created],
                is_framework=kind == FRAMEWORK,
            )
    return render(request, "rules/import.html", context)


@login_required
def framework_copy(request, pk: int):
    """A new, editable version with the same content (a used version is changed this way)."""
    access.require_may(request.user, access.Action.MANAGE_RULES)
    version = access.get_for_user_or_404(request.user, FrameworkVersion.objects.all(), pk=pk)
    if request.method != "POST":
        return redirect(version.get_absolute_url())
    copy = copy_as_new_version(version, actor=request.user)
    messages.success(
        request, _("Đã tạo %(copy)s từ %(record)s.") % {"copy": copy, "record": version}
    )
    return redirect(copy.get_absolute_url())


@login_required
def rules_compare(request):
    """Two versions of frameworks (or of policies) side by side: what differs."""
    access.require_may(request.user, access.Action.MANAGE_RULES)
    form = CompareForm(request.GET or None)
    comparison = None
    if form.is_bound and form.is_valid():
        comparison = compare_versions(form.cleaned_data["left"], form.cleaned_data["right"])
    return render(request, "rules/compare.html", {"form": form, "comparison": comparison})


@login_required
def framework_edit(request, pk: int):
    """Complete a framework in a form (an unused version; a used one is copied first)."""
    access.require_may(request.user, access.Action.MANAGE_RULES)
    version = access.get_for_user_or_404(request.user, FrameworkVersion.objects.all(), pk=pk)
    in_use = version.in_use()
    parts = forms_for(version, request.POST if request.method == "POST" else None)
    problems, content = check_forms(version, parts) if parts.head.is_bound else ([], None)
    if request.method == "POST" and not in_use and content is not None:
        try:
            save_framework_content(version, content, request.user)
        except RulesVersionLocked as locked:
            messages.error(request, locked.messages[0])
        else:
            messages.success(
                request,
                _("Đã lưu %(version)s: %(status)s.")
                % {"version": version, "status": version.get_status_display()},
            )
            return redirect(version.get_absolute_url())
    if not parts.head.is_bound:
        problems = [describe_problem(p) for p in version.problems]
    context = {
        "version": version,
        "in_use": in_use,
        "parts": parts,
        "problems": problems,
        "checked": parts.head.is_bound,
    }
    return render(request, "rules/framework_edit.html", context)


@login_required
def framework_check(request, pk: int):
    """The problems of the posted form, as the administrator types (an HTMX fragment)."""
    access.require_may(request.user, access.Action.MANAGE_RULES)
    version = access.get_for_user_or_404(request.user, FrameworkVersion.objects.all(), pk=pk)
    if request.method != "POST":
        return redirect("rules:framework_edit", pk=version.pk)
    problems, content = check_forms(version, forms_for(version, request.POST))
    context = {"problems": problems, "checked": True, "readable": content is not None}
    return render(request, "rules/_edit_problems.html", context)
