"""The people behind a number (SPEC §13.3): the evaluations of the filtered scope and quarter,
narrowed by what the number counted (a rating, a step, a deadline, a dossier, a risk), with each
stage's total side by side. Shared by the list page and its workbook; a page of rows is read in
one query (the stage totals and the decision in force are subqueries)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.decisions.models import Decision
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Official
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

from .choices import Risk, Submission
from .figures import RATINGS
from .filters import Filters
from .progress import deadlines, dossier_units
from .risk import risk_q, with_reasons_text

S = EvaluationState
RATING_CODES = {code for code, _css, _label in RATINGS}
APPRAISED_OR_LATER = (S.APPRAISED, S.DECIDED, S.PUBLISHED, S.ARCHIVED)


@dataclass
class PeopleQuery:
    """What the list shows: evaluations, or (``chua_mo``) officials with none opened."""

    evaluations: QuerySet | None
    officials: QuerySet | None
    description: list[str]
    errors: list[str]


def people(request, f: Filters) -> PeopleQuery:
    get = request.GET
    errors: list[str] = []
    said: list[str] = []
    if get.get("chua_mo"):
        from .figures import officials_without_evaluation

        said.append(_("chưa mở phiếu đánh giá"))
        rows = officials_without_evaluation(f)
        if get.get("truc_tiep") and f.unit is not None:
            rows = rows.filter(unit=f.unit.pk)
        return PeopleQuery(
            None,
            rows.select_related("unit").order_by("unit__path", "full_name", "pk"),
            said,
            errors,
        )
    if get.get("ho_so"):
        dossier = _dossier_officials(f, get["ho_so"], said, errors)
        if dossier is not None:
            if get.get("truc_tiep") and f.unit is not None:
                dossier = dossier.filter(unit=f.unit.pk)
            return PeopleQuery(None, dossier, said, errors)
    rows = Evaluation.objects.filter(f.evaluations_q())
    if get.get("truc_tiep") and f.unit is not None:
        rows = rows.filter(official__unit=f.unit.pk)
        said.append(_("chỉ cán bộ trực tiếp của đơn vị"))
    current = Decision.objects.filter(evaluation=OuterRef("pk"), superseded_by__isnull=True)
    rating = get.get("xep_loai", "")
    if rating == "all":
        rows = rows.filter(Exists(current))
        said.append(_("đã có quyết định xếp loại"))
    elif rating in RATING_CODES:
        rows = rows.filter(Exists(current.filter(rating=rating)))
        said.append(
            _("xếp loại %(r)s") % {"r": rating if rating != "DEFERRED" else _("chưa xếp loại")}
        )
    elif rating:
        errors.append(_("Xếp loại: giá trị không hợp lệ; bộ lọc này được bỏ qua."))
    rows = _step(rows, get.get("buoc", ""), said, errors)
    rows = _submission(rows, f, get.get("tu_danh_gia", ""), said, errors)
    kind = get.get("rui_ro", "")
    if kind in Risk.values:
        risky = with_reasons_text(
            Decision.objects.filter(evaluation=OuterRef("pk"), superseded_by__isnull=True)
        )
        rows = rows.filter(Exists(risky.filter(risk_q(f, kind))))
        said.append(str(Risk(kind).label))
    elif kind:
        errors.append(_("Rủi ro: giá trị không hợp lệ; bộ lọc này được bỏ qua."))
    return PeopleQuery(with_stage_totals(rows), None, said, errors)


def _step(rows, value: str, said: list, errors: list):
    if not value:
        return rows
    if value == "appraised_or_later":
        said.append(_("đã qua thẩm định"))
        return rows.filter(state__in=APPRAISED_OR_LATER)
    codes = value.split(",")
    if not all(code in S.values for code in codes):
        errors.append(_("Bước: giá trị không hợp lệ; bộ lọc này được bỏ qua."))
        return rows
    said.append(", ".join(str(S(code).label) for code in codes))
    return rows.filter(state__in=codes)


def _submission(rows, f: Filters, value: str, said: list, errors: list):
    if not value:
        return rows
    if value == "submitted":
        said.append(_("đã nộp bản tự đánh giá"))
        return rows.filter(submitted_at__isnull=False)
    if value not in Submission.values:
        errors.append(_("Tự đánh giá: giá trị không hợp lệ; bộ lọc này được bỏ qua."))
        return rows
    said.append(_("tự đánh giá: %(s)s") % {"s": Submission(value).label})
    if value == Submission.ON_TIME:
        return rows.filter(submitted_at__isnull=False).exclude(submitted_late=True)
    if value == Submission.LATE:
        return rows.filter(submitted_late=True)
    due = deadlines(f.period).get("self_assessment")
    passed = due is not None and timezone.localdate() > due
    if passed != (value == Submission.MISSING):
        return rows.none()
    return rows.filter(submitted_at__isnull=True).exclude(state=S.DEFERRED)


def _dossier_officials(f: Filters, value: str, said: list, errors: list):
    """The officials (rated every quarter) of the units whose dossier is in state ``value``."""
    if value not in ("on_time", "late", "missing"):
        errors.append(_("Hồ sơ: giá trị không hợp lệ; bộ lọc này được bỏ qua."))
        return None
    units = [pk for pk, state in dossier_units(f).items() if state == value]
    labels = {"on_time": _("đúng hạn"), "late": _("nộp muộn"), "missing": _("chưa nộp")}
    said.append(_("hồ sơ đơn vị: %(s)s") % {"s": labels[value]})
    rows = Official.objects.filter(f.officials_q(), rated_quarterly=True, unit__in=units)
    return rows.select_related("unit").order_by("unit__path", "full_name", "pk")


def with_stage_totals(rows: QuerySet) -> QuerySet:
    """Each stage's total and the decision in force, as columns (subqueries, one query)."""
    stage = StageScore.objects.filter(evaluation=OuterRef("pk"))
    current = Decision.objects.filter(evaluation=OuterRef("pk"), superseded_by__isnull=True)
    current = current.order_by("-decided_at", "-pk")
    return (
        rows.annotate(
            review_total=Subquery(stage.filter(stage=Stage.REVIEW).values("total")[:1]),
            appraisal_total=Subquery(stage.filter(stage=Stage.APPRAISAL).values("total")[:1]),
            decided_total=Subquery(current.values("total")[:1]),
            decided_rating=Subquery(current.values("rating")[:1]),
        )
        .select_related("official__unit", "period")
        .order_by("official__unit__path", "official__full_name", "pk")
    )


def export_rows(query: PeopleQuery):
    """The list's rows as a workbook's cells, streamed in chunks."""
    if query.officials is not None:
        for person in query.officials.iterator(chunk_size=2000):
            yield [person.code, person.full_name, person.unit.name, "", None, None, None, None, ""]
        return
    for e in query.evaluations.iterator(chunk_size=2000):
        person = e.official
        yield [
            person.code, person.full_name, person.unit.name, e.get_state_display(),
            e.self_total, e.review_total, e.appraisal_total, e.decided_total,
            e.decided_rating or "",
        ]  # fmt: skip


EXPORT_HEADERS = [
    gettext_lazy("Mã cán bộ"), gettext_lazy("Họ và tên"), gettext_lazy("Đơn vị"),
    gettext_lazy("Bước"), gettext_lazy("Tự chấm"), gettext_lazy("Tập thể lãnh đạo"),
    gettext_lazy("Thẩm định"), gettext_lazy("Quyết định"), gettext_lazy("Xếp loại"),
]  # fmt: skip
