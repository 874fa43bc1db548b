"""The official's evaluation as a prefilled workbook (SPEC §13.2 "round trips"): the layout.

One sheet, ``Tiêu chí``, one row per criterion of the appendix: code, text, max points and how
it is scored (locked), then what the official fills: the target (only while targets are being
proposed), "not applicable" (same, when the policy allows it), the result in the form its
measure type needs (met / not met, a level, a grade, a ratio's actual value), "score from my
tasks" where tasks are linked, and a note. A hidden stamp records the evaluation's
``lock_version`` at download, so that an upload after a later save is refused
(``workbook_upload``). Reading it back goes through the same form fields as the web page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from danhgia.engine import Criterion, format_number
from danhgia.rules.choices import Measure
from danhgia.xlsx.prefilled import add_dropdown, keep_text, protect, stamp, unlock

from .choices import LevelResponse
from .forms import target_initial
from .models import CriterionEntry, Evaluation
from .scoring import Rules

SHEET = "Tiêu chí"
INFO_SHEET = "Thông tin"
STAMP_KIND = "danh_gia"
HEADERS = (
    "Mã tiêu chí",
    "Nội dung tiêu chí",
    "Điểm tối đa",
    "Cách chấm",
    "Mục tiêu",
    "Không áp dụng",
    "Kết quả tự đánh giá",
    "Tính từ nhiệm vụ",
    "Ghi chú",
)
KEYS = ("code", "text", "max", "measure", "target", "not_applicable", "result", "use_tasks", "note")
WIDTHS = (11, 60, 10, 18, 14, 12, 34, 14, 40)
COLUMN = {key: index for index, key in enumerate(KEYS, start=1)}
MET = "Đảm bảo"
NOT_MET = "Không đảm bảo"
YES, NO = "Có", "Không"
FROM_TASKS = "Tính từ nhiệm vụ"
NOT_APPLICABLE = "Không áp dụng"


def stamp_key(evaluation: Evaluation) -> str:
    return f"evaluation:{evaluation.pk}"


@dataclass(frozen=True)
class Editable:
    """What the downloader may change now: targets (step 1) and the self-assessment (step 2)."""

    targets: bool
    self_assessment: bool

    @property
    def anything(self) -> bool:
        return self.targets or self.self_assessment


def result_options(criterion: Criterion, general_na: bool = False) -> list[str]:
    """The dropdown of the result cell; empty for a number.

    ``general_na``: the policy allows part A "not applicable" (``general_not_applicable``).
    """
    if criterion.part == "A":
        return [MET, NOT_MET, NOT_APPLICABLE] if general_na else [MET, NOT_MET]
    if criterion.measure == "level":
        return [str(label) for label in LevelResponse.labels]
    if criterion.measure == "category":
        return [name for name, _points in criterion.categories]
    return []


def result_text(criterion: Criterion, entry: CriterionEntry) -> object:
    """The stored result as the workbook shows it (numbers as numbers)."""
    if entry.not_applicable:
        return NOT_APPLICABLE
    if criterion.part == "A":
        return "" if entry.met is None else (MET if entry.met else NOT_MET)
    if criterion.measure == "tasks":
        return FROM_TASKS
    if criterion.measure == "level":
        return "" if entry.level is None else str(LevelResponse(entry.level).label)
    if criterion.measure == "category":
        return entry.category
    return entry.actual


def result_editable(criterion: Criterion, entry: CriterionEntry) -> bool:
    return criterion.part == "A" or (not entry.not_applicable and criterion.measure != "tasks")


def tasks_editable(criterion: Criterion, entry: CriterionEntry, has_tasks: bool) -> bool:
    return (
        criterion.part == "B"
        and not entry.not_applicable
        and criterion.accepts_tasks
        and criterion.measure != "tasks"
        and has_tasks
    )


def build_workbook(
    evaluation: Evaluation,
    rules: Rules,
    entries: Mapping[str, CriterionEntry],
    linked: Mapping[str, Sequence],
    editable: Editable,
) -> Workbook:
    """The prefilled workbook of ``evaluation`` (not yet saved)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.freeze_panes = "C2"
    for index, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = width
    allow_na = rules.policy.not_applicable != "forbid"
    general_na = rules.policy.general_not_applicable == "rescale"
    for number, criterion in enumerate(rules.framework.criteria, start=2):
        entry = entries[criterion.code]
        _write_row(sheet, number, criterion, entry, bool(linked.get(criterion.code)), editable)
        _unlock_row(sheet, number, criterion, entry, linked, editable, allow_na, general_na)
    protect(sheet)
    _info_sheet(workbook, evaluation, editable)
    stamp(workbook, STAMP_KIND, {stamp_key(evaluation): evaluation.lock_version})
    return workbook


def _write_row(sheet, number, criterion, entry, has_tasks, editable) -> None:
    values = {
        "code": criterion.code,
        "text": criterion.text,
        "max": criterion.max,
        "measure": str(Measure(criterion.measure).label),
        "target": target_initial(entry) if criterion.measure in ("ratio", "reduction") else "",
        "not_applicable": (YES if entry.not_applicable else NO) if criterion.part == "B" else "",
        "result": result_text(criterion, entry),
        "use_tasks": (YES if entry.use_tasks else NO)
        if tasks_editable(criterion, entry, has_tasks)
        else "",
        "note": entry.comment,
    }
    for key, value in values.items():
        cell = sheet.cell(row=number, column=COLUMN[key], value=value)
        keep_text(cell)
        cell.alignment = Alignment(wrap_text=key in ("text", "note"), vertical="top")


def _unlock_row(
    sheet, number, criterion, entry, linked, editable, allow_na, general_na=False
) -> None:
    def cell(key: str) -> str:
        # a one-cell range: ``unlock`` iterates over rows, which a single coordinate is not
        coordinate = f"{sheet.cell(row=number, column=COLUMN[key]).column_letter}{number}"
        return f"{coordinate}:{coordinate}"

    if editable.targets and criterion.part == "B":
        if criterion.measure in ("ratio", "reduction"):
            unlock(sheet, cell("target"))
        if allow_na:
            unlock(sheet, cell("not_applicable"))
            add_dropdown(sheet, cell("not_applicable"), [YES, NO], title=NOT_APPLICABLE)
    if not editable.self_assessment:
        return
    unlock(sheet, cell("note"))
    if result_editable(criterion, entry):
        unlock(sheet, cell("result"))
        options = result_options(criterion, general_na)
        if options:
            add_dropdown(sheet, cell("result"), options, title=_("Kết quả tự đánh giá"))
    if tasks_editable(criterion, entry, bool(linked.get(criterion.code))):
        unlock(sheet, cell("use_tasks"))
        add_dropdown(sheet, cell("use_tasks"), [YES, NO], title=FROM_TASKS)


def _info_sheet(workbook: Workbook, evaluation: Evaluation, editable: Editable) -> None:
    info = workbook.create_sheet(INFO_SHEET)
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 70
    now = timezone.localtime()
    rows = [
        (_("Cán bộ"), str(evaluation.official)),
        (_("Kỳ đánh giá"), str(evaluation.period)),
        (_("Trạng thái phiếu"), evaluation.get_state_display()),
        (_("Tải về lúc"), now.strftime("%d/%m/%Y %H:%M")),
        (
            _("Được sửa"),
            "; ".join(
                part
                for part, on in (
                    (_("mục tiêu, không áp dụng"), editable.targets),
                    (_("kết quả, tính từ nhiệm vụ, ghi chú"), editable.self_assessment),
                )
                if on
            )
            or _("không (chỉ để xem)"),
        ),
        (
            _("Cách điền"),
            _(
                "Chỉ điền các ô nền vàng. Số ghi dấu phẩy thập phân (12,5); mục tiêu là một số "
                "hoặc một khoảng (20-25). Tải lên ở trang Mục tiêu hoặc Tự đánh giá; hệ thống "
                "xem trước rồi mới lưu."
            ),
        ),
    ]
    for row in rows:
        info.append(list(row))
        for cell in info[info.max_row]:
            keep_text(cell)
    protect(info)


def format_result(value: object) -> str:
    """A result for the preview page (numbers with a decimal comma)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return MET if value else NOT_MET
    if not isinstance(value, str):
        return format_number(value)
    return value
