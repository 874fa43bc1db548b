"""Small factory functions for the web tests: units, officials, accounts, roles, periods."""

from __future__ import annotations

import itertools
from datetime import date

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
