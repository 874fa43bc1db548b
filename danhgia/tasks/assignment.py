"""Assigning tasks and changing what was assigned (SPEC §5: one task, one lead, six clear items).

The assigning side chooses the lead(s), the criterion of the lead's framework that the task counts
for (its axis follows) and a product of the catalogue that applies to the lead (its coefficient
follows); every placement is checked here, whatever the form offered.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import changed_only, log_actions, new_entry, snapshot
from danhgia.evaluations.choices import EvaluationState
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.rules.models import FrameworkVersion

from .catalogues import applicable_catalogues, standard_points
from .checks import Context, check_changeable, check_open, check_right, take_all
from .errors import TaskError
from .models import Catalogue, Product, Task
from .rules import block_frameworks, framework_of
from .services import (
    AUDIT_EXCLUDE,
    each,
    refused_or_written,
    require_changeable,
    require_open,
)


@dataclass
class TaskSpec:
    """What the assigning side writes for a task (the "six clear" minus the lead)."""

    title: str
    product_name: str
    criterion_code: str
    due_date: date
    assigned_on: date
    planned_quantity: Decimal = Decimal(1)
    product: Product | None = None
    description: str = ""
    responsibility: str = ""
    authority: str = ""
    source: str = "plan"
    is_key: bool = False


#: what ``update_task`` may change (the lead, the period and the assigning unit stay)
EDITABLE = tuple(f.name for f in fields(TaskSpec) if f.name != "assigned_on")


@dataclass(frozen=True)
class Placement:
    """Where a task stands in the lead's framework and catalogue: axis and coefficient."""

    axis: int
    coefficient: Decimal


@dataclass
class Placer:
    """What placing tasks reads, once for every lead of a batch (one query per kind): the
    frameworks of the leads' blocks, the catalogues that apply to their units with their
    products."""

    period: Period
    frameworks: dict[int, FrameworkVersion]
    catalogues: dict[int, Catalogue | None]
    bases: dict[int, Decimal | None]

    @classmethod
    def load(cls, period: Period, leads: Iterable[Official], products: bool = True) -> Placer:
        leads = list(leads)
        frameworks = block_frameworks(period, {lead.unit.block_id for lead in leads})
        catalogues = (
            applicable_catalogues([lead.unit for lead in leads], period) if products else {}
        )
        found = [c for c in catalogues.values() if c is not None]
        prefetch_related_objects(found, "products")
        return cls(period, frameworks, catalogues, {c.pk: standard_points(c) for c in found})

    def place(
        self, leads: Sequence[Official], criterion_code: str, product: Product | None
    ) -> dict[int, Placement]:
        """Lead id → axis and coefficient; a TaskError names every lead the choice does not fit.

        The criterion must be one of the lead's framework in the period that accepts tasks
        (ratio, level or tasks), and its axis is the task's. A catalogue product must belong to
        the catalogue that applies to the lead's unit (central Phụ lục 1); without one the
        coefficient is 1,00 (the standard product).
        """
        errors, placements = [], {}
        for lead in leads:
            version = self.frameworks.get(lead.unit.block_id)
            if version is None:
                errors.append(
                    _("Khối của %(name)s chưa được gán khung chấm điểm trong %(period)s.")
                    % {"name": lead, "period": self.period}
                )
                continue
            criterion = framework_of(version).criterion(criterion_code)
            if criterion is None or criterion.part != "B" or not criterion.accepts_tasks:
                errors.append(
                    _(
                        "Tiêu chí %(code)s không có trong khung chấm điểm của %(name)s "
                        "(%(framework)s) hoặc không chấm theo nhiệm vụ."
                    )
                    % {"code": criterion_code, "name": lead, "framework": version.title}
                )
                continue
            coefficient = Decimal(1)
            if product is not None:
                catalogue = self.catalogues.get(lead.unit.pk)
                base = self.bases.get(catalogue.pk) if catalogue is not None else None
                if catalogue is None or catalogue.pk != product.catalogue_id or base is None:
                    errors.append(
                        _(
                            "Sản phẩm “%(product)s” không thuộc danh mục đang áp dụng cho đơn vị "
                            "của %(name)s (%(unit)s)."
                        )
                        % {"product": product, "name": lead, "unit": lead.unit}
                    )
                    continue
                coefficient = product.coefficient(base)
            placements[lead.pk] = Placement(criterion.group, coefficient)
        if errors:
            raise TaskError(errors)
        return placements


def place_for_leads(
    period: Period, leads: Sequence[Official], criterion_code: str, product: Product | None
) -> dict[int, Placement]:
    """``Placer.place`` for one choice (the form's)."""
    return Placer.load(period, leads, product is not None).place(leads, criterion_code, product)


@dataclass
class NewTask:
    """One row of a bulk assignment: a task for each lead ("one task, one lead")."""

    leads: Sequence[Official]
    spec: TaskSpec


@dataclass
class Change:
    """One change of what was assigned, with the version the form or workbook was opened with."""

    task: Task
    spec: TaskSpec
    lock_version: int | None = None


def _values(spec: TaskSpec) -> dict:
    values = {f.name: getattr(spec, f.name) for f in fields(TaskSpec)}
    values["product_name"] = spec.product_name or (spec.product.name if spec.product else "")
    return values


def assign_tasks(
    period: Period,
    assigning_unit: Unit,
    items: Sequence[NewTask],
    user,
    *,
    write: bool = True,
    batch: uuid.UUID | None = None,
) -> tuple[dict[int, Exception], list[list[Task]]]:
    """Assign many tasks (each item one task per lead, a batch when several): every item
    checked, then all created with one insert and one audit insert — or none, the refusals
    returned by index; ``batch`` (a workbook's download) is then the batch of every task. The
    assigning unit must be one the user assigns from, covering every lead (SPEC §4); no lead's
    decided quarter may rest on the new task (``access.freeze``).
    """
    leads = {lead.pk: lead for item in items for lead in item.leads}
    frozen = freeze.frozen_leads(period, leads.values())
    submitted = _submitted_leads(period, leads)
    scopes = access.assigning_reach(access.assigning_scopes(user), assigning_unit)
    placer = Placer.load(period, leads.values(), any(i.spec.product for i in items))
    placements: dict[int, dict[int, Placement]] = {}

    def check(item: NewTask) -> None:
        require_open(period)
        if not item.leads:
            raise TaskError(_("Chưa chọn người chủ trì."))
        for lead in item.leads:
            if lead.pk in frozen:
                require_changeable(Task(period=period, lead=lead))
        if item.spec.due_date < item.spec.assigned_on:
            raise TaskError(_("Thời hạn hoàn thành không được trước ngày giao."))
        already = [lead for lead in item.leads if lead.pk in submitted]
        if already:
            # rough edge #4: the submitted self-assessment cannot show a task given afterwards
            raise TaskError(
                _(
                    "%(names)s đã nộp bản tự đánh giá quý này: nhiệm vụ giao thêm sẽ không có "
                    "trong bản đã nộp. Hãy trả lại phiếu để cán bộ bổ sung trước khi giao."
                )
                % {"names": ", ".join(str(lead) for lead in already)}
            )
        outside = [lead for lead in item.leads if not any(s.covers(lead.unit) for s in scopes)]
        if not scopes or outside:
            raise TaskError(
                _("%(unit)s không có thẩm quyền giao nhiệm vụ cho: %(names)s.")
                % {"unit": assigning_unit, "names": ", ".join(str(o) for o in outside) or "—"}
            )
        placements[id(item)] = placer.place(item.leads, item.spec.criterion_code, item.spec.product)

    refused = each(items, check)
    if refused or not write:
        return refused, []
    created: list[list[Task]] = []
    for item in items:
        shared = batch or (uuid.uuid4() if len(item.leads) > 1 else None)
        created.append(
            [
                Task(
                    period=period,
                    lead=lead,
                    assigning_unit=assigning_unit,
                    assigned_by=user,
                    axis=placements[id(item)][lead.pk].axis,
                    coefficient=placements[id(item)][lead.pk].coefficient,
                    batch=shared,
                    **_values(item.spec),
                )
                for lead in item.leads
            ]
        )
    with transaction.atomic():
        tasks = Task.objects.bulk_create([t for group in created for t in group])
        log_actions(
            new_entry(user, AuditAction.TASK_ASSIGNED, t, after=snapshot(t, AUDIT_EXCLUDE))
            for t in tasks
        )
    return {}, created


#: the states in which the lead's self-assessment is submitted and not yet decided
SUBMITTED_STATES = (
    EvaluationState.SELF_ASSESSED,
    EvaluationState.VERIFIED,
    EvaluationState.REVIEWED,
    EvaluationState.APPRAISED,
)


def _submitted_leads(period: Period, leads: dict[int, Official]) -> set[int]:
    """The leads whose self-assessment of ``period`` is submitted (one query)."""
    if period.pk is None or not leads:
        return set()
    return set(
        period.evaluations.filter(official__in=list(leads), state__in=SUBMITTED_STATES).values_list(
            "official_id", flat=True
        )
    )


def assign_task(
    period: Period, assigning_unit: Unit, leads: Sequence[Official], spec: TaskSpec, user
) -> list[Task]:
    """Assign one task to each lead ("one task, one lead"); a bulk assignment shares a batch."""
    refused, created = assign_tasks(period, assigning_unit, [NewTask(leads, spec)], user)
    if refused:
        raise refused[0]
    return created[0]


def update_tasks(
    context: Context, changes: Sequence[Change], *, write: bool = True
) -> dict[int, Exception]:
    """Change what was assigned of many open tasks (axis and coefficient follow): every row
    checked, then all written with one lock update, one update and one audit insert — or none,
    the refusals returned by index. ``context`` is loaded for ``Action.CHANGE``."""
    placers: dict[int, Placer] = {}
    by_period = {c.task.period_id: c.task.period for c in changes}
    for period_id, period in by_period.items():
        leads = [c.task.lead for c in changes if c.task.period_id == period_id]
        placers[period_id] = Placer.load(period, leads, any(c.spec.product for c in changes))
    placements: dict[int, Placement] = {}

    def check(change: Change) -> None:
        task, spec = change.task, change.spec
        check_right(context, task, Action.CHANGE)
        check_changeable(context, task)
        check_open(task, _("Nhiệm vụ ở trạng thái “%(state)s” không sửa được."))
        if spec.due_date < task.assigned_on:
            raise TaskError(_("Thời hạn hoàn thành không được trước ngày giao."))
        placer = placers[task.period_id]
        placements[task.pk] = placer.place([task.lead], spec.criterion_code, spec.product)[
            task.lead.pk
        ]

    def run() -> None:
        take_all([(c.task, c.lock_version) for c in changes])
        entries = []
        for change in changes:
            task, spec = change.task, change.spec
            before = snapshot(task, AUDIT_EXCLUDE)
            for name in EDITABLE:
                setattr(task, name, getattr(spec, name))
            task.product_name = _values(spec)["product_name"]
            task.axis = placements[task.pk].axis
            task.coefficient = placements[task.pk].coefficient
            before, after = changed_only(before, snapshot(task, AUDIT_EXCLUDE))
            entries.append(
                new_entry(context.user, AuditAction.TASK_UPDATED, task, before=before, after=after)
            )
        Task.objects.bulk_update(
            [c.task for c in changes], [*EDITABLE, "product_name", "axis", "coefficient"]
        )
        log_actions(entries)

    return refused_or_written(
        each(changes, check), [c.task for c in changes], run if write else None
    )


def update_task(task: Task, spec: TaskSpec, user, lock_version: int | None = None) -> Task:
    """Change what was assigned while the task is open; axis and coefficient follow.

    ``lock_version`` is the version the form was opened with (``checks.take_all``).
    """
    context = Context.load(user, [task], [Action.CHANGE])
    refused = update_tasks(context, [Change(task, spec, lock_version)])
    if refused:
        raise refused[0]
    return task
