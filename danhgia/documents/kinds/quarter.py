"""Documents of a scope and quarter: the summary tables (Lào Cai Phụ lục 05–07) and the
quarterly report to the centre (SPEC §13.1); the announcement is ``kinds/announcement.py``.

- The summary table (``bang-tong-hop``) of a unit's subtree: read by the roles that read the
  unit's dossier (``on_unit(…, VIEW)``, like the dossier's summary page); ``?mau=05|06|07``
  picks the appendix (05 keeps the people "diện Ban Thường vụ Tỉnh ủy quản lý").
- The report to the centre (``bao-cao-quy``): drafted by the readers of the decided list whose
  role covers the unit (``access.reports_on_unit``: authorities and the commission).

Each is archived once its data can no longer change: every evaluation of the scope decided
(the revision names the latest decision in force, so a correction is a new revision), and only
from and for a reader who sees the whole scope (a reader who sees part of it gets a copy drawn
for them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia import access
from danhgia.access import Action
from danhgia.decisions.models import Decision
from danhgia.evaluations.choices import LOCKED_STATES, EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.web import forbid_unless

from .. import quarter_report as qr
from .. import summary_tables as t
from ..errors import DocumentError
from ..naming import quarter_label
from ..presentation import letterhead
from ..registry import DocumentKind, register
from ..summary import build_summary
from ..summary_xlsx import summary_xlsx
from . import unit as unit_kinds

#: above this many rows a .docx or PDF is refused: docxtpl builds the whole XML in memory (a
#: province's 20,000 rows: 15 s of CPU and 1.3 GB), WeasyPrint lays out about a hundred rows a
#: second of CPU (1,000 rows: 10 s); the Excel file streams any number of rows
#: (bench/summary_bench.py)
MAX_ROWS = {"docx": 3000, "pdf": 500}
PUBLIC_STATES = (EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)


@dataclass(frozen=True)
class ScopeQuarter:
    """A unit's subtree and a quarter; ``variant`` the appendix of a summary table."""

    unit: Unit
    period: Period
    variant: str = t.DEFAULT_VARIANT


def _subtree(obj: ScopeQuarter):
    return Evaluation.objects.filter(
        period=obj.period, official__unit__path__startswith=obj.unit.path
    )


def _decided_revision(evaluations, prefix: str) -> str | None:
    """``prefix-qd-<latest decision>`` once every evaluation of ``evaluations`` is decided."""
    if not evaluations.exists() or evaluations.exclude(state__in=LOCKED_STATES).exists():
        return None
    latest = Decision.objects.filter(
        evaluation__in=evaluations.values("pk"), superseded_by__isnull=True
    ).aggregate(latest=Max("pk"))["latest"]
    return f"{prefix}-qd-{latest}" if latest else None


def _sees_whole_scope(obj: ScopeQuarter, user: Any) -> bool:
    """The archived copy is drawn from, and served to, readers who see every evaluation of
    the scope and are not among its people (``unit.archive_visible``)."""
    if not unit_kinds.archive_visible(unit_kinds.UnitQuarter(obj.unit, obj.period), user):
        return False
    everyone = _subtree(obj)
    return access.restrict(user, everyone).count() == everyone.count()


def scope_rows(obj: ScopeQuarter, user: Any) -> int:
    """The evaluations of the scope this reader sees: the rows of its tables (one query)."""
    return access.restrict(user, _subtree(obj)).count()


def _record(obj: ScopeQuarter) -> Unit:
    return obj.unit


def _name_parts(obj: ScopeQuarter) -> list[object]:
    return [obj.unit.name, quarter_label(obj.period)]


def _sample(user: Any) -> ScopeQuarter | None:
    sample = unit_kinds.sample(user)
    return None if sample is None else ScopeQuarter(sample.unit, sample.period)


# --- the summary tables (Phụ lục 05–07) ---------------------------------------------------


def summary_lookup(request, pk: int) -> ScopeQuarter:
    found = unit_kinds.reader_lookup(request, pk)
    code = request.GET.get("mau") or t.DEFAULT_VARIANT
    if code not in t.VARIANTS:
        raise Http404(_("Không có mẫu biểu tổng hợp này."))
    return ScopeQuarter(found.unit, found.period, code)


def _summary_revision(obj: ScopeQuarter) -> str | None:
    return _decided_revision(_subtree(obj), f"ky-{obj.period.pk}-mau-{obj.variant}")


def _row_dict(row) -> dict[str, str]:
    keys = (
        "number",
        "name",
        "position",
        "unit",
        "self_total",
        "self_rating",
        "review_total",
        "review_rating",
        "appraisal_total",
        "appraisal_rating",
        "decision_total",
        "decision_rating",
        "note",
    )
    return dict(zip(keys, t.row_texts(row), strict=True))


class _Groups:
    """The groups with their rows as text, formatted while a template walks them (the workbook
    never does: it writes the stored numbers; a .docx of 20,000 rows holds no second copy)."""

    def __init__(self, summary) -> None:
        self.summary = summary

    def __iter__(self):
        for index, group in enumerate(self.summary.groups, 1):
            rows = (_row_dict(r) for r in group.rows)
            yield {"line": t.group_line(group, index), "rows": rows}


def build_summary_context(obj: ScopeQuarter, user: Any) -> dict[str, Any]:
    kind = t.variant(obj.variant)
    summary = build_summary(user, obj.period, obj.unit, kind.management_scope)
    first, second = t.header_rows()
    return {
        "title": str(kind.title).upper(),
        "subtitle": t.quarter_text(obj.period),
        "appendix_note": str(kind.appendix),
        "letterhead": letterhead(obj.unit),
        "scope": obj.unit.name,
        "stage_headings": [str(h) for h in t.STAGE_HEADINGS],
        "groups": _Groups(summary),
        "row_count": summary.row_count,
        "empty": not summary.row_count,
        "legend": t.legend(),
        "header_first": first,
        "header_second": second,
        # for the workbook: the rows as stored (numbers, not text)
        "summary": summary,
        "variant": kind,
    }


def _summary_xlsx(context: dict[str, Any]) -> bytes:
    return summary_xlsx(context["summary"], context["variant"], context["letterhead"])


SUMMARY = register(
    DocumentKind(
        code="bang-tong-hop",
        title=gettext_lazy("Bảng tổng hợp kết quả đánh giá, xếp loại (Phụ lục 05–07)"),
        file_stem="Bang-tong-hop",
        lookup=summary_lookup,
        build=build_summary_context,
        name_parts=lambda obj: [f"PL{obj.variant}", *_name_parts(obj)],
        formats=("xlsx", "docx", "pdf"),
        docx_template="bang-tong-hop.docx",
        html_template="documents/pdf/bang_tong_hop.html",
        landscape=True,
        revision=_summary_revision,
        sample=_sample,
        xlsx=_summary_xlsx,
        size_check=lambda context, fmt: check_size(context, fmt),
        rows=scope_rows,
        archive_visible=_sees_whole_scope,
        record=_record,
    )
)


# --- the quarterly report to the centre ---------------------------------------------------


def report_lookup(request, pk: int) -> ScopeQuarter:
    unit = access.get_for_user_or_404(
        request.user, Unit.objects.select_related("parent__parent"), Action.VIEW, pk=pk
    )
    forbid_unless(access.reports_on_unit(request.user, unit))
    return ScopeQuarter(unit, unit_kinds._period(request))


def _report_revision(obj: ScopeQuarter) -> str | None:
    return _decided_revision(_subtree(obj), f"ky-{obj.period.pk}")


def _counts_row(counts: qr.Counts) -> dict[str, Any]:
    return {
        "name": counts.name,
        "total": str(counts.total),
        "cells": [
            {"count": str(counts.count(code)), "share": counts.share(code)} for code in qr.COLUMNS
        ]
        + [{"count": str(counts.count(qr.UNDECIDED)), "share": ""}],
    }


def _person(person: qr.Person, number: int) -> dict[str, str]:
    return {
        "number": str(number),
        "name": person.full_name,
        "position": person.position,
        "unit": person.unit_name,
        "quarters": person.quarters_text,
    }


def build_report_context(obj: ScopeQuarter, user: Any) -> dict[str, Any]:
    report = qr.build_report(user, obj.period, obj.unit)
    quarter = t.quarter_words(obj.period)
    return {
        "title": _("BÁO CÁO"),
        "subtitle": _("Kết quả đánh giá, xếp loại chất lượng cán bộ lãnh đạo, quản lý %(q)s")
        % {"q": quarter},
        "letterhead": letterhead(obj.unit),
        "scope": obj.unit.name,
        "quarter": quarter,
        "columns": [qr.column_label(code) for code in (*qr.COLUMNS, qr.UNDECIDED)],
        "overall": _counts_row(report.overall),
        "overall_rows": [_counts_row(report.overall)],
        "by_group": [_counts_row(c) for c in report.by_group],
        "by_block": [_counts_row(c) for c in report.by_block],
        "rated": str(report.overall.rated),
        "total": str(report.overall.total),
        "not_completed": [_person(p, n) for n, p in enumerate(report.not_completed, 1)],
        "to_replace": [_person(p, n) for n, p in enumerate(report.to_replace, 1)],
        "report": report,
    }


def _report_xlsx(context: dict[str, Any]) -> bytes:
    from ..report_xlsx import report_xlsx

    return report_xlsx(context)


REPORT = register(
    DocumentKind(
        code="bao-cao-quy",
        title=gettext_lazy("Báo cáo kết quả xếp loại quý gửi cấp trên"),
        file_stem="Bao-cao-ket-qua-xep-loai",
        lookup=report_lookup,
        build=build_report_context,
        name_parts=_name_parts,
        formats=("docx", "pdf", "xlsx"),
        docx_template="bao-cao-quy.docx",
        html_template="documents/pdf/bao_cao_quy.html",
        landscape=True,
        revision=_report_revision,
        sample=_sample,
        xlsx=_report_xlsx,
        rows=scope_rows,
        archive_visible=_sees_whole_scope,
        record=_record,
    )
)


def check_size(context: dict[str, Any], fmt: str) -> None:
    """Refuse a .docx or PDF too long to produce during a request (the Excel file remains)."""
    limit = MAX_ROWS.get(fmt)
    count = context.get("row_count", 0)
    if limit is not None and count > limit:
        raise DocumentError(
            _(
                "Bảng có %(count)s dòng, quá dài để tạo tệp %(fmt)s ngay (tối đa %(max)s dòng). "
                "Bản Excel của bảng này tải được (với phạm vi lớn, tệp Excel được tạo trong nền "
                "và tải về từ trang “Công việc nền”), hoặc chọn một đơn vị nhỏ hơn."
            )
            % {"count": count, "max": limit, "fmt": "PDF" if fmt == "pdf" else ".docx"}
        )
