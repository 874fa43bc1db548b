"""The stage form shared by the review and the appraisal: the appendix's rows with the points of
the stages before beside this stage's, the differences highlighted, totals by the server.

Used by ``views.review`` and ``views.appraisal``; the arithmetic is ``adjustments.totals``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.engine import Criterion, Group, band_changed, format_vn, needs_explanation
from danhgia.evaluations.forms import field_key
from danhgia.evaluations.models import CriterionEntry, Evaluation, Evidence
from danhgia.evaluations.selectors import last_return
from danhgia.evaluations.sheets import Row
from danhgia.evaluations.workflow import ReviewConflict, ReviewError, waiting_step
from danhgia.rules.choices import RatingLevel
from danhgia.web import KEPT_FOR_RETRY, LOCK_REFUSED, error_messages, keep_for_retry, lock_refused

from ..choices import Stage
from ..forms import ReturnForm, StageForm
from ..sheets import Sheet, Totals, load_sheet
from ..sheets import totals as add_up
from ..stage_points import STAGE_STEPS, StageInvalid, point_problems

#: the page of each stage's form, for redirects
FORM_PAGES = {Stage.REVIEW: "review:review_form", Stage.APPRAISAL: "review:appraisal_form"}
RECALC_PAGES = {
    Stage.REVIEW: "review:review_recalculate",
    Stage.APPRAISAL: "review:appraisal_recalculate",
}


@dataclass
class Line:
    criterion: Criterion
    entry: CriterionEntry
    self_points: Decimal | None
    base_points: Decimal | None
    review_points: Decimal | None
    value: Decimal | None
    points_field: forms.BoundField | None = None
    explanation_field: forms.BoundField | None = None
    explanation: str = ""
    errors: list[str] = field(default_factory=list)
    needs_explanation: bool = False
    #: the official's files on this criterion (rough edge #8), those the user may download
    evidence: list = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.criterion.code

    @property
    def key(self) -> str:
        return field_key(self.criterion.code)

    @property
    def number(self) -> str:
        return self.criterion.code.split(".", 1)[1]

    @property
    def not_applicable(self) -> bool:
        return self.entry.not_applicable

    @property
    def delta(self) -> Decimal | None:
        if self.value is None or self.base_points is None:
            return None
        return self.value - self.base_points

    @property
    def recomputed(self) -> bool:
        return self.base_points != self.self_points

    @property
    def entered(self) -> str:
        """What the official entered, in words (the self-assessment's read-only text)."""
        return Row(self.criterion, self.entry, None).entered

    @property
    def target(self) -> str:
        return Row(self.criterion, self.entry, None).target


@dataclass
class Part:
    group: Group
    lines: list[Line]
    self_points: Decimal | None
    base_points: Decimal | None
    value: Decimal | None
    rescaled: bool = False

    @property
    def number(self) -> int:
        return self.group.number

    @property
    def delta(self) -> Decimal | None:
        if self.value is None or self.base_points is None:
            return None
        return self.value - self.base_points


@dataclass
class StagePage:
    sheet: Sheet
    groups: list[Part]
    axes: list[Part]
    self_totals: Totals
    base_totals: Totals
    current: Totals
    proposed: str

    @property
    def stage(self) -> str:
        return self.sheet.stage

    @property
    def is_review(self) -> bool:
        return self.sheet.stage == Stage.REVIEW

    @property
    def shows_review(self) -> bool:
        """The appraisal shows the self points and the review's (its starting points)."""
        return not self.is_review

    @property
    def shows_recomputed(self) -> bool:
        return self.is_review and bool(self.sheet.baseline.recomputed)

    @property
    def delta(self) -> Decimal | None:
        return self.current.total - self.base_totals.total

    @property
    def band_changed(self) -> bool:
        return self.current.band is not None and self.current.band != self.base_totals.band

    @property
    def band_label(self) -> str:
        return str(RatingLevel(self.current.band.value).label) if self.current.band else ""

    @property
    def base_proposal_label(self) -> str:
        code = self.sheet.baseline.proposed_rating
        return str(RatingLevel(code).label) if code in RatingLevel.values else ""

    @property
    def proposal_changed(self) -> bool:
        return bool(self.sheet.baseline.proposed_rating) and (
            self.proposed != self.sheet.baseline.proposed_rating
        )


def current_values(sheet: Sheet, form: StageForm | None) -> dict[str, Decimal | None]:
    if form is None or not form.is_bound:
        return sheet.initial_points()
    form.is_valid()
    return dict(form.stage_input().points)


def build_page(sheet: Sheet, form: StageForm | None, errors=None) -> StagePage:
    errors = errors or {}
    # a refused value (7 where the most is 5) is shown with its error and not counted (#9)
    values = {
        code: None if code in errors else value
        for code, value in current_values(sheet, form).items()
    }
    framework, policy = sheet.framework, sheet.policy
    not_applicable = sheet.not_applicable
    current = add_up(framework, policy, values, not_applicable)
    base = sheet.baseline
    changed_band = band_changed(base.totals, current)
    review_points = (
        {c.code: c.points for c in sheet.review_score.criteria.all()}
        if sheet.review_score is not None
        else {}
    )

    def line(criterion: Criterion) -> Line:
        code = criterion.code
        key = field_key(code)
        editable = form is not None and f"{key}-points" in form.fields
        stored = sheet.stored.get(code)
        value = values.get(code)
        return Line(
            criterion=criterion,
            entry=sheet.entries[code],
            self_points=sheet.self_points.get(code),
            base_points=base.points.get(code),
            review_points=review_points.get(code),
            value=value,
            points_field=form[f"{key}-points"] if editable else None,
            explanation_field=form[f"{key}-explanation"] if editable else None,
            explanation=stored.explanation if stored else "",
            errors=list(errors.get(code, ())),
            needs_explanation=needs_explanation(policy, base.points.get(code), value, changed_band),
        )

    def part(group: Group, is_axis: bool) -> Part:
        number = group.number
        self_sum = (sheet.self_totals.axes if is_axis else sheet.self_totals.groups).get(number)
        base_sum = (base.totals.axes if is_axis else base.totals.groups).get(number)
        value = (current.axes if is_axis else current.groups).get(number)
        return Part(
            group,
            [line(c) for c in group.criteria],
            self_sum,
            base_sum,
            value,
            is_axis and number in current.rescaled,
        )

    proposed = ""
    if form is not None and form.is_bound:
        proposed = (form.cleaned_data.get("proposed_rating") if form.is_valid() else "") or ""
    elif sheet.score is not None:
        proposed = sheet.score.proposed_rating
    if not proposed and current.band is not None:
        proposed = current.band.value
    return StagePage(
        sheet,
        [part(g, False) for g in framework.groups],
        [part(a, True) for a in framework.axes if a.criteria],
        sheet.self_totals,
        base.totals,
        current,
        proposed,
    )


def _form(sheet: Sheet, evaluation: Evaluation, data=None) -> StageForm:
    return StageForm(sheet, data, initial={"lock_version": evaluation.lock_version})


def editable(evaluation: Evaluation, stage: str) -> bool:
    return evaluation.period.is_open and waiting_step(evaluation) is STAGE_STEPS[stage]


def render_stage(request, evaluation, stage, form, errors=None, status=200):
    sheet = form.sheet if form is not None else load_sheet(evaluation, stage)
    page = build_page(
        sheet, form, errors or (form.errors_by_code() if form and form.is_bound else {})
    )
    _attach_evidence(request.user, evaluation, page)
    can_edit = form is not None
    context = {
        "evaluation": evaluation,
        "page": page,
        "form": form,
        "editable": can_edit,
        "stage": stage,
        "recalc_url": RECALC_PAGES[stage],
        "return_form": ReturnForm(initial={"lock_version": evaluation.lock_version})
        if can_edit
        else None,
        "history": access.history(request.user, evaluation, limit=20),
        "step": waiting_step(evaluation),
        "returned": last_return(evaluation) if can_edit else None,
    }
    return render(request, "review/stage_form.html", context, status=status)


def _attach_evidence(user, evaluation: Evaluation, page: StagePage) -> None:
    """The self-assessment's files beside each self score, in one query (access-checked)."""
    files: dict[str, list[Evidence]] = {}
    found = access.restrict(user, Evidence.objects.filter(entry__evaluation=evaluation))
    for evidence in found.select_related("entry").order_by("entry__code", "pk"):
        files.setdefault(evidence.entry.code, []).append(evidence)
    for part in (*page.groups, *page.axes):
        for line in part.lines:
            line.evidence = files.get(line.code, [])


def stage_form(request, evaluation: Evaluation, stage: str, save, done_message: str):
    """GET: the form (read-only when the step is not waiting); POST: save, maybe complete."""
    can_edit = editable(evaluation, stage)
    if request.method != "POST":
        sheet = load_sheet(evaluation, stage)
        form = _form(sheet, evaluation) if can_edit else None
        if form is None:
            return render_stage(request, evaluation, stage, None)
        return render_stage(request, evaluation, stage, form)
    if not can_edit:
        messages.error(
            request,
            _("Phiếu đang ở trạng thái “%(state)s”: bước này không thay đổi được.")
            % {"state": evaluation.get_state_display()},
        )
        return redirect(FORM_PAGES[stage], evaluation.pk)
    sheet = load_sheet(evaluation, stage)
    form = _form(sheet, evaluation, request.POST)
    if not form.is_valid() and lock_refused(form):
        messages.error(request, LOCK_REFUSED)
        return _refused(request, evaluation, stage, form)
    if not form.is_valid():
        messages.error(request, _("Chưa lưu: một số ô chưa hợp lệ (xem từng dòng)."))
        return render_stage(request, evaluation, stage, form)
    finish = request.POST.get("action") == "complete"
    try:
        score = save(
            evaluation,
            form.stage_input(),
            request.user,
            lock_version=form.cleaned_data["lock_version"],
            finish=finish,
        )
    except StageInvalid as exc:
        error_messages(request, exc)
        return render_stage(request, evaluation, stage, form, exc.by_code)
    except ReviewConflict as exc:
        error_messages(request, exc)
        return _refused(request, evaluation, stage, form)
    except ReviewError as exc:
        error_messages(request, exc)
        return render_stage(request, evaluation, stage, form)
    text = _("Đã lưu: tổng %(total)s điểm, đề xuất %(rating)s.") % {
        "total": format_vn(score.total),
        "rating": score.proposed_rating,
    }
    if finish:
        text += " " + done_message
    messages.success(request, text)
    return redirect(FORM_PAGES[stage], evaluation.pk)


def stage_recalculate(request, evaluation: Evaluation, stage: str):
    """HTMX: the totals for the points being typed (nothing is saved)."""
    sheet = load_sheet(evaluation, stage)
    form = _form(sheet, evaluation, request.POST)
    errors = (
        form.errors_by_code() if not form.is_valid() else point_problems(sheet, form.stage_input())
    )
    page = build_page(sheet, form, errors)
    response = render(
        request, "review/_stage_recalc.html", {"page": page, "form": form, "oob": True}
    )
    response["Cache-Control"] = "no-store"
    return response


def _refused(request, evaluation, stage, form):
    """409: what was typed, carrying the current version for a deliberate second save."""
    evaluation.refresh_from_db(fields=["lock_version"])
    keep_for_retry(form, evaluation.lock_version)
    messages.info(request, KEPT_FOR_RETRY)
    return render_stage(request, evaluation, stage, form, status=409)
