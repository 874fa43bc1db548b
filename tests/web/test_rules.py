"""Frameworks and policies as versioned records (SPEC §11, §12)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.engine import list_framework_ids, list_policy_ids, load_framework
from danhgia.periods.services import assign_framework
from danhgia.rules.choices import FrameworkStatus, PolicyStatus
from danhgia.rules.models import FrameworkVersion, PolicyVersion, RulesVersionLocked
from danhgia.rules.services import (
    copy_as_new_version,
    describe_problem,
    import_rules_file,
    import_shipped_rules,
)
from tests.web import factories as f


def test_every_shipped_file_is_imported_with_the_engines_status(db):
    assert set(FrameworkVersion.objects.values_list("code", flat=True)) == set(list_framework_ids())
    assert set(PolicyVersion.objects.values_list("code", flat=True)) == set(list_policy_ids())
    for code in list_framework_ids():
        record = f.framework(code)
        engine = load_framework(code)
        assert (record.status, record.problems, record.title) == (
            engine.status,
            list(engine.problems),
            engine.title,
        )
    assert f.framework("lamdong-2026-pl5").status == FrameworkStatus.VALID
    assert f.framework("lamdong-2026-pl1").status == FrameworkStatus.INVALID
    assert f.framework("lamdong-2026-pl3").status == FrameworkStatus.DRAFT
    assert set(PolicyVersion.objects.values_list("status", flat=True)) == {PolicyStatus.VALID}


def test_importing_again_changes_nothing(db):
    before = FrameworkVersion.objects.count() + PolicyVersion.objects.count()
    report = import_shipped_rules()
    assert report.created == []
    assert "Không có thay đổi" in report.summary()
    assert FrameworkVersion.objects.count() + PolicyVersion.objects.count() == before


def test_the_command_reports_in_vietnamese(db, capsys):
    call_command("import_rules")
    assert "Không có thay đổi: 10 tệp" in capsys.readouterr().out


def test_a_first_import_creates_version_1_of_everything_and_logs_it(db):
    FrameworkVersion.objects.all().delete()
    PolicyVersion.objects.all().delete()
    report = import_shipped_rules()
    assert len(report.created) == len(list_framework_ids()) + len(list_policy_ids())
    assert {r.version for r in report.created} == {1}
    frameworks = [str(r.pk) for r in report.created if isinstance(r, FrameworkVersion)]
    logged = AuditEntry.objects.filter(action="rules.framework_imported", object_id__in=frameworks)
    assert logged.count() == len(list_framework_ids())


def test_a_changed_file_becomes_a_new_version(db, tmp_path):
    content = dict(f.framework("lamdong-2026-pl5").content)
    content["title"] = "Khung sở ngành (sửa đổi)"
    path = tmp_path / "lamdong-2026-pl5.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    report = import_rules_file(path, "framework")
    assert [(r.code, r.version, r.title) for r in report.created] == [
        ("lamdong-2026-pl5", 2, "Khung sở ngành (sửa đổi)")
    ]
    assert import_rules_file(path, "framework").created == []


def test_the_stored_policy_is_self_contained(db):
    """The ``extends`` chain is resolved: the record does not depend on its parent file."""
    record = f.policy("lamdong-2026")
    assert "extends" not in record.content
    policy = record.load()
    assert policy.late_dossier == "down_one_level"
    assert [d.key for d in policy.deadlines][:2] == ["self_assessment", "dossier"]


def test_a_version_in_use_refuses_changes(world):
    version = f.framework("lamdong-2026-pl5")
    assign_framework(f.make_period(), world.unit_a.block, version)
    version.content = {**version.content, "title": "Sửa lén"}
    with pytest.raises(RulesVersionLocked):
        version.save()
    with pytest.raises(ValidationError):
        version.full_clean()
    version.refresh_from_db()
    assert version.title != "Sửa lén"


def test_a_policy_in_use_refuses_changes(db):
    f.make_period()
    policy = f.policy("lamdong-2026")
    policy.content = {**policy.content, "quota": {**policy.content["quota"], "pct": 25}}
    with pytest.raises(RulesVersionLocked):
        policy.save()


def test_a_version_not_in_use_can_be_completed_and_is_revalidated(db):
    draft = f.framework("lamdong-2026-pl3")
    valid = f.framework("lamdong-2026-pl5").content
    draft.content = {**valid, "id": "lamdong-2026-pl3", "status": "complete", "missing": []}
    assert draft.import_hash
    draft.save()
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.VALID
    assert draft.problems == []
    # D19: no longer the imported file, so its hash goes (importing that file makes a version)
    assert draft.import_hash == ""


def test_a_used_version_shows_its_content_as_json_in_the_admin(world, login):
    version = f.framework("lamdong-2026-pl5")
    assign_framework(f.make_period(), world.unit_a.block, version)
    url = reverse("admin:rules_frameworkversion_change", args=[version.pk])
    page = login("admin").get(url).content.decode()
    assert '<pre class="rules-content">{' in page
    assert "{&#x27;id&#x27;" not in page and "{'id'" not in page


def test_content_that_does_not_load_is_stored_as_invalid_with_the_reason(db):
    record = FrameworkVersion(code="hong", version=1, content={"id": "hong"})
    record.save()
    assert record.status == FrameworkStatus.INVALID
    assert record.problems
    mismatched = FrameworkVersion(
        code="khac-ma", version=1, content=f.framework("lamdong-2026-pl5").content
    )
    mismatched.save()
    assert mismatched.status == FrameworkStatus.INVALID
    assert "khác mã" in mismatched.problems[-1]


def test_copying_a_used_version_makes_an_editable_new_version(world):
    version = f.framework("lamdong-2026-pl5")
    assign_framework(f.make_period(), world.unit_a.block, version)
    copy = copy_as_new_version(version)
    assert (copy.code, copy.version, copy.content) == (version.code, 2, version.content)
    copy.content = {**copy.content, "title": "Bản sửa"}
    copy.save()
    assert AuditEntry.objects.filter(action="rules.version_copied").exists()


def test_engine_problems_are_shown_in_vietnamese():
    assert describe_problem("axis 6 rows add up to 9 of 10") == (
        "Trục 6: các tiêu chí cộng lại 9/10 điểm"
    )
    assert describe_problem("axes add up to 22.5 of 70") == "Các trục cộng lại 22,5/70 điểm"
    assert describe_problem("axis 4 has no max points") == "Trục 4 chưa có điểm tối đa"
    assert describe_problem("Trục 2: thiếu tiêu chí") == "Trục 2: thiếu tiêu chí"


def test_the_framework_list_shows_statuses_and_problems(world, login):
    page = login("official").get(reverse("rules:framework_list")).content.decode()
    assert "Lâm Đồng – Phụ lục 5: Khối sở ngành tỉnh" in page
    assert "Trục 6: các tiêu chí cộng lại 9/10 điểm" in page
    assert "Bản nháp (nguồn chưa đầy đủ)" in page


def test_the_framework_detail_renders_the_criteria_tree(world, login):
    version = f.framework("lamdong-2026-pl5")
    page = login("official").get(version.get_absolute_url()).content.decode()
    assert "Phần A – Nhóm 1" in page
    assert "Phần B – Trục 4" in page
    for criterion in version.load().criteria:
        assert criterion.code in page
    assert "Tốt: 3; Khá: 2; Trung bình: 1" in page  # PAR Index table of Phụ lục 5


def test_a_draft_framework_detail_explains_what_is_missing(world, login):
    version = f.framework("lamdong-2026-pl6")
    page = login("official").get(version.get_absolute_url()).content.decode()
    assert "chưa rõ điểm tối đa" in page
    assert "Trục 1: thiếu toàn bộ" in page


def test_a_framework_that_cannot_be_read_still_has_a_page(world, login):
    broken = FrameworkVersion.objects.create(code="hong", version=1, content={"id": "hong"})
    page = login("official").get(broken.get_absolute_url()).content.decode()
    assert "Không đọc được nội dung khung chấm điểm" in page


def test_the_framework_list_is_ordered_by_code_then_newest_version(world, login):
    copy_as_new_version(f.framework("lamdong-2026-pl5"))
    rows = login("official").get(reverse("rules:framework_list")).context["rows"]
    assert [(v.code, v.version) for v, _problems in rows][:3] == [
        ("central-2026-pl3", 1),
        ("lamdong-2026-pl1", 1),
        ("lamdong-2026-pl2", 1),
    ]
    codes = [(v.code, v.version) for v, _problems in rows]
    assert codes.index(("lamdong-2026-pl5", 2)) + 1 == codes.index(("lamdong-2026-pl5", 1))


def test_use_counts_count_periods_not_block_assignments(world, login):
    """D18: a version used by one period for three blocks read "3 kỳ"."""
    version = f.framework("lamdong-2026-pl5")
    period = f.make_period()
    for code in ("so-nganh", "khoi-2", "khoi-3"):
        assign_framework(period, f.make_block(code), version)
    assign_framework(f.make_period(quarter=4), world.unit_a.block, version)
    page = login("admin").get(reverse("rules:framework_list")).content.decode()
    row = page.split(f"{version.code}</span>")[1].split("</tr>")[0]
    assert '<td class="num">2</td>' in row
    admin_page = login("admin").get(reverse("admin:rules_frameworkversion_changelist"))
    assert admin_page.context["cl"].queryset.get(pk=version.pk).use_count == 2
