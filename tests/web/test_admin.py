"""The Django admin: every configuration page works, in Vietnamese; used rules are read-only."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from danhgia.periods.services import assign_framework, close_period
from danhgia.rules.models import FrameworkVersion
from tests.web import factories as f

MODELS = [model for model in admin.site._registry]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label_lower)
def test_every_admin_list_works_for_the_administrator(world, login, model):
    f.make_period()
    opts = model._meta
    response = login("admin").get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label_lower)
def test_every_admin_record_page_works(world, login, model):
    f.make_period()
    f.make_group()
    Group.objects.create(name="Nhóm quyền thử")
    f.make_admin_records(world, model)
    opts = model._meta
    obj = model._default_manager.first()
    response = login("admin").get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert response.status_code == 200


def test_the_admin_speaks_vietnamese(world, login):
    page = login("admin").get(reverse("admin:index")).content.decode()
    assert "Quản trị hệ thống đánh giá cán bộ hằng quý" in page
    assert "Tổ chức và cán bộ" in page
    assert "Khung chấm điểm và chính sách" in page


def test_every_model_field_has_a_vietnamese_verbose_name():
    from django.apps import apps

    for app in ("audit", "organisation", "rules", "periods"):
        for model in apps.get_app_config(app).get_models():
            assert model._meta.verbose_name != model.__name__.lower(), model
            assert str(model._meta.verbose_name_plural) != f"{model._meta.verbose_name}s", model
            for field in model._meta.get_fields():
                if field.concrete and not field.auto_created:
                    name = str(field.verbose_name)
                    assert name != field.name.replace("_", " "), (model, field.name)


def test_a_framework_used_by_a_period_is_read_only_in_the_admin(world, login):
    version = f.framework("lamdong-2026-pl5")
    assign_framework(f.make_period(), world.unit_a.block, version)
    client = login("admin")
    url = reverse("admin:rules_frameworkversion_change", args=[version.pk])
    page = client.get(url).content.decode()
    assert 'name="content"' not in page
    assert (
        client.get(reverse("admin:rules_frameworkversion_delete", args=[version.pk])).status_code
        == 403
    )


def test_an_unused_framework_can_be_edited_in_the_admin(world, login):
    version = f.framework("lamdong-2026-pl3")
    page = (
        login("admin")
        .get(reverse("admin:rules_frameworkversion_change", args=[version.pk]))
        .content.decode()
    )
    assert 'name="content"' in page


def test_the_copy_action_makes_a_new_version(world, login):
    version = f.framework("lamdong-2026-pl5")
    login("admin").post(
        reverse("admin:rules_frameworkversion_changelist"),
        {"action": "make_new_version", "_selected_action": [version.pk]},
    )
    assert FrameworkVersion.objects.filter(code=version.code, version=2).exists()


def test_the_admin_refuses_an_invalid_framework_for_a_period(world, login):
    period = f.make_period()
    url = reverse("admin:periods_period_change", args=[period.pk])
    data = {
        "year": 2026,
        "quarter": 3,
        "policy_version": period.policy_version.pk,
        "state": "open",
        "frameworks-TOTAL_FORMS": 1,
        "frameworks-INITIAL_FORMS": 0,
        "frameworks-0-block": world.unit_a.block.pk,
        "frameworks-0-framework_version": f.framework("lamdong-2026-pl1").pk,
        "deadlines-TOTAL_FORMS": 0,
        "deadlines-INITIAL_FORMS": 0,
    }
    response = login("admin").post(url, data)
    assert response.status_code == 200
    assert "chỉ dùng được khung hợp lệ" in response.content.decode()
    assert not period.frameworks.exists()


def test_adding_a_period_in_the_admin_computes_its_deadlines(world, login):
    data = {
        "year": 2026,
        "quarter": 4,
        "policy_version": f.policy("laocai-2026").pk,
        "state": "open",
        "frameworks-TOTAL_FORMS": 0,
        "frameworks-INITIAL_FORMS": 0,
        "deadlines-TOTAL_FORMS": 0,
        "deadlines-INITIAL_FORMS": 0,
    }
    response = login("admin").post(reverse("admin:periods_period_add"), data)
    assert response.status_code == 302
    from danhgia.periods.models import Period

    period = Period.objects.get(year=2026, quarter=4)
    assert period.deadlines.count() == 5


def test_a_closed_period_is_read_only_in_the_admin(world, login):
    period = f.make_period()
    close_period(period)
    page = login("admin").get(reverse("admin:periods_period_change", args=[period.pk]))
    assert 'name="policy_version"' not in page.content.decode()


def test_the_administrator_completes_a_draft_in_the_admin(world, login):
    import json

    draft = f.framework("lamdong-2026-pl3")
    completed = {**f.framework("lamdong-2026-pl5").content, "id": draft.code}
    url = reverse("admin:rules_frameworkversion_change", args=[draft.pk])
    client = login("admin")
    response = client.post(
        url, {"code": draft.code, "origin": "admin", "content": json.dumps(completed)}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "valid"
    response = client.post(url, {"code": draft.code, "origin": "admin", "content": "{khong-phai"})
    assert response.status_code == 200
    assert "JSON" in response.content.decode()


def test_closing_a_quarter_asks_first_and_says_what_follows(world, login):
    from danhgia.periods.models import Period

    period = f.make_evaluation_period(world.unit_a.block)
    client = login("admin")
    url = reverse("admin:periods_period_changelist")
    chosen = {"action": "close_selected", "_selected_action": [period.pk]}

    page = client.post(url, chosen)

    assert page.status_code == 200
    text = page.content.decode()
    assert "không mở lại được" in text and str(period) in text
    assert Period.objects.get(pk=period.pk).state == "open"  # nothing closed yet
    client.post(url, {**chosen, "post": "yes"})
    assert Period.objects.get(pk=period.pk).state == "closed"


def test_deleting_an_official_with_an_evaluation_is_refused_with_correct_diacritics(world, login):
    period = f.make_evaluation_period(world.unit_a.block)
    f.make_evaluation(world.official_a, period)
    page = login("admin").get(
        reverse("admin:organisation_official_delete", args=[world.official_a.pk])
    )
    text = page.content.decode()
    assert "không được cấp quyền xóa các loại dữ liệu sau" in text
    assert "quyển" not in text


def test_the_admin_add_user_page_is_in_vietnamese(world, login):
    text = login("admin").get(reverse("admin:auth_user_add")).content.decode()
    assert "Sau khi tạo tài khoản" in text
    assert "After you’ve created a user" not in text
    assert "Đăng nhập bằng mật khẩu" in text


def test_the_admin_audit_list_names_record_types_in_vietnamese(world, login):
    from danhgia.audit.services import log_action

    period = f.make_period()
    log_action(world.users["admin"], "period.opened", period)
    text = login("admin").get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert '<td class="field-object_type_name">Kỳ đánh giá</td>' in text
    assert ">periods.period</td>" not in text


def test_the_admin_audit_list_names_the_system_as_the_app_does(world, login):
    """Walk of 05/12/2026: a system entry read "-" in the admin, "Hệ thống" in the app."""
    from danhgia.audit.services import log_action

    period = f.make_period()
    log_action(None, "period.opened", period)
    text = login("admin").get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert '<td class="field-actor_shown">Hệ thống</td>' in text


def test_the_admin_task_list_sorts_on_the_primary_key(world, login):
    """A province's ~100,000 tasks: the model's ordering by period sorted them all through the
    period's own ordering (0,48 s at 20,000 officials); the list is newest first by id."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("admin")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:tasks_task_changelist"))
    assert response.status_code == 200
    listing = [q["sql"] for q in queries if q["sql"].startswith('SELECT "tasks_task"."id"')]
    assert listing, [q["sql"][:80] for q in queries]
    order = listing[0].split("ORDER BY")[-1]
    assert '"tasks_task"."id" DESC' in order and "periods_period" not in order
