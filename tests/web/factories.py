"""Small factory functions for the web tests: units, officials, accounts, roles, periods."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from danhgia.organisation.choices import Gender, LeadershipRole, ManagementScope, Role
from danhgia.organisation.models import Block, ComparisonGroup, Official, RoleAssignment, Unit
from danhgia.periods.models import Period
from danhgia.periods.services import open_period
from danhgia.rules.models import FrameworkVersion, PolicyVersion

PASSWORD = "mat-khau-thu-nghiem"
_numbers = itertools.count(1)


def make_block(code: str = "so-nganh", framework_code: str = "lamdong-2026-pl5") -> Block:
    block, _created = Block.objects.get_or_create(
        code=code, defaults={"name": f"Khối {code}", "framework_code": framework_code}
    )
    return block


def make_unit(code: str, parent: Unit | None = None, block: Block | None = None, name=None):
    return Unit.objects.create(code=code, name=name or f"Đơn vị {code}", parent=parent, block=block)


def make_user(username: str, **extra):
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)


def make_group(code: str = "pho-giam-doc-so") -> ComparisonGroup:
    group, _created = ComparisonGroup.objects.get_or_create(
        code=code, defaults={"name": f"Nhóm {code}"}
    )
    return group


def make_official(
    unit: Unit,
    *,
    user=None,
    role: LeadershipRole = LeadershipRole.MEMBER,
    name: str | None = None,
    **fields,
) -> Official:
    number = next(_numbers)
    values = {
        "code": f"T{number:05d}",
        "full_name": name or f"Nguyễn Văn Thử {number}",
        "gender": Gender.MALE,
        "date_of_birth": date(1975, 5, 20),
        "service_start": date(1998, 9, 1),
        "expected_retirement": date(2037, 9, 1),
        "management_scope": ManagementScope.PROVINCIAL,
        "unit": unit,
        "user": user,
        "leadership_role": role,
        "government_position": "Chuyên viên",
    }
    values.update(fields)
    return Official.objects.create(**values)


def make_officials(unit: Unit, count: int) -> list[Official]:
    """Many officials at once, with a comparison group each (for query-count tests)."""
    group = make_group()
    people = []
    for _n in range(count):
        number = next(_numbers)
        official = Official(
            code=f"T{number:05d}",
            gender=Gender.FEMALE,
            date_of_birth=date(1980, 1, 1),
            service_start=date(2004, 1, 1),
            expected_retirement=date(2040, 2, 1),
            management_scope=ManagementScope.LOWER,
            unit=unit,
            comparison_group=group,
            government_position="Phó Trưởng phòng",
        )
        official.set_names(f"Trần Thị Mẫu {number}")
        people.append(official)
    return Official.objects.bulk_create(people)


def assign_role(user, role: Role, unit: Unit, include_subtree: bool = True) -> RoleAssignment:
    return RoleAssignment.objects.create(
        user=user, role=role, unit=unit, include_subtree=include_subtree
    )


def framework(code: str) -> FrameworkVersion:
    """The latest version of a shipped framework (conftest imports them for every database)."""
    return FrameworkVersion.objects.filter(code=code).order_by("-version").first()


def policy(code: str = "lamdong-2026") -> PolicyVersion:
    return PolicyVersion.objects.filter(code=code).order_by("-version").first()


def make_period(year: int = 2026, quarter: int = 3, policy_code: str = "lamdong-2026") -> Period:
    return open_period(year, quarter, policy(policy_code))


# --- Tasks app: catalogues and tasks -------------------------------------------------------


def make_catalogue(unit: Unit, period: Period, products=(("Báo cáo tháng", 100, True),), *,
                   approved_by=None, version: int = 1):  # fmt: skip
    """A catalogue with (name, points, standard) products; approved when ``approved_by``."""
    from danhgia.tasks.choices import CatalogueState
    from danhgia.tasks.models import Catalogue, Product

    catalogue = Catalogue.objects.create(
        unit=unit,
        period=period,
        version=version,
        state=CatalogueState.APPROVED if approved_by else CatalogueState.DRAFT,
        approved_by=approved_by,
    )
    Product.objects.bulk_create(
        Product(catalogue=catalogue, name=name, points=points, is_standard=standard, order=n)
        for n, (name, points, standard) in enumerate(products, start=1)
    )
    return catalogue


def make_task(lead: Official, period: Period, assigning_unit: Unit, assigned_by, **fields):
    """A task on criterion B.1.2 (axis 1) of Phụ lục 5, due 15/09/2026, unless told otherwise."""
    from danhgia.tasks.models import Task

    values = {
        "title": f"Nhiệm vụ thử {next(_numbers)}",
        "product_name": "Báo cáo tháng",
        "planned_quantity": 1,
        "coefficient": 1,
        "axis": 1,
        "criterion_code": "B.1.2",
        "assigned_on": date(2026, 7, 1),
        "due_date": date(2026, 9, 15),
    }
    values.update(fields)
    return Task.objects.create(
        period=period, lead=lead, assigning_unit=assigning_unit, assigned_by=assigned_by, **values
    )


# --- Evaluations app ------------------------------------------------------------------------


def make_evaluation_period(block: Block, framework_code: str = "lamdong-2026-pl5", **kwargs):
    """An open period whose block uses ``framework_code`` (Q3/2026 under lamdong-2026)."""
    from danhgia.periods.services import assign_framework

    period = make_period(**kwargs)
    assign_framework(period, block, framework(framework_code))
    return period


#: targets for the ratio rows of Phụ lục 5 whose hint has no number ("Tỷ lệ %")
MISSING_TARGETS = {"B.1.6": Decimal(100), "B.2.4": Decimal(100), "B.3.4": Decimal(100)}


def make_evaluation(official: Official, period: Period, *, approved_by=None):
    """The official's evaluation with every target set; approved when ``approved_by``."""
    from danhgia.evaluations.models import CriterionEntry
    from danhgia.evaluations.opening import ensure_evaluation
    from danhgia.evaluations.targets import approve_targets

    evaluation = ensure_evaluation(official, period)
    for code, target in MISSING_TARGETS.items():
        CriterionEntry.objects.filter(
            evaluation=evaluation, code=code, target_low__isnull=True
        ).update(target_low=target)
    if approved_by is not None:
        propose_as_stored(evaluation)
        approve_targets(evaluation, approved_by)
    evaluation.refresh_from_db()
    return evaluation


def propose_as_stored(evaluation) -> None:
    """The official's proposal of the targets as stored (saved by the system): targets never
    proposed are not approved."""
    from danhgia.evaluations.targets import propose_targets

    evaluation.refresh_from_db(fields=["lock_version"])
    propose_targets(evaluation, {}, evaluation.lock_version, None)
    evaluation.refresh_from_db(fields=["lock_version"])


def make_admin_records(world, model) -> None:
    """A record of ``model`` for the admin's record page when the usual setup makes none."""
    if model._meta.label_lower == "periods.holiday":
        from danhgia.periods.models import Holiday

        Holiday.objects.create(day=date(2026, 9, 2), name="Quốc khánh")
    if model._meta.app_label == "evaluations":
        from danhgia.evaluations.models import Evidence

        period = make_evaluation_period(world.unit_a.block, quarter=2)
        evaluation = make_evaluation(world.official_a, period)
        Evidence.objects.create(
            entry=evaluation.entries.get(code="B.1.1"),
            file="evidence/evidence/khong-co-tep",
            original_name="Báo cáo.pdf",
            content_type="application/pdf",
            size=1,
            uploaded_by=world.users["official"],
        )
    if model._meta.app_label == "tasks":
        from danhgia.tasks.models import CollectiveResult, TaskEvidence

        period = make_period(2026, 2)
        catalogue = make_catalogue(world.unit_a, period, approved_by=world.users["unit_head"])
        task = make_task(
            world.official_a,
            period,
            world.unit_a,
            world.users["unit_head"],
            product=catalogue.products.first(),
        )
        TaskEvidence.objects.create(
            task=task,
            file="evidence/taskevidence/khong-co-tep",
            original_name="Báo cáo.pdf",
            content_type="application/pdf",
            size=1,
            uploaded_by=world.users["official"],
        )
        CollectiveResult.objects.create(unit=world.unit_a, period=period)
    if model._meta.app_label == "jobs":
        from django.utils import timezone

        from danhgia.jobs.models import Job
        from danhgia.jobs.worker import Worker

        Job.objects.create(
            kind="evaluations.open",
            label="Lập phiếu Quý III/2026: Sở A",
            created_by=world.users["unit_head"],
            unit=world.unit_a,
            state="failed",
            error="Không hoàn thành sau 3 lần chạy.",
            run_after=timezone.now(),
        )
        Worker("may-1:123").beat()


def close_download(response) -> None:
    """Close a streamed file response's file.

    Not ``response.close()``: that fires ``request_finished``, which closes the test database
    connection in the middle of the test on PostgreSQL.
    """
    for closer in response._resource_closers:
        closer()
    response._resource_closers.clear()
