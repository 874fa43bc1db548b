"""Demo of steps 3a-3c: an assigning agency's account with tasks waiting for its confirmation.

- ``cqchutri`` (password of the demo): the assigning agency over the province (in Lâm Đồng the
  provincial office assigns the tasks of axis 3, X.2-X.5). Not linked to an official. Its role
  reaches the whole province (the root unit) and acts as Văn phòng Tỉnh ủy, the assigning body
  its tasks name (rough edge #13); the small demo, which keeps one party agency, gets the office
  as a unit without people.
- It assigned two tasks of the open quarter on B.3.2 (digital transformation) to the head and
  a deputy of another department than Sở Tài chính, both reported (one late) and waiting for
  it on its
  "Xét duyệt" page. Sở Tài chính's own tasks were assigned by its leadership (``truongdonvi``),
  which confirms them; the demo's numbers for that department stay as they were.

With the rest of the demo, every role of the quarter has its next step: ``canbo`` self-assesses;
``truongdonvi`` confirms, reviews, records the meeting and submits the dossier; ``thamdinh``
appraises; ``thuongvu`` decides. Idempotent: nothing is written when ``cqchutri`` exists.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from danhgia.organisation.choices import LeadershipRole, Role
from danhgia.organisation.models import Block, Official, RoleAssignment, Unit
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period
from danhgia.tasks.choices import TaskState
from danhgia.tasks.models import Task

from . import demo_data as data
from .demo_calendar import DemoCalendar, default_today
from .demo_evaluations import UNIT_CODE

USERNAME = "cqchutri"
#: the party agency the account acts as (a unit of the province's ``party_agencies``)
OFFICE_CODE = "van-phong-tinh-uy"
#: (title, due, completed) for the other department's head and deputy; planned and delivered 1
TASKS = {
    LeadershipRole.HEAD: (
        "Báo cáo số hóa hồ sơ cán bộ, công chức, viên chức của ngành",
        date(2026, 9, 25),
        date(2026, 9, 24),
    ),
    LeadershipRole.DEPUTY: (
        "Cập nhật dữ liệu của ngành lên hệ thống thông tin báo cáo của tỉnh",
        date(2026, 9, 20),
        date(2026, 9, 28),
    ),
}


def seed_demo_review(cal: DemoCalendar | None = None) -> bool:
    """Create the agency's account and its tasks; False when they exist already."""
    cal = cal or DemoCalendar(default_today())
    User = get_user_model()
    root = Unit.objects.filter(code=data.PROVINCE_CODE).first()
    finance = Unit.objects.filter(code=UNIT_CODE).first()
    period = Period.objects.filter(state=PeriodState.OPEN).order_by("-year", "-quarter").first()
    if None in (root, finance, period) or User.objects.filter(username=USERNAME).exists():
        return False
    office = _office(root)
    agency = User.objects.create(
        username=USERNAME,
        password=make_password(data.DEMO_PASSWORD),
        email=data.demo_email(USERNAME),
        first_name="Văn phòng Tỉnh ủy (cơ quan chủ trì)",
    )
    RoleAssignment.objects.create(
        user=agency,
        role=Role.ASSIGNING_AGENCY,
        unit=root,
        acting_unit=office,
        note="Giao và xác nhận nhiệm vụ về chuyển đổi số (tài khoản mẫu)",
    )
    leads = _leads(finance)
    Task.objects.bulk_create(
        Task(
            period=period,
            lead=leads[role],
            assigning_unit=office,
            assigned_by=agency,
            title=title,
            responsibility="Chủ trì; báo cáo Văn phòng Tỉnh ủy",
            authority="Văn phòng Tỉnh ủy",
            product_name="Báo cáo quý",
            planned_quantity=Decimal(1),
            axis=3,
            criterion_code="B.3.2",
            assigned_on=cal.moved(date(2026, 7, 6)),
            due_date=cal.task_dates(due, done)[0],
            delivered_quantity=Decimal(1),
            completed_on=cal.task_dates(due, done)[1],
            state=TaskState.REPORTED,
        )
        for role, (title, due, done) in TASKS.items()
        if role in leads
    )
    return True


def _office(root: Unit) -> Unit:
    """Văn phòng Tỉnh ủy: the demo's unit, or (small demo) a new one beside the party agencies."""
    office = Unit.objects.filter(code=OFFICE_CODE).first()
    if office is not None:
        return office
    spec = next(u for u in data.PARTY_AGENCIES if u.code == OFFICE_CODE)
    block = Block.objects.filter(code=spec.block).first()
    last = root.children.order_by("-order").values_list("order", flat=True).first() or 0
    return Unit.objects.create(
        code=spec.code, name=spec.name, parent=root, block=block, order=last + 1
    )


def _leads(finance: Unit) -> dict[str, Official]:
    """The head and first deputy of the first other department (by code) of the same block."""
    other = (
        Unit.objects.filter(block=finance.block, parent=finance.parent)
        .exclude(pk=finance.pk)
        .order_by("code")
        .first()
    )
    if other is None:
        return {}
    leads = {}
    for role in TASKS:
        lead = Official.objects.filter(unit=other, leadership_role=role).order_by("code").first()
        if lead is not None:
            leads[role] = lead
    return leads
