"""The server-side SVG charts (danhgia/analytics/charts.py): text escaped, every mark linked
with its title, at most ``MAX_ROWS`` rows drawn (the table has them all)."""

from __future__ import annotations

import re
from decimal import Decimal

from danhgia.analytics import charts

SERIES = [("c-htxsnv", "HTXSNV"), ("c-khtnv", "KHTNV")]


def test_labels_are_escaped_and_marks_link_to_their_people():
    svg = charts.stacked_shares(
        "Xếp loại", [('Sở <b>"A"</b>', [(3, "/thong-ke/can-bo/?a=1&b=2"), (1, "")])], SERIES
    )
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert '<a href="/thong-ke/can-bo/?a=1&amp;b=2">' in svg
    assert "<title>Sở &lt;b&gt;&quot;A&quot;&lt;/b&gt; – HTXSNV: 3 (75,0 %)</title>" in svg
    assert svg.count("<rect") == 2 + 2  # legend + two segments


def test_a_chart_draws_the_largest_rows_and_says_how_many_it_left_out():
    rows = [(f"Đơn vị {n}", [(n, ""), (0, "")]) for n in range(1, 61)]
    svg = charts.stacked_shares("Xếp loại", rows, SERIES)
    drawn = re.findall(r">Đơn vị (\d+)<", svg)
    assert len(drawn) == charts.MAX_ROWS
    assert min(int(n) for n in drawn) == 21  # the 40 largest
    assert "… 20 dòng nhỏ hơn không vẽ" in svg


def test_dots_place_values_on_the_points_scale():
    svg = charts.dots("Điểm", [("Sở A", "", [Decimal(75), None])], SERIES, 50, 100)
    plot = charts.WIDTH - charts.LABEL_WIDTH - 20
    x = charts.LABEL_WIDTH + plot * Decimal(25) / 50
    assert f'cx="{x:.1f}"' in svg
    assert svg.count("<circle") == 1  # no mark for a missing value
