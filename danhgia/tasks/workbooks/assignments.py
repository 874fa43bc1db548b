"""The assignments workbook: the open tasks a unit assigned in a quarter, and rows for new ones.

One row per task (one task, one lead). A row with a task number changes that task with the
version the workbook was downloaded with; a row without one assigns a new task to the lead (or
the leads, codes separated by ";": one task each, one batch). The rows are applied together
through ``assignment.update_tasks`` and ``assignment.assign_tasks``, the bulk form of the
services the forms use (same checks, a constant number of queries whatever the rows). Leads,
criteria and products come from dropdowns; the services check every placement again.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from danhgia import access
from danhgia.access import Action
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.xlsx import (
    Column,
    Problem,
    WorkbookInvalid,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
    parse_yes_no,
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

from .. import assignment
from ..assignment import TaskSpec
from ..checks import Context
from ..choices import TaskSource
from ..forms import product_choices, reach_q
from ..models import Product, Task
from ..rules import criterion_choices
from ..selectors import OPEN_STATES
from .assignment_rows import created_label, task_changes
from .cells import leading_code, parse_codes, parse_note, same_task
from .common import (
    BLANK_ROWS,
    MAX_ROWS,
    Batch,
    Step,
    Summary,
    column_range,
    download_id,
    new_sheet,
    put_row,
    used_download,
)
from .rows import keep_print, left_as_downloaded, refused_changes, what_happened

KIND = "tasks.assignments"
SHEET = "Nhiệm vụ"
COLUMNS = [
    Column("Mã nhiệm vụ", "id", parse_int(1)),
    Column("Người chủ trì (mã cán bộ)", "leads", parse_codes, required=True),
    Column("Nhiệm vụ (rõ việc)", "title", parse_text(500), required=True),
    Column("Nội dung, yêu cầu", "description", parse_note()),
    Column("Rõ trách nhiệm", "responsibility", parse_text(300)),
    Column("Rõ thẩm quyền", "authority", parse_text(300)),
    Column("Tiêu chí", "criterion", parse_text(), required=True),
    Column("Sản phẩm trong danh mục", "product", parse_text()),
    Column("Sản phẩm (rõ sản phẩm)", "product_name", parse_text(300)),
    Column(
        "Số lượng kế hoạch",
        "planned_quantity",
        parse_decimal(Decimal("0.01"), places=2),
        required=True,
    ),
    Column(
        "Nguồn nhiệm vụ", "source", parse_choice({str(label): v for v, label in TaskSource.choices})
    ),
    Column("Nhiệm vụ then chốt", "is_key", parse_yes_no),
    Column("Ngày giao", "assigned_on", parse_date),
    Column("Thời hạn hoàn thành", "due_date", parse_date, required=True),
]
WIDTHS = (10, 30, 40, 30, 25, 25, 30, 30, 30, 12, 16, 12, 13, 13)
_PRODUCT_ID = re.compile(r"\[(\d+)\]\s*$")


@dataclass
class Setting:
    """What the assigning unit may use in the period: leads, criteria and products."""

    period: Period
    unit: Unit
    leads: dict[str, Official]
    criteria: dict[str, str]  # code → dropdown label
    products: dict[str, Product]  # dropdown label → product
    tasks: list[Task]

    @classmethod
    def load(cls, user, period: Period, unit: Unit) -> Setting:
        reach = access.assigning_reach(access.assigning_scopes(user), unit)
        leads = Official.objects.filter(reach_q(reach, "unit__")).select_related("unit")
        blocks = Unit.objects.filter(reach_q(reach)).values("block")
        criteria = {
            code: label
            for _title, group in criterion_choices(period, blocks)
            for code, label in group
        }
        _choices, by_pk = product_choices([s.unit for s in reach], period)
        products = {f"{p.name} [{p.pk}]": p for p in by_pk.values()}
        tasks = (
            access.restrict(user, Task.objects.all(), Action.CHANGE)
            .filter(period=period, assigning_unit=unit, state__in=OPEN_STATES)
            .select_related("lead__unit", "product", "period__policy_version", "assigning_unit")
            .order_by("due_date", "id")
        )
        return cls(
            period,
            unit,
            {o.code: o for o in leads.order_by("unit__path", "code")},
            criteria,
            products,
            list(tasks),
        )

    def lead_label(self, official: Official) -> str:
        return f"{official.code} — {official.full_name}"

    def product_label(self, product: Product | None) -> str:
        return f"{product.name} [{product.pk}]" if product is not None else ""


def kind(setting: Setting) -> str:
    """What the stamp names: this workbook, this quarter, this assigning unit."""
    return kind_for(setting.period, setting.unit)


def kind_for(period: Period, unit: Unit) -> str:
    """``kind`` without loading the setting (the upload page needs no lead to show its form)."""
    return f"{KIND}:{period.pk}:{unit.pk}"


def build(setting: Setting) -> Workbook:
    workbook = Workbook()
    sheet = new_sheet(workbook, SHEET, [c.header for c in COLUMNS], WIDTHS)
    sources, prints = dict(TaskSource.choices), {}
    for task in setting.tasks:
        put_row(
            sheet,
            [
                task.pk,
                setting.lead_label(task.lead),
                task.title,
                task.description,
                task.responsibility,
                task.authority,
                setting.criteria.get(task.criterion_code, task.criterion_code),
                setting.product_label(task.product),
                task.product_name,
                task.planned_quantity,
                str(sources.get(task.source, task.source)),
                _("Có") if task.is_key else _("Không"),
                task.assigned_on,
                task.due_date,
            ],
        )
        keep_print(prints, sheet, COLUMNS, task.pk)
    first_new = len(setting.tasks) + 2
    last = first_new + BLANK_ROWS - 1
    # Existing rows: everything but the number, the lead and the date assigned can change.
    if setting.tasks:
        unlock(sheet, f"C2:L{first_new - 1}")
        unlock(sheet, f"N2:N{first_new - 1}")
    unlock(sheet, f"B{first_new}:N{last}")
    add_dropdown(
        sheet,
        column_range("B", 2, last),
        [setting.lead_label(o) for o in setting.leads.values()],
        title=_("Người chủ trì"),
        strict=False,
    )
    add_dropdown(
        sheet, column_range("G", 2, last), list(setting.criteria.values()), title=_("Tiêu chí")
    )
    if setting.products:
        add_dropdown(sheet, column_range("H", 2, last), list(setting.products), title=_("Sản phẩm"))
    add_dropdown(
        sheet, column_range("K", 2, last), [str(label) for _v, label in TaskSource.choices]
    )
    add_dropdown(sheet, column_range("L", 2, last), [_("Có"), _("Không")])
    protect(sheet)
    versions = {str(t.pk): t.lock_version for t in setting.tasks}
    stamp(workbook, kind(setting), versions, download=uuid.uuid4().hex, fingerprints=prints)
    return workbook


def _product(setting: Setting, label: str | None) -> Product | None:
    if not label:
        return None
    product = setting.products.get(label)
    if product is None:
        match = _PRODUCT_ID.search(label)
        product = next(
            (p for p in setting.products.values() if match and str(p.pk) == match[1]), None
        )
    if product is None:
        raise ValueError(
            _("“%(value)s” không có trong danh mục sản phẩm áp dụng") % {"value": label}
        )
    return product


def plan(setting: Setting, workbook, user, today: date) -> tuple[Batch, Summary]:
    """The steps the workbook asks for; ``WorkbookInvalid`` with every problem of its cells."""
    recorded = read_stamp(workbook, kind(setting))
    kept, same = read_fingerprints(workbook), set()
    moved: dict[int, str] = {}  # changed rows (task id → cell) of tasks changed since
    download = download_id(workbook)
    data = read_sheet(workbook, SHEET, COLUMNS, max_rows=MAX_ROWS)
    problems = list(data.problems)
    existing = {t.pk: t for t in setting.tasks}
    seen: dict[int, int] = {}
    steps, work, summary = [], [], Summary()
    for row in data.rows:
        v, ref = row.values, row.ref
        bad = len(problems)
        task = None
        if left_as_downloaded(kept, SHEET, COLUMNS, row):
            summary.unchanged.append(
                _("Dòng %(row)d: nhiệm vụ số %(id)d") % {"row": row.number, "id": v["id"]}
            )
            continue
        if v["id"] is not None:
            task = existing.get(v["id"])
            if task is None and str(v["id"]) in recorded:
                moved[v["id"]] = ref("id")
                continue  # the rest of the row is not read: the task is gone from the file
            elif task is None or str(task.pk) not in recorded:
                problems.append(
                    Problem(
                        SHEET,
                        ref("id"),
                        _(
                            "nhiệm vụ số %(id)s không phải nhiệm vụ "
                            "đang mở mà bảng tính này tải về; để giao nhiệm vụ mới "
                            "hãy để trống ô này"
                        )
                        % {"id": v["id"]},
                    )
                )
            elif task.pk in seen:
                problems.append(
                    Problem(
                        SHEET,
                        ref("id"),
                        _("nhiệm vụ số %(id)s đã có ở dòng %(row)d")
                        % {"id": task.pk, "row": seen[task.pk]},
                    )
                )
            else:
                seen[task.pk] = row.number
        leads = []
        for code in v["leads"] or []:
            official = setting.leads.get(code)
            if official is None:
                problems.append(
                    Problem(
                        SHEET,
                        ref("leads"),
                        _("“%(code)s” không phải cán bộ mà %(unit)s được giao nhiệm vụ")
                        % {"code": code, "unit": setting.unit},
                    )
                )
            leads.append(official)
        if task is not None and v["leads"] and (len(leads) != 1 or leads[0] != task.lead):
            problems.append(
                Problem(
                    SHEET,
                    ref("leads"),
                    _(
                        "không đổi được người chủ trì của nhiệm "
                        "vụ đã giao; hãy hủy nhiệm vụ và giao nhiệm vụ mới"
                    ),
                )
            )
        criterion = leading_code(v["criterion"] or "")
        if v["criterion"] and criterion not in setting.criteria:
            problems.append(
                Problem(
                    SHEET,
                    ref("criterion"),
                    _(
                        "tiêu chí “%(code)s” không có trong "
                        "khung chấm điểm hoặc không chấm theo nhiệm vụ"
                    )
                    % {"code": criterion},
                )
            )
        try:
            product = _product(setting, v["product"])
        except ValueError as error:
            problems.append(Problem(SHEET, ref("product"), str(error)))
            product = None
        if not v["product_name"] and product is None and not v["product"]:
            problems.append(
                Problem(
                    SHEET,
                    ref("product_name"),
                    _("ghi rõ sản phẩm, hoặc chọn một sản phẩm trong danh mục"),
                )
            )
        assigned_on = task.assigned_on if task is not None else (v["assigned_on"] or today)
        if v["due_date"] and v["due_date"] < assigned_on:
            problems.append(
                Problem(SHEET, ref("due_date"), _("thời hạn hoàn thành không được trước ngày giao"))
            )
        if len(problems) > bad:
            continue
        spec = TaskSpec(
            title=v["title"],
            description=v["description"] or "",
            responsibility=v["responsibility"] or "",
            authority=v["authority"] or "",
            product=product,
            product_name=v["product_name"] or "",
            planned_quantity=v["planned_quantity"],
            criterion_code=criterion,
            source=v["source"] or TaskSource.PLAN,
            is_key=bool(v["is_key"]),
            assigned_on=assigned_on,
            due_date=v["due_date"],
        )
        if task is None or not same_task(task, spec):
            # The form asks for both on every save; an untouched old row may lack them.
            missing = [c for c in COLUMNS[4:6] if not v[c.key]]
            for column in missing:
                problems.append(
                    Problem(
                        SHEET,
                        ref(column.key),
                        _("chưa nhập “%(header)s”") % {"header": column.header},
                    )
                )
            if missing:
                continue
        if task is None:
            label = created_label(row.number, spec.title, leads)
            steps.append(Step(SHEET, row.number, label, "created"))
            work.append(assignment.NewTask(leads, spec))
        elif same_task(task, spec):
            same.add(task.pk)
            summary.unchanged.append(
                _("Dòng %(row)d: “%(title)s”") % {"row": row.number, "title": task.title}
            )
        else:
            label = _("Dòng %(row)d: sửa nhiệm vụ số %(id)d “%(title)s”") % {
                "row": row.number,
                "id": task.pk,
                "title": spec.title,
            }
            shown = task_changes(task, spec, setting.criteria)
            steps.append(Step(SHEET, row.number, label, "changed", task_id=task.pk, changes=shown))
            work.append(assignment.Change(task, spec, recorded[str(task.pk)]))
    for pk, number in seen.items():  # rows that differ from their task, even refused ones
        if pk not in same and recorded[str(pk)] != existing[pk].lock_version:
            moved[pk] = f"A{number}"
    problems += refused_changes(SHEET, moved, what_happened(moved))
    problems += used_download(SHEET, download, [s.row for s in steps if s.kind == "created"])
    if problems:
        raise WorkbookInvalid(problems)
    return Batch(steps, lambda: _apply(setting, work, user, download)), summary


def _apply(setting: Setting, work: list, user, download: uuid.UUID | None) -> dict[int, Exception]:
    """Assign the new rows and change the others in bulk (``assignment.assign_tasks``,
    ``assignment.update_tasks``): the same checks as the forms, a constant number of queries."""
    new = [i for i, item in enumerate(work) if isinstance(item, assignment.NewTask)]
    changed = [i for i, item in enumerate(work) if isinstance(item, assignment.Change)]
    refused_new, _created = assignment.assign_tasks(
        setting.period, setting.unit, [work[i] for i in new], user, batch=download
    )
    changes = [work[i] for i in changed]
    context = Context.load(user, [c.task for c in changes], [Action.CHANGE])
    refused_changed = assignment.update_tasks(context, changes, write=not refused_new)
    return {
        **{new[i]: error for i, error in refused_new.items()},
        **{changed[i]: error for i, error in refused_changed.items()},
    }
