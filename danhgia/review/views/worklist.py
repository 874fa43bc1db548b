"""The "Xét duyệt" page: what waits for the user in steps 3a-3c of a quarter, by role.

Assigning sides: the people whose tasks wait for confirmation. Unit leadership: each unit it
leads, with how many members wait for each step, and its dossier. Secretaries: their units'
dossiers. Appraisers: the units of their scope with a dossier, a meeting or people to appraise,
paginated (a fixed number of queries whatever the number of units).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import render

from danhgia import access
from danhgia.access import Action
from danhgia.dossiers.models import Dossier, ReviewMeeting
from danhgia.dossiers.services import deadline_of, dossier_states
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.paths import topmost_paths
from danhgia.periods.models import Period
from danhgia.web import forbid_unless

from ..review import progress
from ..verification import unconfirmed_tasks

UNITS_PER_PAGE = 50


def subtree_counts(period: Period, units) -> None:
    """Set ``reviewed`` and ``appraised`` on a page of units: the evaluations of each unit's own
    people in that state, and ``reviewed_subtree``/``appraised_subtree``: those of the unit and
    its sub-units (one query grouped by unit path, rolled up here).

    A parent listed beside its sub-units counted their people again (walk of 05/12/2026): the
    row's figures are its own people; the subtree total is shown apart, labelled, where it
    differs.

    A correlated subquery per unit matched the paths with a computed ``LIKE`` that no index
    serves (a scan of the units per row: 250 ms for a page of 50 at 20,000 officials).
    """
    tops = topmost_paths(unit.path for unit in units)
    counts: dict[tuple[str, str], int] = {}
    if tops:
        rows = (
            Evaluation.objects.filter(
                reduce(or_, (Q(official__unit__path__startswith=p) for p in tops)),
                period=period,
                state__in=(EvaluationState.REVIEWED, EvaluationState.APPRAISED),
            )
            .values_list("official__unit__path", "state")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = {(path, state): n for path, state, n in rows}
    for unit in units:
        unit.reviewed = unit.appraised = unit.reviewed_subtree = unit.appraised_subtree = 0
        for (path, state), n in counts.items():
            if not path.startswith(unit.path):
                continue
            own = path == unit.path
            if state == EvaluationState.REVIEWED:
                unit.reviewed_subtree += n
                unit.reviewed += n if own else 0
            else:
                unit.appraised_subtree += n
                unit.appraised += n if own else 0


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
            # one scan of the waiting tasks for both figures (grouped by lead: a hash, where
            # COUNT(DISTINCT) sorts)
            context["verification"] = (
                unconfirmed_tasks(user, period)
                .values("lead")
                .annotate(n=Count("pk"))
                .aggregate(people=Count("lead"), tasks=Coalesce(Sum("n"), 0))
            )
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
            subtree_counts(period, page.object_list)
            states = dossier_states(period, [u.pk for u in page.object_list])
            # sub-units indented under their unit (the list is in tree order), from the page's
            # topmost level
            top = min((u.depth for u in page.object_list), default=0)
            for unit in page.object_list:
                unit.dossier_state = states[unit.pk]
                unit.indent = min(unit.depth - top, 8)
            context["appraises"] = True
            context["appraisal_page"] = page
    return render(request, "review/review_index.html", context)
