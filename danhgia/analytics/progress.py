"""The open quarter's progress per unit: the organisation commission's tracking board
(SPEC §10, §13.3), and the trends over quarters.

How many evaluations stand at each step; the self-assessment and the dossier against the
policy's deadlines (on time, late, past the deadline and missing, or not yet due). Lateness is
the engine's: ``submitted_late`` was set by it on submission, and the dossiers' states come from
``dossiers.states.dossier_submissions`` (the engine's ``dossier_state``).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.dossiers.states import dossier_submissions
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Official
from danhgia.periods.models import Deadline, Period

from . import charts
from .choices import Chart, Submission
from .figures import (
    RATINGS,
    _unit_label,
    _unit_params,
    current_decisions,
    officials_without_evaluation,
)
from .filters import Filters
from .tables import Cell, Table, people_url

S = EvaluationState
#: the chart's steps: (css class, label, the states it counts)
STEPS = [
    ("p-none", gettext_lazy("Chưa mở phiếu"), ()),
    ("p-targets", gettext_lazy("Xác định mục tiêu"), (S.DRAFT, S.TARGETS_APPROVED)),
    ("p-returned", gettext_lazy("Trả lại"), (S.RETURNED,)),
    ("p-self", gettext_lazy("Đã tự đánh giá"), (S.SELF_ASSESSED,)),
    ("p-verified", gettext_lazy("Đã xác nhận"), (S.VERIFIED,)),
    ("p-reviewed", gettext_lazy("Đã nhận xét"), (S.REVIEWED,)),
    ("p-appraised", gettext_lazy("Đã thẩm định"), (S.APPRAISED,)),
    ("p-decided", gettext_lazy("Đã quyết định"), (S.DECIDED, S.PUBLISHED, S.ARCHIVED)),
    ("p-deferred", gettext_lazy("Chưa đánh giá quý này"), (S.DEFERRED,)),
]


def deadlines(period: Period | None) -> dict[str, object]:
    if period is None:
        return {}
    return dict(
        Deadline.objects.filter(period=period, key__in=("self_assessment", "dossier")).values_list(
            "key", "due_date"
        )
    )


def progress(f: Filters) -> Table:
    every = f.top_units()
    due = deadlines(f.period)
    today = timezone.localdate()
    self_due = due.get("self_assessment")
    not_sent = Submission.MISSING if self_due and today > self_due else Submission.PENDING
    states: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sent: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    grouped = (
        Evaluation.objects.filter(f.evaluations_q())
        .values_list("official__unit_id", "state")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(submitted_late=True)),
            sent=Count("pk", filter=Q(submitted_at__isnull=False)),
        )
    )
    for unit_id, state, count, late, submitted in grouped:
        row = f.row_of(unit_id)
        if row is None:
            continue
        states[row.pk][state] += count
        sent[row.pk][Submission.LATE] += late
        sent[row.pk][Submission.ON_TIME] += submitted - late
        if state != S.DEFERRED:
            sent[row.pk][not_sent] += count - submitted
    unopened = officials_without_evaluation(f).values_list("unit_id").annotate(n=Count("pk"))
    for unit_id, count in unopened:
        row = f.row_of(unit_id)
        if row is not None:
            states[row.pk]["none"] += count
    rows = f.capped(every, lambda r: sum(states[r.pk].values()))
    dossier = _dossiers(f, rows, due.get("dossier"), today)
    table = Table(
        Chart.PROGRESS,
        [_("Đơn vị")] + [str(label) for _c, label, _s in STEPS]
        + [_("Tự đánh giá: đúng hạn"), _("Tự đánh giá: muộn"), str(not_sent.label)]
        + [_("Hồ sơ: đúng hạn (đơn vị)"), _("Hồ sơ: muộn (đơn vị)"),
           _("Hồ sơ: chưa nộp (đơn vị)")],
        rows_total=len(every),
    )  # fmt: skip
    table.caption = _deadline_caption(due)
    bars = []
    for row in rows:
        params = _unit_params(f, row)
        cells, values = [Cell(_unit_label(f, row), people_url(params))], []
        for _css, _label, codes in STEPS:
            count = sum(states[row.pk][c] for c in codes) if codes else states[row.pk]["none"]
            step = ",".join(codes) if codes else None
            href = people_url(params | ({"buoc": step} if step else {"chua_mo": 1}))
            cells.append(Cell(count, href, "int"))
            values.append((count, href))
        for key in (Submission.ON_TIME, Submission.LATE, not_sent):
            href = people_url(params | {"tu_danh_gia": key})
            cells.append(Cell(sent[row.pk][key], href, "int"))
        for key in ("on_time", "late", "missing"):
            href = people_url(params | {"ho_so": key})
            cells.append(Cell(dossier[row.pk][key], href, "int", units=True))
        table.rows.append(cells)
        if sum(v for v, _h in values):
            bars.append((_unit_label(f, row), values))
    series = [(css, str(label)) for css, label, _s in STEPS]
    table.svg = charts.stacked_shares(table.title, bars, series) if bars else ""
    return table


def _deadline_caption(due: dict) -> str:
    parts = []
    if due.get("self_assessment"):
        parts.append(
            _("hạn tự đánh giá %(d)s") % {"d": date_format(due["self_assessment"], "d/m/Y")}
        )
    if due.get("dossier"):
        parts.append(_("hạn gửi hồ sơ %(d)s") % {"d": date_format(due["dossier"], "d/m/Y")})
    return _("Theo chính sách của kỳ: %(parts)s.") % {"parts": "; ".join(parts)} if parts else ""


def dossier_units(f: Filters) -> dict[int, str]:
    """Unit id → the engine's dossier state, for the units of the filtered scope that owe one
    (an official rated every quarter)."""
    if f.period is None:
        return {}
    owing = set(
        Official.objects.filter(f.officials_q(), rated_quarterly=True)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    return {pk: state for pk, (state, _at) in dossier_submissions(f.period, owing).items()}


def _dossiers(f: Filters, rows, deadline, today) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, state in dossier_units(f).items():
        row = f.row_of(unit_id)
        if row is not None:
            counts[row.pk][state] += 1
    return counts


# --- trends ------------------------------------------------------------------------------------

#: how many quarters a trend shows
TREND_QUARTERS = 8


def trend(f: Filters) -> Table:
    """The ratings and the average decided total of the filtered scope, quarter by quarter."""
    periods = sorted(f.periods, key=lambda p: (p.year, p.quarter))[-TREND_QUARTERS:]
    grouped = (
        current_decisions(f, period=False)
        .filter(evaluation__period__in=[p.pk for p in periods])
        .values_list("evaluation__period_id", "rating")
        .annotate(n=Count("pk"), points=Sum("total"), counted=Count("total"))
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[int, list] = defaultdict(lambda: [Decimal(0), 0])
    for period_id, rating, count, total, counted in grouped:
        counts[period_id][rating] += count
        if total is not None:
            totals[period_id][0] += total
            totals[period_id][1] += counted
    table = Table(
        Chart.TREND,
        [_("Quý")] + [str(label) for _c, _css, label in RATINGS]
        + [_("Tổng số"), _("Điểm quyết định (TB)")],
    )  # fmt: skip
    columns = []
    for period in periods:
        params = f.params(ky=period.pk)
        values = []
        cells = [Cell(str(period), people_url(params | {"xep_loai": "all"}))]
        for code, _css, _label in RATINGS:
            href = people_url(params | {"xep_loai": code})
            cells.append(Cell(counts[period.pk][code], href, "int"))
            values.append((counts[period.pk][code], href))
        total, counted = totals[period.pk]
        average = total / counted if counted else None
        cells += [Cell(sum(counts[period.pk].values()), cells[0].href, "int"),
                  Cell(average, cells[0].href, "pts")]  # fmt: skip
        table.rows.append(cells)
        columns.append((str(period), values, average))
    if any(sum(c for c, _h in v) for _l, v, _a in columns):
        series = [(css, str(label)) for _c, css, label in RATINGS]
        table.svg = charts.columns_with_line(table.title, columns, series)
    return table
