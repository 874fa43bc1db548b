from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from danhgia import access
from danhgia.organisation.models import Block

from .models import Period, PeriodFramework
from .services import calendar_rows


@login_required
def period_list(request):
    periods = (
        access.restrict(request.user, Period.objects.all())
        .select_related("policy_version")
        .prefetch_related(
            "deadlines",
            Prefetch(
                "frameworks",
                queryset=PeriodFramework.objects.select_related("block", "framework_version"),
            ),
        )
    )
    today = timezone.localdate()
    # Blocks whose people need a framework: an open period without one for them is flagged
    # (one query, whatever the number of periods).
    staffed = list(
        Block.objects.filter(units__officials__isnull=False)
        .distinct()
        .order_by("order")
        .values_list("pk", "name")
    )
    rows = []
    for period in periods:
        assigned = {mapping.block_id for mapping in period.frameworks.all()}
        missing = [name for pk, name in staffed if pk not in assigned] if period.is_open else []
        rows.append((period, calendar_rows(period, today), missing))
    context = {"rows": rows}
    return render(request, "periods/period_list.html", context)
