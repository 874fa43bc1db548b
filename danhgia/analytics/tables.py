"""A figure as data: its table (shown beside the chart, printed, downloaded as a workbook) and
the links from every number to the people behind it (SPEC §13.3)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
    #: how many rows the whole figure has, when the page shows only the largest (``more``)
    rows_total: int = 0

    @property
    def more(self) -> int:
        """How many rows the page leaves out (the full table's page lists them)."""
        return max(0, self.rows_total - len(self.rows))

    @property
    def title(self) -> str:
        return str(self.chart.label)

    def html(self) -> SafeString:
        """The table as HTML (built here: a figure may have thousands of cells)."""
        numeric = ' class="num"'
        head = "".join(
            f'<th scope="col"{"" if n == 0 else numeric}>{escape(h)}</th>'
            for n, h in enumerate(self.headers)
        )
        body = []
        for row in self.rows:
            cells = []
            for n, cell in enumerate(row):
                text = cell.text if cell.is_number else escape(cell.text)
                if cell.href and (n == 0 or cell.value is not None):
                    text = f'<a href="{_attr(cell.href)}">{text}</a>'
                if n == 0:
                    cells.append(f'<th scope="row">{text}</th>')
                    continue
                css = "num" if cell.is_number else ""
                if cell.heat is not None:
                    css += f" heat-cell heat-{cell.heat}"
                cells.append(f'<td class="{css.strip()}">{text}</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
        return mark_safe(
            f'<table class="table table--figure"><caption class="visually-hidden">'
            f"{escape(self.title)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )

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


def _attr(href: str) -> str:
    """A link built by ``people_url`` as an attribute value (only ``&`` needs escaping; other
    text is encoded by ``people_url``)."""
    return href.replace("&", "&amp;") if _PLAIN_URL.fullmatch(href) else escape(href)


@lru_cache(maxsize=1)
def _people_path() -> str:
    return reverse("analytics:people")


_PLAIN = re.compile(r"[A-Za-z0-9_.,-]+")
_PLAIN_URL = re.compile(r"[A-Za-z0-9_.,/?=&%+-]+")


def people_url(params: dict[str, object]) -> str:
    """The list of the people behind a number, with the page's filters and the number's own.

    Ids and codes are written as they are (a page has thousands of links: ``urlencode`` on
    each would cost more than the page's queries); anything else is encoded."""
    parts = []
    for key, value in params.items():
        if value in (None, ""):
            continue
        text = str(value)
        parts.append(f"{key}={text}" if _PLAIN.fullmatch(text) else urlencode({key: text}))
    return _people_path() + ("?" + "&".join(parts) if parts else "")


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (None when there is no whole)."""
    return Decimal(part) * 100 / Decimal(whole) if whole else None
