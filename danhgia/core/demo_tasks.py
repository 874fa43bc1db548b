"""Demo tasks: Sở Tài chính's approved catalogue and a quarter of tasks for its people.

The account ``canbo`` (a deputy director of Sở Tài chính) gets tasks in the open quarter linked to
criteria of Phụ lục 5 that accept tasks: some verified, one completed late, one ad-hoc, one still
open and one due after the quarter's cut-off (it will be carried over). A few other people of
the department and its divisions get tasks too, so that Phụ lục 7 has something to show.
The dates below are written for Q3/2026 and carried into the open quarter (``demo_calendar``).
Idempotent: nothing is written when the catalogue exists.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from danhgia.organisation.choices import LeadershipRole
from danhgia.organisation.models import Official, Unit
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period
from danhgia.tasks.choices import CatalogueState, TaskSource, TaskState
from danhgia.tasks.models import Catalogue, Product, Task

from .demo_calendar import DemoCalendar, default_today, quarter_words

UNIT_CODE = "so-tai-chinh"
ASSIGNED_ON = date(2026, 7, 3)

# (name, kind, submission level, complexity, points, standard)
PRODUCTS = (
    ("Báo cáo tháng", "Báo cáo định kỳ", "Giám đốc Sở", "Thường xuyên, số liệu trong ngành", 100,
     True),
    ("Báo cáo quý", "Báo cáo thống kê, tổng hợp", "UBND tỉnh", "Tổng hợp nhiều lĩnh vực", 120,
     False),
    ("Tờ trình UBND tỉnh", "Tờ trình, dự thảo văn bản", "UBND tỉnh",
     "Phải lấy ý kiến các sở, ngành; tác động toàn tỉnh", 150, False),
    ("Đề án trình Tỉnh ủy", "Đề án, chương trình", "Ban Thường vụ Tỉnh ủy",
     "Phức tạp, liên ngành; tác động dài hạn", 200, False),
)  # fmt: skip

# (who, title, product, planned, criterion, axis, due, delivered, completed, factors, extra)
# who: "canbo", "deputy1" / "deputy2" (the department's other deputies) or a division's code
# without the department's prefix (its head).
TASKS = (
    ("canbo",
     "Báo cáo tình hình thực hiện dự toán ngân sách nhà nước tháng {m1} và tháng {m2}/{year}",
     "Báo cáo tháng", 2, "B.1.2", 1, date(2026, 9, 10), 2, date(2026, 9, 5), (1, 1, 1), {}),
    ("canbo", "Báo cáo quyết toán ngân sách địa phương {previous}",
     "Báo cáo quý", 1, "B.1.2", 1, date(2026, 7, 31), 1, date(2026, 7, 30),
     ("1.2", 1, 1), {}),
    ("canbo", "Tờ trình UBND tỉnh phương án phân bổ kế hoạch vốn đầu tư công năm {next_year}",
     "Tờ trình UBND tỉnh", 1, "B.1.4", 1, date(2026, 8, 15), 1, date(2026, 8, 22), None,
     {"is_key": True}),
    ("canbo", "Báo cáo nhanh thiệt hại do mưa lũ và đề xuất kinh phí khắc phục hậu quả",
     "Tờ trình UBND tỉnh", 1, "B.1.5", 1, date(2026, 8, 20), 1, date(2026, 8, 18), None,
     {"source": TaskSource.AD_HOC}),
    ("canbo", "Đề án sắp xếp, xử lý nhà, đất dôi dư sau sắp xếp đơn vị hành chính",
     "Đề án trình Tỉnh ủy", 1, "B.1.4", 1, date(2026, 9, 30), None, None, None,
     {"is_key": True}),
    ("canbo",
     "Đề án tự chủ tài chính của đơn vị sự nghiệp công lập giai đoạn {next_year}–{later_year}",
     "Đề án trình Tỉnh ủy", 1, "B.1.4", 1, date(2026, 10, 15), None, None, None, {}),
    ("deputy1", "Tờ trình UBND tỉnh bảng giá đất điều chỉnh áp dụng từ năm {next_year}",
     "Tờ trình UBND tỉnh", 1, "B.1.1", 1, date(2026, 8, 31), 1, date(2026, 8, 28), (1, 1, 1),
     {}),
    ("deputy2", "Báo cáo tình hình giải ngân vốn đầu tư công {quarter}",
     "Báo cáo quý", 1, "B.1.6", 1, date(2026, 9, 25), None, None, None, {}),
    ("phong-quan-ly-ngan-sach", "Báo cáo tình hình thu, chi ngân sách hằng tháng",
     "Báo cáo tháng", 3, "B.1.2", 1, date(2026, 9, 30), 3, date(2026, 9, 29), None, {}),
    ("phong-quan-ly-gia-va-cong-san",
     "Báo cáo kết quả kiểm tra việc quản lý, sử dụng tài sản công tại các sở, ngành",
     "Báo cáo quý", 1, "B.2.3", 2, date(2026, 9, 15), 1, date(2026, 9, 16), None, {}),
)  # fmt: skip


def seed_demo_tasks(cal: DemoCalendar | None = None) -> int:
    """Create the catalogue and the tasks unless the catalogue exists; returns the tasks made."""
    cal = cal or DemoCalendar(default_today())
    unit = Unit.objects.filter(code=UNIT_CODE).first()
    period = Period.objects.filter(state=PeriodState.OPEN).order_by("-year", "-quarter").first()
    if unit is None or period is None or Catalogue.objects.filter(unit=unit).exists():
        return 0
    director = get_user_model().objects.filter(username="truongdonvi").first()
    catalogue = Catalogue.objects.create(
        unit=unit,
        period=period,
        state=CatalogueState.APPROVED,
        approved_by=director,
        approved_at=cal.at(datetime(2026, 7, 1, 8, 30)),
        note=f"Danh mục sản phẩm, công việc của Sở Tài chính áp dụng từ {quarter_words(period)}.",
    )
    products = {
        p.name: p
        for p in Product.objects.bulk_create(
            Product(
                catalogue=catalogue,
                name=name,
                kind=kind,
                submission_level=level,
                complexity=complexity,
                points=Decimal(points),
                is_standard=standard,
                order=order,
            )
            for order, (name, kind, level, complexity, points, standard) in enumerate(
                PRODUCTS, start=1
            )
        )
    }
    standard = Decimal(PRODUCTS[0][4])
    names = title_words(period)
    people = _people(unit)
    tasks = []
    for who, title, product, planned, code, axis, due, delivered, done, factors, extra in TASKS:
        lead = people.get(who)
        if lead is None or director is None:
            continue
        task = Task(
            period=period,
            lead=lead,
            assigning_unit=unit,
            assigned_by=director,
            title=title.format(**names),
            responsibility="Chủ trì thực hiện; chịu trách nhiệm trước Giám đốc Sở",
            authority="Giám đốc Sở Tài chính",
            product=products[product],
            product_name=product,
            planned_quantity=Decimal(planned),
            coefficient=products[product].coefficient(standard),
            axis=axis,
            criterion_code=code,
            assigned_on=cal.moved(ASSIGNED_ON),
            due_date=cal.task_dates(due, done)[0],
            delivered_quantity=None if delivered is None else Decimal(delivered),
            completed_on=cal.task_dates(due, done)[1],
            state=TaskState.REPORTED if done else TaskState.ASSIGNED,
            **extra,
        )
        if factors:
            task.quality, task.timeliness, task.leadership = (Decimal(str(f)) for f in factors)
            task.state = TaskState.VERIFIED
            task.verified_by = director
            task.verified_at = cal.at(datetime(2026, 9, 28, 15, 0))
        tasks.append(task)
    Task.objects.bulk_create(tasks)
    return len(tasks)


def title_words(period: Period) -> dict[str, str]:
    """The words of the quarter the tasks' titles name ("quý III/2026", "tháng 7", "2027")."""
    year, quarter = period.year, period.quarter
    before = (
        Period(year=year, quarter=quarter - 1) if quarter > 1 else Period(year=year - 1, quarter=4)
    )
    return {
        "m1": str(quarter * 3 - 2),
        "m2": str(quarter * 3 - 1),
        "year": str(year),
        "next_year": str(year + 1),
        "later_year": str(year + 4),
        "quarter": quarter_words(period),
        "previous": quarter_words(before),
    }


def _people(unit: Unit) -> dict[str, Official]:
    """canbo, the department's other deputies, the heads of its divisions."""
    people: dict[str, Official] = {}
    deputies = list(
        Official.objects.filter(unit=unit, leadership_role=LeadershipRole.DEPUTY)
        .exclude(user__username="canbo")
        .order_by("code")
    )
    canbo = Official.objects.filter(user__username="canbo").first()
    if canbo is not None:
        people["canbo"] = canbo
    for head in Official.objects.filter(
        unit__parent=unit, leadership_role=LeadershipRole.HEAD
    ).select_related("unit"):
        people[head.unit.code.removeprefix(f"{unit.code}-")] = head
    for number, deputy in enumerate(deputies, start=1):
        people[f"deputy{number}"] = deputy
    return people
