from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from danhgia import access

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
    context = {"rows": [(period, calendar_rows(period, today)) for period in periods]}
    return render(request, "periods/period_list.html", context)
