"""The results workbook of a quarter: the lead's results and the assigning side's factors.

Sheet "Báo cáo kết quả": the open tasks the user leads, to report the delivered quantity, the
completion date and the result (``services.report_task``). Sheet "Xác nhận kết quả": the
reported tasks the user's unit assigned, to confirm with the three factors chosen from the
policy's scales (``services.set_task_factors``); the timeliness dropdown of each row offers only
what the engine's ``allowed_factor_choices`` allows for its dates. A row left as downloaded is
left alone; every changed row carries the version of its task at download.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.engine import FactorChoice, Policy
from danhgia.periods.models import Period
from danhgia.xlsx import (
    Column,
    Problem,
    WorkbookInvalid,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
    read_sheet,
)
from danhgia.xlsx.prefilled import (
    add_dropdown,
    protect,
    read_fingerprints,
    read_stamp,
    stamp,
    unlock,
)

from .. import services
from ..checks import Context
from ..choices import TaskState
from ..forms import factor_label
from ..models import Task
from ..rules import policy_of
from ..selectors import OPEN_STATES
from .cells import parse_note, same_note
from .common import MAX_ROWS, Batch, Step, Summary, new_sheet, put_row
from .rows import changes, keep_print, left_as_downloaded, refused_changes, what_happened

KIND = "tasks.results"
REPORT_SHEET = "Báo cáo kết quả"
FACTORS_SHEET = "Xác nhận kết quả"
REPORT_COLUMNS = [
    Column("Mã nhiệm vụ", "id", parse_int(1), required=True),
    Column("Nhiệm vụ", "title", parse_text()),
    Column("Thời hạn hoàn thành", "due_date", parse_date),
    Column("Số lượng kế hoạch", "planned", parse_decimal()),
    Column("Số lượng sản phẩm đã hoàn thành", "delivered", parse_decimal(0, places=2)),
    Column("Ngày hoàn thành", "completed_on", parse_date),
    Column("Kết quả thực hiện", "note", parse_note()),
]
FACTOR_COLUMNS = [
    Column("Mã nhiệm vụ", "id", parse_int(1), required=True),
    Column("Người chủ trì", "lead", parse_text()),
    Column("Nhiệm vụ", "title", parse_text()),
    Column("Thời hạn hoàn thành", "due_date", parse_date),
    Column("Ngày hoàn thành", "completed_on", parse_date),
    Column("Hệ số chất lượng", "quality", parse_text()),
    Column("Hệ số tiến độ", "timeliness", parse_text()),
    Column("Hệ số lãnh đạo, chỉ đạo", "leadership", parse_text()),
]
FACTOR_LETTERS = {"quality": "F", "timeliness": "G", "leadership": "H"}


@dataclass
class Setting:
    period: Period
    policy: Policy
    today: date
    reported: list[Task]  # tasks the user leads
    assessed: list[Task]  # tasks whose factors the user sets

    @classmethod
    def load(cls, user, period: Period, today: date) -> Setting:
        tasks = Task.objects.filter(period=period).select_related(
            "lead__unit", "period__policy_version", "assigning_unit"
        )
        if freeze.frozen_reason(period) is not None:
            tasks = tasks.none()
        reported = access.restrict(user, tasks, Action.REPORT).filter(state__in=OPEN_STATES)
        assessed = access.restrict(user, tasks, Action.CHANGE).filter(
            state__in=(TaskState.REPORTED, TaskState.VERIFIED)
        )
        order = ("due_date", "id")
        return cls(
            period,
            policy_of(period),
            today,
            list(reported.order_by(*order)),
            list(assessed.order_by(*order)),
        )

    def scales(self, task: Task) -> dict[str, tuple[FactorChoice, ...]]:
        return {
            n: tuple(services.allowed_factors(task, n, self.policy, self.today))
            for n in services.FACTORS
        }


def kind(setting: Setting) -> str:
    """What the stamp names: this workbook and this quarter."""
    return kind_for(setting.period)


def kind_for(period: Period) -> str:
    """``kind`` without loading the setting (the upload page needs no task to show its form)."""
    return f"{KIND}:{period.pk}"


def _label(choices, value) -> str:
    match = next((c for c in choices if value is not None and c.value == value), None)
    return factor_label(match) if match is not None else ""


def _width(scales, name: str) -> int:
    """A factor column as wide as its longest dropdown label (22 to 60 characters)."""
    longest = max((len(factor_label(c)) for scale in scales for c in scale[name]), default=0)
    return max(22, min(60, longest + 3))


def build(setting: Setting) -> Workbook:
    workbook = Workbook()
    prints: dict[str, str] = {}
    report = new_sheet(
        workbook, REPORT_SHEET, [c.header for c in REPORT_COLUMNS], (10, 40, 13, 12, 14, 13, 40)
    )
    for task in setting.reported:
        put_row(
            report,
            [
                task.pk,
                task.title,
                task.due_date,
                task.planned_quantity,
                task.delivered_quantity,
                task.completed_on,
                task.result_note,
            ],
        )
        keep_print(prints, report, REPORT_COLUMNS, task.pk)
    if setting.reported:
        unlock(report, f"E2:G{len(setting.reported) + 1}")
    protect(report)
    scales = {task.pk: setting.scales(task) for task in setting.assessed}
    factors = new_sheet(
        workbook,
        FACTORS_SHEET,
        [c.header for c in FACTOR_COLUMNS],
        (10, 25, 40, 13, 13, *(_width(scales.values(), n) for n in services.FACTORS)),
    )
    groups: dict[tuple, list[str]] = defaultdict(list)
    for number, task in enumerate(setting.assessed, start=2):
        scale = scales[task.pk]
        put_row(
            factors,
            [
                task.pk,
                task.lead.full_name,
                task.title,
                task.due_date,
                task.completed_on,
                *(_label(scale[n], getattr(task, n)) for n in services.FACTORS),
            ],
        )
        keep_print(prints, factors, FACTOR_COLUMNS, task.pk)
        for name, letter in FACTOR_LETTERS.items():
            groups[(name, tuple(factor_label(c) for c in scale[name]))].append(f"{letter}{number}")
    if setting.assessed:
        unlock(factors, f"F2:H{len(setting.assessed) + 1}")
    titles = {
        "quality": _("Hệ số chất lượng"),
        "timeliness": _("Hệ số tiến độ"),
        "leadership": _("Hệ số lãnh đạo, chỉ đạo"),
    }
    for (name, labels), cells in groups.items():
        if labels:
            add_dropdown(factors, cells[0], list(labels), title=titles[name])
            validation = factors.data_validations.dataValidation[-1]
            for cell in cells[1:]:  # one list per distinct scale, however many rows use it
                validation.add(cell)
    protect(factors)
    versions = {str(t.pk): t.lock_version for t in (*setting.reported, *setting.assessed)}
    stamp(workbook, kind(setting), versions, fingerprints=prints)
    return workbook


def _factor(text: str | None, choices, name: str) -> Decimal | None:
    """A factor typed as its dropdown label or as a number; ``ValueError`` if not allowed
    (only timeliness depends on the dates; the other factors on the policy's scale alone)."""
    if text is None:
        return None
    for choice in choices:
        if text.casefold() == factor_label(choice).casefold():
            return choice.value
    try:
        value = parse_decimal()(text)
    except ValueError:
        value = None
    allowed = {c.value for c in choices}
    if value is None or (allowed and value not in allowed):
        listed = {"value": text, "allowed": "; ".join(factor_label(c) for c in choices)}
        if name == "timeliness":
            message = _(
                "“%(value)s” không nằm trong các mức được phép theo thời hạn và ngày hoàn thành: "
                "%(allowed)s"
            )
        else:
            message = _("“%(value)s” không nằm trong các mức của thang hệ số: %(allowed)s")
        raise ValueError(message % listed)
    return value


def plan(setting: Setting, workbook, user) -> tuple[Batch, Summary]:
    """The steps the workbook asks for; ``WorkbookInvalid`` with every problem of its cells."""
    recorded = read_stamp(workbook, kind(setting))
    kept = read_fingerprints(workbook)
    report = read_sheet(workbook, REPORT_SHEET, REPORT_COLUMNS, max_rows=MAX_ROWS)
    factors = read_sheet(workbook, FACTORS_SHEET, FACTOR_COLUMNS, max_rows=MAX_ROWS)
    problems = [*report.problems, *factors.problems]
    steps, summary = [], Summary()
    reports: list[services.Report] = []
    factors_: list[services.Factors] = []
    touched: dict[str, dict[int, int]] = {REPORT_SHEET: {}, FACTORS_SHEET: {}}
    #: changed rows (sheet → task id → cell) of tasks that changed since the download
    moved: dict[str, dict[int, str]] = {REPORT_SHEET: {}, FACTORS_SHEET: {}}

    def known(sheet, tasks, row, task_id) -> Task | None:
        task = tasks.get(task_id)
        if task is None and str(task_id) in recorded:
            moved[sheet][task_id] = row.ref("id")
            return None
        if task is None or str(task_id) not in recorded:
            if task_id is not None:
                problems.append(
                    Problem(
                        sheet,
                        row.ref("id"),
                        _(
                            "nhiệm vụ số %(id)s không có trong bảng "
                            "tính tải về (hoặc đã đổi trạng thái)"
                        )
                        % {"id": task_id},
                    )
                )
            return None
        if task_id in touched[sheet]:
            problems.append(
                Problem(
                    sheet,
                    row.ref("id"),
                    _("nhiệm vụ số %(id)s đã có ở dòng %(row)d")
                    % {"id": task_id, "row": touched[sheet][task_id]},
                )
            )
            return None
        touched[sheet][task_id] = row.number
        return task

    leads = {t.pk: t for t in setting.reported}
    for row in report.rows:
        v = row.values
        if left_as_downloaded(kept, REPORT_SHEET, REPORT_COLUMNS, row):
            summary.unchanged.append(_("Kết quả nhiệm vụ số %(id)d") % {"id": v["id"]})
            continue
        task = known(REPORT_SHEET, leads, row, v["id"])
        if task is None:
            continue
        if (
            v["delivered"] == task.delivered_quantity
            and v["completed_on"] == task.completed_on
            and same_note(task.result_note, v["note"])
        ) or (
            v["delivered"] is None
            and v["completed_on"] is None
            and not v["note"]
            and task.delivered_quantity is None
        ):
            summary.unchanged.append(_("Kết quả nhiệm vụ số %(id)d") % {"id": task.pk})
            continue
        if v["delivered"] is None:
            problems.append(
                Problem(
                    REPORT_SHEET,
                    row.ref("delivered"),
                    _("chưa nhập “%(header)s”") % {"header": REPORT_COLUMNS[4].header},
                )
            )
            continue
        label = _("Báo cáo kết quả nhiệm vụ số %(id)d “%(title)s”") % {
            "id": task.pk,
            "title": task.title,
        }
        cells = {key: row.ref(key) for key in ("delivered", "completed_on")}
        shown = changes(
            (c.header, getattr(task, name), v[c.key])
            for c, name in zip(
                REPORT_COLUMNS[4:],
                ("delivered_quantity", "completed_on", "result_note"),
                strict=True,
            )
        )
        steps.append(Step(REPORT_SHEET, row.number, label, "changed", None, task.pk, cells, shown))
        reports.append(
            services.Report(
                task, v["delivered"], v["completed_on"], v["note"] or "", recorded[str(task.pk)]
            )
        )
    assessed = {t.pk: t for t in setting.assessed}
    for row in factors.rows:
        v = row.values
        if left_as_downloaded(kept, FACTORS_SHEET, FACTOR_COLUMNS, row):
            summary.unchanged.append(_("Hệ số nhiệm vụ số %(id)d") % {"id": v["id"]})
            continue
        task = known(FACTORS_SHEET, assessed, row, v["id"])
        if task is None:
            continue
        scales, values, bad = setting.scales(task), {}, len(problems)
        for name in services.FACTORS:
            try:
                values[name] = _factor(v[name], scales[name], name)
            except ValueError as error:
                problems.append(
                    Problem(
                        FACTORS_SHEET,
                        row.ref(name),
                        f"{FACTOR_COLUMNS[5 + services.FACTORS.index(name)].header}: {error}",
                    )
                )
        if len(problems) > bad:
            continue
        if all(values[n] is None for n in services.FACTORS) or (
            task.state == TaskState.VERIFIED
            and all(values[n] == getattr(task, n) for n in services.FACTORS)
        ):
            summary.unchanged.append(_("Hệ số nhiệm vụ số %(id)d") % {"id": task.pk})
            continue
        missing = [n for n in services.FACTORS if values[n] is None]
        for name in missing:
            problems.append(Problem(FACTORS_SHEET, row.ref(name), _("chưa chọn hệ số")))
        if missing:
            continue
        label = _("Xác nhận nhiệm vụ số %(id)d “%(title)s”") % {"id": task.pk, "title": task.title}
        # A lead of their own unit's task may report and confirm it in one file: the report,
        # applied first, moves the version on by one.
        reported_too = any(s.sheet == REPORT_SHEET and s.task_id == task.pk for s in steps)
        version = recorded[str(task.pk)] + (1 if reported_too else 0)
        shown = changes(
            (c.header, _label(scales[n], getattr(task, n)) or getattr(task, n), v[n])
            for c, n in zip(FACTOR_COLUMNS[5:], services.FACTORS, strict=True)
        )
        steps.append(
            Step(FACTORS_SHEET, row.number, label, "changed", task_id=task.pk, changes=shown)
        )
        factors_.append(services.Factors(task, **values, lock_version=version))
    current = {t.pk: t.lock_version for t in (*setting.reported, *setting.assessed)}
    for sheet, rows in touched.items():
        for pk, n in rows.items():
            if recorded[str(pk)] != current.get(pk) and any(
                s.sheet == sheet and s.row == n for s in steps
            ):
                moved[sheet][pk] = f"A{n}"
    happened = what_happened(pk for rows in moved.values() for pk in rows)
    for sheet, rows in moved.items():
        problems += refused_changes(sheet, rows, happened)
    if problems:
        raise WorkbookInvalid(problems)
    return Batch(steps, lambda: _apply(setting, user, reports, factors_)), summary


def _apply(setting: Setting, user, reports, factors) -> dict[int, Exception]:
    """Report the results, then confirm the factors, in bulk (``services.report_tasks``,
    ``services.set_factors_of``): the same checks as the forms, a constant number of queries.
    The steps list the report rows first, then the factor rows."""
    tasks = [*(r.task for r in reports), *(f.task for f in factors)]
    actions = [Action.REPORT, Action.CHANGE]
    context = Context.load(user, tasks, actions, today=setting.today, reviewed=bool(factors))
    refused = services.report_tasks(context, reports)
    refused_factors = services.set_factors_of(context, factors, write=not refused)
    return {**refused, **{len(reports) + i: e for i, e in refused_factors.items()}}
