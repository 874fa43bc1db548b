"""The tasks app's additions to the personas' world (tests/web/conftest.py), for its test files.

Q3/2026 is open with Phụ lục 5 for the world's block. Unit A has an approved catalogue (v1) and
a draft (v2); unit B an approved one. ``agency`` is a province-wide assigning agency. Tasks:
``task_a`` (official_a, assigned by unit A's leadership, reported), ``task_agency`` (official_a,
assigned by the province), ``task_b`` (outsider_b, assigned by unit B), with ``evidence_a``.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from danhgia.organisation.choices import Role
from danhgia.periods.services import assign_framework
from danhgia.tasks.choices import TaskState
from danhgia.tasks.models import TaskEvidence
from tests.web import factories as f

FINANCE_PRODUCTS = (
    ("Báo cáo tháng", 100, True),
    ("Báo cáo quý", 120, False),
    ("Tờ trình UBND tỉnh", 150, False),
    ("Đề án trình Tỉnh ủy", 200, False),
)


@dataclass
class TasksWorld:
    period: object
    agency: object
    catalogue_a: object
    draft_a: object
    catalogue_b: object
    task_a: object
    task_agency: object
    task_b: object
    evidence_a: object

    def product(self, name: str):
        return self.catalogue_a.products.get(name=name)


def open_quarter(world, year: int = 2026, quarter: int = 3):
    period = f.make_period(year, quarter)
    assign_framework(period, world.unit_a.block, f.framework("lamdong-2026-pl5"))
    return period


def build(world) -> TasksWorld:
    period = open_quarter(world)
    users = world.users
    agency = f.make_user("agency")
    f.assign_role(agency, Role.ASSIGNING_AGENCY, world.root)
    users["agency"] = agency
    catalogue_a = f.make_catalogue(
        world.unit_a, period, FINANCE_PRODUCTS, approved_by=users["unit_head"]
    )
    draft_a = f.make_catalogue(world.unit_a, period, FINANCE_PRODUCTS[:2], version=2)
    catalogue_b = f.make_catalogue(world.unit_b, period, approved_by=users["admin"])
    task_a = f.make_task(
        world.official_a,
        period,
        world.unit_a,
        users["unit_head"],
        title="Báo cáo quyết toán ngân sách quý II/2026",
        delivered_quantity=Decimal(1),
        completed_on=date(2026, 9, 10),
        state=TaskState.REPORTED,
    )
    task_agency = f.make_task(
        world.official_a, period, world.root, agency, title="Báo cáo chuyển đổi số quý III"
    )
    task_b = f.make_task(world.outsider_b, period, world.unit_b, users["admin"])
    evidence_a = TaskEvidence.objects.create(
        task=task_a,
        file=ContentFile(b"%PDF-1.4 minh chung", name="bao-cao.pdf"),
        original_name="Báo cáo quyết toán.pdf",
        content_type="application/pdf",
        size=19,
        uploaded_by=users["official"],
    )
    return TasksWorld(
        period, agency, catalogue_a, draft_a, catalogue_b, task_a, task_agency, task_b, evidence_a
    )


@contextmanager
def private_storage_at(path):
    """Keep evidence files under ``path`` (a temporary directory) for one test."""
    storage = TaskEvidence._meta.get_field("file").storage
    saved = storage._location

    def clear():
        for name in ("base_location", "location"):
            storage.__dict__.pop(name, None)

    clear()
    storage._location = str(path)
    try:
        yield
    finally:
        storage._location = saved
        clear()
