"""A figure as data: its table (shown beside the chart, printed, downloaded as a workbook) and
the links from every number to the people behind it (SPEC §13.3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString

from danhgia.engine import format_vn

from .choices import Chart


@dataclass
class Cell:
    value: object = None  # int, Decimal, str or None
    href: str = ""
    kind: str = "text"  # "int", "pct" (a share, 0-100), "pts" (points) or "text"
    heat: int | None = None  # 0-5, the heat map's shade
    units: bool = False  # counts units (a dossier's state), not people

    @property
    def text(self) -> str:
        """The value as the page shows it: decimal comma, a share with " %"."""
        if self.value is None or self.value == "":
            return "—"
        if self.kind == "pct":
            return f"{format_vn(Decimal(self.value), 1)} %"
        if self.kind == "pts":
            return format_vn(Decimal(self.value), 2)
        return str(self.value)

    @property
    def is_number(self) -> bool:
        return self.kind in ("int", "pct", "pts")


@dataclass
class Table:
    chart: Chart
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    svg: SafeString | str = ""
    caption: str = ""

    @property
    def title(self) -> str:
        return str(self.chart.label)

    def export_rows(self) -> list[list[object]]:
        """The rows as a workbook's cells: numbers stay numbers (shares rounded to 0.1)."""
        out = []
        for row in self.rows:
            values = []
            for cell in row:
                value = cell.value
                if cell.kind == "pct" and value is not None:
                    value = Decimal(value).quantize(Decimal("0.1"))
                values.append(value)
            out.append(values)
        return out


def people_url(params: dict[str, object]) -> str:
    """The list of the people behind a number, with the page's filters and the number's own."""
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse("analytics:people") + ("?" + urlencode(clean) if clean else "")


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (None when there is no whole)."""
    return Decimal(part) * 100 / Decimal(whole) if whole else None
