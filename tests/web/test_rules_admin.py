"""Rules administered in the application (issue 15, item 7): import, copy, compare."""

import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.engine import framework_from_mapping
from danhgia.rules.choices import FrameworkStatus, PolicyStatus
from danhgia.rules.models import FrameworkVersion, PolicyVersion
from tests.web import factories as f


def _upload(client, name: str, text: str, kind: str = "framework"):
    upload = SimpleUploadedFile(name, text.encode("utf-8"))
    return client.post(reverse("rules:import"), {"kind": kind, "file": upload})


def _pl5() -> dict:
    return json.loads(json.dumps(f.framework("lamdong-2026-pl5").content))


def test_a_yaml_framework_becomes_the_next_version_and_is_logged(world, login):
    content = _pl5()
    content["title"] = "Khung sở ngành (nhập từ giao diện)"
    response = _upload(login("admin"), "pl5.yaml", yaml.safe_dump(content, allow_unicode=True))
    assert response.status_code == 200
    record = f.framework("lamdong-2026-pl5")
    assert (record.version, record.title, record.status) == (
        2,
        "Khung sở ngành (nhập từ giao diện)",
        FrameworkStatus.VALID,
    )
    assert record.origin == "upload:pl5.yaml"
    page = response.content.decode()
    assert "Đã nhập 1 phiên bản mới" in page and record.get_absolute_url() in page
    entry = AuditEntry.objects.get(action="rules.framework_imported", object_id=str(record.pk))
    assert entry.actor == world.users["admin"]
    # the same file again changes nothing
    again = _upload(login("admin"), "pl5.yaml", yaml.safe_dump(content, allow_unicode=True))
    assert "Không có thay đổi" in again.content.decode()
    assert FrameworkVersion.objects.filter(code="lamdong-2026-pl5").count() == 2


def test_a_draft_json_file_is_stored_as_a_draft_with_its_problems_in_vietnamese(world, login):
    content = _pl5()
    content["id"] = "thu-nghiem-nhap"
    content["status"] = "draft"
    content["missing"] = ["Trục 4: thiếu tiêu chí 4.5"]
    content["axes"][3]["criteria"].pop()
    response = _upload(login("admin"), "nhap.json", json.dumps(content, ensure_ascii=False))
    record = FrameworkVersion.objects.get(code="thu-nghiem-nhap")
    assert (record.version, record.status) == (1, FrameworkStatus.DRAFT)
    page = response.content.decode()
    assert "Trục 4: thiếu tiêu chí 4.5" in page
    assert "Trục 4: các tiêu chí cộng lại" in page


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_a_refused_file_names_the_axis_the_criterion_and_the_path(world, login, suffix):
    content = _pl5()
    content["axes"][3]["criteria"][2]["max"] = -1
    code = content["axes"][3]["criteria"][2]["code"]
    text = (
        json.dumps(content, ensure_ascii=False)
        if suffix == "json"
        else yaml.safe_dump(content, allow_unicode=True)
    )
    before = FrameworkVersion.objects.count()
    response = _upload(login("admin"), f"sai.{suffix}", text)
    page = response.content.decode()
    assert (
        f"Trục 4, tiêu chí {code}, điểm tối đa (axes[3].criteria[2].max): "
        "cần một số lớn hơn 0." in page
    )
    assert "Không nhập được tệp" in page
    assert FrameworkVersion.objects.count() == before


def test_an_unknown_key_and_a_syntax_error_are_named_in_vietnamese(world, login):
    content = _pl5()
    content["axes"][1]["criteria"][0]["diem"] = 2
    page = _upload(login("admin"), "sai.yaml", yaml.safe_dump(content, allow_unicode=True))
    assert (
        "Trục 2, tiêu chí B.2.1, diem (axes[1].criteria[0].diem): khóa “diem” không được hỗ trợ."
        in (page.content.decode())
    )
    broken = _upload(login("admin"), "hong.yaml", "id: x\naxes: [\n  - {axis: 1\n")
    assert "Nội dung không đúng cú pháp YAML hoặc JSON (dòng" in broken.content.decode()
    not_text = login("admin").post(
        reverse("rules:import"),
        {"kind": "framework", "file": SimpleUploadedFile("a.yaml", b"\xff\xfe\x00")},
    )
    assert "UTF-8" in not_text.content.decode()
    wrong_type = _upload(login("admin"), "a.txt", "id: x")
    assert "Chọn một tệp .yaml, .yml hoặc .json." in wrong_type.content.decode()


def test_a_policy_file_is_imported_resolved_or_refused_with_its_path(world, login):
    text = "id: tinh-thu\nextends: lamdong-2026\ntitle: Tỉnh thử\nquota:\n  pct: 15\n"
    response = _upload(login("admin"), "tinh.yaml", text, kind="policy")
    assert response.status_code == 200
    record = PolicyVersion.objects.get(code="tinh-thu")
    assert record.status == PolicyStatus.VALID
    assert "extends" not in record.content
    assert record.load().quota.pct == 15
    assert (
        reverse("admin:rules_policyversion_change", args=[record.pk]) in response.content.decode()
    )
    bad = _upload(login("admin"), "tinh2.yaml", "id: tinh-hai\nquota:\n  pct: 250\n", "policy")
    page = bad.content.decode()
    assert "quota.pct" in page and "cần một số từ 0 đến" in page
    assert not PolicyVersion.objects.filter(code="tinh-hai").exists()


def test_others_may_not_import(world, login):
    response = _upload(login("unit_head"), "pl5.yaml", yaml.safe_dump(_pl5(), allow_unicode=True))
    assert response.status_code == 403
    assert f.framework("lamdong-2026-pl5").version == 1


def test_the_admin_content_field_takes_yaml_and_shows_indented_json(world, login):
    record = f.framework("lamdong-2026-pl3")  # a draft no period uses
    url = reverse("admin:rules_frameworkversion_change", args=[record.pk])
    client = login("admin")
    page = client.get(url).content.decode()
    assert "{\n  &quot;id&quot;: &quot;lamdong-2026-pl3&quot;" in page
    content = {**_pl5(), "id": "lamdong-2026-pl3"}
    response = client.post(
        url,
        {
            "code": record.code,
            "origin": record.origin,
            "content": yaml.safe_dump(content, allow_unicode=True),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert record.status == FrameworkStatus.VALID
    assert record.content["axes"] == content["axes"]
    refused = client.post(url, {"code": record.code, "origin": "", "content": "id: [x\n"})
    assert "Nội dung không đúng cú pháp YAML hoặc JSON (dòng" in refused.content.decode()


def test_the_copy_button_makes_the_next_version(world, login):
    record = f.framework("lamdong-2026-pl5")
    detail = login("admin").get(record.get_absolute_url()).content.decode()
    assert reverse("rules:framework_copy", args=[record.pk]) in detail
    assert reverse("rules:framework_copy", args=[record.pk]) not in (
        login("official").get(record.get_absolute_url()).content.decode()
    )
    response = login("admin").post(reverse("rules:framework_copy", args=[record.pk]))
    copy = f.framework("lamdong-2026-pl5")
    assert copy.version == 2 and copy.content == record.content
    assert response["Location"] == copy.get_absolute_url()
    assert AuditEntry.objects.filter(action="rules.version_copied", object_id=str(copy.pk)).exists()
    assert (
        login("official").post(reverse("rules:framework_copy", args=[record.pk])).status_code == 403
    )


def test_compare_lists_what_differs_per_axis_and_criterion(world, login):
    old = f.framework("lamdong-2026-pl5")
    content = _pl5()
    content["axes"][0]["title"] = "TRỤC MỘT ĐÃ SỬA"
    first = content["axes"][1]["criteria"][0]
    first["text"] = "Nội dung mới"
    first["max"] = first["max"] + 1
    first["measure"] = "level"
    first.pop("target", None)  # a level row has no target
    removed = content["axes"][2]["criteria"].pop()
    new = FrameworkVersion.objects.create(code=old.code, version=2, content=content)
    assert new.status == FrameworkStatus.INVALID
    url = reverse("rules:compare") + f"?loai=framework&a={old.pk}&b={new.pk}"
    page = login("admin").get(url).content.decode()
    assert "TRỤC MỘT ĐÃ SỬA" in page
    assert f"Tiêu chí {first['code']}: Nội dung tiêu chí" in page and "Nội dung mới" in page
    assert f"Tiêu chí {first['code']}: Điểm tối đa" in page
    assert "Tỷ lệ thực hiện so với mục tiêu</td><td>Mức độ đáp ứng (3 mức)" in page
    assert f"Tiêu chí {removed['code']}: Có tiêu chí này" in page
    assert "Hợp lệ" in page and "Không hợp lệ" in page
    assert "Trục 2: các tiêu chí cộng lại" in page
    # an unchanged axis is not listed
    assert "Trục 4:" not in page
    same = login("admin").get(reverse("rules:compare") + f"?loai=framework&a={old.pk}&b={old.pk}")
    assert "Hai phiên bản có nội dung giống nhau." in same.content.decode()


def test_compare_of_policies_lists_the_differing_keys(world, login):
    old = f.policy("lamdong-2026")
    content = json.loads(json.dumps(old.content))
    content["quota"]["pct"] = 25
    new = PolicyVersion.objects.create(code=old.code, version=2, content=content)
    url = reverse("rules:compare") + f"?loai=policy&a={old.pk}&b={new.pk}"
    page = login("admin").get(url).content.decode()
    assert "quota.pct" in page and "<td>25</td>" in page
    assert "deadlines" not in page
    junk = login("admin").get(reverse("rules:compare") + "?loai=policy&a=999999&b=abc")
    assert junk.status_code == 200 and "Không có phiên bản này." in junk.content.decode()


def test_the_compared_framework_loads_in_the_engine(world):
    """The import keeps the content as the engine reads it."""
    assert framework_from_mapping(_pl5()).status == "valid"


def test_a_yaml_policy_pasted_into_the_admin_is_accepted_and_its_errors_are_vietnamese(
    world, login
):
    """Rough edge D8: YAML is the documented format."""
    client = login("admin")
    url = reverse("admin:rules_policyversion_add")
    text = (
        "id: tinh-dan\nextends: central-2026\ntitle: Tỉnh dán\nquota:\n  pct: 25\n  max_pct: 25\n"
    )
    response = client.post(url, {"code": "tinh-dan", "origin": "", "content": text})
    assert response.status_code == 302, response.content.decode()[:3000]
    record = PolicyVersion.objects.get(code="tinh-dan")
    assert record.status == PolicyStatus.VALID and record.content["quota"]["pct"] == 25
    assert record.load().quota.pct == 25
    bad = "id: tinh-sai\nextends: central-2026\nquota:\n  pct: 30\n  max_pct: 25\nhang: 1\n"
    client.post(url, {"code": "tinh-sai", "origin": "", "content": bad})
    wrong = PolicyVersion.objects.get(code="tinh-sai")
    assert wrong.status == PolicyStatus.INVALID
    assert wrong.problems == ["hang: khóa “hang” không được hỗ trợ."]
