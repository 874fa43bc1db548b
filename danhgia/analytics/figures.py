"""The dashboards' figures (SPEC §13.3), each aggregated in the database.

Every function runs a fixed number of GROUP BY queries over the records of the filtered scope
(``Filters.evaluations_q``) and rolls the grouped rows (never model instances) up to the rows
of its table in Python: by unit (the chosen unit's children, each with its subtree), block or
comparison group. Shares, averages and the people behind each number come from the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.decisions.models import Decision
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.organisation.models import Official
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore
from danhgia.rules.choices import RatingLevel
from danhgia.rules.models import FrameworkVersion

from . import charts
from .choices import Chart
from .filters import Filters, UnitRef
from .tables import Cell, Table, people_url, share

DEFERRED = "DEFERRED"
#: the ratings in order, with their chart colour and label
RATINGS = [(level.value, f"c-{level.value.lower()}", level.value) for level in RatingLevel] + [
    (DEFERRED, "c-deferred", gettext_lazy("Chưa xếp loại"))
]
PATH = "evaluation__official__unit_id"


def in_force() -> Q:
    """Decisions no correction supersedes. Written as NOT EXISTS: PostgreSQL estimates that
    anti-join well (the reverse one-to-one's LEFT JOIN … IS NULL is estimated at one row, which
    turns every plan on top of it into nested loops)."""
    return ~Exists(Decision.objects.filter(supersedes=OuterRef("pk")))


def current_decisions(f: Filters, *, period: bool = True):
    """The decisions in force (a correction replaces what it supersedes) the figures count."""
    return Decision.objects.filter(f.evaluations_q("evaluation__", period=period), in_force())


def _own_row(f: Filters, row: UnitRef) -> bool:
    """Whether the row is the unit whose children are the other rows (it counts its own
    members only)."""
    return f.own_row() == row.pk


def _unit_params(f: Filters, row: UnitRef) -> dict:
    """Link parameters of a "by unit" row: the parent row counts its own members."""
    return f.params(don_vi=row.pk, truc_tiep=1 if _own_row(f, row) else None)


def _unit_label(f: Filters, row: UnitRef) -> str:
    if _own_row(f, row):
        return _("%(unit)s (trực tiếp)") % {"unit": row.name}
    return row.name


# --- ratings by unit, block and group --------------------------------------------------------


def ratings(f: Filters) -> list[Table]:
    """Counts and shares of each rating, by unit, by block and by comparison group."""
    grouped = (
        current_decisions(f)
        .values_list(
            PATH,
            "evaluation__official__unit__block_id",
            "evaluation__official__comparison_group_id",
            "rating",
        )
        .annotate(n=Count("pk"))
    )
    by_unit: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_block: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_group: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, block_id, group_id, rating, count in grouped:
        row = f.row_of(unit_id)
        if row is not None:
            by_unit[row.pk][rating] += count
        by_block[block_id][rating] += count
        by_group[group_id][rating] += count
    blocks = {b.pk: b.name for b in f.blocks}
    groups = {g.pk: g.name for g in f.groups}
    every = f.top_units()
    rows = f.capped(every, lambda r: sum(by_unit[r.pk].values()))
    unit_rows = [(_unit_label(f, r), by_unit[r.pk], _unit_params(f, r)) for r in rows]
    block_rows = [
        (blocks.get(pk, _("Chưa có khối")), counts, f.params(khoi=pk or None))
        for pk, counts in sorted(by_block.items(), key=lambda kv: blocks.get(kv[0], ""))
    ]
    group_rows = [
        (groups.get(pk, _("Chưa có nhóm")), counts, f.params(nhom=pk or None))
        for pk, counts in sorted(by_group.items(), key=lambda kv: groups.get(kv[0], ""))
    ]
    return [
        _ratings_table(Chart.RATINGS_UNIT, _("Đơn vị"), unit_rows, len(every)),
        _ratings_table(Chart.RATINGS_BLOCK, _("Khối"), block_rows),
        _ratings_table(Chart.RATINGS_GROUP, _("Nhóm so sánh"), group_rows),
    ]


def _ratings_table(chart: Chart, first: str, rows, rows_total: int = 0) -> Table:
    headers = [first]
    for _code, _css, label in RATINGS:
        headers += [str(label), _("Tỷ lệ %(rating)s") % {"rating": label}]
    table = Table(chart, [*headers, _("Tổng số")], rows_total=rows_total)
    bars = []
    for label, counts, params in rows:
        total = sum(counts.values())
        cells = [Cell(label, people_url(params))]
        values = []
        for code, _css, _label in RATINGS:
            href = people_url(params | {"xep_loai": code})
            cells += [Cell(counts.get(code, 0), href, "int"),
                      Cell(share(counts.get(code, 0), total), kind="pct")]  # fmt: skip
            values.append((counts.get(code, 0), href))
        cells.append(Cell(total, people_url(params | {"xep_loai": "all"}), "int"))
        table.rows.append(cells)
        if total:
            bars.append((label, values))
    table.svg = (
        charts.stacked_shares(table.title, bars, [(css, str(label)) for _c, css, label in RATINGS])
        if bars
        else ""
    )
    return table


# --- points by axis ----------------------------------------------------------------------------


def _shade(value: Decimal | None) -> int | None:
    if value is None:
        return None
    return max(0, min(5, int((value - 40) // 10)))


def axes(f: Filters) -> Table:
    """Unit × axis: the self-assessed points of part B's axes as a share of each axis' maximum
    (the frameworks of the blocks differ; the share makes them comparable)."""
    people = list(
        Evaluation.objects.filter(f.evaluations_q(), submitted_at__isnull=False)
        .values_list("official__unit_id", "framework_version_id")
        .annotate(n=Count("pk"))
    )
    frameworks = {
        version.pk: version.load()
        for version in FrameworkVersion.objects.filter(pk__in={fw for _u, fw, _n in people})
    }
    # Part B's rows only (part A is three quarters of the rows and has no axes).
    part_b = sorted({c.code for fw in frameworks.values() for c in fw.criteria if c.part == "B"})
    sums = (
        CriterionEntry.objects.filter(
            f.evaluations_q("evaluation__"),
            evaluation__submitted_at__isnull=False,
            points__isnull=False,
            code__in=part_b,
        )
        .values_list(PATH, "evaluation__framework_version_id", "code")
        .annotate(points=Sum("points"))
    )
    points: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    capacity: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    counted: dict[int, int] = defaultdict(int)
    axis_titles: dict[int, set[str]] = defaultdict(set)
    for unit_id, fw, code, total in sums:
        row = f.row_of(unit_id)
        criterion = frameworks[fw].criterion(code)
        if row is None or criterion is None or criterion.part != "B":
            continue
        points[(row.pk, criterion.group)] += total
    for unit_id, fw, count in people:
        row = f.row_of(unit_id)
        if row is None:
            continue
        counted[row.pk] += count
        for axis, maximum in frameworks[fw].axis_maxima.items():
            capacity[(row.pk, axis)] += maximum * count
            axis_titles[axis].add(frameworks[fw].axis(axis).title)
    numbers = sorted(axis_titles)
    every = f.top_units()
    rows = f.capped(every, lambda r: counted[r.pk])
    table = Table(
        Chart.AXES,
        [_("Đơn vị")] + [_("Trục %(n)s (%%)") % {"n": n} for n in numbers],
        rows_total=len(every),
    )
    if any(len(titles) > 1 for titles in axis_titles.values()):
        table.caption = _(
            "Các khối dùng khung chấm điểm khác nhau (trục cùng số có thể khác nội dung): "
            "chọn một khối để so sánh đúng từng trục."
        )
    else:
        table.caption = "; ".join(f"{_('Trục')} {n}: {min(axis_titles[n])}" for n in numbers)
    heat_rows = []
    for row in rows:
        params = _unit_params(f, row) | {"tu_danh_gia": "submitted"}
        href = people_url(params)
        cells, heat = [Cell(_unit_label(f, row), href)], []
        for axis in numbers:
            cap = capacity.get((row.pk, axis))
            value = points[(row.pk, axis)] * 100 / cap if cap else None
            cells.append(Cell(value, href, "pct", _shade(value)))
            heat.append((value, _shade(value), href))
        table.rows.append(cells)
        if any(v is not None for v, _s, _h in heat):
            heat_rows.append((_unit_label(f, row), heat))
    columns = [f"{_('Trục')} {n}" for n in numbers]
    table.svg = charts.heatmap(table.title, heat_rows, columns) if heat_rows else ""
    return table


# --- self vs reviewed vs appraised vs decided --------------------------------------------------

STAGE_SERIES = [
    ("self", "s-self", gettext_lazy("Tự chấm")),
    (Stage.REVIEW.value, "s-review", gettext_lazy("Tập thể lãnh đạo")),
    (Stage.APPRAISAL.value, "s-appraisal", gettext_lazy("Thẩm định")),
    (Stage.DECISION.value, "s-decision", gettext_lazy("Quyết định")),
]


def stages(f: Filters) -> list[Table]:
    """Average total per unit at each stage, and the units whose self-scores run furthest above
    the appraisal (average of self − appraisal over the people appraised)."""
    sums: dict[tuple[int, str], list] = defaultdict(lambda: [Decimal(0), 0])

    def add(grouped, stage: str | None = None) -> None:
        for item in grouped:
            unit_id, *middle, total, count = item
            row = f.row_of(unit_id)
            if row is not None and total is not None:
                key = (row.pk, stage or middle[0])
                sums[key][0] += total
                sums[key][1] += count

    add(
        Evaluation.objects.filter(f.evaluations_q(), self_total__isnull=False)
        .values_list("official__unit_id")
        .annotate(s=Sum("self_total"), n=Count("pk")),
        "self",
    )
    add((unit_id, stage, total, count) for unit_id, stage, total, count, _g, _n in _stage_sums(f))
    add(
        current_decisions(f)
        .filter(total__isnull=False)
        .values_list(PATH)
        .annotate(s=Sum("total"), n=Count("pk")),
        Stage.DECISION.value,
    )
    every = f.top_units()
    rows = f.capped(
        every, lambda r: max(sums[(r.pk, k)][1] if (r.pk, k) in sums else 0
                             for k, _c, _l in STAGE_SERIES)
    )  # fmt: skip
    table = Table(
        Chart.STAGES,
        [_("Đơn vị")] + [f"{label} ({_('TB')})" for _k, _c, label in STAGE_SERIES]
        + [_("Tự chấm − thẩm định")],
        rows_total=len(every),
    )  # fmt: skip
    marks = []
    for row in rows:
        href = people_url(_unit_params(f, row))
        averages = []
        for key, _css, _label in STAGE_SERIES:
            total, count = sums.get((row.pk, key), (None, 0))
            averages.append(total / count if count else None)
        gap = (
            averages[0] - averages[2]
            if averages[0] is not None and averages[2] is not None
            else None
        )
        table.rows.append(
            [Cell(_unit_label(f, row), href)]
            + [Cell(a, href, "pts") for a in averages]
            + [Cell(gap, href, "pts")]
        )
        if any(a is not None for a in averages):
            marks.append((_unit_label(f, row), href, averages))
    series = [(css, str(label)) for _k, css, label in STAGE_SERIES]
    table.svg = charts.dots(table.title, marks, series) if marks else ""
    return [table, gaps(f)]


#: how many units the "furthest above" list names
GAP_UNITS = 10


def _stage_sums(f: Filters) -> list[tuple]:
    """Per unit (its own members) and stage (review, appraisal): the sum and count of the
    totals, and for the appraisal the sum of self − appraisal over the people with a self
    total and their count. One GROUP BY, shared by both tables of the page."""
    cached = getattr(f, "_stage_sums", None)
    if cached is None:
        with_self = Q(evaluation__self_total__isnull=False)
        cached = f._stage_sums = list(
            StageScore.objects.filter(f.evaluations_q("evaluation__"))
            .exclude(stage=Stage.DECISION)
            .values_list(PATH, "stage")
            .annotate(
                s=Sum("total"),
                n=Count("pk"),
                gap=Sum(F("evaluation__self_total") - F("total"), filter=with_self),
                n_gap=Count("pk", filter=with_self),
            )
        )
    return cached


def gaps(f: Filters) -> Table:
    """The units (each on its own, not its subtree) with the largest average self − appraisal."""
    grouped = [
        (unit_id, gap, count)
        for unit_id, stage, _s, _n, gap, count in _stage_sums(f)
        if stage == Stage.APPRAISAL and count
    ]
    names = {u.pk: u.name for u in f.units}
    ranked = sorted(
        ((gap / count, unit_id, count) for unit_id, gap, count in grouped if count),
        key=lambda item: (-item[0], names.get(item[1], "")),
    )[:GAP_UNITS]
    table = Table(Chart.GAPS, [_("Đơn vị"), _("Số người được thẩm định"),
                               _("Tự chấm cao hơn thẩm định (điểm, TB)")])  # fmt: skip
    bars = []
    for gap, unit_id, count in ranked:
        href = people_url(f.params(don_vi=unit_id, truc_tiep=1, buoc="appraised_or_later"))
        table.rows.append([Cell(names.get(unit_id, "?"), href), Cell(count, href, "int"),
                           Cell(gap, href, "pts")])  # fmt: skip
        bars.append((names.get(unit_id, "?"), href, [gap]))
    if bars:
        low = int(min(Decimal(0), min(g for _l, _h, (g,) in bars)) // 5 * 5)
        high = int(max(Decimal(5), max(g for _l, _h, (g,) in bars)) // 5 * 5 + 5)
        table.svg = charts.dots(table.title, bars, [("s-gap", _("Chênh lệch"))], low, high)
    return table


def officials_without_evaluation(f: Filters):
    """Officials rated every quarter with no evaluation opened for the quarter."""
    from django.db.models import Exists, OuterRef

    opened = Evaluation.objects.filter(official=OuterRef("pk"), period=f.period)
    return Official.objects.filter(f.officials_q(), rated_quarterly=True).exclude(Exists(opened))


LOCKED = (EvaluationState.DECIDED, EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)
