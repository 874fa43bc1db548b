"""The year-end view ("Cuối năm", SPEC §13.3): per person the quarters of the year with their
decided totals and ratings, and the engine's year-end rules with their reasons.

One GROUP BY gives each person's four quarters (conditional aggregation over the decisions in
force); the engine (``summarise_year``, ``rank_year_end_candidates``) says, per person, whether
HTXSNV for the year is still possible, the order of the candidates (more HTXSNV quarters first,
within each comparison group), two consecutive KHTNV quarters, and why. The web application
applies no rule of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from django.db.models import Case, CharField, DecimalField, Max, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.decisions.models import Decision
from danhgia.engine import (
    DEFERRED,
    Rating,
    YearEndSummary,
    rank_year_end_summaries,
    summarise_year,
)

from .figures import in_force
from .filters import Filters

QUARTERS = (1, 2, 3, 4)
#: what the page may narrow the people to (``?chi=``)
SHOW = {
    "candidates": gettext_lazy("Được xét HTXSNV cả năm"),
    "excluded": gettext_lazy("Không được xét HTXSNV cả năm (có quý KHTNV)"),
    "two_khtnv": gettext_lazy("Hai quý liên tiếp KHTNV"),
    "at_risk": gettext_lazy("Cần lưu ý (KHTNV quý gần nhất)"),
}


@dataclass(slots=True)
class YearRow:
    official_id: int
    name: str
    unit: str
    group: str
    ratings: tuple[str | None, ...]
    totals: tuple[Decimal | None, ...]
    summary: YearEndSummary
    rank: int | None  # the order among the group's candidates for HTXSNV, from 1

    @property
    def quarters(self) -> list[tuple[str | None, Decimal | None]]:
        return list(zip(self.ratings, self.totals, strict=True))


def _engine_rating(code: str | None):
    if code is None:
        return None
    if code == DEFERRED:
        return DEFERRED
    return Rating(code)


def year_rows(f: Filters, year: int) -> list[YearRow]:
    """Every person of the filtered scope with a decision in force in ``year``."""
    pick = {}
    for q in QUARTERS:
        when = {"evaluation__period__quarter": q}
        pick[f"r{q}"] = Max(Case(When(**when, then="rating"), output_field=CharField()))
        pick[f"t{q}"] = Max(
            Case(
                When(**when, then="total"),
                output_field=DecimalField(max_digits=6, decimal_places=2),
            )
        )
    grouped = (
        Decision.objects.filter(
            f.evaluations_q("evaluation__", period=False),
            in_force(),
            evaluation__period__year=year,
        )
        .values_list("evaluation__official_id")
        .annotate(
            # grouped by the person's id alone (the names are each person's one value): a
            # hash aggregate on an integer, not a sort on four text columns
            name=Max("evaluation__official__full_name"),
            unit=Max("evaluation__official__unit__name"),
            group=Max("evaluation__official__comparison_group__name"),
            **pick,
        )
        .order_by()
    )
    rows = []
    # The engine's summary depends only on the four ratings: asked once per distinct pattern
    # (a few hundred at most), not once per person.
    summaries: dict[tuple, YearEndSummary] = {}
    # Read at once (one round trip; a server-side cursor outside a transaction is materialised
    # WITH HOLD and read in chunks): 20,000 short tuples.
    for pk, name, unit, group, r1, t1, r2, t2, r3, t3, r4, t4 in list(grouped):
        key = (r1, r2, r3, r4)
        summary = summaries.get(key)
        if summary is None:
            summary = summaries[key] = summarise_year([_engine_rating(r) for r in key])
        rows.append(YearRow(pk, name, unit, group or "", key, (t1, t2, t3, t4), summary, None))
    by_group: dict[str, list[YearRow]] = defaultdict(list)
    for row in rows:
        by_group[row.group].append(row)
    # In order: group by group (by name), the candidates by their rank, then the others by
    # name (sorted within each group: no key tuple per person over the whole scope).
    ordered: list[YearRow] = []
    for group in sorted(by_group):
        members = by_group[group]
        order = rank_year_end_summaries([(str(r.official_id), r.summary) for r in members])
        position = {pk: n for n, pk in enumerate(order, start=1)}
        ranked, others = [], []
        for row in members:
            row.rank = position.get(str(row.official_id))
            (others if row.rank is None else ranked).append(row)
        ranked.sort(key=attrgetter("rank"))
        others.sort(key=attrgetter("name", "official_id"))
        ordered += ranked
        ordered += others
    return ordered


def narrow(rows: list[YearRow], show: str) -> list[YearRow]:
    if show == "candidates":
        return [r for r in rows if r.summary.excellent_possible]
    if show == "excluded":
        return [r for r in rows if not r.summary.excellent_possible]
    if show == "two_khtnv":
        return [r for r in rows if r.summary.consecutive_khtnv]
    if show == "at_risk":
        return [r for r in rows if r.summary.at_risk]
    return rows


def counts(rows: list[YearRow]) -> dict[str, int]:
    return {
        "all": len(rows),
        "candidates": sum(r.summary.excellent_possible for r in rows),
        "excluded": sum(not r.summary.excellent_possible for r in rows),
        "two_khtnv": sum(r.summary.consecutive_khtnv for r in rows),
        "at_risk": sum(r.summary.at_risk for r in rows),
    }


def years(f: Filters) -> list[int]:
    return sorted({p.year for p in f.periods}, reverse=True)


def headers() -> list[str]:
    out = [_("Họ và tên"), _("Đơn vị"), _("Nhóm so sánh")]
    for q, roman in zip(QUARTERS, ("I", "II", "III", "IV"), strict=True):
        label = _("Quý %(q)s") % {"q": roman}
        if q == 4:
            label = _("Quý IV (cùng đánh giá cuối năm)")
        out += [label + " – " + _("điểm"), label + " – " + _("xếp loại")]
    return [*out, _("Số quý HTXSNV"), _("Được xét HTXSNV cả năm"), _("Thứ tự trong nhóm"),
            _("Hai quý liên tiếp KHTNV"), _("Căn cứ")]  # fmt: skip


def export_row(row: YearRow) -> list[object]:
    cells: list[object] = [row.name, row.unit, row.group]
    for rating, total in row.quarters:
        cells += [total, _("Chưa xếp loại") if rating == DEFERRED else (rating or "")]
    return [
        *cells,
        row.summary.excellent_quarters,
        _("Có") if row.summary.excellent_possible else _("Không"),
        row.rank,
        _("Có") if row.summary.consecutive_khtnv else "",
        "; ".join(str(r) for r in row.summary.reasons),
    ]
