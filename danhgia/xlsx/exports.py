"""List exports (SPEC §13.2): a page's filtered rows as one .xlsx sheet, with a dated file name.

A list page builds its queryset in one function that the page and its export share, so that the
export carries the same filters and the same rights; this module only writes: the rows stream
into a write-only workbook (``table_workbook``, text neutralised), so memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from .writing import table_workbook, xlsx_response

#: rows read from the database per query while streaming an export
CHUNK_SIZE = 2000


def _slug(value: object) -> str:
    # slugify drops "đ" (it has no ASCII decomposition): "Đồng" would become "ong".
    text = str(value).replace("đ", "d").replace("Đ", "D").replace("/", "-")
    return slugify(text)


def export_filename(stem: str, *parts: object) -> str:
    """``can-bo-2026-12-04.xlsx``: the list's name, optional qualifiers, today's local date."""
    words = [_slug(part) for part in parts if part not in (None, "")]
    words = [stem, *[word for word in words if word], timezone.localdate().isoformat()]
    return "-".join(words) + ".xlsx"


def list_export(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    filename: str,
    *,
    widths: Sequence[int] | None = None,
) -> HttpResponse:
    """The download of one list: a sheet called ``title``, its header row, then every row."""
    return xlsx_response(table_workbook(title, headers, rows, widths=widths), filename)
