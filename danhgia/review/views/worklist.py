"""The "Xét duyệt" page: what waits for the user in steps 3a-3c of a quarter, by role.

Assigning sides: the people whose tasks wait for confirmation. Unit leadership: each unit it
leads, with how many members wait for each step, and its dossier. Secretaries: their units'
dossiers. Appraisers: the units of their scope with a dossier, a meeting or people to appraise,
paginated (a fixed number of queries whatever the number of units).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render

from danhgia import access
from danhgia.access import Action
from danhgia.dossiers.models import Dossier, ReviewMeeting
from danhgia.dossiers.services import deadline_of, dossier_states
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.periods.models import Period
from danhgia.web import forbid_unless

from ..review import progress
from ..verification import unconfirmed_tasks

UNITS_PER_PAGE = 50


def _count(period: Period, **states) -> Coalesce:
    """Evaluations of a unit's subtree in the given states (a correlated subquery)."""
    rows = (
        Evaluation.objects.filter(
            period=period, official__unit__path__startswith=OuterRef("path"), **states
        )
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def appraisal_units(user, period: Period, q: str = ""):
    """Units of the appraiser's scope with a dossier, a meeting or people at the appraisal."""
    units = access.units_for(user, Action.APPRAISE)
    dossiers = Dossier.objects.filter(unit=OuterRef("pk"), period=period)
    if q:
        units = units.filter(name__icontains=q)
    else:
        units = units.filter(
            Exists(dossiers)
            | Exists(ReviewMeeting.objects.filter(unit=OuterRef("pk"), period=period))
            | Exists(
                Evaluation.objects.filter(
                    period=period,
                    official__unit=OuterRef("pk"),
                    state__in=(EvaluationState.REVIEWED, EvaluationState.APPRAISED),
                )
            )
        )
    return units.annotate(
        submitted_at=Subquery(dossiers.values("submitted_at")[:1]),
        checked_at=Subquery(dossiers.values("checked_at")[:1]),
        reviewed=_count(period, state=EvaluationState.REVIEWED),
        appraised=_count(period, state=EvaluationState.APPRAISED),
    ).order_by("path")


@login_required
def review_index(request):
    forbid_unless(access.opens_review_pages(request.user))
    user = request.user
    periods = list(Period.objects.order_by("-year", "-quarter"))
    chosen = request.GET.get("ky")
    period = next((p for p in periods if str(p.pk) == chosen), None)
    if period is None:
        period = next((p for p in periods if p.is_open), periods[0] if periods else None)
    context = {"periods": periods, "period": period, "q": request.GET.get("q", "").strip()[:100]}
    if period is not None:
        if access.may(user, Action.VERIFY):
            waiting = unconfirmed_tasks(user, period)
            context["verification"] = {
                "people": waiting.values("lead").distinct().count(),
                "tasks": waiting.count(),
            }
        leading = access.led_units(user)
        context["led"] = [(unit, progress(unit, period)) for unit in leading]
        clerking = access.clerked_units(user)
        context["clerked"] = clerking
        submitted = dict(
            Dossier.objects.filter(period=period, unit__in=[*leading, *clerking]).values_list(
                "unit", "submitted_at"
            )
        )
        context["submitted"] = submitted
        for unit in [*leading, *clerking]:
            unit.dossier_submitted_at = submitted.get(unit.pk)
        context["deadline"] = deadline_of(period)
        if access.may(user, Action.APPRAISE):
            units = appraisal_units(user, period, context["q"])
            page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("page"))
            states = dossier_states(period, [u.pk for u in page.object_list])
            for unit in page.object_list:
                unit.dossier_state = states[unit.pk]
            context["appraises"] = True
            context["appraisal_page"] = page
    return render(request, "review/review_index.html", context)
