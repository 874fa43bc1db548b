"""The period's admin page says what a change does (rough edges D16, D17): a new policy replaces
the deadlines only once the administrator agrees, blocks left without a framework are named,
and the framework picker offers only frameworks a period may use."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from danhgia.periods.models import PeriodFramework
from danhgia.periods.services import assign_framework

from . import factories as f


def _post_data(period, **changes) -> dict:
    frameworks = list(PeriodFramework.objects.filter(period=period))
    deadlines = list(period.deadlines.order_by("order"))
    data = {
        "year": period.year,
        "quarter": period.quarter,
        "policy_version": period.policy_version_id,
        "frameworks-TOTAL_FORMS": len(frameworks),
        "frameworks-INITIAL_FORMS": len(frameworks),
        "frameworks-MIN_NUM_FORMS": 0,
        "frameworks-MAX_NUM_FORMS": 1000,
        "deadlines-TOTAL_FORMS": len(deadlines),
        "deadlines-INITIAL_FORMS": len(deadlines),
        "deadlines-MIN_NUM_FORMS": 0,
        "deadlines-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(frameworks):
        data |= {
            f"frameworks-{n}-id": row.pk,
            f"frameworks-{n}-period": period.pk,
            f"frameworks-{n}-block": row.block_id,
            f"frameworks-{n}-framework_version": row.framework_version_id,
        }
    for n, row in enumerate(deadlines):
        data |= {f"deadlines-{n}-id": row.pk, f"deadlines-{n}-period": period.pk}
    return data | changes


def test_a_new_policy_replaces_the_deadlines_only_when_the_administrator_agrees(world, login):
    period = f.make_evaluation_period(world.unit_a.block)
    before = list(period.deadlines.values_list("due_date", "label"))
    assert len(before) == 6  # Lâm Đồng's six deadlines
    client = login("admin")
    url = reverse("admin:periods_period_change", args=[period.pk])
    laocai = f.policy("laocai-2026")
    response = client.post(url, _post_data(period, policy_version=laocai.pk))
    assert response.status_code == 200  # the form again, with the reason
    page = response.content.decode()
    assert "Đổi chính sách sẽ thay 6 thời hạn hiện có" in page
    assert before[0][0].strftime("%d/%m/%Y") in page
    period.refresh_from_db()
    assert period.policy_version_id != laocai.pk
    assert list(period.deadlines.values_list("due_date", "label")) == before
    data = _post_data(period, policy_version=laocai.pk, confirm_new_deadlines="on")
    response = client.post(url, data)
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.policy_version_id == laocai.pk
    assert list(period.deadlines.values_list("due_date", "label")) != before


def test_blocks_whose_people_have_no_framework_are_named(world, login):
    period = f.make_period()
    other = f.make_block("khoi-xa", framework_code="lamdong-2026-pl5")
    unit = f.make_unit("xa-a", world.root, other, name="Xã A")
    f.make_official(unit, name="Trần Văn Xã")
    assign_framework(period, world.unit_a.block, f.framework("lamdong-2026-pl5"))
    client = login("admin")
    url = reverse("admin:periods_period_change", args=[period.pk])
    response = client.post(url, _post_data(period))
    assert response.status_code == 302
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "chưa gán khung chấm điểm cho 1 khối có cán bộ: Khối khoi-xa" in text


@pytest.mark.parametrize(("model_name", "field"), [("periodframework", "framework_version")])
def test_the_framework_picker_offers_only_valid_frameworks(world, login, model_name, field):
    from danhgia.rules.models import FrameworkVersion

    invalid = FrameworkVersion.objects.exclude(status="valid").values_list("pk", flat=True)
    assert invalid  # a shipped draft or invalid framework (lamdong-2026-pl1, pl3)
    response = login("admin").get(
        reverse("admin:autocomplete"),
        {"app_label": "periods", "model_name": model_name, "field_name": field, "term": ""},
    )
    offered = {int(r["id"]) for r in response.json()["results"]}
    assert offered and not offered & set(invalid)


def test_an_invalid_framework_is_refused_naming_its_problem(world):
    from django.core.exceptions import ValidationError

    from danhgia.rules.models import FrameworkVersion

    broken = FrameworkVersion.objects.filter(status="invalid").first()
    with pytest.raises(ValidationError) as refused:
        PeriodFramework(
            period=f.make_period(), block=world.unit_a.block, framework_version=broken
        ).clean()
    message = " ".join(refused.value.messages)
    assert "kỳ đánh giá chỉ dùng được khung hợp lệ" in message
    assert message.rstrip().endswith(".") and len(message) > 150  # the problem is named
