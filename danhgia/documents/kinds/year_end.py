"""The year-end table ("Cuối năm", SPEC §13.3; issue 12 item 2) as a document in the style of
the summary tables (Phụ lục 05–07): landscape, grouped by comparison group, per person the four
quarters (points and rating in force), the engine's year-end result and its reasons.

The record is the year (``tai-lieu/cuoi-nam/<year>/pdf/``) with the year-end page's filters in
the query (``don_vi``, ``khoi``, ``nhom``, ``chi``): whoever may see the page may download it
(``access.require_analyses``, the same scope); a year without a quarter in scope is a 404.
The rows are ``analytics.yearend.year_rows``' (the engine's ``summarise_year`` and ranking):
the document shows the page's numbers, never its own. Not archived (a later correction changes
the year). Above the summary tables' limits (``kinds.quarter.MAX_ROWS``) the .docx and the PDF
are refused with a pointer to the page's Excel file, which takes a province.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia import access
from danhgia.analytics import yearend
from danhgia.analytics.filters import Filters, read_filters
from danhgia.engine import DEFERRED, format_vn
from danhgia.organisation.models import Unit

from ..errors import DocumentError
from ..presentation import letterhead
from ..registry import DocumentKind, register
from .quarter import MAX_ROWS

ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class YearScope:
    """A year of the reader's analysed scope, narrowed as on the year-end page."""

    filters: Filters
    year: int
    show: str = ""


def _scope(user: Any, query: QueryDict, year: int) -> YearScope:
    access.require_analyses(user)
    f = read_filters(SimpleNamespace(user=user, GET=query))
    if year not in yearend.years(f):
        raise Http404(_("Không có kỳ đánh giá nào của năm này."))
    show = query.get("chi", "")
    return YearScope(f, year, show if show in yearend.SHOW else "")


def lookup(request, pk: int) -> YearScope:
    """The year ``pk`` with the page's filters, for whoever may see the year-end page."""
    return _scope(request.user, request.GET, pk)


def sample(user: Any) -> YearScope | None:
    if not access.analyses(user):
        return None
    f = read_filters(SimpleNamespace(user=user, GET=QueryDict()))
    choices = yearend.years(f)
    return YearScope(f, choices[0]) if choices else None


def _issuer(f: Filters) -> Unit | None:
    tops = f.top_units()
    pk = f.unit.pk if f.unit is not None else (tops[0].pk if tops else None)
    if pk is None:
        return Unit.objects.filter(parent__isnull=True).first()
    return Unit.objects.select_related("parent__parent").get(pk=pk)


def _points(value) -> str:
    return "" if value is None else format_vn(value, 2)


def _rating(code: str | None) -> str:
    if code == DEFERRED:
        return str(_("Chưa xếp loại"))
    return code or ""


def row_texts(row: yearend.YearRow, number: int) -> dict[str, Any]:
    """One person's cells as the document prints them."""
    summary = row.summary
    return {
        "number": number,
        "name": row.name,
        "unit": row.unit,
        "quarters": [{"total": _points(t), "rating": _rating(r)} for r, t in row.quarters],
        "excellent_quarters": summary.excellent_quarters,
        "possible": _("Có") if summary.excellent_possible else _("Không"),
        "rank": "" if row.rank is None else row.rank,
        "reasons": "; ".join(str(r) for r in summary.reasons),
    }


class _Groups:
    """The comparison groups with their rows, formatted while a template walks them."""

    def __init__(self, rows: list[yearend.YearRow]) -> None:
        self.rows = rows

    def __iter__(self):
        groups: dict[str, list[yearend.YearRow]] = {}
        for row in self.rows:  # year_rows sorts by group, then rank
            groups.setdefault(row.group, []).append(row)
        number = 0
        for index, (name, members) in enumerate(groups.items(), 1):
            counts = yearend.counts(members)
            line = _(
                "%(index)s. Nhóm so sánh: %(group)s – %(n)s người; được xét HTXSNV cả năm: "
                "%(c)s; hai quý liên tiếp KHTNV: %(k)s"
            ) % {
                "index": index,
                "group": name or _("Chưa có nhóm"),
                "n": counts["all"],
                "c": counts["candidates"],
                "k": counts["two_khtnv"],
            }
            texts = []
            for row in members:
                number += 1
                texts.append(row_texts(row, number))
            yield {"line": line, "rows": texts}


def build(obj: YearScope, user: Any) -> dict[str, Any]:
    f = obj.filters
    rows = yearend.narrow(yearend.year_rows(f, obj.year), obj.show)
    issuer = _issuer(f)
    narrowed = [
        label
        for label in (
            f.block.name if f.block else "",
            f.group.name if f.group else "",
            str(yearend.SHOW[obj.show]) if obj.show else "",
        )
        if label
    ]
    scope = f.unit.name if f.unit else (issuer.name if issuer else "")
    quarters = [_("Quý %(q)s") % {"q": r} for r in ROMAN]
    quarters[3] = _("Quý IV (cùng đánh giá cuối năm)")
    return {
        "title": str(_("BẢNG TỔNG HỢP KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG CÁC QUÝ VÀ CẢ NĂM")),
        "subtitle": _("Năm %(y)s") % {"y": obj.year},
        "appendix_note": "",
        "letterhead": letterhead(issuer) if issuer else None,
        "scope": " – ".join([scope, *narrowed]),
        "quarter_headings": quarters,
        "groups": _Groups(rows),
        "row_count": len(rows),
        "empty": not rows,
        "legend": _(
            "Điểm và xếp loại của mỗi quý là quyết định đang có hiệu lực. Không được xét HTXSNV "
            "cả năm nếu có quý KHTNV; thứ tự trong nhóm theo số quý HTXSNV (nhiều trước); hai quý "
            "liên tiếp KHTNV là trường hợp phải thay thế (02-HD §6.3)."
        ),
    }


def check_size(context: dict[str, Any], fmt: str) -> None:
    """The summary tables' limits: above them the page's Excel file takes the year."""
    limit = MAX_ROWS.get(fmt)
    count = context.get("row_count", 0)
    if limit is not None and count > limit:
        raise DocumentError(
            _(
                "Bảng có %(count)s người, quá dài để tạo tệp %(fmt)s ngay (tối đa %(max)s dòng): "
                "hãy tải bản Excel ở trang Cuối năm, hoặc chọn một đơn vị, khối hay nhóm nhỏ hơn."
            )
            % {"count": count, "max": limit, "fmt": "PDF" if fmt == "pdf" else ".docx"}
        )


def name_parts(obj: YearScope) -> list[object]:
    f = obj.filters
    return [obj.year, f.unit.name if f.unit else ""]


YEAR_END = register(
    DocumentKind(
        code="cuoi-nam",
        title=gettext_lazy("Bảng tổng hợp kết quả xếp loại các quý và cả năm"),
        file_stem="Cuoi-nam",
        lookup=lookup,
        build=build,
        name_parts=name_parts,
        formats=("docx", "pdf"),
        docx_template="cuoi-nam.docx",
        html_template="documents/pdf/cuoi_nam.html",
        landscape=True,
        sample=sample,
        size_check=check_size,
    )
)
