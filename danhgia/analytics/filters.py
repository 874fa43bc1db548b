"""The dashboards' filters: a quarter, a unit (with its subtree), a block and a comparison group
(SPEC §13.3), read from the query string.

A value that is not a number, not a record, or outside the user's scope is dropped with a
Vietnamese message naming the field; the page then shows the scope as a whole (never a 500,
never another scope's figures). Every figure of a page is built on ``Filters.evaluations_q``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.decisions.models import Decision
from danhgia.organisation.models import Block, ComparisonGroup
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period
from danhgia.web import parse_int

#: query parameters a filtered link carries (the people list adds its own)
FILTER_PARAMS = ("ky", "don_vi", "khoi", "nhom")


@dataclass
class UnitRef:
    pk: int
    name: str
    path: str
    parent_id: int | None

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def label(self) -> str:
        """The name indented by its depth in the tree (the filter's options)."""
        return "· " * self.depth + self.name


@dataclass
class Filters:
    user: object
    period: Period | None
    unit: UnitRef | None
    block: Block | None
    group: ComparisonGroup | None
    periods: list[Period]
    units: list[UnitRef]
    blocks: list[Block]
    groups: list[ComparisonGroup]
    errors: list[str] = field(default_factory=list)
    #: the dashboards show at most this many rows of a "by unit" figure (None: every row, for
    #: the workbook and the full table's page)
    row_limit: int | None = None

    def unit_options(self) -> SafeString:
        """The unit filter's options (built here: a province has thousands of units)."""
        chosen = self.unit.pk if self.unit else None
        return mark_safe(
            "".join(
                f'<option value="{u.pk}"{" selected" if u.pk == chosen else ""}>'
                f"{escape(u.label)}</option>"
                for u in self.units
            )
        )

    def params(self, **extra) -> dict[str, object]:
        """The query parameters of these filters, with ``extra`` (None drops one)."""
        values = {
            "ky": self.period.pk if self.period else None,
            "don_vi": self.unit.pk if self.unit else None,
            "khoi": self.block.pk if self.block else None,
            "nhom": self.group.pk if self.group else None,
        } | extra
        return {k: v for k, v in values.items() if v not in (None, "")}

    def officials_q(self, to_official: str = "") -> Q:
        """Officials of the scope narrowed by unit, block and group. The unit conditions are one
        subquery on the units (``unit_id IN (…)``): the big tables are never joined to the
        units nor matched by path row by row."""
        units = access.analysed_units(self.user)
        if self.unit is not None:
            units = units.filter(path__startswith=self.unit.path)
        if self.block is not None:
            units = units.filter(block=self.block.pk)
        q = Q(**{f"{to_official}unit__in": units.values("pk")})
        if self.group is not None:
            q &= Q(**{f"{to_official}comparison_group": self.group.pk})
        return q

    def evaluations_q(self, to_evaluation: str = "", *, period: bool = True) -> Q:
        """Evaluations the figures count: scope, the reader's own left out before publication,
        the filters, and (``period``) the chosen quarter."""
        q = access.own_unpublished_left_out_q(self.user, to_evaluation) & self.officials_q(
            f"{to_evaluation}official__"
        )
        if period and self.period is not None:
            q &= Q(**{f"{to_evaluation}period": self.period.pk})
        return q

    def top_units(self) -> list[UnitRef]:
        """The rows of a "by unit" figure: the chosen unit and its children, or the scope's
        highest units (each row counts its subtree). Worked out once per request."""
        cached = getattr(self, "_tops", None)
        if cached is None:
            cached = self._tops = self._top_units()
        return cached

    def capped(self, rows: list[UnitRef], size: Callable[[UnitRef], int]) -> list[UnitRef]:
        """The rows a page shows: every row, or with ``row_limit`` the largest rows by
        ``size`` (people counted) in their order, like the charts."""
        if self.row_limit is None or len(rows) <= self.row_limit:
            return rows
        keep = set(sorted(range(len(rows)), key=lambda i: -size(rows[i]))[: self.row_limit])
        return [row for i, row in enumerate(rows) if i in keep]

    def own_row(self) -> int | None:
        """The id of the row whose children are the other rows (it counts its own members)."""
        if not hasattr(self, "_own"):
            rows = self.top_units()
            parent = rows[0].pk if rows else None
            self._own = parent if any(r.parent_id == parent for r in rows[1:]) else None
        return self._own

    def row_of(self, unit_id: int) -> UnitRef | None:
        """The "by unit" row that counts the unit (``RowIndex``), or None out of scope."""
        index = getattr(self, "_index", None)
        if index is None:
            index = self._index = RowIndex(self.top_units())
            self._paths = {u.pk: u.path for u in self.units}
        path = self._paths.get(unit_id)
        return None if path is None else index(path)

    def _top_units(self) -> list[UnitRef]:
        if self.unit is not None:
            children = [u for u in self.units if u.parent_id == self.unit.pk]
            return [self.unit, *children]
        paths = sorted(u.path for u in self.units)
        tops = []
        for path in paths:
            if not any(path.startswith(top) for top in tops):
                tops.append(path)
        by_path = {u.path: u for u in self.units}
        if len(tops) == 1:  # one top (a province, a department): its children are the rows
            top = by_path[tops[0]]
            return [top, *[u for u in self.units if u.parent_id == top.pk]]
        return [by_path[p] for p in tops]


class RowIndex:
    """Which row a unit's figures count in: the deepest row whose subtree holds the unit (the
    chosen unit itself only for its own members: its children have rows of their own). A
    lookup walks the path's prefixes (its depth), never the rows; answers are kept."""

    def __init__(self, rows: list[UnitRef]) -> None:
        self.by_path = {row.path: row for row in rows}
        self.found: dict[str, UnitRef | None] = {}

    def __call__(self, path: str) -> UnitRef | None:
        if path in self.found:
            return self.found[path]
        parts = [p for p in path.split("/") if p]
        row = None
        for n in range(len(parts), 0, -1):
            row = self.by_path.get("/" + "/".join(parts[:n]) + "/")
            if row is not None:
                break
        self.found[path] = row
        return row


def row_of(rows: list[UnitRef], path: str) -> UnitRef | None:
    """``RowIndex(rows)(path)`` for one lookup (tests, small lists)."""
    return RowIndex(rows)(path)


def latest_decided_period() -> Period | None:
    decided = Decision.objects.filter(evaluation__period=OuterRef("pk"))
    return Period.objects.filter(Exists(decided)).order_by("-year", "-quarter").first()


def current_period() -> Period | None:
    return Period.objects.filter(state=PeriodState.OPEN).order_by("-year", "-quarter").first()


def read_filters(request, *, default: str = "decided") -> Filters:
    """The filters of a dashboard page. ``default``: the quarter shown without ``ky``, the
    latest with decisions ("decided") or the open one ("open")."""
    user = request.user
    errors: list[str] = []
    periods = list(Period.objects.order_by("-year", "-quarter"))
    units = [
        UnitRef(*row)
        for row in access.analysed_units(user)
        .order_by("path")
        .values_list("pk", "name", "path", "parent_id")
    ]
    blocks = list(Block.objects.order_by("name"))
    groups = list(ComparisonGroup.objects.order_by("name"))

    def pick(name: str, items, label: str):
        raw = request.GET.get(name, "")
        if raw == "":
            return None
        pk = parse_int(raw)
        found = next((item for item in items if item.pk == pk), None)
        if found is None:
            errors.append(
                _("%(field)s: giá trị không hợp lệ hoặc ngoài phạm vi của bạn; đang hiện toàn bộ.")
                % {"field": label}
            )
        return found

    period = pick("ky", periods, _("Kỳ đánh giá"))
    if period is None:
        period = current_period() if default == "open" else latest_decided_period()
        period = period or (periods[0] if periods else None)
    return Filters(
        user=user,
        period=period,
        unit=pick("don_vi", units, _("Đơn vị")),
        block=pick("khoi", blocks, _("Khối")),
        group=pick("nhom", groups, _("Nhóm so sánh")),
        periods=periods,
        units=units,
        blocks=blocks,
        groups=groups,
        errors=errors,
    )
