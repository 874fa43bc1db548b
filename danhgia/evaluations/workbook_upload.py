"""Reading back the evaluation workbook (``workbook``): validation, preview, all-or-nothing save.

Every cell is turned into what the web form posts and validated by the same forms
(``TargetsForm``, ``SelfAssessmentForm``), so a value means in the workbook what it means on the
page; each error is reported at its cell (``Tiêu chí!G7: …``). The preview is scored by
``scoring.score_rows`` on copies of the rows, as the page does while the official types; saving
goes through ``targets.propose_targets`` and ``services.save_draft`` in one transaction, with
the ``lock_version`` stamped at download: whatever was saved since refuses the workbook.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.audit.models import AuditEntry
from danhgia.engine import format_number
from danhgia.xlsx import Problem, WorkbookInvalid
from danhgia.xlsx import read_sheet as read_rows
from danhgia.xlsx.prefilled import read_stamp

from . import services
from . import targets as target_steps
from .forms import SelfAssessmentForm, TargetsForm
from .models import CriterionEntry, Evaluation
from .scoring import Scoring, score_rows, task_inputs
from .services import ROW_INPUT_FIELDS, SelfAssessment
from .targets import TARGET_FIELDS, TargetValues
from .workbook import (
    FROM_TASKS,
    SHEET,
    STAMP_KIND,
    Editable,
    format_result,
    result_text,
    stamp_key,
)
from .workbook_cells import COLUMNS, CellReader


@dataclass
class RowChange:
    """One criterion in the preview: before → after, and the engine's points for the upload."""

    code: str
    text: str
    max: Decimal
    old: dict[str, str]
    new: dict[str, str]
    points: Decimal | None
    old_points: Decimal | None = None
    missing: str = ""

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        labels = {"target": _("Mục tiêu"), "result": _("Kết quả"), "note": _("Ghi chú")}
        return [(labels[k], self.old[k], self.new[k]) for k in labels if self.old[k] != self.new[k]]


@dataclass
class Upload:
    """A valid workbook of one evaluation, read against what is stored now."""

    lock_version: int
    targets: dict[str, TargetValues] | None
    assessment: SelfAssessment | None
    targets_changed: bool
    assessment_changed: bool
    scoring: Scoring
    rows: list[RowChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.targets_changed or self.assessment_changed

    @property
    def changed_rows(self) -> list[RowChange]:
        return [r for r in self.rows if r.changed]


def check_stamp(evaluation: Evaluation, workbook) -> int:
    """The version stamped at download; refused if for another evaluation or since saved."""
    versions = read_stamp(workbook, STAMP_KIND)
    key = stamp_key(evaluation)
    if key not in versions:
        others = ", ".join(k.split(":", 1)[-1] for k in versions) or "—"
        raise WorkbookInvalid(
            [
                Problem(
                    "",
                    "",
                    _(
                        "Bảng tính này được tải về từ một phiếu đánh giá khác (phiếu số "
                        "%(other)s), không phải phiếu của %(name)s. Hãy tải bảng tính từ trang "
                        "của phiếu này."
                    )
                    % {"other": others, "name": evaluation.official},
                )
            ]
        )
    if versions[key] != evaluation.lock_version:
        raise WorkbookInvalid([Problem("", "", stale_message(evaluation))])
    return versions[key]


def stale_message(evaluation: Evaluation) -> str:
    """What changed since the download: who saved what, and when."""
    last = (
        AuditEntry.objects.filter(
            object_type="evaluations.evaluation", object_id=str(evaluation.pk)
        )
        .order_by("-created_at", "-id")
        .first()
    )
    what = (
        _("“%(action)s” của %(who)s")
        % {"action": last.get_action_display(), "who": last.actor_name or _("người dùng khác")}
        if last
        else _("một thay đổi")
    )
    return _(
        "Phiếu đã được lưu lúc %(time)s (%(what)s) sau khi bạn tải bảng tính. Để không ghi đè "
        "lên thay đổi đó, hệ thống không nhận bảng tính này: hãy tải bảng tính mới rồi điền lại "
        "phần thay đổi của bạn."
    ) % {
        "time": timezone.localtime(evaluation.updated_at).strftime("%d/%m/%Y %H:%M"),
        "what": what,
    }


def read_upload(
    evaluation: Evaluation,
    workbook,
    entries: dict[str, CriterionEntry],
    linked: Mapping,
    editable: Editable,
) -> Upload:
    """The workbook checked cell by cell against the forms; ``WorkbookInvalid`` lists it all."""
    version = check_stamp(evaluation, workbook)
    sheet = read_rows(workbook, SHEET, COLUMNS, max_rows=1000)
    if any(_row(p.cell) in (0, 1) for p in sheet.problems):  # no sheet, headers, too long
        raise WorkbookInvalid(sheet.problems)
    reader = CellReader(evaluation, entries, linked, editable, version)
    rules = reader.rules
    found = reader.rows(sheet)
    if reader.problems:
        raise _invalid(sheet.problems, reader.problems)
    for criterion in rules.framework.part_b:
        reader.targets(criterion, entries[criterion.code], found[criterion.code])
    rows = {code: copy.copy(entry) for code, entry in entries.items()}
    targets = None
    if editable.targets:
        form = TargetsForm(rules, entries, reader.target_data)
        if form.is_valid():
            targets = form.targets()
            _apply_targets(rules, rows, targets)
        else:
            reader.form_errors(form)
    assessment = None
    if editable.self_assessment:
        for criterion in rules.framework.criteria:
            reader.self_assessment(criterion, rows[criterion.code], found[criterion.code])
        form = SelfAssessmentForm(rules, rows, linked, reader.self_data, {})
        if form.is_valid():
            assessment = form.self_assessment()
            services.apply_rows(evaluation, rows, assessment.rows)
        else:
            reader.form_errors(form)
    if sheet.problems or reader.problems:
        raise _invalid(sheet.problems, reader.problems)
    scoring = score_rows(rules, rows, task_inputs(linked, rules.policy))
    return Upload(
        lock_version=version,
        targets=targets,
        assessment=assessment,
        targets_changed=_differs(entries, rows, TARGET_FIELDS),
        assessment_changed=_differs(entries, rows, ROW_INPUT_FIELDS),
        scoring=scoring,
        rows=_changes(rules, entries, rows, scoring),
    )


def _row(cell: str) -> int:
    """ "G7" → 7; "" (the whole sheet) → 0."""
    digits = "".join(c for c in cell if c.isdigit())
    return int(digits) if digits else 0


def _invalid(cells: list[Problem], checks: list[Problem]) -> WorkbookInvalid:
    """Every problem at once, in row order (then by column; the sheet's own last): the cells
    that could not be read (a formula) and what the forms found in the others."""
    unread = {p.cell for p in cells}
    problems = [*cells, *(p for p in checks if p.cell not in unread)]

    def order(problem: Problem) -> tuple[int, int, str]:
        row = _row(problem.cell)
        column = problem.cell.rstrip("0123456789")
        return (row or 1_000_000, len(column), column)

    return WorkbookInvalid(sorted(problems, key=order))


def _apply_targets(rules, rows, targets: Mapping[str, TargetValues]) -> None:
    for criterion in rules.framework.part_b:
        value, row = targets[criterion.code], rows[criterion.code]
        row.not_applicable = value.not_applicable
        if criterion.measure in ("ratio", "reduction"):
            row.target_low = value.low
            row.target_high = value.high if value.high != value.low else None


def _differs(entries, rows, fields) -> bool:
    return any(
        getattr(entries[code], name) != getattr(rows[code], name)
        for code in entries
        for name in fields
    )


def _shown(criterion, entry) -> dict[str, str]:
    return {
        "target": (_("Không áp dụng") if entry.not_applicable else "")
        or target_steps.target_text(entry.target_low, entry.target_high)
        or "—",
        "result": format_result(result_text(criterion, entry))
        + (f" ({FROM_TASKS.lower()})" if entry.use_tasks and criterion.accepts_tasks else ""),
        "note": entry.comment or "—",
    }


def _changes(rules, entries, rows, scoring: Scoring) -> list[RowChange]:
    missing = {m.code: m.reason for m in scoring.missing}
    result = []
    for criterion in rules.framework.criteria:
        score = scoring.criterion(criterion.code)
        result.append(
            RowChange(
                code=criterion.code,
                text=criterion.text,
                max=criterion.max,
                old=_shown(criterion, entries[criterion.code]),
                new=_shown(criterion, rows[criterion.code]),
                points=score.points if score is not None else None,
                old_points=entries[criterion.code].points,
                missing=missing.get(criterion.code, ""),
            )
        )
    return result


def apply_upload(evaluation: Evaluation, upload: Upload, user) -> None:
    """Save the workbook through the form's services, all or nothing, at the stamped version."""
    with transaction.atomic():
        version = upload.lock_version
        if upload.targets_changed and upload.targets is not None:
            target_steps.propose_targets(evaluation, upload.targets, version, user)
            version = evaluation.lock_version
        if upload.assessment_changed and upload.assessment is not None:
            services.save_draft(evaluation, upload.assessment, version, user)


def points_text(value: Decimal | None) -> str:
    return "—" if value is None else format_number(value)
