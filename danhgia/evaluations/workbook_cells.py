"""Reading the cells of the evaluation workbook into what the web forms post.

Each cell becomes the text a person would type in the form (numbers with a decimal comma, a
level or a grade by its label), so that ``TargetsForm`` and ``SelfAssessmentForm`` validate the
workbook exactly as the page; the forms' errors and the labels not found are reported at their
cell (``Tiêu chí!G7: …``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danhgia.xlsx import Column, Problem, parse_choice, parse_text, parse_yes_no, unquote

from .choices import LevelResponse
from .forms import TargetField, field_key, target_initial
from .scoring import rules_for
from .workbook import (
    COLUMN,
    FROM_TASKS,
    HEADERS,
    KEYS,
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    SHEET,
    Editable,
)

#: form field suffix → workbook column key, to report a form error at its cell
FIELD_COLUMNS = {
    "target": "target",
    "not_applicable": "not_applicable",
    "met": "result",
    "actual": "result",
    "category": "result",
    "level": "result",
    "use_tasks": "use_tasks",
    "comment": "note",
}


def _raw(value: Any) -> Any:
    return value


COLUMNS = [
    Column(HEADERS[0], KEYS[0], parse_text(20), required=True),
    *(Column(header, key, _raw) for header, key in zip(HEADERS[1:], KEYS[1:], strict=True)),
]


def _as_text(value: Any) -> str:
    """A cell as the form would receive it typed: numbers with a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return format(number.normalize(), "f").replace(".", ",")
    return unquote(str(value).strip())


class CellReader:
    """Turns the rows of the sheet into the two forms' data, collecting problems by cell."""

    def __init__(self, evaluation, entries, linked, editable: Editable, version: int):
        self.evaluation, self.entries, self.linked = evaluation, entries, linked
        self.editable = editable
        self.rules = rules_for(evaluation)
        self.problems: list[Problem] = []
        self.cells: dict[str, dict[str, str]] = {}
        self.target_data: dict[str, str] = {"lock_version": str(version)}
        self.self_data: dict[str, str] = {
            "lock_version": str(version),
            "proposed_rating": evaluation.self_proposed_rating,
            "self_comment": evaluation.self_comment,
            "band_shown": "",
        }

    def problem(self, ref: str, message: str) -> None:
        self.problems.append(Problem(SHEET, ref, message))

    def rows(self, sheet) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for row in sheet.rows:
            code = row.values["code"]
            if code is None:
                continue
            if self.rules.framework.criterion(code) is None:
                self.problem(row.ref("code"), _("không có tiêu chí “%(code)s”") % {"code": code})
            elif code in found:
                self.problem(row.ref("code"), _("tiêu chí %(code)s lặp lại") % {"code": code})
            else:
                found[code] = row
                self.cells[code] = row.cells
        for criterion in self.rules.framework.criteria:
            if criterion.code not in found:
                self.problem("", _("thiếu dòng của tiêu chí %(code)s") % {"code": criterion.code})
        return found

    def choice(self, row, key: str, choices: Mapping[str, str]) -> str:
        try:
            return parse_choice(choices)(row.values[key]) if row.values[key] is not None else ""
        except ValueError as exc:
            self.problem(row.ref(key), f"{HEADERS[COLUMN[key] - 1]}: {exc}")
            return ""

    def yes_no(self, row, key: str) -> bool | None:
        if row.values[key] is None:
            return None
        try:
            return parse_yes_no(row.values[key])
        except ValueError as exc:
            self.problem(row.ref(key), f"{HEADERS[COLUMN[key] - 1]}: {exc}")
            return None

    def targets(self, criterion, entry, row) -> None:
        key = field_key(criterion.code)
        target = _as_text(row.values["target"])
        not_applicable = self.yes_no(row, "not_applicable")
        allow_na = self.rules.policy.not_applicable != "forbid"
        if self.editable.targets:
            if criterion.measure in ("ratio", "reduction"):
                self.target_data[f"{key}-target"] = target
            if allow_na and not_applicable:
                self.target_data[f"{key}-not_applicable"] = "on"
            return
        measured = criterion.measure in ("ratio", "reduction")
        if measured and _same_target(target) != _same_target(target_initial(entry)):
            self.problem(
                row.ref("target"),
                _(
                    "Mục tiêu: mục tiêu đã được duyệt nên không sửa trong bảng tính được (đang "
                    "là “%(stored)s”); lãnh đạo đơn vị điều chỉnh trên trang Mục tiêu."
                )
                % {"stored": target_initial(entry) or "—"},
            )
        if not_applicable is not None and not_applicable != entry.not_applicable:
            self.problem(
                row.ref("not_applicable"),
                _("Không áp dụng: chỉ thay đổi được khi đang xác định mục tiêu."),
            )

    def self_assessment(self, criterion, entry, row) -> None:
        key = field_key(criterion.code)
        self.self_data[f"{key}-comment"] = _as_text(row.values["note"])
        result = row.values["result"]
        if criterion.part == "A":
            choices = {MET: "1", NOT_MET: "0"}
            if self.rules.policy.general_not_applicable == "rescale":
                choices[NOT_APPLICABLE] = "na"
            self.self_data[f"{key}-met"] = self.choice(row, "result", choices)
            return
        if isinstance(result, str) and result.strip() in (NOT_APPLICABLE, FROM_TASKS):
            result = None
        if criterion.measure == "level":
            levels = {str(label): str(value) for value, label in LevelResponse.choices}
            levels.update({str(value): str(value) for value in LevelResponse.values})
            self.self_data[f"{key}-level"] = (
                self.choice(row, "result", levels) if result is not None else ""
            )
        elif criterion.measure == "category":
            names = {name: name for name, _points in criterion.categories}
            self.self_data[f"{key}-category"] = (
                self.choice(row, "result", names) if result is not None else ""
            )
        elif criterion.measure in ("ratio", "reduction"):
            self.self_data[f"{key}-actual"] = _as_text(result)
        if self.yes_no(row, "use_tasks"):
            self.self_data[f"{key}-use_tasks"] = "on"

    def form_errors(self, form) -> None:
        for name, errors in form.errors.items():
            code_key, _sep, suffix = name.partition("-")
            code = next((c for c in self.cells if field_key(c) == code_key), None)
            column = FIELD_COLUMNS.get(suffix)
            ref = self.cells[code][column] if code and column else ""
            for error in errors:
                self.problem(ref, str(error))


def _same_target(text: str):
    """A target cell compared by value ("5" = "5,0"), as the form reads it."""
    try:
        return TargetField(required=False).clean(text)
    except ValidationError:
        return text
