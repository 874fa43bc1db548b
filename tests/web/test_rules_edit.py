"""Completing a draft framework in a form, with the problems checked as one types (issue 15/7)."""

import json
from decimal import Decimal

from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.engine import framework_from_mapping
from danhgia.periods.services import assign_framework
from danhgia.rules.choices import FrameworkStatus
from danhgia.rules.editing import forms_for
from danhgia.rules.models import FrameworkVersion
from tests.web import factories as f


def _draft() -> FrameworkVersion:
    """Lâm Đồng's Phụ lục 5 with its last criterion of axis 4 missing: a draft."""
    content = json.loads(json.dumps(f.framework("lamdong-2026-pl5").content))
    content.update(id="du-thao", status="draft", missing=["Trục 4: thiếu tiêu chí 4.5"])
    content["axes"][3]["criteria"].pop()
    return FrameworkVersion.objects.create(code="du-thao", version=1, content=content)


def _post_data(version: FrameworkVersion) -> dict[str, str]:
    """What the page posts when nothing is changed."""
    parts = forms_for(version)
    data: dict[str, str] = {}
    for formset in (parts.axes, parts.rows):
        management = formset.management_form
        data.update(
            {management.add_prefix(n): str(management[n].value()) for n in management.fields}
        )
    for form in [parts.head, *parts.axes.forms, *parts.rows.forms]:
        for name in form.fields:
            if name == "DELETE":
                continue
            value = form[name].value()
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                value = str(value).replace(".", ",")
            data[form.add_prefix(name)] = "" if value is None else str(value)
    return data


def _add_row(data: dict[str, str], **values: str) -> None:
    index = int(data["rows-TOTAL_FORMS"])
    data["rows-TOTAL_FORMS"] = str(index + 1)
    data.update({f"rows-{index}-{k}": v for k, v in values.items()})


def test_the_form_completes_a_draft_that_the_engine_then_validates(world, login):
    draft = _draft()
    assert draft.status == FrameworkStatus.DRAFT
    client = login("admin")
    page = client.get(reverse("rules:framework_edit", args=[draft.pk])).content.decode()
    assert "Trục 4: các tiêu chí cộng lại 12/15 điểm" in page
    assert 'value="B.4.4"' in page and "rules-edit.js" in page
    data = _post_data(draft)
    _add_row(data, axis="4", code="B.4.5", text="Tiêu chí bổ sung", max="3", measure="level")
    data.update({"head-status": "complete", "head-missing": ""})
    # the check while typing: nothing left
    check = client.post(reverse("rules:framework_check", args=[draft.pk]), data)
    assert "Không còn vấn đề nào" in check.content.decode()
    response = client.post(reverse("rules:framework_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.problems) == (FrameworkStatus.VALID, [])
    engine = framework_from_mapping(draft.content)
    assert engine.status == "valid" and engine.part_b_max == 70
    assert [c.code for c in engine.axes[3].criteria][-1] == "B.4.5"
    # the category table and the targets survived the round trip through the form
    assert draft.content["axes"][1]["criteria"][4]["categories"] == {
        "Tốt": 3,
        "Khá": 2,
        "Trung bình": 1,
    }
    original = f.framework("lamdong-2026-pl5").content
    assert draft.content["axes"][0]["criteria"][0].get("target") == original["axes"][0]["criteria"][
        0
    ].get("target")
    entry = AuditEntry.objects.get(action="record.changed", object_id=str(draft.pk))
    assert entry.before["status"] == "draft" and entry.after["status"] == "valid"


def test_the_check_names_the_row_and_the_axis_in_vietnamese(world, login):
    draft = _draft()
    client = login("admin")
    url = reverse("rules:framework_check", args=[draft.pk])
    data = _post_data(draft)
    data["rows-1-max"] = "ba"
    page = client.post(url, data).content.decode()
    assert "Tiêu chí B.1.2 (dòng 2), điểm tối đa:" in page
    data = _post_data(draft)
    data["rows-0-max"] = "6,5"
    page = client.post(url, data).content.decode()
    assert "Trục 1: các tiêu chí cộng lại 26,5/25 điểm" in page
    data = _post_data(draft)
    data["rows-0-code"] = "B.2.9"
    page = client.post(url, data).content.decode()
    assert (
        "Trục 1, tiêu chí B.2.9, mã tiêu chí (axes[0].criteria[0].code): "
        "mã tiêu chí phải bắt đầu bằng B.1." in page
    )
    data = _post_data(draft)
    data["rows-11-categories"] = "Tốt 3"
    page = client.post(url, data).content.decode()
    assert "Tiêu chí B.2.5 (dòng 12), bảng mức xếp loại: Dòng 1: cần dạng" in page
    data = _post_data(draft)
    data["rows-0-axis"] = "9"
    page = client.post(url, data).content.decode()
    assert "Tiêu chí B.1.1 (dòng 1): không có trục 9 trong khung." in page
    # removing a row counts: axis 1 loses 5 points
    data = _post_data(draft)
    data["rows-0-DELETE"] = "on"
    page = client.post(url, data).content.decode()
    assert "Trục 1: các tiêu chí cộng lại 20/25 điểm" in page
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.DRAFT  # checking never saves


def test_a_category_table_typed_in_the_form_is_stored_as_numbers(world, login):
    draft = _draft()
    data = _post_data(draft)
    data.update({"rows-1-measure": "category", "rows-1-categories": "Tốt: 3\nKhá: 1,5\nYếu: 0"})
    response = login("admin").post(reverse("rules:framework_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.content["axes"][0]["criteria"][1]["categories"] == {"Tốt": 3, "Khá": 1.5, "Yếu": 0}


def test_a_used_version_is_never_changed_by_the_form(world, login):
    version = f.framework("lamdong-2026-pl5")
    assign_framework(f.make_period(), world.unit_a.block, version)
    before = version.content
    client = login("admin")
    page = client.get(reverse("rules:framework_edit", args=[version.pk])).content.decode()
    assert "đã được kỳ đánh giá sử dụng nên không sửa được" in page
    assert 'id="framework-form"' not in page
    data = _post_data(version)
    data["head-title"] = "Sửa lén"
    response = client.post(reverse("rules:framework_edit", args=[version.pk]), data)
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.content == before and version.title != "Sửa lén"


def test_others_may_neither_open_nor_post_the_form(world, login):
    draft = _draft()
    data = _post_data(draft)
    data["head-title"] = "Sửa lén"
    for persona in ("official", "unit_head", "authority"):
        assert (
            login(persona).post(reverse("rules:framework_edit", args=[draft.pk]), data).status_code
            == 403
        )
        assert (
            login(persona).post(reverse("rules:framework_check", args=[draft.pk]), data).status_code
            == 403
        )
    draft.refresh_from_db()
    assert draft.title != "Sửa lén"


def test_the_form_and_its_check_use_a_bounded_number_of_queries(
    world, login, django_assert_max_num_queries
):
    """Whatever the number of rows: session, user, the version, whether a period uses it."""
    draft = _draft()
    client = login("admin")
    data = _post_data(draft)
    for n in range(40):
        _add_row(data, axis="4", code=f"B.4.{n + 6}", text="Thêm", max="1", measure="level")
    with django_assert_max_num_queries(6):
        client.get(reverse("rules:framework_edit", args=[draft.pk]))
    with django_assert_max_num_queries(6):
        page = client.post(reverse("rules:framework_check", args=[draft.pk]), data)
    assert "Trục 4: các tiêu chí cộng lại 52/15 điểm" in page.content.decode()


def test_every_shipped_framework_goes_through_the_form_unchanged(world, login):
    """Posting the form as shown keeps every framework as the engine reads it."""
    from danhgia.engine import list_framework_ids, render_problem_vi
    from danhgia.rules.editing import check_forms

    client = login("admin")
    for code in list_framework_ids():
        version = f.framework(code)
        assert client.get(reverse("rules:framework_edit", args=[version.pk])).status_code == 200
        data = _post_data(version)
        problems, content = check_forms(version, forms_for(version, data))
        assert problems == [render_problem_vi(p) for p in version.problems], code
        before, after = framework_from_mapping(version.content), framework_from_mapping(content)
        assert (after.status, after.axes, after.title, after.missing) == (
            before.status,
            before.axes,
            before.title,
            before.missing,
        ), code
