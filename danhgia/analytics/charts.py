"""Server-side SVG charts: no script, no external file, CSP-safe, printable (SPEC §13.3).

Each function takes the numbers a table shows and returns an inline ``<svg>``; every mark links
to the people behind it (``<a href>``) and has a ``<title>`` (its label and value), so the
chart is readable with a pointer, a keyboard and a screen reader, and the table beside it
carries the same numbers. Colours come from CSS classes (app.css, "Dashboards").
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from danhgia.engine import format_vn

WIDTH = 720
LABEL_WIDTH = 210
ROW = 24
TOP = 28


def _label(text: str, limit: int = 30) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: rows a chart draws at most (the largest; the table beside it has them all)
MAX_ROWS = 40


def _cap(rows: list, size) -> tuple[list, int]:
    """The ``MAX_ROWS`` largest rows by ``size`` in their order, and how many were left out."""
    rows = list(rows)
    if len(rows) <= MAX_ROWS:
        return rows, 0
    keep = set(sorted(range(len(rows)), key=lambda i: -size(rows[i]))[:MAX_ROWS])
    return [row for i, row in enumerate(rows) if i in keep], len(rows) - MAX_ROWS


def _more(left_out: int, y: int) -> str:
    if not left_out:
        return ""
    return (
        f'<text class="tick" x="0" y="{y}">'
        f"… {left_out} {escape(_('dòng nhỏ hơn không vẽ; xem bảng số liệu'))}</text>"
    )


def _link(href: str, inner: str, title: str) -> str:
    tip = f"<title>{escape(title)}</title>"
    if href:
        return f'<a href="{escape(href)}">{tip}{inner}</a>'
    return f"<g>{tip}{inner}</g>"


def _svg(height: int, body: list[str], title: str) -> SafeString:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _legend(series: Sequence[tuple[str, str]], y: int = 14) -> tuple[list[str], int]:
    """The legend's marks, wrapped over lines; and the top of the plot below it."""
    out, x = [], LABEL_WIDTH
    for css, label in series:
        width = 26 + 7 * len(label)
        if x + width > WIDTH and x > LABEL_WIDTH:
            x, y = LABEL_WIDTH, y + 18
        out.append(f'<rect class="{css}" x="{x}" y="{y - 10}" width="12" height="12"/>')
        out.append(f'<text x="{x + 16}" y="{y}">{escape(label)}</text>')
        x += width
    return out, y + 14


def stacked_shares(
    title: str,
    rows: Sequence[tuple[str, Sequence[tuple[int, str]]]],
    series: Sequence[tuple[str, str]],
) -> SafeString:
    """One 100 % bar per row: ``rows`` = (label, [(count, href) per series]); ``series`` =
    (css class, label)."""
    plot = WIDTH - LABEL_WIDTH - 60
    body, top = _legend(series)
    rows, left_out = _cap(rows, lambda row: sum(count for count, _href in row[1]))
    for index, (label, values) in enumerate(rows):
        y = top + index * ROW
        total = sum(count for count, _href in values)
        body.append(f'<text x="0" y="{y + 15}">{escape(_label(label))}</text>')
        x = Decimal(LABEL_WIDTH)
        for (count, href), (css, name) in zip(values, series, strict=True):
            if not count:
                continue
            width = Decimal(plot) * count / total
            rect = (
                f'<rect class="{css}" x="{x:.1f}" y="{y + 3}" width="{width:.1f}" '
                f'height="{ROW - 6}"/>'
            )
            pct = format_vn(Decimal(count) * 100 / total, 1)
            body.append(_link(href, rect, f"{label} – {name}: {count} ({pct} %)"))
            x += width
        body.append(f'<text x="{LABEL_WIDTH + plot + 6}" y="{y + 15}">{total}</text>')
    body.append(_more(left_out, top + len(rows) * ROW + 14))
    return _svg(top + len(rows) * ROW + (24 if left_out else 6), body, title)


def heatmap(
    title: str,
    rows: Sequence[tuple[str, Sequence[tuple[Decimal | None, int | None, str]]]],
    columns: Sequence[str],
) -> SafeString:
    """Rows × columns of shares (0-100): ``rows`` = (label, [(value, shade 0-5, href)])."""
    width = (WIDTH - LABEL_WIDTH) // max(len(columns), 1)
    body = []
    rows, left_out = _cap(rows, lambda row: -sum(v or 0 for v, _s, _h in row[1]))
    for col, name in enumerate(columns):
        x = LABEL_WIDTH + col * width + width // 2
        body.append(f'<text x="{x}" y="18" text-anchor="middle">{escape(name)}</text>')
    for index, (label, cells) in enumerate(rows):
        y = TOP + index * ROW
        body.append(f'<text x="0" y="{y + 15}">{escape(_label(label))}</text>')
        for col, (value, shade, href) in enumerate(cells):
            x = LABEL_WIDTH + col * width
            css = "heat-none" if shade is None else f"heat-{shade}"
            text = "—" if value is None else format_vn(value, 0)
            inner = (
                f'<rect class="{css}" x="{x + 1}" y="{y + 1}" width="{width - 2}" '
                f'height="{ROW - 2}"/><text class="heat-text" x="{x + width // 2}" '
                f'y="{y + 16}" text-anchor="middle">{text}</text>'
            )
            name = columns[col]
            body.append(_link(href, inner, f"{label} – {name}: {text} %"))
    body.append(_more(left_out, TOP + len(rows) * ROW + 14))
    return _svg(TOP + len(rows) * ROW + (24 if left_out else 4), body, title)


def dots(
    title: str,
    rows: Sequence[tuple[str, str, Sequence[Decimal | None]]],
    series: Sequence[tuple[str, str]],
    low: int = 50,
    high: int = 100,
) -> SafeString:
    """Per row one mark per series on a points scale ``low``–``high``: ``rows`` = (label, href,
    values)."""
    plot = WIDTH - LABEL_WIDTH - 20
    body, top = _legend(series)
    rows, left_out = _cap(rows, lambda row: max((v for v in row[2] if v is not None), default=0))

    def x_of(value: Decimal) -> Decimal:
        clamped = min(max(value, Decimal(low)), Decimal(high))
        return LABEL_WIDTH + Decimal(plot) * (clamped - low) / (high - low)

    for tick in range(low, high + 1, 10):
        x = x_of(Decimal(tick))
        body.append(
            f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" '
            f'y2="{top + len(rows) * ROW}"/>'
        )
        body.append(
            f'<text class="tick" x="{x:.1f}" y="{top + len(rows) * ROW + 14}" '
            f'text-anchor="middle">{tick}</text>'
        )
    for index, (label, href, values) in enumerate(rows):
        y = top + index * ROW + ROW // 2
        marks = [f'<text x="0" y="{y + 4}">{escape(_label(label))}</text>']
        tips = []
        for value, (css, name) in zip(values, series, strict=True):
            if value is None:
                continue
            marks.append(f'<circle class="{css}" cx="{x_of(value):.1f}" cy="{y}" r="6"/>')
            tips.append(f"{name}: {format_vn(value, 2)}")
        body.append(_link(href, "".join(marks), f"{label} – " + "; ".join(tips)))
    body.append(_more(left_out, top + len(rows) * ROW + 30))
    return _svg(top + len(rows) * ROW + (38 if left_out else 20), body, title)


def columns_with_line(
    title: str,
    columns: Sequence[tuple[str, Sequence[tuple[int, str]], Decimal | None]],
    series: Sequence[tuple[str, str]],
) -> SafeString:
    """Per quarter a stacked column of counts (``series``) and a line of the average points:
    ``columns`` = (label, [(count, href)], average)."""
    height, base = 260, 220
    slot = (WIDTH - 60) // max(len(columns), 1)
    peak = max((sum(c for c, _h in values) for _l, values, _a in columns), default=0) or 1
    body, _top = _legend(series)
    points = []
    for index, (label, values, average) in enumerate(columns):
        x = 40 + index * slot + slot // 4
        y = Decimal(base)
        for (count, href), (css, name) in zip(values, series, strict=True):
            if not count:
                continue
            h = Decimal(170) * count / peak
            y -= h
            rect = f'<rect class="{css}" x="{x}" y="{y:.1f}" width="{slot // 2}" height="{h:.1f}"/>'
            body.append(_link(href, rect, f"{label} – {name}: {count}"))
        body.append(
            f'<text class="tick" x="{x + slot // 4}" y="{base + 16}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
        if average is not None:
            ay = base - Decimal(170) * max(average - 50, Decimal(0)) / 50
            points.append((x + slot // 4, ay, average))
    if len(points) > 1:
        path = " ".join(f"{px},{py:.1f}" for px, py, _a in points)
        body.append(f'<polyline class="trend-line" points="{path}"/>')
    for px, py, average in points:
        body.append(
            f"<g><title>{escape(format_vn(average, 2))}</title>"
            f'<circle class="trend-dot" cx="{px}" cy="{py:.1f}" r="4"/>'
            f'<text class="tick" x="{px + 6}" y="{py - 6:.1f}">{format_vn(average, 1)}</text></g>'
        )
    return _svg(height, body, title)
