"""People at risk and the heads' accountability records of a decided quarter (SPEC §13.3;
02-HD §5.2, §6.3).

- KHTNV in the quarter (the latest decided one by default: "last quarter");
- two consecutive quarters KHTNV (this one and the one before): must be replaced;
- HTXSNV by the rules but cut by the group's quota (the decision's ``quota_cut`` reason);
- a head held accountable for proposing above the decided rating (``Accountability``).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from danhgia.decisions.models import Accountability, Decision
from danhgia.periods.models import Period
from danhgia.rules.choices import RatingLevel

from . import charts
from .choices import Chart, Risk
from .figures import _unit_label, _unit_params, current_decisions
from .filters import Filters
from .tables import Cell, Table, people_url

KHTNV = RatingLevel.NOT_COMPLETED.value
#: accountability records listed on the page (the people list has them all)
RECORDS_SHOWN = 50


def previous_period(f: Filters) -> Period | None:
    if f.period is None:
        return None
    earlier = [p for p in f.periods if (p.year, p.quarter) < (f.period.year, f.period.quarter)]
    return max(earlier, key=lambda p: (p.year, p.quarter), default=None)


def risk_q(f: Filters, kind: str, to_decision: str = "") -> Q:
    """Decisions in force of the quarter in the risk ``kind`` (on ``current_decisions``)."""
    if kind == Risk.KHTNV_LAST:
        return Q(**{f"{to_decision}rating": KHTNV})
    if kind == Risk.TWO_KHTNV:
        before = previous_period(f)
        if before is None:
            return Q(pk__in=[])
        earlier = Decision.objects.filter(
            superseded_by__isnull=True,
            rating=KHTNV,
            evaluation__period=before,
            evaluation__official=OuterRef(f"{to_decision}evaluation__official"),
        )
        return Q(**{f"{to_decision}rating": KHTNV}) & Q(Exists(earlier))
    if kind == Risk.QUOTA_CUT:
        return Q(**{f"{to_decision}reasons_text__contains": '"quota_cut"'})
    if kind == Risk.ACCOUNTABLE:
        return Q(**{f"{to_decision}accountability__isnull": False})
    return Q(pk__in=[])


def with_reasons_text(decisions):
    """The decisions with their reasons as text, so that a reason code can be looked for on
    every database (SQLite has no JSON containment)."""
    return decisions.annotate(reasons_text=Cast("reasons", TextField()))


def risk(f: Filters) -> Table:
    rows = f.top_units()
    kinds = list(Risk)
    decisions = with_reasons_text(current_decisions(f))
    grouped = decisions.values_list("evaluation__official__unit_id").annotate(
        **{kind.value: Count("pk", filter=risk_q(f, kind)) for kind in kinds}
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, *values in grouped:
        row = f.row_of(unit_id)
        if row is not None:
            for kind, value in zip(kinds, values, strict=True):
                counts[row.pk][kind] += value
    table = Table(Chart.RISK, [_("Đơn vị")] + [str(k.label) for k in kinds])
    before = previous_period(f)
    table.caption = (
        _("Quý được xét: %(p)s; quý trước đó: %(b)s.") % {"p": f.period, "b": before or "—"}
        if f.period
        else ""
    )
    bars = []
    series = [("r-" + k.value.replace("_", "-"), str(k.label)) for k in kinds]
    for row in rows:
        params = _unit_params(f, row)
        cells, values = [Cell(_unit_label(f, row), people_url(params))], []
        for kind in kinds:
            href = people_url(params | {"rui_ro": kind.value})
            cells.append(Cell(counts[row.pk][kind], href, "int"))
            values.append((counts[row.pk][kind], href))
        table.rows.append(cells)
        if sum(v for v, _h in values):
            bars.append((_unit_label(f, row), values))
    table.svg = charts.stacked_shares(table.title, bars, series) if bars else ""
    return table


def accountability(f: Filters) -> tuple[Table, int]:
    """The heads' accountability records of the quarter (decisions in force), newest first:
    the first ``RECORDS_SHOWN`` and how many there are."""
    superseded = Decision.objects.filter(supersedes=OuterRef("decision"))
    records = Accountability.objects.filter(
        f.evaluations_q("decision__evaluation__"), ~Exists(superseded)
    )
    total = records.count()
    shown = records.select_related("head__unit", "decision__evaluation__official").order_by(
        "-created_at", "-pk"
    )[:RECORDS_SHOWN]
    table = Table(
        Chart.ACCOUNTABILITY,
        [_("Người đứng đầu"), _("Đơn vị"), _("Người được đánh giá"), _("Mức đề xuất"),
         _("Mức quyết định"), _("Nội dung")],
    )  # fmt: skip
    for record in shown:
        href = people_url(f.params(rui_ro=Risk.ACCOUNTABLE.value, don_vi=record.head.unit_id))
        table.rows.append(
            [
                Cell(record.head.full_name, href),
                Cell(record.head.unit.name),
                Cell(record.decision.evaluation.official.full_name),
                Cell(record.proposed_rating),
                Cell(record.decided_rating),
                Cell(record.note),
            ]
        )
    return table, total
