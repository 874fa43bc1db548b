"""The summary tables of Lào Cai Phụ lục 05, 06 and 07 (SPEC §13.1): titles, columns, cells.

What every format (.xlsx, .docx, PDF) shares: the variant's title, the two header rows, the
group's line with its quota figures, and each person's cells as text (decimal comma) or as the
number stored. The writers only lay these out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.engine import DEFERRED, format_number, format_vn
from danhgia.organisation.choices import ManagementScope

from .summary import GroupSummary, StageCell, SummaryRow


@dataclass(frozen=True)
class Variant:
    code: str
    appendix: str
    title: str
    #: only people of this management scope (Phụ lục 05: diện Ban Thường vụ Tỉnh ủy quản lý)
    management_scope: str | None = None


VARIANTS = {
    v.code: v
    for v in (
        Variant(
            "05",
            gettext_lazy("Phụ lục 05"),
            gettext_lazy(
                "Bản tổng hợp kết quả đánh giá và đề xuất xếp loại chất lượng quý đối với cán bộ "
                "thuộc diện Ban Thường vụ Tỉnh ủy quản lý"
            ),
            ManagementScope.PROVINCIAL,
        ),
        Variant(
            "06",
            gettext_lazy("Phụ lục 06"),
            gettext_lazy(
                "Tổng hợp kết quả đánh giá, xếp loại chất lượng quý đối với cán bộ lãnh đạo các "
                "ban, sở, ngành, cơ quan, đơn vị ở cấp tỉnh"
            ),
        ),
        Variant(
            "07",
            gettext_lazy("Phụ lục 07"),
            gettext_lazy(
                "Tổng hợp kết quả đánh giá, xếp loại chất lượng quý đối với cán bộ lãnh đạo "
                "thuộc các đảng ủy trực thuộc Tỉnh ủy"
            ),
        ),
    )
}
DEFAULT_VARIANT = "06"


def variant(code: str | None) -> Variant:
    """The variant asked for (``?mau=05``); an unknown code gives the default one."""
    return VARIANTS.get(code or "", VARIANTS[DEFAULT_VARIANT])


#: the stage columns, each a pair (Điểm, Xếp loại), under their heading
STAGE_HEADINGS = (
    gettext_lazy("Cá nhân tự đánh giá"),
    gettext_lazy("Tập thể lãnh đạo đơn vị đề xuất"),
    gettext_lazy("Kết quả thẩm định"),
    gettext_lazy("Cấp có thẩm quyền quyết định"),
)
LEADING = (
    gettext_lazy("STT"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Chức vụ"),
    gettext_lazy("Đơn vị"),
)
NOTE = gettext_lazy("Ghi chú")
NOT_RATED = gettext_lazy("Chưa XL")
POINTS = gettext_lazy("Điểm")
RATING = gettext_lazy("Xếp loại")
COLUMN_COUNT = len(LEADING) + 2 * len(STAGE_HEADINGS) + 1
#: column widths (characters) of the workbook; the PDF and .docx use the same proportions
WIDTHS = (5, 22, 24, 22, 7, 9, 7, 9, 7, 9, 7, 9, 26)


def header_rows() -> tuple[list[str], list[str]]:
    """The two header rows: the headings (each stage spans two columns), then Điểm / Xếp loại."""
    first = [str(h) for h in LEADING]
    second = ["" for _h in LEADING]
    for heading in STAGE_HEADINGS:
        first += [str(heading), ""]
        second += [str(POINTS), str(RATING)]
    first.append(str(NOTE))
    second.append("")
    return first, second


def stages(row: SummaryRow) -> tuple[StageCell, ...]:
    return (row.self_stage, row.review, row.appraisal, row.decision)


def rating_text(code: str) -> str:
    """The rating's code as the tables print it ("Chưa XL" for a deferred person)."""
    return str(NOT_RATED) if code == DEFERRED else code


def row_values(row: SummaryRow) -> list:
    """The row as stored: points as ``Decimal`` (or None), ratings as codes."""
    values: list = [row.number, row.full_name, row.position, row.unit_name]
    for cell in stages(row):
        values += [cell.total, rating_text(cell.rating)]
    values.append(row.note)
    return values


def points_text(value: Decimal | None) -> str:
    return "" if value is None else format_vn(value, 2)


def row_texts(row: SummaryRow) -> list[str]:
    """The row as printed: points with the decimal comma."""
    texts = [str(row.number), row.full_name, row.position, row.unit_name]
    for cell in stages(row):
        texts += [points_text(cell.total), rating_text(cell.rating)]
    texts.append(row.note)
    return texts


ROMAN_STEPS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(number: int) -> str:
    """1 → "I", 14 → "XIV" (the groups' headings; STT restarts in each group)."""
    text = ""
    for value, letters in ROMAN_STEPS:
        while number >= value:
            text += letters
            number -= value
    return text


def group_line(group: GroupSummary, index: int = 1) -> str:
    """ "I. Nhóm so sánh: …; 5 người; tỷ lệ HTXSNV tối đa 20 %; được xếp HTXSNV tối đa 1/5
    người; đề xuất 2, được xếp 1, ngoài tỷ lệ 1"."""
    quota = group.quota
    parts = [_("%(n)s. Nhóm so sánh: %(name)s") % {"n": roman(index), "name": group.name}]
    parts.append(_("%(count)s người") % {"count": len(group.rows)})
    if quota.pct is not None:
        parts.append(_("tỷ lệ HTXSNV tối đa %(pct)s %%") % {"pct": format_number(quota.pct)})
    if quota.decided:
        parts.append(
            _("được xếp HTXSNV tối đa %(allowed)s/%(base)s người")
            % {"allowed": quota.allowed, "base": quota.base}
        )
        parts.append(
            _("đề xuất %(proposed)s, được xếp %(granted)s, ngoài tỷ lệ %(cut)s")
            % {"proposed": quota.proposed, "granted": quota.granted, "cut": quota.cut}
        )
    elif group.code:
        parts.append(_("chưa quyết định"))
    return "; ".join(parts)


def legend() -> str:
    return _(
        "Ghi chú: HTXSNV – Hoàn thành xuất sắc nhiệm vụ; HTTNV – Hoàn thành tốt nhiệm vụ; "
        "HTNV – Hoàn thành nhiệm vụ; KHTNV – Không hoàn thành nhiệm vụ; Chưa XL – chưa đánh "
        "giá, xếp loại quý này."
    )


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_text(period) -> str:
    """ "Quý III năm 2026"."""
    return _("Quý %(q)s năm %(y)s") % {"q": ROMAN[period.quarter], "y": period.year}


def quarter_words(period) -> str:
    """ "quý III năm 2026" (inside a sentence)."""
    return _("quý %(q)s năm %(y)s") % {"q": ROMAN[period.quarter], "y": period.year}
