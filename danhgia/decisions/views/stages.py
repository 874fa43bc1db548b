"""Every stage's scores side by side (SPEC §6, §13): a list of people and one person's criteria.

Both read only evaluations the user may see (``access.restrict``): an official sees their own,
the roles of the chain the people of their scope.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from danhgia import access
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.workflow import DECISION, waiting_step
from danhgia.periods.models import Period

from ..stages import STAGE_LABELS, STAGES, evaluation_stages, people_stages

PEOPLE_PER_PAGE = 50


@login_required
def stages_list(request):
    """The submitted evaluations of a quarter, each stage's total and rating in one row."""
    periods = list(Period.objects.order_by("-year", "-quarter"))
    chosen = request.GET.get("ky")
    period = next((p for p in periods if str(p.pk) == chosen), None)
    if period is None:
        period = next((p for p in periods if p.is_open), periods[0] if periods else None)
    q = request.GET.get("q", "").strip()[:100]
    evaluations = access.restrict(request.user, Evaluation.objects.all()).filter(
        period=period, submitted_at__isnull=False
    )
    if q:
        evaluations = evaluations.filter(official__full_name__icontains=q)
    evaluations = evaluations.select_related("official__unit").order_by(
        "official__unit__path", "official__given_name", "pk"
    )
    page = Paginator(evaluations, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "periods": periods,
        "period": period,
        "q": q,
        "page": page,
        "rows": people_stages(request.user, list(page.object_list)),
        "stage_labels": [str(STAGE_LABELS[s]) for s in STAGES],
    }
    return render(request, "decisions/stages_list.html", context)


@login_required
def stages_detail(request, pk: int):
    """One person's criteria with the points of each stage; what a stage changed is marked."""
    evaluation = access.get_for_user_or_404(
        request.user,
        Evaluation.objects.select_related(
            "official__unit__block", "period__policy_version", "framework_version"
        ),
        pk=pk,
    )
    step = waiting_step(evaluation)
    context = {
        "evaluation": evaluation,
        "stages": evaluation_stages(request.user, evaluation),
        # The authority may send an appraised evaluation back to the appraiser from here.
        "can_return": step is DECISION and access.owns(request.user, evaluation, DECISION),
    }
    return render(request, "decisions/stages_detail.html", context)
