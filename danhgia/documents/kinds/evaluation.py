"""The self-assessment of one evaluation (Bản tự đánh giá, xếp loại của cá nhân; SPEC §13.1).

Laid out like the framework's appendix for every shipped valid framework: 4 axes (Lâm Đồng
Phụ lục 5), 6 axes (Phụ lục 1, 2) and the central form whose axes are lists of items (02-HD Phụ
lục 3, each item a row under its axis). Every number is the engine's: the rows, groups, axes and
totals come from ``evaluations.sheets`` (``score_rows`` → ``score_evaluation``), exactly what the
self-assessment page shows; part III from the stored stage scores, the current decision and the
key tasks' responses, shown only to who may read the later steps.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia import access
from danhgia.access import Action
from danhgia.decisions.board import rating_label
from danhgia.decisions.models import Decision
from danhgia.evaluations.choices import LOCKED_STATES
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.scoring import linked_tasks, rules_for, score_rows, task_inputs
from danhgia.evaluations.sheets import Section, build_sheet
from danhgia.names import display_name
from danhgia.review.choices import KeyTaskResponse, Stage
from danhgia.review.models import StageScore
from danhgia.rules.choices import RatingLevel
from danhgia.tasks.selectors import counted_tasks

from ..naming import quarter_label
from ..presentation import letterhead, num, vn_date
from ..registry import DocumentKind, register

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MARK = "x"


def _queryset():
    return Evaluation.objects.select_related(
        "official__unit__parent__parent", "period__policy_version", "framework_version"
    )


def lookup(request, pk: int) -> Evaluation:
    return access.get_for_user_or_404(request.user, _queryset(), pk=pk)


def _label(code: str) -> str:
    try:
        return str(RatingLevel(code).label) if code else ""
    except ValueError:
        return code


def current_decision(evaluation: Evaluation) -> Decision | None:
    return Decision.objects.filter(evaluation=evaluation, superseded_by__isnull=True).first()


def revision(evaluation: Evaluation) -> str | None:
    """Archived once decided, per decision (a correction is a new revision)."""
    if evaluation.state not in LOCKED_STATES:
        return None
    decision = current_decision(evaluation)
    return f"quyet-dinh-{decision.pk}" if decision else None


def archive_visible(evaluation: Evaluation, user: Any) -> bool:
    return access.sees_later_steps(user, evaluation)


def sample(user: Any) -> Evaluation | None:
    visible = access.restrict(user, _queryset(), Action.VIEW)
    return (
        visible.filter(submitted_at__isnull=False).order_by("-submitted_at", "-pk").first()
        or visible.order_by("-pk").first()
    )


def _section_rows(section: Section, part: str) -> list[dict[str, Any]]:
    """The header row of a group or axis, then its criteria (and an axis's items)."""
    rows = [
        {
            "kind": "group",
            "number": str(section.number),
            "content": section.group.title,
            "target": "",
            "result": "",
            "kpi": "",
            "met": "",
            "not_met": "",
            "max": num(section.group.max, None),
            "points": num(section.points) if section.complete else "",
            "note": "",
        }
    ]
    for row in section.rows:
        criterion = row.criterion
        own_row = not (criterion.items and len(section.rows) == 1 and part == "B")
        if own_row:
            rows.append(
                {
                    "kind": "row",
                    "number": row.number,
                    "content": criterion.text,
                    "target": row.target or criterion.target_hint,
                    "result": row.entered,
                    "kpi": num(row.kpi, None) if row.kpi is not None else "",
                    "met": MARK if part == "A" and row.entry.met is True else "",
                    "not_met": MARK if part == "A" and row.entry.met is False else "",
                    "max": num(criterion.max, None),
                    "points": num(row.points) if row.points is not None else "",
                    "note": row.entry.comment,
                }
            )
        else:  # central form: the axis is one criterion; its points go on the axis row
            head = rows[0]
            head.update(
                target=row.target,
                result=row.entered,
                kpi=num(row.kpi, None) if row.kpi is not None else "",
                note=row.entry.comment,
            )
        rows.extend(
            {
                "kind": "item",
                "number": "",
                "content": f"- {item}",
                "target": "",
                "result": "",
                "kpi": "",
                "met": "",
                "not_met": "",
                "max": "",
                "points": "",
                "note": "",
            }
            for item in criterion.items
        )
    return rows


def _stage(stages: dict[str, StageScore], stage: str) -> dict[str, str] | None:
    score = stages.get(stage)
    if score is None:
        return None
    return {
        "title": str(Stage(stage).label),
        "part_a": num(score.part_a),
        "part_b": num(score.part_b),
        "total": num(score.total),
        "band": _label(score.band),
        "proposed": _label(score.proposed_rating),
        "comment": score.comment,
        "by": (display_name(score.by)) if score.by_id else "",
        "at": vn_date(score.at),
    }


def _key_tasks(evaluation: Evaluation) -> list[dict[str, str]]:
    tasks = (
        counted_tasks(evaluation.period)
        .filter(lead=evaluation.official, is_key=True)
        .select_related("key_response")
        .order_by("due_date", "pk")
    )
    rows = []
    for task in tasks:
        # a missing reverse one-to-one raises an AttributeError subclass: getattr's default
        response = getattr(task, "key_response", None)
        rows.append(
            {
                "title": task.title,
                "response": str(KeyTaskResponse(response.response).label) if response else "",
                "comment": response.comment if response else "",
            }
        )
    return rows


def build(evaluation: Evaluation, user: Any) -> dict[str, Any]:
    rules = rules_for(evaluation)
    entries = {e.code: e for e in evaluation.entries.all()}
    tasks = linked_tasks(evaluation)
    scoring = score_rows(rules, entries, task_inputs(tasks, rules.policy))
    sheet = build_sheet(rules, entries, scoring, tasks=tasks)
    framework = rules.framework
    official = evaluation.official
    period = evaluation.period
    rows_a = [r for s in sheet.groups for r in _section_rows(s, "A")]
    rows_b = [r for s in sheet.axes for r in _section_rows(s, "B")]
    later = access.sees_later_steps(user, evaluation)
    # the later steps are read only for who may read them (access.sees_later_steps)
    stages = (
        {s.stage: s for s in StageScore.objects.filter(evaluation=evaluation).select_related("by")}
        if later
        else {}
    )
    decision = current_decision(evaluation) if later else None
    key_tasks = _key_tasks(evaluation) if later else []
    review = _stage(stages, Stage.REVIEW)
    appraisal = _stage(stages, Stage.APPRAISAL)
    decided = _stage(stages, Stage.DECISION)
    decision_info = (
        {
            "rating": rating_label(decision.rating),
            "total": num(decision.total) if decision.total is not None else "",
            "at": vn_date(decision.decided_at),
        }
        if decision
        else None
    )
    part_a_max = sum((g.max or 0 for g in framework.groups), 0)
    part_b_max = sum((a.max or 0 for a in framework.axes), 0)
    complete = scoring.complete
    return {
        "title": framework.form_title or _("BẢN TỰ ĐÁNH GIÁ, XẾP LOẠI CỦA CÁ NHÂN"),
        "subtitle": f"Quý {ROMAN[period.quarter]} năm {period.year}",
        "appendix_note": framework.appendix,
        "framework_title": framework.title,
        "letterhead": letterhead(official.unit, _when(evaluation)),
        "official": {
            "name": official.full_name,
            "birth": vn_date(official.date_of_birth),
            "party_position": official.party_position,
            "government_position": official.government_position,
            "mass_org_position": official.mass_org_position,
            "unit": official.unit.name,
        },
        "part_a_heading": framework.general_title
        or _("NHÓM TIÊU CHÍ CHUNG (%(max)s ĐIỂM)") % {"max": num(part_a_max, None)},
        "rows_a": rows_a,
        "rows_b": rows_b,
        "part_a_max": num(part_a_max, None),
        "part_b_max": num(part_b_max, None),
        "part_a": num(scoring.part_a) if complete else "",
        "part_b": num(scoring.part_b) if complete else "",
        "total": num(scoring.total) if complete else "",
        "total_max": num(part_a_max + part_b_max, None),
        "band": sheet.band_label,
        "proposed": _label(evaluation.self_proposed_rating) or sheet.band_label,
        "complete": complete,
        "self_comment": evaluation.self_comment,
        "later": later,
        "review": review,
        "appraisal": appraisal,
        "decision_stage": decided,
        "decision": decision_info,
        "key_tasks": key_tasks,
        "part3": _part_three(later, review, appraisal, decided, decision_info, key_tasks),
        "state": evaluation.get_state_display(),
    }


def _part_three(later, review, appraisal, decided, decision, key_tasks) -> dict[str, Any]:
    """Part III in sentences: the latest stage's score and proposal, each stage's line, the
    key tasks' responses and the decision; blank lines to fill by hand when nothing is recorded
    yet, and a note instead of the later steps for who may not read them yet."""
    latest = decided or appraisal or review
    stages = [
        _("%(title)s (%(at)s): %(total)s điểm; đề xuất: %(proposed)s%(comment)s")
        % {**stage, "comment": f". {stage['comment']}" if stage["comment"] else ""}
        for stage in (review, appraisal, decided)
        if stage
    ]
    if not later:
        hidden = _("(Nội dung các bước sau chỉ hiển thị khi kết quả được công khai.)")
    else:
        hidden = ""
    answered = [t for t in key_tasks if t["response"]]
    return {
        "score": _("%(total)s điểm") % latest if latest else "",
        "proposed": latest["proposed"] if latest else "",
        "stages": stages,
        "key_tasks": ""
        if key_tasks
        else (_("Không có nhiệm vụ then chốt trong quý.") if later else ""),
        "answered": len(answered),
        "decision": decision["rating"] if decision else "",
        "hidden": hidden,
    }


def _when(evaluation: Evaluation):
    return evaluation.submitted_at.date() if evaluation.submitted_at else None


def name_parts(evaluation: Evaluation) -> list[object]:
    return [evaluation.official.full_name, quarter_label(evaluation.period)]


SELF_ASSESSMENT = register(
    DocumentKind(
        code="ban-tu-danh-gia",
        title=gettext_lazy("Bản tự đánh giá, xếp loại của cá nhân"),
        file_stem="Ban-tu-danh-gia",
        lookup=lookup,
        build=build,
        name_parts=name_parts,
        docx_template="ban-tu-danh-gia.docx",
        template_version=1,
        html_template="documents/pdf/ban_tu_danh_gia.html",
        revision=revision,
        sample=sample,
        archive_visible=archive_visible,
    )
)
