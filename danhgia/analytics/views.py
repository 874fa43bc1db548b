"""The pages of "Thống kê" and "Cuối năm" (SPEC §13.3): thin — read the filters, ask
``danhgia.access``, build the figures, render or download."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from danhgia import access, jobs
from danhgia.access import Action
from danhgia.evaluations.models import Evaluation
from danhgia.evidence import private_storage
from danhgia.jobs.choices import JobState
from danhgia.jobs.models import Job
from danhgia.jobs.views import POLL
from danhgia.web import parse_int
from danhgia.xlsx.exports import export_filename, list_export
from danhgia.xlsx.writing import xlsx_response

from . import charts, figures, progress, risk, yearend
from . import jobs as analytics_jobs
from . import people as people_rows
from .choices import Chart
from .filters import read_filters

PER_PAGE = 50
#: the dashboard's tabs: (url name, label)
TABS = [
    ("ratings", gettext_lazy("Xếp loại")),
    ("axes", gettext_lazy("Điểm theo trục")),
    ("stages", gettext_lazy("Các bước chấm")),
    ("progress", gettext_lazy("Tiến độ quý")),
    ("trends", gettext_lazy("Xu hướng")),
    ("risk", gettext_lazy("Cần lưu ý")),
]
#: which figure a download builds, and the quarter it shows by default
BUILDERS = {
    Chart.RATINGS_UNIT: (lambda f: figures.ratings(f)[0], "decided"),
    Chart.RATINGS_BLOCK: (lambda f: figures.ratings(f)[1], "decided"),
    Chart.RATINGS_GROUP: (lambda f: figures.ratings(f)[2], "decided"),
    Chart.AXES: (figures.axes, "decided"),
    Chart.STAGES: (lambda f: figures.stages(f)[0], "decided"),
    Chart.GAPS: (figures.gaps, "decided"),
    Chart.PROGRESS: (progress.progress, "open"),
    Chart.TREND: (progress.trend, "decided"),
    Chart.RISK: (risk.risk, "decided"),
    Chart.ACCOUNTABILITY: (lambda f: risk.accountability(f)[0], "decided"),
}


#: the tab of each figure (the full table's page links back to it)
TAB_OF = {
    Chart.RATINGS_UNIT: "ratings", Chart.RATINGS_BLOCK: "ratings", Chart.RATINGS_GROUP: "ratings",
    Chart.AXES: "axes", Chart.STAGES: "stages", Chart.GAPS: "stages",
    Chart.PROGRESS: "progress", Chart.TREND: "trends", Chart.RISK: "risk",
    Chart.ACCOUNTABILITY: "risk",
}  # fmt: skip


def _page(request, tab: str, tables, f, **extra):
    return render(
        request,
        "analytics/dashboard.html",
        {"tab": tab, "tabs": TABS, "tables": tables, "f": f, **extra},
    )


def _filters(request, default: str = "decided"):
    """The dashboards' filters: a "by unit" figure shows its ``charts.MAX_ROWS`` largest rows
    (a province has some 1,500 units: the page stays light); "Xem tất cả" lists every row."""
    access.require_analyses(request.user)
    f = read_filters(request, default=default)
    f.row_limit = charts.MAX_ROWS
    return f


@login_required
@require_GET
def ratings(request):
    f = _filters(request)
    return _page(request, "ratings", figures.ratings(f), f)


@login_required
@require_GET
def axes(request):
    f = _filters(request)
    return _page(request, "axes", [figures.axes(f)], f)


@login_required
@require_GET
def stages(request):
    f = _filters(request)
    return _page(request, "stages", figures.stages(f), f)


@login_required
@require_GET
def progress_view(request):
    f = _filters(request, "open")
    return _page(request, "progress", [progress.progress(f)], f)


@login_required
@require_GET
def trends(request):
    f = _filters(request)
    return _page(request, "trends", [progress.trend(f)], f)


@login_required
@require_GET
def risk_view(request):
    f = _filters(request)
    records, total = risk.accountability(f)
    return _page(request, "risk", [risk.risk(f), records], f, records_total=total)


def _figure(request):
    """The figure named by ``?bieu=`` (404 if none), the page's filters and its table."""
    access.require_analyses(request.user)
    try:
        chart = Chart(request.GET.get("bieu", ""))
    except ValueError:
        raise Http404 from None
    build, default = BUILDERS[chart]
    f = read_filters(request, default=default)
    return chart, f, build(f)


@login_required
@require_GET
def export(request):
    """One figure as a workbook (``?bieu=``), with the page's filters."""
    chart, f, table = _figure(request)
    return list_export(
        table.title[:31], [str(h) for h in table.headers], table.export_rows(),
        export_filename("thong-ke", chart.value, f.period),
    )  # fmt: skip


#: rows per page of a figure's full table
TABLE_PER_PAGE = 100


@login_required
@require_GET
def table(request):
    """Every row of one figure (``?bieu=``), a page at a time: the dashboards show the largest
    units only."""
    chart, f, full = _figure(request)
    page = Paginator(full.rows, TABLE_PER_PAGE).get_page(parse_int(request.GET.get("page")))
    shown = replace(full, rows=list(page.object_list), svg="", rows_total=0)
    tab = TAB_OF.get(chart, "ratings")
    return render(
        request,
        "analytics/table.html",
        {"table": shown, "page": page, "f": f, "chart": chart, "tab": tab, "tabs": TABS},
    )


def _people(request):
    access.require_analyses(request.user)
    f = read_filters(request)
    return f, people_rows.people(request, f)


@login_required
@require_GET
def people(request):
    f, query = _people(request)
    rows = query.officials if query.officials is not None else query.evaluations
    page = Paginator(rows, PER_PAGE).get_page(parse_int(request.GET.get("page")))
    return render(
        request,
        "analytics/people.html",
        {"f": f, "query": query, "page": page, "unopened": query.officials is not None},
    )


@login_required
@require_GET
def people_export(request):
    f, query = _people(request)
    return list_export(
        _("Cán bộ"), [str(h) for h in people_rows.EXPORT_HEADERS], people_rows.export_rows(query),
        export_filename("thong-ke-can-bo", f.period),
    )  # fmt: skip


@login_required
@require_GET
def person(request, pk: int):
    """One person's quarters: each stage's total and the rating in force (a person's trend)."""
    access.require_analyses(request.user)
    official = access.analysed_official_or_404(request.user, pk)
    f = read_filters(request)
    rows = people_rows.with_stage_totals(
        Evaluation.objects.filter(f.evaluations_q(period=False), official=official)
    ).order_by("period__year", "period__quarter")
    rows = list(rows)
    marks = [
        (str(e.period), "", [e.self_total, e.review_total, e.appraisal_total, e.decided_total])
        for e in rows
    ]
    series = [(css, str(label)) for _k, css, label in figures.STAGE_SERIES]
    title = _("Điểm qua các quý")
    svg = charts.dots(title, marks, series) if any(any(m[2]) for m in marks) else ""
    return render(
        request, "analytics/person.html", {"official": official, "rows": rows, "f": f, "svg": svg}
    )


def _year(request):
    access.require_analyses(request.user)
    f = read_filters(request)
    choices = yearend.years(f)
    year = parse_int(request.GET.get("nam"))
    if year not in choices:
        if request.GET.get("nam"):
            f.errors.append(_("Năm: không có kỳ đánh giá nào của năm này; đang hiện năm gần nhất."))
        year = f.period.year if f.period else (choices[0] if choices else None)
    rows = yearend.year_rows(f, year) if year else []
    show = request.GET.get("chi", "")
    if show and show not in yearend.SHOW:
        f.errors.append(_("Hiện: giá trị không hợp lệ; đang hiện mọi người."))
        show = ""
    return f, year, choices, rows, show


@login_required
@require_GET
def year_end(request):
    f, year, choices, rows, show = _year(request)
    shown = yearend.narrow(rows, show)
    page = Paginator(shown, PER_PAGE).get_page(parse_int(request.GET.get("page")))
    return render(
        request,
        "analytics/year_end.html",
        {"f": f, "year": year, "years": choices, "page": page, "show": show,
         "shows": yearend.SHOW, "counts": yearend.counts(rows),
         "export_as_job": len(shown) > analytics_jobs.EXPORT_INLINE_ROWS},
    )  # fmt: skip


#: the printable page lists at most this many people (narrow by unit for more)
PRINT_LIMIT = 2000


@login_required
@require_GET
def year_end_print(request):
    f, year, _choices, rows, show = _year(request)
    shown = yearend.narrow(rows, show)
    return render(
        request,
        "analytics/year_end_print.html",
        {"f": f, "year": year, "rows": shown[:PRINT_LIMIT], "cut": len(shown) > PRINT_LIMIT,
         "headers": yearend.headers()},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def year_end_export(request):
    """The year's workbook; above ``jobs.EXPORT_INLINE_ROWS`` people a background job writes
    it and the job's page offers the file. Only a POST (the page's button) queues the job (the
    same one while it runs); a GET shows the job under way or the button."""
    f, year, _choices, rows, show = _year(request)
    shown = yearend.narrow(rows, show)
    if len(shown) > analytics_jobs.EXPORT_INLINE_ROWS:
        query = {k: request.GET[k] for k in analytics_jobs.QUERY_KEYS if request.GET.get(k)}
        key = analytics_jobs.export_key(request.user, year, query)
        if request.method == "POST":
            job = jobs.enqueue(
                analytics_jobs.YEAR_END_EXPORT,
                args={"year": year, "query": query},
                user=request.user,
                label=_("Tải Excel cuối năm %(y)s (%(n)s người)") % {"y": year, "n": len(shown)},
                idempotency_key=key,
            )
            return redirect("jobs:detail", job.pk)
        context = {
            "title": _("Tải Excel cuối năm %(y)s") % {"y": year},
            "intro": _(
                "Năm này có %(n)s người trong phạm vi nên tệp Excel được tạo trong nền; trang "
                "“Công việc nền” báo tiến độ và cho tải về khi xong."
            )
            % {"n": len(shown)},
            "job": jobs.active_job(key),
            "poll": POLL,
            "action": request.get_full_path(),
            "button": _("Tạo tệp Excel"),
            "back": analytics_jobs.year_end_url(year, query),
        }
        return render(request, "jobs/make_file.html", context)
    if request.method == "POST":
        return redirect(request.get_full_path())
    return list_export(
        _("Cuối năm %(y)s") % {"y": year}, yearend.headers(),
        (yearend.export_row(r) for r in shown),
        export_filename("cuoi-nam", year, f.unit.name if f.unit else ""),
    )  # fmt: skip


@login_required
@require_GET
def year_end_export_file(request, pk: int):
    """The workbook a year-end job wrote, for the user who queued it (``access``: one's own
    jobs, 404 otherwise) while they may still read the year-end page."""
    access.require_analyses(request.user)
    job = access.get_for_user_or_404(request.user, Job.objects.all(), Action.VIEW, pk=pk)
    stored = job.result.get("file") if job.kind == analytics_jobs.YEAR_END_EXPORT else None
    storage = private_storage()
    if job.state != JobState.DONE or not stored or not storage.exists(stored):
        raise Http404
    with storage.open(stored, "rb") as handle:
        return xlsx_response(handle.read(), job.result.get("name") or "cuoi-nam.xlsx")
