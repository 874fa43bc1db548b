"""Catalogues of work products: coefficients, approval, versions per quarter (central Phụ lục 1)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.periods.services import close_period
from danhgia.tasks.assignment import TaskSpec, assign_task
from danhgia.tasks.catalogues import applicable_catalogues, create_catalogue
from danhgia.tasks.errors import TaskError
from danhgia.tasks.models import Catalogue, Task
from tests.web import factories as f
from tests.web import tasks_world


@pytest.fixture
def tw(world, tmp_path):
    with tasks_world.private_storage_at(tmp_path):
        yield tasks_world.build(world)


def _rows(catalogue, rows):
    """Formset data: existing products first (with their ids), then new rows."""
    existing = list(catalogue.products.all())
    data = {
        "products-TOTAL_FORMS": str(len(rows)),
        "products-INITIAL_FORMS": str(len(existing)),
        "products-MIN_NUM_FORMS": "0",
        "products-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"products-{n}-{key}"] = value
        data[f"products-{n}-catalogue"] = catalogue.pk
        if n < len(existing):
            data[f"products-{n}-id"] = existing[n].pk
    return data


def test_the_coefficients_are_points_over_the_standard_with_two_decimals(world, tw, login):
    catalogue = f.make_catalogue(
        world.unit_b,
        tw.period,
        (("Báo cáo tuần", 120, True), ("Văn bản hướng dẫn", 130, False)),
        version=2,
    )
    html = (
        login("admin").get(reverse("tasks:catalogue_detail", args=[catalogue.pk])).content.decode()
    )
    assert "1,00" in html and "1,08" in html  # 130 ÷ 120 = 1,0833…
    finance = login("unit_head").get(reverse("tasks:catalogue_detail", args=[tw.catalogue_a.pk]))
    rows = [(p.name, c) for p, c in finance.context["rows"]]
    assert rows == [
        ("Báo cáo tháng", Decimal("1.00")),
        ("Báo cáo quý", Decimal("1.20")),
        ("Tờ trình UBND tỉnh", Decimal("1.50")),
        ("Đề án trình Tỉnh ủy", Decimal("2.00")),
    ]


def test_the_unit_head_drafts_products_and_approves_the_catalogue(world, tw, login):
    client = login("unit_head")
    data = _rows(
        tw.draft_a,
        [
            {"order": 1, "name": "Báo cáo tháng", "points": "100", "is_standard": "on"},
            {"order": 2, "name": "Báo cáo quý", "points": "120"},
            {"order": 3, "name": "Kế hoạch kiểm tra", "points": "135,5", "kind": "Kế hoạch"},
        ],
    )
    response = client.post(reverse("tasks:catalogue_edit", args=[tw.draft_a.pk]), data)
    assert response.status_code == 302, response.context["formset"].errors
    products = {p.name: p.points for p in tw.draft_a.products.all()}
    assert products == {
        "Báo cáo tháng": Decimal(100),
        "Báo cáo quý": Decimal(120),
        "Kế hoạch kiểm tra": Decimal("135.5"),
    }
    assert AuditEntry.objects.filter(
        action="catalogue.updated", object_id=str(tw.draft_a.pk)
    ).exists()

    response = client.post(reverse("tasks:catalogue_approve", args=[tw.draft_a.pk]))

    assert response.status_code == 302
    draft = Catalogue.objects.get(pk=tw.draft_a.pk)
    assert (draft.state, draft.approved_by) == ("approved", world.users["unit_head"])
    assert draft.approved_at is not None
    assert AuditEntry.objects.filter(action="catalogue.approved", object_id=str(draft.pk)).exists()
    html = client.get(reverse("tasks:catalogue_detail", args=[draft.pk])).content.decode()
    assert "1,36" in html  # 135,5 ÷ 100 rounded half-up


def test_two_standard_products_are_refused(world, tw, login):
    data = _rows(
        tw.draft_a,
        [
            {"order": 1, "name": "Báo cáo tháng", "points": "100", "is_standard": "on"},
            {"order": 2, "name": "Báo cáo quý", "points": "120", "is_standard": "on"},
        ],
    )
    response = login("unit_head").post(reverse("tasks:catalogue_edit", args=[tw.draft_a.pk]), data)
    assert response.status_code == 200
    assert "Mỗi danh mục chỉ có một sản phẩm chuẩn." in response.content.decode()
    assert tw.draft_a.products.filter(is_standard=True).count() == 1


def test_a_catalogue_without_a_standard_product_is_not_approved(world, tw, login):
    tw.draft_a.products.update(is_standard=False)
    client = login("unit_head")
    response = client.post(reverse("tasks:catalogue_approve", args=[tw.draft_a.pk]), follow=True)
    assert "phải có đúng một sản phẩm chuẩn" in response.content.decode()
    assert Catalogue.objects.get(pk=tw.draft_a.pk).state == "draft"


def test_an_approved_catalogue_is_not_edited_in_place(world, tw, login):
    response = login("unit_head").get(
        reverse("tasks:catalogue_edit", args=[tw.catalogue_a.pk]), follow=True
    )
    assert "hãy tạo phiên bản mới" in response.content.decode()


def test_a_new_version_starts_from_the_latest_and_earlier_quarters_keep_theirs(world, tw, login):
    """Q3 used v1; v2 (approved) applies from Q4 on; Q3's tasks keep v1's coefficient."""
    Catalogue.objects.filter(pk=tw.draft_a.pk).delete()
    spec = TaskSpec(
        title="Tờ trình",
        product_name="",
        criterion_code="B.1.2",
        due_date=date(2026, 9, 1),
        assigned_on=date(2026, 7, 1),
        product=tw.product("Tờ trình UBND tỉnh"),
    )
    [q3_task] = assign_task(
        tw.period, world.unit_a, [world.official_a], spec, world.users["unit_head"]
    )
    q4 = tasks_world.open_quarter(world, 2026, 4)
    client = login("unit_head")

    response = client.post(
        reverse("tasks:catalogue_new_version", args=[tw.catalogue_a.pk]), {"period": q4.pk}
    )

    new = Catalogue.objects.get(unit=world.unit_a, version=2)
    assert response["Location"] == reverse("tasks:catalogue_edit", args=[new.pk])
    assert (new.period, new.state) == (q4, "draft")
    assert [p.name for p in new.products.all()] == [p.name for p in tw.catalogue_a.products.all()]
    entry = AuditEntry.objects.get(action="catalogue.versioned", object_id=str(new.pk))
    assert entry.after["from_version"] == 1
    new.products.filter(name="Tờ trình UBND tỉnh").update(points=180)
    client.post(reverse("tasks:catalogue_approve", args=[new.pk]))

    assert applicable_catalogues([world.unit_a], tw.period)[world.unit_a.pk] == tw.catalogue_a
    assert applicable_catalogues([world.division_a1], q4)[world.division_a1.pk] == new
    q3_task.refresh_from_db()
    assert q3_task.coefficient == Decimal("1.50")
    assert Task.objects.filter(pk=q3_task.pk, product__catalogue=tw.catalogue_a).exists()


def test_one_draft_at_a_time_and_never_before_the_applied_quarter(world, tw):
    with pytest.raises(TaskError, match="đang có dự thảo"):
        create_catalogue(world.unit_a, tw.period, world.users["unit_head"])
    q2 = f.make_period(2026, 2)
    Catalogue.objects.filter(pk=tw.draft_a.pk).delete()
    with pytest.raises(TaskError, match="trước quý của phiên bản"):
        create_catalogue(world.unit_a, q2, world.users["unit_head"])
    close_period(q2)
    with pytest.raises(TaskError, match="đã đóng"):
        create_catalogue(world.unit_b, q2, world.users["admin"])


def test_a_unit_without_a_catalogue_creates_its_first_version(world, tw, login):
    response = login("unit_head").post(
        reverse("tasks:catalogue_create"),
        {"unit": world.division_a1.pk, "period": tw.period.pk, "note": "Phòng 1"},
    )
    catalogue = Catalogue.objects.get(unit=world.division_a1)
    assert response["Location"] == reverse("tasks:catalogue_edit", args=[catalogue.pk])
    assert (catalogue.version, catalogue.state, catalogue.products.count()) == (1, "draft", 0)
    assert AuditEntry.objects.filter(
        action="catalogue.created", object_id=str(catalogue.pk)
    ).exists()


def test_the_list_shows_the_catalogues_in_scope(world, tw, login):
    response = login("official").get(reverse("tasks:catalogue_list"))
    assert list(response.context["catalogues"]) == [tw.draft_a, tw.catalogue_a]
    assert "Đã phê duyệt" in response.content.decode()
