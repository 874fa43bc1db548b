"""The demo's catalogue and tasks (Sở Tài chính, the account canbo, Q3/2026)."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse

from danhgia.core.demo import seed_demo
from danhgia.core.demo_tasks import seed_demo_tasks
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.tasks.catalogues import product_rows
from danhgia.tasks.models import Catalogue, Task
from danhgia.tasks.selectors import collective_figures, person_task_figures, tasks_for_criterion
from tests.demo_day import STORY_TODAY


def test_the_demo_has_an_approved_catalogue_and_a_quarter_of_tasks(db, client):
    report = seed_demo(small=True, today=STORY_TODAY)
    q3 = Period.objects.get(year=2026, quarter=3)
    # the summary counts every task of the open quarter: Sở Tài chính's 10, the agency's 2 and
    # those of the council and the Front, whose evaluations are further on (core/demo_history.py)
    assert report.counts["tasks"] == Task.objects.filter(period=q3).count()
    personas = ("truongdonvi", "cqchutri")
    assert Task.objects.filter(period=q3, assigned_by__username__in=personas).count() == 12
    catalogue = Catalogue.objects.get(unit__code="so-tai-chinh")
    assert catalogue.is_approved
    assert [(p.name, c) for p, c in product_rows(catalogue)] == [
        ("Báo cáo tháng", Decimal("1.00")),
        ("Báo cáo quý", Decimal("1.20")),
        ("Tờ trình UBND tỉnh", Decimal("1.50")),
        ("Đề án trình Tỉnh ủy", Decimal("2.00")),
    ]
    canbo = Official.objects.get(user__username="canbo")
    # Six tasks; the one due 15/10/2026 will be carried to Q4.
    assert Task.objects.filter(lead=canbo, period=q3).count() == 6
    assert person_task_figures(canbo, q3) == (5, 4, 1)
    assert [t.is_late for t in tasks_for_criterion(canbo, q3, "B.1.4")] == [True, False]
    figures = collective_figures(Unit.objects.get(code="so-tai-chinh"), q3)
    assert (figures.tasks_total, figures.tasks_completed, figures.tasks_late) == (9, 7, 2)

    client.force_login(get_user_model().objects.get(username="canbo"))
    html = client.get(reverse("tasks:task_list")).content.decode()
    assert "Tờ trình UBND tỉnh phương án phân bổ kế hoạch vốn đầu tư công năm 2027" in html
    assert "Sẽ chuyển quý sau" in html and "Chậm hạn" in html

    assert seed_demo_tasks() == 0  # idempotent
    # (the agency account of the review demo, core/demo_review.py, assigned two more)
    assert Task.objects.filter(assigned_by__username="truongdonvi").count() == 10
