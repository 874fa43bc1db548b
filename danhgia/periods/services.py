"""Opening and closing periods, choosing their frameworks, and what is due from whom."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danhgia.access import Scope
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.organisation.choices import Role
from danhgia.organisation.models import Block
from danhgia.rules.models import FrameworkVersion, PolicyVersion
from danhgia.rules.services import latest_valid_framework

from .choices import DueState, PeriodState
from .models import Deadline, Period, PeriodFramework

#: days before a deadline from which it shows as "soon"
SOON_DAYS = 7


class NoUsableFramework(Exception):
    """Neither the block's own framework nor the fallback has a valid version."""


def open_period(year: int, quarter: int, policy_version: PolicyVersion, *, actor=None) -> Period:
    """Create an open period; its deadlines come from the policy."""
    with transaction.atomic():
        period = Period.objects.create(year=year, quarter=quarter, policy_version=policy_version)
        log_action(
            actor,
            AuditAction.PERIOD_OPENED,
            period,
            after={"policy": str(policy_version), "deadlines": period.deadlines.count()},
        )
    return period


def close_period(period: Period, *, actor=None) -> Period:
    with transaction.atomic():
        period.state = PeriodState.CLOSED
        period.save(update_fields=["state"])
        log_action(
            actor,
            AuditAction.PERIOD_CLOSED,
            period,
            before={"state": PeriodState.OPEN},
            after={"state": PeriodState.CLOSED},
        )
    return period


def assign_framework(
    period: Period, block: Block, framework_version: FrameworkVersion, *, actor=None
) -> PeriodFramework:
    """Use ``framework_version`` for the block's people in the period (refused unless valid)."""
    with transaction.atomic():
        mapping, _created = PeriodFramework.objects.get_or_create(
            period=period, block=block, defaults={"framework_version": framework_version}
        )
        if mapping.framework_version_id != framework_version.pk:
            mapping.framework_version = framework_version
            mapping.save()
        log_action(
            actor,
            AuditAction.PERIOD_FRAMEWORK_ASSIGNED,
            mapping,
            after={"block": block.code, "framework": str(framework_version)},
        )
    return mapping


def assign_block_frameworks(
    period: Period, blocks: Iterable[Block], *, fallback_code: str, actor=None
) -> list[PeriodFramework]:
    """Give each block the latest valid version of its appendix's framework, else the fallback.

    Decision (SPEC §12): Lâm Đồng's Phụ lục 1 and 2 do not add up and 3, 4, 6 are drafts, so a
    period cannot use them; their blocks use the fallback (central Phụ lục 3) until an
    administrator completes them.
    """
    fallback = latest_valid_framework(fallback_code)
    mappings = []
    for block in blocks:
        version = latest_valid_framework(block.framework_code) if block.framework_code else None
        version = version or fallback
        if version is None:
            raise NoUsableFramework(
                _("Không có phiên bản hợp lệ của %(code)s cho khối %(block)s.")
                % {"code": block.framework_code or fallback_code, "block": block}
            )
        mappings.append(assign_framework(period, block, version, actor=actor))
    return mappings


def current_period() -> Period | None:
    """The latest open period (the quarter being evaluated), if any."""
    return (
        Period.objects.filter(state=PeriodState.OPEN)
        .select_related("policy_version")
        .prefetch_related("deadlines")
        .order_by("-year", "-quarter")
        .first()
    )


def due_state(due_date: date, today: date) -> DueState:
    if due_date < today:
        return DueState.PAST
    if due_date == today:
        return DueState.TODAY
    if (due_date - today).days <= SOON_DAYS:
        return DueState.SOON
    return DueState.LATER


@dataclass(frozen=True)
class CalendarRow:
    deadline: Deadline
    state: DueState
    days_left: int


def calendar_rows(period: Period, today: date | None = None) -> list[CalendarRow]:
    """The period's deadlines in date order, each with where it stands today."""
    today = today or timezone.localdate()
    return [
        CalendarRow(d, due_state(d.due_date, today), (d.due_date - today).days)
        for d in period.deadlines.all()
    ]


@dataclass(frozen=True)
class DueItem:
    """One thing due from the user in the period, with the calendar row that applies (if any)."""

    role: Role
    label: str
    scope: str
    row: CalendarRow | None
    #: the duty's first deadline key ("decision"), so that counts can be attached to it
    duty: str = ""
    #: what concretely waits for the user under this duty ("5 phiếu chờ quyết định")
    waiting: tuple = ()
    #: where the user does it, when it is one page (the official's own self-assessment)
    url: str = ""

    @property
    def deadline(self) -> Deadline | None:
        return self.row.deadline if self.row else None

    @property
    def state(self) -> DueState | None:
        return self.row.state if self.row else None

    @property
    def days_left(self) -> int | None:
        return self.row.days_left if self.row else None


@dataclass(frozen=True)
class Duty:
    """What a role must do in a quarter; the first of ``keys`` the policy dates applies.

    An ``optional`` duty exists only in some policies (Lào Cai's "next tasks") and is listed
    only when the period's policy dates it.
    """

    role: Role
    label: str
    keys: tuple[str, ...]
    optional: bool = False


DUTIES = (
    Duty(Role.OFFICIAL, _("Tự đánh giá, chấm điểm và đề xuất xếp loại"), ("self_assessment",)),
    Duty(
        Role.UNIT_LEADERSHIP,
        _("Xem xét bản tự đánh giá của cán bộ, nhận xét và đề xuất xếp loại"),
        ("review", "dossier"),
    ),
    Duty(
        Role.UNIT_SECRETARY,
        _("Tổng hợp kết quả tập thể (Phụ lục 7) và gửi hồ sơ đánh giá"),
        ("dossier",),
    ),
    Duty(
        Role.ASSIGNING_AGENCY,
        _("Kiểm tra, xác nhận kết quả các nhiệm vụ đã giao"),
        ("verification", "dossier"),
    ),
    Duty(Role.ASSIGNING_AGENCY, _("Giao nhiệm vụ quý sau"), ("next_tasks",), optional=True),
    Duty(
        Role.APPRAISER,
        _("Thẩm định hồ sơ, điểm số và đề xuất xếp loại"),
        ("appraisal", "decision"),
    ),
    Duty(
        Role.APPRAISER,
        _("Báo cáo kết quả đánh giá về Trung ương"),
        ("report_centre",),
        optional=True,
    ),
    Duty(Role.AUTHORITY, _("Quyết định xếp loại"), ("decision",)),
)


def due_items(scopes: list[Scope], calendar: list[CalendarRow]) -> list[DueItem]:
    """What is due from a user holding ``scopes``, given the period's calendar; soonest first.

    A duty whose deadline the policy does not give is still listed, without a date (unless it
    is optional), so that nobody reads an empty list as "nothing to do".
    """
    rows = {row.deadline.key: row for row in calendar}
    roles: dict[Role, list[str]] = {}
    for scope in scopes:
        roles.setdefault(scope.role, []).append(scope.unit.name)
    items = []
    for duty in DUTIES:
        if duty.role not in roles:
            continue
        row = next((rows[k] for k in duty.keys if k in rows), None)
        if row is None and duty.optional:
            continue
        scope = ", ".join(dict.fromkeys(roles[duty.role]))
        items.append(DueItem(duty.role, str(duty.label), scope, row, duty.keys[0]))
    return sorted(items, key=lambda i: i.deadline.due_date if i.deadline else date.max)
