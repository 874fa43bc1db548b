"""Documents of a unit and a quarter: Phụ lục 7, the submission memo, the meeting minutes.

The record is a ``UnitQuarter`` (the unit read through ``danhgia.access``, the quarter from the
query's ``ky``); each is archived under the unit, its revision naming the quarter, once the
unit's papers are frozen (``access.freeze``: a decision rests on them or the quarter is closed).
Phụ lục 7's figures are ``tasks.collective.collective_report``'s (the engine's task figures and
completion levels), the memo's and the minutes' table the dossier's summary rows (the stored
self-assessment and review stage scores, as this reader may see them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.dossiers.choices import DossierComponent
from danhgia.dossiers.components import checklist, member_officials, summary_rows
from danhgia.dossiers.models import ReviewMeeting
from danhgia.evaluations.overview import ROLE_ORDER
from danhgia.names import display_name
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.periods.selectors import period_or_404
from danhgia.rules.choices import RatingLevel
from danhgia.tasks.collective import collective_report
from danhgia.tasks.models import CollectiveResult
from danhgia.web import forbid_unless, parse_int

from ..naming import quarter_label
from ..presentation import letterhead, num, vn_date
from ..registry import DocumentKind, register

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class UnitQuarter:
    unit: Unit
    period: Period


def _period(request) -> Period:
    pk = parse_int(request.GET.get("ky"))
    if pk is None:
        raise Http404(_("Chưa chọn kỳ đánh giá."))
    return period_or_404(pk)


def _unit_queryset():
    return Unit.objects.select_related("block", "parent__parent")


def reader_lookup(request, pk: int) -> UnitQuarter:
    """The unit if the user sees it (404), for a role reading its dossier (403), like the
    dossier's pages."""
    unit = access.get_for_user_or_404(request.user, _unit_queryset(), Action.VIEW, pk=pk)
    forbid_unless(access.on_unit(request.user, unit, Action.VIEW))
    return UnitQuarter(unit, _period(request))


def collective_lookup(request, pk: int) -> UnitQuarter:
    """Phụ lục 7 is read by the roles covering the unit, like its page."""
    unit = access.units_in_scope(request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền truy cập."))
    unit = _unit_queryset().get(pk=unit.pk)
    return UnitQuarter(unit, _period(request))


def revision(obj: UnitQuarter) -> str | None:
    """Archived once the unit's papers of the quarter may no longer change."""
    frozen = freeze.frozen_reason(CollectiveResult(unit=obj.unit, period=obj.period))
    return f"ky-{obj.period.pk}" if frozen else None


def record(obj: UnitQuarter) -> Unit:
    return obj.unit


def archive_visible(obj: UnitQuarter, user: Any) -> bool:
    """A member of the unit gets a copy drawn for them (their own review stays hidden before
    publication); everyone else the archived one."""
    own = access.own_official(user)
    return own is None or not own.unit.path.startswith(obj.unit.path)


def name_parts(obj: UnitQuarter) -> list[object]:
    return [obj.unit.name, quarter_label(obj.period)]


def sample(user: Any) -> UnitQuarter | None:
    period = Period.objects.order_by("-year", "-quarter").first()
    meeting = (
        access.restrict(user, ReviewMeeting.objects.select_related("unit", "period"))
        .order_by("-period__year", "-period__quarter", "-pk")
        .first()
    )
    if meeting is not None:
        return UnitQuarter(_unit_queryset().get(pk=meeting.unit_id), meeting.period)
    unit = access.units_in_scope(user).order_by("path").first()
    if unit is None or period is None:
        return None
    return UnitQuarter(_unit_queryset().get(pk=unit.pk), period)


def _quarter_words(period: Period) -> str:
    return f"quý {ROMAN[period.quarter]} năm {period.year}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _label(code: str) -> str:
    try:
        return str(RatingLevel(code).label) if code else ""
    except ValueError:
        return code


# --- Phụ lục 7 -----------------------------------------------------------------------------


def build_collective(obj: UnitQuarter, user: Any) -> dict[str, Any]:
    report = collective_report(obj.unit, obj.period)
    rows = []
    for axis in report.axes:
        rows.append(
            {
                "kind": "group",
                "number": str(axis.number),
                "title": axis.label,
                "axis": "",
                "planned": "",
                "result": "",
                "level": "",
                "note": "",
            }
        )
        for index, row in enumerate(axis.rows, start=1):
            task = row.task
            if task.delivered_quantity is not None:
                result = f"{num(task.delivered_quantity, None)}/{num(task.planned_quantity, None)}"
                if task.completed_on:
                    result += ", " + _("hoàn thành %(date)s") % {"date": vn_date(task.completed_on)}
            else:
                result = _("Chưa báo cáo")
            notes = []
            if task.is_late:
                notes.append(_("Chậm hạn"))
            if task.source == "ad_hoc":
                notes.append(_("Phát sinh"))
            rows.append({
                "kind": "row",
                "number": f"{axis.number}.{index}",
                "title": f"{task.title} ({task.lead.full_name})",
                "axis": _("Trục %(n)s") % {"n": task.axis},
                "planned": f"{num(task.planned_quantity, None)} × {task.product_name}",
                "result": result,
                "level": str(row.level.label) if row.level else _("Đang thực hiện"),
                "note": "; ".join(str(n) for n in notes),
            })  # fmt: skip
    result = report.result
    figures = report.figures
    return {
        "title": _("KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA TẬP THỂ"),
        "subtitle": f"Quý {ROMAN[obj.period.quarter]} năm {obj.period.year}",
        "appendix_note": _("Phụ lục 7"),
        "letterhead": letterhead(obj.unit),
        "unit": obj.unit.name,
        "rows": rows,
        "tasks_total": str(figures.tasks_total),
        "tasks_completed": str(figures.tasks_completed),
        "tasks_late": str(figures.tasks_late),
        "not_completed": str(report.not_completed),
        "completion": figures.completion_pct,
        "highlights": _lines(result.highlights),
        "new_models": _lines(result.new_models),
        "ad_hoc_done": _lines(result.ad_hoc_done),
        "ad_hoc_tasks": [
            f"{t.title} ({t.lead.full_name}, {vn_date(t.completed_on)})"
            for t in report.ad_hoc_completed
        ],
        "shortcomings": result.shortcomings,
        "causes": result.causes,
        "remedies": result.remedies,
        "levels": [
            {"label": str(label), "mark": "☒" if result.self_level == value else "☐"}
            for value, label in RatingLevel.choices
        ],
        "self_level": _label(result.self_level),
    }


# --- Memo and minutes ----------------------------------------------------------------------


def _members(obj: UnitQuarter, user: Any) -> dict[str, Any]:
    """The members' table (self score and rating, the unit leadership's score and proposal)
    and the counts of proposals, as this reader may see them (a fixed number of queries)."""
    people = list(
        member_officials(obj.unit)
        .select_related("unit")
        .annotate(role_order=ROLE_ORDER)
        .order_by("unit__path", "role_order", "given_name", "full_name", "pk")
    )
    page = Paginator(people, max(len(people), 1)).page(1)
    rows = []
    proposals: Counter[str] = Counter()
    for item in summary_rows(user, obj.period, page):
        person, evaluation, review = item["official"], item["evaluation"], item["review"]
        submitted = item["submitted"]
        if review is not None:
            proposals[review.proposed_rating] += 1
        rows.append({
            "number": str(item["number"]),
            "name": person.full_name,
            "position": person.position_titles or person.get_leadership_role_display(),
            "unit": person.unit.name,
            "self_total": num(evaluation.self_total)
            if submitted and evaluation.self_total is not None else "",
            "self_rating": _label(evaluation.self_proposed_rating) if submitted else "",
            "review_total": num(review.total) if review is not None else "",
            "review_rating": _label(review.proposed_rating) if review is not None else "",
        })  # fmt: skip
    return {
        "members": rows,
        "member_count": str(len(rows)),
        "submitted_count": str(sum(1 for r in rows if r["self_total"])),
        "proposals": [
            {"label": str(label), "count": str(proposals.get(value, 0))}
            for value, label in RatingLevel.choices
        ],
    }


def _meeting(obj: UnitQuarter) -> ReviewMeeting | None:
    return (
        ReviewMeeting.objects.filter(unit=obj.unit, period=obj.period)
        .select_related("recorded_by")
        .first()
    )


def build_memo(obj: UnitQuarter, user: Any) -> dict[str, Any]:
    meeting = _meeting(obj)
    items = checklist(obj.unit, obj.period)
    quarter = _quarter_words(obj.period)
    return {
        "title": _("TỜ TRÌNH"),
        "subtitle": _("Về việc đề nghị đánh giá, xếp loại cán bộ lãnh đạo, quản lý %(q)s")
        % {"q": quarter},
        "letterhead": letterhead(obj.unit),
        "unit": obj.unit.name,
        "quarter": quarter,
        "meeting_date": vn_date(meeting.held_on) if meeting else "",
        **_members(obj, user),
        "attachments": [  # the dossier's other components (this memo is one of them)
            {"label": item.label, "state": _("có") if item.present else _("chưa có")}
            for item in items
            if item.component != DossierComponent.MEMO
        ],
    }


def build_minutes(obj: UnitQuarter, user: Any) -> dict[str, Any]:
    meeting = _meeting(obj)
    if meeting is None:
        raise Http404(_("Đơn vị chưa ghi biên bản hội nghị của quý này."))
    recorder = meeting.recorded_by
    return {
        "title": _("BIÊN BẢN"),
        "subtitle": _("Hội nghị đánh giá, xếp loại cán bộ lãnh đạo, quản lý %(q)s")
        % {"q": _quarter_words(obj.period)},
        "letterhead": letterhead(obj.unit, meeting.held_on),
        "unit": obj.unit.name,
        "held_on": vn_date(meeting.held_on),
        "attendees": _lines(meeting.attendees),
        "minutes": _lines(meeting.minutes),
        "recorder": display_name(recorder),
        **_members(obj, user),
    }


COLLECTIVE = register(
    DocumentKind(
        code="phu-luc-7",
        title=gettext_lazy("Kết quả thực hiện nhiệm vụ của tập thể (Phụ lục 7)"),
        file_stem="Phu-luc-7",
        lookup=collective_lookup,
        build=build_collective,
        name_parts=name_parts,
        docx_template="phu-luc-7.docx",
        html_template="documents/pdf/phu_luc_7.html",
        revision=revision,
        sample=sample,
        record=record,
        archive_visible=archive_visible,
    )
)

MEMO = register(
    DocumentKind(
        code="to-trinh",
        title=gettext_lazy("Tờ trình đề nghị đánh giá, xếp loại"),
        file_stem="To-trinh",
        lookup=reader_lookup,
        build=build_memo,
        name_parts=name_parts,
        docx_template="to-trinh.docx",
        html_template="documents/pdf/to_trinh.html",
        revision=revision,
        sample=sample,
        record=record,
        archive_visible=archive_visible,
    )
)

MINUTES = register(
    DocumentKind(
        code="bien-ban",
        title=gettext_lazy("Biên bản hội nghị đánh giá, xếp loại"),
        file_stem="Bien-ban-hoi-nghi",
        lookup=reader_lookup,
        build=build_minutes,
        name_parts=name_parts,
        docx_template="bien-ban.docx",
        html_template="documents/pdf/bien_ban.html",
        revision=revision,
        sample=sample,
        record=record,
        archive_visible=archive_visible,
    )
)
