"""Results, evidence, factors, cancellation and the task list (SPEC §5, §7.3, §14)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.tasks.models import Task, TaskEvidence
from danhgia.tasks.selectors import tasks_for_criterion
from tests.web import factories as f
from tests.web import tasks_world


@pytest.fixture
def tw(world, tmp_path):
    with tasks_world.private_storage_at(tmp_path):
        yield tasks_world.build(world)


def _version(task) -> dict:
    """The lock version the task's forms are opened with (now)."""
    return {"lock_version": Task.objects.get(pk=task.pk).lock_version}


def _report(client, task, **data):
    values = {"delivered_quantity": "1", "completed_on": "", "result_note": "", **_version(task)}
    values.update(data)
    return client.post(reverse("tasks:task_report", args=[task.pk]), values)


def test_the_lead_reports_a_late_result_and_lateness_comes_from_the_dates(world, tw, login):
    client = login("official")
    response = _report(
        client,
        tw.task_agency,
        delivered_quantity="1,5",
        completed_on="18/09/2026",
        result_note="Đã trình UBND tỉnh",
    )

    assert response.status_code == 302
    task = Task.objects.get(pk=tw.task_agency.pk)
    assert (task.delivered_quantity, task.completed_on) == (Decimal("1.5"), date(2026, 9, 18))
    assert (task.state, task.is_late) == ("reported", True)  # due 15/09/2026
    entry = AuditEntry.objects.get(action="task.reported", object_id=str(task.pk))
    assert entry.after["late"] is True and entry.after["completed_on"] == "2026-09-18"
    page = client.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "18/09/2026" in page and "Chậm hạn" in page


def test_a_completion_date_in_the_future_is_refused(world, tw, login):
    response = _report(login("official"), tw.task_agency, completed_on="01/01/2099")
    assert response.status_code == 200
    assert "Ngày hoàn thành không được sau ngày hôm nay." in response.content.decode()
    tw.task_agency.refresh_from_db()
    assert (tw.task_agency.completed_on, tw.task_agency.state) == (None, "assigned")


def test_a_completion_without_a_product_is_refused(world, tw, login):
    response = _report(
        login("official"), tw.task_agency, delivered_quantity="0", completed_on="10/09/2026"
    )
    assert "số lượng sản phẩm hoàn thành phải lớn hơn 0" in response.content.decode()
    assert Task.objects.get(pk=tw.task_agency.pk).completed_on is None


def test_the_report_can_carry_its_evidence(world, tw, login, tmp_path):
    upload = SimpleUploadedFile("Tờ trình 123.pdf", b"%PDF-1.4 noi dung", "application/pdf")
    response = _report(
        login("official"), tw.task_agency, completed_on="10/09/2026", evidence=upload
    )

    assert response.status_code == 302
    evidence = TaskEvidence.objects.get(task=tw.task_agency)
    assert (evidence.original_name, evidence.size, evidence.content_type) == (
        "Tờ trình 123.pdf",
        17,
        "application/pdf",
    )
    assert (tmp_path / evidence.file.name).read_bytes() == b"%PDF-1.4 noi dung"
    assert AuditEntry.objects.filter(
        action="task.evidence_added", object_id=str(tw.task_agency.pk)
    ).exists()


def test_an_executable_is_not_accepted_as_evidence(world, tw, login):
    upload = SimpleUploadedFile("bao-cao.exe", b"MZ...", "application/octet-stream")
    response = login("official").post(
        reverse("tasks:task_evidence_add", args=[tw.task_a.pk]), {"file": upload}
    )
    assert response.status_code == 200
    assert "không được nhận" in response.content.decode()
    assert tw.task_a.evidence.count() == 1  # only the world's own file


def test_evidence_is_downloaded_as_an_attachment_only(world, tw, login):
    response = login("unit_head").get(
        reverse("tasks:task_evidence_download", args=[tw.evidence_a.pk])
    )
    body = b"".join(response.streaming_content)
    f.close_download(response)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20quy%E1%BA%BFt%20to%C3%A1n.pdf"
        in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert body == b"%PDF-1.4 minh chung"


def test_a_file_missing_on_disk_answers_404(world, tw, login):
    tw.evidence_a.file.storage.delete(tw.evidence_a.file.name)
    response = login("unit_head").get(
        reverse("tasks:task_evidence_download", args=[tw.evidence_a.pk])
    )
    assert response.status_code == 404


def test_the_assigning_side_sets_the_factors_from_the_policy_scales(world, tw, login):
    client = login("unit_head")
    page = client.get(reverse("tasks:task_detail", args=[tw.task_a.pk])).content.decode()
    assert "Vượt yêu cầu (1,2)" in page
    assert "Phải sửa đổi, bổ sung 1-2 lần (0,75)" in page

    response = client.post(
        reverse("tasks:task_factors", args=[tw.task_a.pk]),
        {"quality": "1.2", "timeliness": "1.0", "leadership": "1.0", **_version(tw.task_a)},
    )

    assert response.status_code == 302
    task = Task.objects.get(pk=tw.task_a.pk)
    assert (task.quality, task.timeliness, task.leadership) == (Decimal("1.2"), 1, 1)
    assert (task.state, task.verified_by) == ("verified", world.users["unit_head"])
    entry = AuditEntry.objects.get(action="task.factors_set", object_id=str(task.pk))
    assert entry.after == {
        "quality": "1.20",
        "timeliness": "1.00",
        "leadership": "1.00",
        "state": "verified",
    }


def test_a_late_task_cannot_be_rated_on_time(world, tw, login):
    Task.objects.filter(pk=tw.task_a.pk).update(completed_on=date(2026, 9, 20))  # due 15/09
    client = login("unit_head")
    response = client.post(
        reverse("tasks:task_factors", args=[tw.task_a.pk]),
        {"quality": "1.0", "timeliness": "1.0", "leadership": "1.0", **_version(tw.task_a)},
    )
    assert response.status_code == 200
    assert Task.objects.get(pk=tw.task_a.pk).timeliness is None
    ok = client.post(
        reverse("tasks:task_factors", args=[tw.task_a.pk]),
        {"quality": "1.0", "timeliness": "0.75", "leadership": "1.0", **_version(tw.task_a)},
    )
    assert ok.status_code == 302
    assert Task.objects.get(pk=tw.task_a.pk).timeliness == Decimal("0.75")


def test_after_verification_the_lead_can_no_longer_change_the_result(world, tw, login):
    login("unit_head").post(
        reverse("tasks:task_factors", args=[tw.task_a.pk]),
        {"quality": "1.0", "timeliness": "1.0", "leadership": "1.0", **_version(tw.task_a)},
    )
    response = _report(
        login("official"), tw.task_a, delivered_quantity="3", completed_on="01/09/2026"
    )
    assert "không báo cáo kết quả được nữa" in response.content.decode()
    assert Task.objects.get(pk=tw.task_a.pk).delivered_quantity == 1


def test_a_cancelled_task_no_longer_counts(world, tw, login):
    response = login("unit_head").post(
        reverse("tasks:task_cancel", args=[tw.task_a.pk]),
        {"reason": "Trùng với nhiệm vụ khác", **_version(tw.task_a)},
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=tw.task_a.pk).state == "cancelled"
    entry = AuditEntry.objects.get(action="task.cancelled", object_id=str(tw.task_a.pk))
    assert entry.note == "Trùng với nhiệm vụ khác"
    assert tw.task_a not in tasks_for_criterion(world.official_a, tw.period, "B.1.2")


def test_the_list_filters_per_official_unit_and_assigning_agency(world, tw, login):
    client = login("appraiser")
    url = reverse("tasks:task_list")

    def titles(**query):
        return {t.title for t in client.get(url, query).context["page"].object_list}

    everything = {tw.task_a.title, tw.task_agency.title, tw.task_b.title}
    assert titles() == everything
    assert titles(lead=world.official_a.pk) == {tw.task_a.title, tw.task_agency.title}
    assert titles(unit=world.unit_b.pk) == {tw.task_b.title}
    assert titles(assigning_unit=world.root.pk) == {tw.task_agency.title}
    assert titles(state="reported") == {tw.task_a.title}
    assert titles(q="chuyển đổi số") == {tw.task_agency.title}


def test_each_person_sees_their_part_of_the_list(world, tw, login):
    def titles(persona, **query):
        response = login(persona).get(reverse("tasks:task_list"), query)
        return {t.title for t in response.context["page"].object_list}

    assert titles("official") == {tw.task_a.title, tw.task_agency.title}
    assert titles("outsider") == {tw.task_b.title}
    assert titles("unit_head", view="managed") == {tw.task_a.title}
    # The agency manages only what it assigned itself, not what the units assigned.
    assert titles("agency", view="managed") == {tw.task_agency.title}


def test_the_list_answers_htmx_with_the_table_only(world, tw, login):
    response = login("official").get(reverse("tasks:task_list"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<table" in html and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_tasks_not_due_by_the_cutoff_are_shown_as_carried_over(world, tw, login):
    Task.objects.filter(pk=tw.task_agency.pk).update(due_date=date(2026, 10, 10))
    html = login("official").get(reverse("tasks:task_list")).content.decode()
    assert html.count("Sẽ chuyển quý sau") == 1


def test_the_factor_form_starts_from_the_values_the_score_uses(world, tw, login):
    """Nothing set yet: "as required" (1,0); a late task's timeliness: "Chậm tiến độ" (0,75)."""
    Task.objects.filter(pk=tw.task_a.pk).update(completed_on=date(2026, 9, 20))
    response = login("unit_head").get(reverse("tasks:task_detail", args=[tw.task_a.pk]))
    form = response.context["factors_form"]
    assert form.initial == {
        "quality": "1.0",
        "timeliness": "0.75",
        "leadership": "1.0",
        "lock_version": 1,
    }


def test_factors_are_frozen_once_the_unit_reviewed_them_until_returned(world, tw):
    from danhgia.evaluations.models import Evaluation
    from danhgia.tasks.errors import TaskError
    from danhgia.tasks.services import set_task_factors

    evaluation = Evaluation.objects.create(
        official=world.official_a,
        period=tw.period,
        framework_version=f.framework("lamdong-2026-pl5"),
        state="reviewed",
    )
    factors = {"quality": Decimal("1.0"), "timeliness": Decimal("1.0"), "leadership": Decimal(1)}
    with pytest.raises(TaskError, match="trả lại bước xác nhận"):
        set_task_factors(tw.task_a, user=world.users["unit_head"], **factors)
    Evaluation.objects.filter(pk=evaluation.pk).update(state="returned", returned_from="verified")
    task = set_task_factors(tw.task_a, user=world.users["unit_head"], **factors)
    assert task.state == "verified"


def test_an_open_task_past_its_due_date_is_flagged_overdue(world, tw, login):
    """Rough edge #20: a task due 25/09 with no result showed only "Đã giao" on 30/11."""
    from datetime import timedelta

    from django.utils import timezone

    task = tw.task_a
    Task.objects.filter(pk=task.pk).update(
        due_date=timezone.localdate() - timedelta(days=1), completed_on=None, state="assigned"
    )
    page = login("official").get(reverse("tasks:task_detail", args=[task.pk]))
    assert "Quá hạn" in page.content.decode()
    Task.objects.filter(pk=task.pk).update(due_date=timezone.localdate() + timedelta(days=5))
    page = login("official").get(reverse("tasks:task_detail", args=[task.pk]))
    assert "Quá hạn" not in page.content.decode()


def test_a_result_far_above_plan_is_asked_about_then_saved_once_confirmed(world, tw, login):
    """1000 reported for a plan of 1 was accepted without a question; 2 for 1 still is."""
    client = login("official")
    task = tw.task_agency
    assert task.planned_quantity == Decimal(1)
    response = _report(client, task, delivered_quantity="1000", completed_on="10/09/2026")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Số lượng 1000 gấp hơn 10 lần kế hoạch (1): hãy kiểm tra lại." in page
    assert 'type="checkbox" name="far_above_plan"' in page
    task.refresh_from_db()
    assert (task.delivered_quantity, task.state) == (None, "assigned")  # nothing saved yet
    response = _report(
        client, task, delivered_quantity="1000", completed_on="10/09/2026", far_above_plan="on"
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.delivered_quantity, task.state) == (Decimal(1000), "reported")
    # a legitimate over-achievement (twice the plan) is never asked about
    response = _report(client, task, delivered_quantity="2", completed_on="10/09/2026")
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.delivered_quantity == Decimal(2)
