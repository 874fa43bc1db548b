"""Published results (SPEC §6 step 5, §14): what the people of a published scope may read.

A publication of a unit is read by everyone whose own unit, or a role's unit, lies inside it
(and by the roles covering it): ``access.restrict`` on ``Publication``. The list shows name,
post, unit and the rating in force — the scores only when the period's policy publishes them
(``publish_scores``) — and only evaluations that are published or archived, so that nobody
reads another's unpublished evaluation here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danhgia import access
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import LeadershipRole
from danhgia.periods.models import Period
from danhgia.rules.choices import RatingLevel
from danhgia.xlsx.exports import CHUNK_SIZE, export_filename, list_export

from ..board import rating_label
from ..models import Decision, Publication

RESULTS_PER_PAGE = 50
PUBLIC_STATES = (EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)
#: heads first, then deputies, then members, as published lists are printed
ROLE_ORDER = Case(
    When(official__leadership_role=LeadershipRole.HEAD, then=Value(0)),
    When(official__leadership_role=LeadershipRole.DEPUTY, then=Value(1)),
    default=Value(2),
)


@login_required
def results_index(request):
    """The quarters with results published in the user's reach."""
    visible = access.restrict(request.user, Publication.objects.all())
    counts = dict(visible.values("period").annotate(n=Count("pk")).values_list("period", "n"))
    periods = [p for p in Period.objects.order_by("-year", "-quarter") if p.pk in counts]
    for period in periods:
        period.publication_count = counts[period.pk]
    return render(request, "decisions/results_index.html", {"periods": periods})


def published_evaluations(period: Period, publications) -> QuerySet[Evaluation]:
    """Published or archived evaluations inside the scopes of the visible publications."""
    inside = Q(pk__in=[])
    for path in {p.unit.path for p in publications}:
        inside |= Q(official__unit__path__startswith=path)
    current = Decision.objects.filter(evaluation=OuterRef("pk"), superseded_by__isnull=True)
    return (
        Evaluation.objects.filter(inside, period=period, state__in=PUBLIC_STATES)
        .annotate(
            decided_rating=Subquery(current.order_by("-decided_at", "-pk").values("rating")[:1]),
            decided_total=Subquery(current.order_by("-decided_at", "-pk").values("total")[:1]),
            role_order=ROLE_ORDER,
        )
        .select_related("official__unit")
    )


def filtered_results(request, period_id: int):
    """The published results page's filters and rows: shared by the page and its export."""
    period = get_object_or_404(Period.objects.select_related("policy_version"), pk=period_id)
    publications = list(
        access.restrict(request.user, Publication.objects.filter(period=period))
        .select_related("unit", "published_by")
        .order_by("unit__path", "-published_at")
    )
    all_rows = published_evaluations(period, publications)
    q = request.GET.get("q", "").strip()[:100]
    rating = request.GET.get("xep_loai", "")
    rows = all_rows
    if q:
        rows = rows.filter(official__full_name__icontains=q)
    if rating in RatingLevel.values:
        rows = rows.filter(decided_rating=rating)
    else:
        rating = ""
    rows = rows.order_by("official__unit__path", "role_order", "official__given_name", "pk")
    filters = {
        "period": period,
        "publications": publications,
        "q": q,
        "rating": rating,
        "show_scores": period.policy_version.load().publish_scores,
    }
    return filters, all_rows, rows


@login_required
def results(request, period: int):
    """The published ratings of a quarter the user may read, by unit; filter by name, rating."""
    filters, all_rows, rows = filtered_results(request, period)
    summary = {
        row["decided_rating"]: row["n"]
        for row in all_rows.order_by().values("decided_rating").annotate(n=Count("pk"))
    }
    page = Paginator(rows, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    for evaluation in page.object_list:
        evaluation.rating_label = rating_label(evaluation.decided_rating or "")
    context = {
        **filters,
        "page": page,
        "ratings": RatingLevel.choices,
        "summary": [(code, label, summary.get(code, 0)) for code, label in RatingLevel.choices],
    }
    return render(request, "decisions/results.html", context)


@login_required
@require_GET
def results_export(request, period: int):
    """The published results as .xlsx: the page's filters and scope, every row (SPEC §13.2).

    The scores are columns only when the policy publishes them, as on the page.
    """
    filters, _all_rows, rows = filtered_results(request, period)
    show_scores = filters["show_scores"]
    headers = [_("STT"), _("Họ và tên"), _("Chức vụ"), _("Đơn vị")]
    if show_scores:
        headers.append(_("Tổng điểm"))
    headers += [_("Xếp loại"), _("Mức xếp loại")]

    def lines():
        for number, evaluation in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), 1):
            official = evaluation.official
            line = [
                number,
                official.full_name,
                official.position_titles or official.get_leadership_role_display(),
                official.unit.name,
            ]
            if show_scores:
                line.append(evaluation.decided_total)
            code = evaluation.decided_rating or ""
            yield [*line, code, rating_label(code)]

    filename = export_filename("ket-qua", filters["period"])
    return list_export(_("Kết quả xếp loại"), headers, lines(), filename)
