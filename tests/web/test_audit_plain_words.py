"""The audit log in plain Vietnamese: no source codes, block codes, ids or developer words
(walk of 05/12/2026: "Nguồn: shipped:lamdong-2026-pl6"), a filter of record kinds people
know, and one row for one action (a return read as three overlapping rows)."""

from django.urls import reverse

from danhgia.audit.choices import AuditAction
from danhgia.audit.display import changes, object_name, reference_names
from danhgia.audit.models import AuditEntry
from danhgia.audit.services import log_action
from danhgia.vn_format import vn_sort_key

from . import factories as f


def _rows(entry: AuditEntry) -> dict[str, tuple[str, str]]:
    names = reference_names([entry])
    return {c.label: (c.before, c.after) for c in changes(entry, names)}


def test_a_rules_version_reads_by_its_title_and_version_not_its_code(world, login):
    framework = f.framework("lamdong-2026-pl5")
    imported = log_action(
        None,
        AuditAction.FRAMEWORK_IMPORTED,
        framework,
        after={"status": "valid", "origin": "shipped:lamdong-2026-pl5"},
    )
    named = f"{framework.title} (phiên bản {framework.version})"
    assert _rows(imported)["Nguồn"] == ("—", "Có sẵn trong phần mềm")
    assert object_name(imported, reference_names([imported])) == named
    period = f.make_evaluation_period(world.unit_a.block)
    assigned = log_action(
        None,
        AuditAction.PERIOD_FRAMEWORK_ASSIGNED,
        period,
        after={"block": world.unit_a.block.code, "framework": str(framework)},
    )
    rows = _rows(assigned)
    assert rows["Khối"] == ("—", world.unit_a.block.name)
    assert rows["Khung chấm điểm"] == ("—", named)
    page = login("admin").get(reverse("audit:audit_log")).content.decode()
    assert "shipped:" not in page and "lamdong-2026-pl5 (v" not in page
    assert named in page


def test_ids_codes_and_english_keys_read_in_words(world):
    evaluation_period = f.make_evaluation_period(world.unit_a.block)
    evaluation = f.make_evaluation(world.official_a, evaluation_period)
    recorded = log_action(
        None,
        AuditAction.ACCOUNTABILITY_RECORDED,
        world.official_a,
        after={"evaluation": evaluation.pk, "sha256": "ab" * 32},
    )
    assert _rows(recorded) == {"Phiếu đánh giá": ("—", str(evaluation))}
    seeded = log_action(
        None, AuditAction.DEMO_SEEDED, after={"stage_scores": 4, "dossiers": 2, "decisions": 9}
    )
    assert set(_rows(seeded)) == {"Số bảng điểm theo bước", "Số hồ sơ", "Số quyết định xếp loại"}
    verified = log_action(None, AuditAction.EVALUATION_VERIFIED, None, after={"tasks_confirmed": 3})
    assert _rows(verified) == {"Số nhiệm vụ đã xác nhận": ("—", "3")}
    carried = log_action(
        None, AuditAction.TASK_CARRIED_OVER, world.official_a,
        before={"period": "2026-Q3"}, after={"period": "2026-Q4"},
    )  # fmt: skip
    assert _rows(carried)["Kỳ đánh giá"] == ("Quý III/2026", "Quý IV/2026")
    dossier_entry = log_action(
        None, AuditAction.DOSSIER_DOCUMENT_ADDED, None,
        after={"component": "minutes", "document": 17, "name": "bien-ban.pdf"},
    )  # fmt: skip
    rows = _rows(dossier_entry)
    assert "document" not in rows and "Tên tệp" in rows
    assert rows["Thành phần hồ sơ"][1] != "minutes"


def test_a_return_reads_as_one_row_from_step_to_step(world, login):
    """A return wrote state, "returned from" and the two steps: three rows saying one thing."""
    entry = log_action(
        world.users["appraiser"], AuditAction.EVALUATION_RETURNED, world.official_a,
        before={"state": "reviewed", "returned_from": ""},
        after={"state": "returned", "returned_from": "reviewed", "from_step": "appraisal",
               "to_step": "review"},
        note="Thiếu minh chứng",
    )  # fmt: skip
    listed = changes(entry)
    assert [(c.label, c.before, c.after) for c in listed] == [
        ("Trả lại", "Thẩm định", "Tập thể lãnh đạo nhận xét, đề xuất")
    ]
    # the completion after the return: the state only, no "returned from … → —" row
    done = log_action(
        world.users["unit_head"], AuditAction.EVALUATION_REVIEWED, world.official_a,
        before={"state": "returned", "returned_from": "reviewed"}, after={"state": "reviewed"},
    )  # fmt: skip
    assert [c.label for c in changes(done)] == ["Trạng thái"]
    # every change is still recorded in the entry
    assert entry.after["returned_from"] == "reviewed" and entry.before["state"] == "reviewed"


def test_the_kind_filter_offers_records_people_know_in_order(world, login):
    client = login("admin")
    page = client.get(reverse("audit:audit_log")).content.decode()
    select = page.split('name="loai"')[1].split("</select>")[0]
    for technical in ("Công việc nền", "Mục nhật ký", "Lần đăng nhập sai", "Dòng tiêu chí",
                      "Khóa tỷ lệ", "Tiến trình chạy công việc nền"):  # fmt: skip
        assert f">{technical}<" not in select, technical
    assert '<optgroup label="Công việc trong quý">' in select
    assert (
        select.index(">Phiếu đánh giá<")
        < select.index(">Nhiệm vụ<")
        < select.index(">Kỳ đánh giá<")
    )


def test_the_action_filter_reads_in_vietnamese_alphabetical_order(world, login):
    """Đ after D (not after X, as code points sort it), ă/â after a, ơ after ô (issue 16 walk)."""
    page = login("admin").get(reverse("audit:audit_log")).content.decode()
    select = page.split('name="hanh_dong"')[1].split("</select>")[0]
    order = [
        ">Duyệt mục tiêu<",
        ">Đánh giá chất lượng, tiến độ, lãnh đạo nhiệm vụ<",
        ">Đề xuất mục tiêu<",
        ">Điều chỉnh mục tiêu đã duyệt<",
        ">Đóng kỳ đánh giá<",
        ">Đơn vị cũ gửi nhận xét phần công tác trong quý<",
        ">Gán khung chấm điểm cho khối<",
        ">Xóa tài liệu minh chứng<",
    ]
    positions = [select.index(label) for label in order]
    assert positions == sorted(positions)
    assert select.index(">Công khai kết quả xếp loại<") < select.index(
        ">Cơ quan chủ trì xác nhận kết quả nhiệm vụ<"
    )
    assert vn_sort_key("ăn") > vn_sort_key("an") < vn_sort_key("án") < vn_sort_key("ang")


def test_an_unknown_kind_or_action_names_the_filter(world, login):
    client = login("admin")
    for params, message in (
        ({"loai": "jobs.job"}, "“Loại đối tượng”: “jobs.job” không có trong danh sách"),
        ({"loai": "<x>"}, "“Loại đối tượng”: “&lt;x&gt;” không có trong danh sách"),
        ({"hanh_dong": "nope"}, "“Hành động”: “nope” không có trong danh sách"),
        ({"loai": "x" * 5000}, f"“Loại đối tượng”: “{'x' * 40}” không có trong danh sách"),
    ):
        response = client.get(reverse("audit:audit_log"), params)
        assert response.status_code == 200
        assert message in response.content.decode(), params


def test_a_dossier_check_reads_its_lateness_in_words(world):
    from danhgia.audit.words import DOSSIER_STATE_LABELS
    from danhgia.dossiers.choices import DossierState
    from danhgia.dossiers.models import Dossier

    assert {s.value: str(s.label) for s in DossierState} == {
        k: str(v) for k, v in DOSSIER_STATE_LABELS.items()
    }
    period = f.make_evaluation_period(world.unit_a.block)
    dossier = Dossier.objects.create(unit=world.unit_a, period=period)
    entry = log_action(
        world.users["appraiser"], AuditAction.DOSSIER_CHECKED, dossier,
        after={"state": "late", "complete": False, "missing": ["Biên bản hội nghị"]},
    )  # fmt: skip
    rows = _rows(entry)
    assert rows["Trạng thái"] == ("—", "Nộp muộn")
    assert rows["Thành phần còn thiếu"] == ("—", "Biên bản hội nghị")


def test_approved_targets_list_the_targets_not_every_default_flag(world):
    """ "Mục tiêu › A.1.1 › Không áp dụng — → Không" was listed for each of 23 criteria."""
    entry = log_action(
        world.users["unit_head"], AuditAction.EVALUATION_TARGETS_APPROVED, None,
        before={"state": "draft"},
        after={"state": "targets_approved", "targets": {
            "A.1.1": {"target": "", "not_applicable": False},
            "B.1.6": {"target": "100", "not_applicable": False},
            "B.2.4": {"target": "", "not_applicable": True},
        }},
    )  # fmt: skip
    assert [(c.label, c.after) for c in changes(entry)] == [
        ("Trạng thái", "targets_approved"),
        ("Mục tiêu › B.1.6 › Mục tiêu", "100"),
        ("Mục tiêu › B.2.4 › Không áp dụng", "Có"),
    ]
