"""The audit log: who, when, what, before and after; never edited (SPEC §5, §14)."""

import pytest
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.audit.services import log_action, snapshot


def test_log_action_records_actor_object_and_data(world):
    user = world.users["admin"]
    entry = log_action(
        user, "record.changed", world.official_a, before={"a": 1}, after={"a": 2}, note="thử"
    )
    entry.refresh_from_db()
    assert entry.actor == user
    assert entry.actor_name == "admin"
    assert (entry.object_type, entry.object_id) == (
        "organisation.official",
        str(world.official_a.pk),
    )
    assert entry.object_repr == "Phạm Thu Lan"
    assert (entry.before, entry.after) == ({"a": 1}, {"a": 2})
    assert entry.get_action_display() == "Sửa bản ghi"


def test_a_system_action_has_no_actor(db):
    entry = log_action(None, "demo.seeded", after={"officials": 3})
    assert entry.actor is None
    assert entry.actor_name == ""


def test_entries_cannot_be_changed_or_deleted(world):
    entry = log_action(None, "record.created", world.unit_a)
    entry.note = "sửa"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_snapshot_gives_json_ready_values(world):
    data = snapshot(world.official_a)
    assert data["date_of_birth"] == "1975-05-20"
    assert data["unit_id"] == world.unit_a.pk


def test_admin_changes_are_logged_with_before_and_after(world, login):
    client = login("admin")
    url = reverse("admin:organisation_comparisongroup_add")
    client.post(url, {"code": "nhom-moi", "name": "Nhóm mới", "description": ""})
    entry = AuditEntry.objects.get(
        action="record.created", object_type="organisation.comparisongroup"
    )
    assert entry.actor == world.users["admin"]
    assert entry.after["name"] == "Nhóm mới"
    change = reverse("admin:organisation_comparisongroup_change", args=[entry.object_id])
    client.post(change, {"code": "nhom-moi", "name": "Nhóm đổi tên", "description": ""})
    changed = AuditEntry.objects.get(action="record.changed", object_id=entry.object_id)
    assert changed.before == {"name": "Nhóm mới"}
    assert changed.after == {"name": "Nhóm đổi tên"}


def test_the_audit_log_is_read_only_in_the_admin(world, login):
    entry = log_action(None, "record.created", world.unit_a)
    client = login("admin")
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    detail = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert b'type="submit"' not in detail.content.split(b'id="content-main"')[1]


def test_the_audit_page_names_the_records_an_entry_points_at(world, login):
    """D10: "Người chủ trì — → 494" read as a number; the page names the person and the unit."""
    from danhgia.audit.choices import AuditAction

    from . import factories as f

    period = f.make_evaluation_period(world.unit_a.block)
    task = f.make_task(world.official_a, period, world.unit_a, world.users["unit_head"])
    log_action(
        world.users["unit_head"],
        AuditAction.TASK_ASSIGNED,
        task,
        after={
            "lead": world.official_a.pk,
            "assigning_unit": world.unit_a.pk,
            "assigned_by": world.users["unit_head"].pk,
            "batch": "acf1362b-5a4e-4f4e-9c1b-0123456789ab",
        },
    )
    page = login("admin").get(reverse("audit:audit_log")).content.decode()
    row = page.split(task.title)[1]
    assert f'→</td><td class="diff-after">{world.official_a.full_name}<' in row
    assert f"{world.unit_a.name}<" in row
    assert ">acf1362b<" in row and "0123456789ab" not in row
    assert "<code>task.assigned</code>" not in page  # the internal code is not shown


def _saved(world, before: dict, after: dict, **extra) -> AuditEntry:
    from danhgia.audit.choices import AuditAction

    return log_action(
        world.users["official"], AuditAction.EVALUATION_SAVED, world.official_a,
        before=before, after=after, **extra,
    )  # fmt: skip


def test_a_save_lists_only_the_criteria_that_changed(world):
    """D10: a self-assessment's save carried all 41 criteria, "A.1.1 2 → 2" for each."""
    from danhgia.audit.display import changes

    entry = _saved(
        world,
        {"A.1.1": {"met": True}, "B.1.6": {"actual": "4"}},
        {"A.1.1": {"met": True}, "B.1.6": {"actual": "2"}},
    )
    listed = changes(entry)
    assert [(c.label, c.before, c.after) for c in listed] == [("B.1.6 › Kết quả thực tế", "4", "2")]


def test_steps_and_stages_read_in_vietnamese(world):
    """D10: "stage appraisal → appraisal", "from_step"/"to_step" were developer words."""
    from danhgia.audit.display import changes
    from danhgia.audit.words import STAGE_LABELS, STEP_LABELS
    from danhgia.evaluations.workflow import STEPS
    from danhgia.review.choices import Stage

    assert {s.code: str(s.label) for s in STEPS} == {k: str(v) for k, v in STEP_LABELS.items()}
    assert {s.value: str(s.label) for s in Stage} == {k: str(v) for k, v in STAGE_LABELS.items()}
    entry = log_action(
        world.users["appraiser"], "evaluation.returned", world.official_a,
        before={"state": "reviewed"},
        after={"state": "returned", "from_step": "appraisal", "to_step": "review",
               "stage": "appraisal"},
    )  # fmt: skip
    words = {c.label: (c.before, c.after) for c in changes(entry)}
    # a return is one row, the step it left → the step it went back to (walk of 05/12/2026)
    assert words["Trả lại"] == ("Thẩm định", "Tập thể lãnh đạo nhận xét, đề xuất")
    assert words["Bước"] == ("—", "Ban Tổ chức thẩm định")


def test_the_audit_log_finds_the_changes_of_a_criterion(world, login):
    """D11: searching "B.1.6" found nothing, though an entry showed "B.1.6 4 → 2"."""
    changed = _saved(world, {"B.1.6": {"actual": "4"}}, {"B.1.6": {"actual": "2"}})
    unchanged = _saved(world, {"B.1.6": {"actual": "2"}}, {"B.1.6": {"actual": "2"}})
    other = _saved(world, {"A.1.1": {"met": False}}, {"A.1.1": {"met": True}})
    stage = log_action(
        world.users["unit_head"], "stage.score_changed", world.official_a,
        before={"stage": "review", "B.1.6": "4"}, after={"stage": "review", "B.1.6": "3,5"},
    )  # fmt: skip
    from danhgia.audit.forms import AuditFilterForm

    for query in ("B.1.6", "b.1.6", " B.1.6 "):
        form = AuditFilterForm({"q": query})
        found = set(form.filter(AuditEntry.objects.all()).values_list("pk", flat=True))
        assert found == {changed.pk, stage.pk}, query
    assert unchanged.pk and other.pk
    page = login("admin").get(reverse("audit:audit_log"), {"q": "B.1.6"}).content.decode()
    assert "Không có mục nhật ký nào khớp" not in page


def test_an_impossible_date_is_answered_with_a_message(world, login):
    """D11: the message names the filter and repeats what was typed, under the field and in the
    alert above the (empty) list, which no longer says that nothing matched."""
    client = login("admin")
    page = client.get(reverse("audit:audit_log"), {"tu_ngay": "31/02/2026"})
    assert page.status_code == 200
    text = page.content.decode()
    message = "“Từ ngày”: “31/02/2026” không phải là một ngày có thật"
    assert text.count(message) == 2  # under the field and in the alert
    alert = text[text.index('id="filter-errors"') :]
    assert message in alert[: alert.index("</div>")]
    assert "Không có mục nhật ký nào khớp" not in text
    page = client.get(reverse("audit:audit_log"), {"den_ngay": "2026-13-01"}).content.decode()
    assert "“Đến ngày”: “2026-13-01” không phải là một ngày có thật" in page


def test_an_empty_value_both_sides_is_no_change_and_the_admin_filter_reads_in_words(world, login):
    """D10: "Đề xuất xếp loại — → —"; D12: the admin's filter listed "periods.period"."""
    from danhgia.audit.display import changes

    entry = _saved(
        world, {"proposed_rating": None, "total": "90"}, {"proposed_rating": "", "total": "91"}
    )
    assert [c.label for c in changes(entry)] == ["Tổng điểm"]
    page = login("admin").get(reverse("admin:audit_auditentry_changelist")).content.decode()
    filters = page.split('id="changelist-filter"')[1]
    assert ">periods.period<" not in filters and ">Kỳ đánh giá<" in filters
