"""The Phụ lục 7 workbook of a unit and quarter: its written parts, prefilled, one row each.

Sheet "Phụ lục 7" lists the written parts (sections II–IV of Lâm Đồng Phụ lục 7) by code with
their text to fill; the self-assessed level comes from a dropdown of the four levels. Sheet
"Nhiệm vụ theo trục" shows section I as computed from the tasks, for reference only (it is not
read back: it follows from the tasks). The upload saves through ``save_collective_result`` with
the version the workbook was downloaded with.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from danhgia.rules.choices import RatingLevel
from danhgia.xlsx import Column, Problem, WorkbookInvalid, parse_text, read_sheet
from danhgia.xlsx.prefilled import add_dropdown, protect, read_stamp, stamp, unlock

from ..collective import NARRATIVE_FIELDS, CollectiveReport, save_collective_result
from ..forms import CollectiveResultForm
from .cells import parse_note
from .common import Step, Summary, new_sheet, put_row
from .rows import changes

KIND = "tasks.collective"
SHEET = "Phụ lục 7"
TASKS_SHEET = "Nhiệm vụ theo trục"
#: the code of each written part in the workbook, as numbered in Phụ lục 7
CODES = {
    "highlights": "II.1",
    "new_models": "II.2",
    "ad_hoc_done": "II.3",
    "shortcomings": "III.1",
    "causes": "III.2",
    "remedies": "III.3",
    "self_level": "IV",
}
FIELDS = {code: name for name, code in CODES.items()}
COLUMNS = [
    Column("Mã mục", "code", parse_text(10), required=True),
    Column("Mục", "label", parse_text()),
    Column("Nội dung", "text", parse_note()),
]
#: a level as typed: its label or its code, compared case-folded
LEVELS = {
    **{str(label).casefold(): value for value, label in RatingLevel.choices},
    **{value.casefold(): value for value in RatingLevel.values},
}


def kind(report: CollectiveReport) -> str:
    return f"{KIND}:{report.unit.pk}:{report.period.pk}"


def build(report: CollectiveReport) -> Workbook:
    workbook = Workbook()
    sheet = new_sheet(workbook, SHEET, [c.header for c in COLUMNS], (10, 45, 80))
    labels = CollectiveResultForm.Meta.labels
    result = report.result
    for name in NARRATIVE_FIELDS:
        value = getattr(result, name)
        if name == "self_level":
            value = str(RatingLevel(value).label) if value else ""
        put_row(sheet, [CODES[name], str(labels[name]), value])
    last = len(NARRATIVE_FIELDS) + 1
    unlock(sheet, f"C2:C{last}")
    add_dropdown(
        sheet,
        f"C{last}",
        [str(label) for _v, label in RatingLevel.choices],
        title=str(labels["self_level"]),
    )
    protect(sheet)
    tasks = new_sheet(
        workbook,
        TASKS_SHEET,
        [_("Trục"), _("Nhiệm vụ"), _("Người chủ trì"), _("Thời hạn"), _("Mức độ hoàn thành")],
        (40, 50, 25, 13, 30),
    )
    for axis in report.axes:
        for row in axis.rows:
            task = row.task
            level = str(row.level.label) if row.level else _("Đang thực hiện")
            put_row(tasks, [axis.label, task.title, task.lead.full_name, task.due_date, level])
    protect(tasks)
    stamp(workbook, kind(report), {"collective": result.lock_version})
    return workbook


def plan(report: CollectiveReport, workbook, user) -> tuple[list[Step], Summary]:
    """The save the workbook asks for; ``WorkbookInvalid`` with every problem of its cells."""
    recorded = read_stamp(workbook, kind(report))
    sheet = read_sheet(workbook, SHEET, COLUMNS)
    problems = list(sheet.problems)
    result = report.result
    data = {name: getattr(result, name) for name in NARRATIVE_FIELDS}
    seen: dict[str, int] = {}
    for row in sheet.rows:
        code = row.values["code"]
        name = FIELDS.get(code or "")
        if name is None:
            if code:
                problems.append(
                    Problem(
                        SHEET,
                        row.ref("code"),
                        _("mã mục “%(code)s” không có trong Phụ lục 7 (%(codes)s)")
                        % {"code": code, "codes": ", ".join(FIELDS)},
                    )
                )
            continue
        if code in seen:
            problems.append(
                Problem(
                    SHEET,
                    row.ref("code"),
                    _("mục %(code)s đã có ở dòng %(row)d") % {"code": code, "row": seen[code]},
                )
            )
            continue
        seen[code] = row.number
        text = row.values["text"] or ""
        if name == "self_level" and text:
            level = LEVELS.get(" ".join(text.split()).casefold())
            if level is None:
                problems.append(
                    Problem(
                        SHEET,
                        row.ref("text"),
                        _("“%(value)s” không phải một mức (%(levels)s)")
                        % {
                            "value": text,
                            "levels": "; ".join(str(label) for _v, label in RatingLevel.choices),
                        },
                    )
                )
                continue
            text = level
        data[name] = text
    if recorded.get("collective") != result.lock_version and any(
        data[n] != getattr(result, n) for n in NARRATIVE_FIELDS
    ):
        problems.append(
            Problem(
                SHEET,
                "",
                _(
                    "kết quả tập thể đã được sửa sau khi bạn tải bảng "
                    "tính; hãy tải bảng tính mới để không ghi đè lên thay đổi đó"
                ),
            )
        )
    if problems:
        raise WorkbookInvalid(problems)
    summary = Summary()
    changed = [n for n in NARRATIVE_FIELDS if data[n] != getattr(result, n)]
    labels = CollectiveResultForm.Meta.labels
    if not changed:
        summary.unchanged.append(_("Phụ lục 7 của %(unit)s") % {"unit": report.unit})
        return [], summary
    label = _("Phụ lục 7 của %(unit)s: %(parts)s") % {
        "unit": report.unit,
        "parts": "; ".join(str(labels[n]) for n in changed),
    }
    version = recorded.get("collective", result.lock_version)
    kind_ = "created" if result.pk is None else "changed"
    run = lambda: save_collective_result(report.unit, report.period, data, version, user)  # noqa: E731
    shown = changes(
        (
            labels[n],
            _level(getattr(result, n)) if n == "self_level" else getattr(result, n),
            _level(data[n]) if n == "self_level" else data[n],
        )
        for n in changed
    )
    row = seen.get(CODES[changed[0]], 2)
    return [Step(SHEET, row, label, kind_, run, changes=shown)], summary


def _level(value: str) -> str:
    return str(RatingLevel(value).label) if value else ""
