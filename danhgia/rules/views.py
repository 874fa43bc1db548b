from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from danhgia import access
from danhgia.engine import EngineError

from .models import FrameworkVersion
from .services import describe_problem, framework_sections


@login_required
def framework_list(request):
    versions = (
        access.restrict(request.user, FrameworkVersion.objects.all())
        .annotate(use_count=Count("period_uses__period", distinct=True))  # periods, not blocks
        .order_by("code", "-version")  # Meta.ordering does not apply to a GROUP BY query
    )
    rows = [(v, [describe_problem(p) for p in v.problems]) for v in versions]
    return render(request, "rules/framework_list.html", {"rows": rows})


@login_required
def framework_detail(request, pk: int):
    version = access.get_for_user_or_404(request.user, FrameworkVersion.objects.all(), pk=pk)
    try:
        sections = framework_sections(version.load())
    except EngineError:
        # Stored as invalid with the engine's message among its problems; nothing to draw.
        sections = []
    context = {
        "version": version,
        "problems": [describe_problem(p) for p in version.problems],
        "sections": sections,
    }
    return render(request, "rules/framework_detail.html", context)
