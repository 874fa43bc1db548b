"""The demo data: a fictional province with its people, quarters and demo accounts.

The province lives on the day it is seeded (``today``, ``demo_calendar``): the quarter
containing it is open, with work waiting for every demo account, and the two quarters before
it are decided, published and closed (``demo_history``). Idempotent within a quarter: when the
province exists and its open quarter contains today, nothing is written; once today has moved
into a later quarter, ``reset=True`` (``seed_demo --reset``) rebuilds it (docs/decisions.md).
A fixed random seed makes every run produce the same people. Rows are bulk-created.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.decisions.models import Decision
from danhgia.dossiers.models import Dossier
from danhgia.evaluations.models import Evaluation
from danhgia.names import split_full_name
from danhgia.organisation.choices import LeadershipRole, Role
from danhgia.organisation.models import (
    Absence,
    Block,
    ComparisonGroup,
    Official,
    PositionHistory,
    RoleAssignment,
    Unit,
)
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period
from danhgia.periods.services import assign_block_frameworks, open_period
from danhgia.review.models import StageScore
from danhgia.rules.models import PolicyVersion
from danhgia.rules.services import ImportReport, import_shipped_rules
from danhgia.tasks.models import Task

from . import demo_data as data
from .demo_calendar import DemoCalendar, default_today
from .demo_evaluations import seed_demo_evaluations
from .demo_history import seed_history, seed_open_quarter
from .demo_people import PeopleMixin
from .demo_review import seed_demo_review
from .demo_scale import seed_scale
from .demo_tasks import seed_demo_tasks
from .demo_times import backdate

SEED = 2026
#: the post of the demo's approver of the director's targets (``lanhdaotinh``)
APPROVER_POST = "Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh"


@dataclass
class SeedReport:
    created: bool
    rules: ImportReport
    counts: dict[str, int] = field(default_factory=dict)
    stale: Period | None = None  # the demo's open quarter when today lies in a later one

    def summary(self) -> str:
        lines = [self.rules.summary()]
        if self.stale is not None:
            lines.append(
                _(
                    "Dữ liệu mẫu đang mở %(period)s, không chứa ngày hôm nay: chạy lại "
                    "seed_demo --reset để dựng lại tỉnh mẫu theo ngày hôm nay."
                )
                % {"period": self.stale}
            )
        elif not self.created:
            lines.append(
                _("Dữ liệu mẫu (%(province)s) đã có sẵn: không thay đổi gì.")
                % {"province": data.PROVINCE_NAME}
            )
        else:
            lines.append(
                _(
                    "Đã tạo dữ liệu mẫu %(province)s: %(units)d đơn vị, %(officials)d cán bộ, "
                    "%(groups)d nhóm so sánh, %(periods)d kỳ đánh giá, %(accounts)d tài khoản "
                    "(mật khẩu: %(password)s)."
                )
                % {"province": data.PROVINCE_NAME, "password": data.DEMO_PASSWORD, **self.counts}
            )
            lines.append(
                _(
                    "Quý đang mở: %(evaluations)d phiếu đánh giá, %(tasks)d nhiệm vụ, "
                    "%(stage_scores)d điểm theo bước, %(dossiers)d hồ sơ đơn vị."
                )
                % self.counts
            )
            lines.append(
                _("Hai quý trước: %(decisions)d quyết định xếp loại, đã công khai.") % self.counts
            )
        return "\n".join(lines)


def seed_demo(
    *, small: bool = False, officials: int = 0, today: date | None = None, reset: bool = False
) -> SeedReport:
    """Create the demo province unless it exists; ``small`` keeps a few units per block (tests).

    ``today`` (default: the local date) places the quarters: the one containing it is open, the
    two before it decided and published. ``officials`` above the demo's own size grows the
    province to that many people with generated communes and their open quarter
    (``demo_scale``); below it changes nothing. ``reset`` rebuilds a demo whose open quarter
    no longer contains ``today`` (everything in the database is deleted first).
    """
    cal = DemoCalendar(today or default_today())
    rules = import_shipped_rules()
    if Unit.objects.filter(code=data.PROVINCE_CODE).exists():
        year, quarter = cal.open_quarter
        live = Period.objects.filter(year=year, quarter=quarter, state=PeriodState.OPEN).exists()
        if not live and not reset:
            stale = Period.objects.filter(state=PeriodState.OPEN).order_by("-year").first()
            return SeedReport(created=False, rules=rules, stale=stale or Period(year=0, quarter=1))
        if live:
            seed_demo_tasks(cal)  # a province seeded before the tasks app existed gets its tasks
            seed_demo_evaluations(cal)  # likewise for the evaluations of the open quarter
            seed_demo_review(cal)  # and for the verification, review and appraisal steps
            return SeedReport(created=False, rules=rules)
        _wipe()
        rules = import_shipped_rules()
    with transaction.atomic():
        started = timezone.now()
        counts = _Builder(small, cal).build()
        if officials > counts["officials"]:
            counts.update(seed_scale(officials, cal))
        counts |= _open_quarter_counts(cal)
        _refresh_statistics()  # before the backdating's joins over the bulk-loaded rows
        backdate(cal, started)  # the history at the story's moments (D26)
        log_action(None, AuditAction.DEMO_SEEDED, after=counts, note=data.PROVINCE_NAME)
    return SeedReport(created=True, rules=rules, counts=counts)


def _open_quarter_counts(cal: DemoCalendar) -> dict[str, int]:
    """The summary's figures: the open quarter's records and the published quarters' decisions."""
    year, quarter = cal.open_quarter
    period = Period.objects.get(year=year, quarter=quarter)
    return {
        "evaluations": Evaluation.objects.filter(period=period).count(),
        "tasks": Task.objects.filter(period=period).count(),
        "stage_scores": StageScore.objects.filter(evaluation__period=period).count(),
        "dossiers": Dossier.objects.filter(period=period).count(),
        "decisions": Decision.objects.exclude(evaluation__period=period).count(),
    }


def _refresh_statistics() -> None:
    """On PostgreSQL, gather the planner's statistics of the rows just bulk-loaded.

    The seed runs in one transaction, so autovacuum cannot analyse its tables: without this the
    planner takes the audit log and the evaluations for nearly empty and joins them in nested
    loops, which made ``backdate`` take minutes at 20 000 officials. ANALYZE sees the
    transaction's own rows and takes a second or two.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _wipe() -> None:
    """Empty the database (the demo's, being rebuilt for a later quarter)."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def unit_slug(name: str) -> str:
    """An ASCII code for a Vietnamese name ("Đồi Thông" → "doi-thong")."""
    return slugify(name.replace("Đ", "D").replace("đ", "d"))


class _Builder(PeopleMixin):
    def __init__(self, small: bool, cal: DemoCalendar | None = None) -> None:
        self.small = small
        self.cal = cal or DemoCalendar(default_today())
        #: the day the demo's ages and appointments are counted from
        self.reference_day = self.cal.first_day
        self.rng = random.Random(SEED)
        self.officials: list[Official] = []
        self.history: list[PositionHistory] = []
        self.absences: list[Absence] = []
        self.first_code = 1  # number of the first official's code (LH00001)

    def build(self) -> dict[str, int]:
        blocks = {
            code: block
            for code, block in zip(
                (b[0] for b in data.BLOCKS),
                Block.objects.bulk_create(
                    Block(code=code, name=name, framework_code=framework, order=i)
                    for i, (code, name, framework) in enumerate(data.BLOCKS, start=1)
                ),
                strict=True,
            )
        }
        self.groups = {
            g.code: g
            for g in ComparisonGroup.objects.bulk_create(
                ComparisonGroup(code=code, name=name) for code, name in data.COMPARISON_GROUPS
            )
        }
        root = Unit.objects.create(code=data.PROVINCE_CODE, name=data.PROVINCE_NAME)
        specs = self._unit_specs()
        top = self._create_units(root, specs["top"], blocks)
        front = next(u for u in top if u.code == data.FRONT.code)
        self._create_units(front, specs["mass"], blocks)
        units = {u.code: u for u in Unit.objects.select_related("block")}

        for spec in specs["top"] + specs["mass"]:
            self._staff(units[spec.code], spec.posts)
        self._create_divisions(specs["top"], units)

        Official.objects.bulk_create(self.officials)
        PositionHistory.objects.bulk_create(self.history)
        self._long_leave()
        Absence.objects.bulk_create(self.absences)
        accounts = self._accounts(root)
        past, current = self._periods(list(blocks.values()))
        seed_history(self.cal, past, self.officials, self.history, self.absences)
        tasks = seed_demo_tasks(self.cal)
        evaluations = seed_demo_evaluations(self.cal)
        seed_demo_review(self.cal)
        seed_open_quarter(self.cal, current, self.officials, self.history, self.absences)
        return {
            "units": Unit.objects.count(),
            "officials": len(self.officials),
            "groups": len(self.groups),
            "periods": len(past) + 1,
            "accounts": accounts,
            "tasks": tasks,
            "evaluations": evaluations,
        }

    def _unit_specs(self) -> dict[str, list[data.UnitSpec]]:
        wards, communes = data.WARDS, data.COMMUNES
        agencies, departments = data.PARTY_AGENCIES, data.DEPARTMENTS
        mass, council = data.MASS_ORGANISATIONS, data.COUNCIL
        if self.small:
            wards, communes = wards[:1], communes[:2]
            agencies, departments = agencies[:1], departments[:2]
            mass, council = mass[:1], council[:1]
        local = [
            data.UnitSpec(
                f"{kind_code}-{unit_slug(name)}",
                f"{kind.capitalize()} {name}",
                "xa-phuong",
                data.commune_posts(kind),
            )
            for names, kind, kind_code in ((wards, "phường", "phuong"), (communes, "xã", "xa"))
            for name in names
        ]
        top = [data.STANDING, *agencies, *departments, data.FRONT, *council, *local]
        return {"top": top, "mass": list(mass)}

    def _create_units(self, parent: Unit, specs, blocks) -> list[Unit]:
        units = []
        for order, spec in enumerate(specs, start=1):
            unit = Unit(
                code=spec.code,
                name=spec.name,
                parent=parent,
                block=blocks[spec.block],
                order=order,
            )
            unit.path = unit.build_path()
            units.append(unit)
        return Unit.objects.bulk_create(units)

    def _create_divisions(self, specs, units) -> None:
        divisions = []
        for spec in specs:
            parent = units[spec.code]
            for order, name in enumerate(spec.divisions, start=1):
                unit = Unit(
                    code=f"{spec.code}-{unit_slug(name)}",
                    name=f"{name}, {spec.name}",
                    parent=parent,
                    block=parent.block,
                    order=order,
                )
                unit.path = unit.build_path()
                divisions.append((unit, name))
        Unit.objects.bulk_create(unit for unit, _name in divisions)
        for unit, name in divisions:
            head, deputy = _division_titles(name)
            self._staff(
                unit,
                (
                    data.Post(government=head, role=LeadershipRole.HEAD, group="truong-phong"),
                    data.Post(
                        government=deputy, role=LeadershipRole.DEPUTY, group="pho-truong-phong"
                    ),
                ),
            )

    def _accounts(self, root: Unit) -> int:
        """The demo accounts of the quick start, all with the demo password."""
        password = make_password(data.DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
        finance = Official.objects.filter(unit__code="so-tai-chinh")
        people = {
            "canbo": finance.filter(leadership_role=LeadershipRole.DEPUTY).order_by("code").first(),
            "truongdonvi": finance.get(leadership_role=LeadershipRole.HEAD),
            "thamdinh": Official.objects.get(
                unit__code=f"ban-to-chuc-{unit_slug('Phòng Tổ chức – Cán bộ')}",
                leadership_role=LeadershipRole.HEAD,
            ),
            "thuongvu": Official.objects.get(party_position="Phó Bí thư Thường trực Tỉnh ủy"),
            # approves the targets of Sở Tài chính's director, whom nobody else above him may
            "lanhdaotinh": Official.objects.get(government_position=APPROVER_POST),
            "quantri": None,
        }
        User = get_user_model()
        for username, official in people.items():
            # notices go out by e-mail too (the console backend in the demo)
            user = User(username=username, password=password, email=data.demo_email(username))
            if official is not None:
                user.last_name, user.first_name = split_full_name(official.full_name)
            else:
                user.first_name = "Quản trị viên"
                user.is_staff = user.is_superuser = True
            user.save()
            if official is not None:
                official.user = user
                official.save(update_fields=["user"])
            people[username] = user
        finance_unit = Unit.objects.get(code="so-tai-chinh")
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(
                    user=people["truongdonvi"], role=Role.UNIT_LEADERSHIP, unit=finance_unit
                ),
                RoleAssignment(user=people["thamdinh"], role=Role.APPRAISER, unit=root),
                RoleAssignment(user=people["thuongvu"], role=Role.AUTHORITY, unit=root),
                RoleAssignment(
                    user=people["lanhdaotinh"],
                    role=Role.UNIT_LEADERSHIP,
                    unit=finance_unit,
                    include_subtree=False,
                    note="Lãnh đạo tỉnh phụ trách: duyệt mục tiêu của Giám đốc Sở (tài khoản mẫu)",
                ),
            ]
        )
        return len(people)

    def _periods(self, blocks: list[Block]) -> tuple[list[Period], Period]:
        """The two quarters before today's (closed by ``demo_history`` once published) and
        today's quarter (open), under the Lâm Đồng policy."""
        policy = PolicyVersion.objects.filter(code=data.POLICY).order_by("-version").first()
        periods = []
        for year, quarter in [*self.cal.past_quarters, self.cal.open_quarter]:
            period = open_period(year, quarter, policy)
            assign_block_frameworks(period, blocks, fallback_code=data.FALLBACK_FRAMEWORK)
            periods.append(period)
        return periods[:-1], periods[-1]


def _division_titles(name: str) -> tuple[str, str]:
    """Head and deputy titles of a division: "Phòng X" → "Trưởng phòng X", "Phó Trưởng phòng X"."""
    if name.startswith("Văn phòng"):
        return f"Chánh {name}", f"Phó Chánh {name}"
    rest = re.sub(r"^Phòng ", "", name)
    return f"Trưởng phòng {rest}", f"Phó Trưởng phòng {rest}"
