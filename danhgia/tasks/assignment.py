"""Assigning tasks and changing what was assigned (SPEC §5: one task, one lead, six clear items).

The assigning side chooses the lead(s), the criterion of the lead's framework that the task counts
for (its axis follows) and a product of the catalogue that applies to the lead (its coefficient
follows); every placement is checked here, whatever the form offered.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import changed_only, log_action, snapshot
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period

from .catalogues import applicable_catalogues, standard_points
from .errors import TaskError
from .models import Product, Task
from .rules import block_frameworks, framework_of
from .selectors import OPEN_STATES
from .services import (
    AUDIT_EXCLUDE,
    require,
    require_changeable,
    require_not_decided,
    require_open,
    take,
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


def place_for_leads(
    period: Period, leads: Sequence[Official], criterion_code: str, product: Product | None
) -> dict[int, Placement]:
    """Lead id → axis and coefficient; a TaskError names every lead the choice does not fit.

    The criterion must be one of the lead's framework in the period that accepts tasks (ratio,
    level or tasks), and its axis is the task's. A catalogue product must belong to the
    catalogue that applies to the lead's unit (central Phụ lục 1); without one the coefficient is
    1,00 (the standard product).
    """
    frameworks = block_frameworks(period, {lead.unit.block_id for lead in leads})
    catalogues = applicable_catalogues([lead.unit for lead in leads], period) if product else {}
    base = standard_points(product.catalogue) if product else None
    errors, placements = [], {}
    for lead in leads:
        version = frameworks.get(lead.unit.block_id)
        if version is None:
            errors.append(
                _("Khối của %(name)s chưa được gán khung chấm điểm trong %(period)s.")
                % {"name": lead, "period": period}
            )
            continue
        criterion = framework_of(version).criterion(criterion_code)
        if criterion is None or criterion.part != "B" or not criterion.accepts_tasks:
            errors.append(
                _(
                    "Tiêu chí %(code)s không có trong khung chấm điểm của %(name)s (%(framework)s) "
                    "hoặc không chấm theo nhiệm vụ."
                )
                % {"code": criterion_code, "name": lead, "framework": version.title}
            )
            continue
        coefficient = Decimal(1)
        if product is not None:
            catalogue = catalogues.get(lead.unit.pk)
            if catalogue is None or catalogue.pk != product.catalogue_id or base is None:
                errors.append(
                    _(
                        "Sản phẩm “%(product)s” không thuộc danh mục đang áp dụng cho đơn vị của "
                        "%(name)s (%(unit)s)."
                    )
                    % {"product": product, "name": lead, "unit": lead.unit}
                )
                continue
            coefficient = product.coefficient(base)
        placements[lead.pk] = Placement(criterion.group, coefficient)
    if errors:
        raise TaskError(errors)
    return placements


def assign_task(
    period: Period, assigning_unit: Unit, leads: Sequence[Official], spec: TaskSpec, user
) -> list[Task]:
    """Assign one task to each lead ("one task, one lead"); a bulk assignment shares a batch.

    The assigning unit must be one the user assigns from, covering every lead (SPEC §4).
    """
    require_open(period)
    if not leads:
        raise TaskError(_("Chưa chọn người chủ trì."))
    require_not_decided(leads, period)
    if spec.due_date < spec.assigned_on:
        raise TaskError(_("Thời hạn hoàn thành không được trước ngày giao."))
    scopes = [s for s in access.assigning_scopes(user) if s.unit.pk == assigning_unit.pk]
    outside = [lead for lead in leads if not any(s.covers(lead.unit) for s in scopes)]
    if not scopes or outside:
        raise TaskError(
            _("%(unit)s không có thẩm quyền giao nhiệm vụ cho: %(names)s.")
            % {"unit": assigning_unit, "names": ", ".join(str(o) for o in outside) or "—"}
        )
    placements = place_for_leads(period, leads, spec.criterion_code, spec.product)
    batch = uuid.uuid4() if len(leads) > 1 else None
    values = {f.name: getattr(spec, f.name) for f in fields(TaskSpec)}
    values["product_name"] = spec.product_name or (spec.product.name if spec.product else "")
    tasks = []
    with transaction.atomic():
        for lead in leads:
            placement = placements[lead.pk]
            task = Task.objects.create(
                period=period,
                lead=lead,
                assigning_unit=assigning_unit,
                assigned_by=user,
                axis=placement.axis,
                coefficient=placement.coefficient,
                batch=batch,
                **values,
            )
            log_action(user, AuditAction.TASK_ASSIGNED, task, after=snapshot(task, AUDIT_EXCLUDE))
            tasks.append(task)
    return tasks


def update_task(task: Task, spec: TaskSpec, user, lock_version: int | None = None) -> Task:
    """Change what was assigned while the task is open; axis and coefficient follow.

    ``lock_version`` is the version the form was opened with (``services.take``).
    """
    require(user, task, Action.CHANGE)
    require_changeable(task)
    if task.state not in OPEN_STATES:
        raise TaskError(
            _("Nhiệm vụ ở trạng thái “%(state)s” không sửa được.")
            % {"state": task.get_state_display()}
        )
    if spec.due_date < task.assigned_on:
        raise TaskError(_("Thời hạn hoàn thành không được trước ngày giao."))
    placement = place_for_leads(task.period, [task.lead], spec.criterion_code, spec.product)[
        task.lead.pk
    ]
    before = snapshot(task, AUDIT_EXCLUDE)
    for name in EDITABLE:
        setattr(task, name, getattr(spec, name))
    task.product_name = spec.product_name or (spec.product.name if spec.product else "")
    task.axis, task.coefficient = placement.axis, placement.coefficient
    with transaction.atomic():
        take(task, lock_version)
        task.save()
        before, after = changed_only(before, snapshot(task, AUDIT_EXCLUDE))
        log_action(user, AuditAction.TASK_UPDATED, task, before=before, after=after)
    return task
