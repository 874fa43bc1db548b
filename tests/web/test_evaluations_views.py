"""Steps 1 and 2 through the pages: targets, the self-assessment form, recalculation, evidence.

After every POST the stored state is read back from the database (STYLE "Tests").
"""

from __future__ import annotations

import os
import re
import stat
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import CriterionEntry, Evaluation, Evidence
from danhgia.evaluations.scoring import rules_for
from danhgia.names import display_name
from tests.web import factories as f

from .evaluation_data import filled_post, form_post


@pytest.fixture
def period(world):
    return f.make_evaluation_period(world.unit_a.block)


@pytest.fixture
def evaluation(world, period):
    return f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])


def _url(name, evaluation, *args):
    return reverse(f"evaluations:{name}", args=[evaluation.pk, *args])


def test_the_form_is_laid_out_like_the_appendix(login, evaluation):
    page = login("official").get(_url("self_assessment", evaluation)).content.decode()
    assert "BẢN TỰ ĐÁNH GIÁ, XẾP LOẠI CỦA CÁ NHÂN" in page
    for heading in (
        "Tiêu chí / Nội dung",
        "Đảm bảo",
        "Không đảm bảo",
        "Mục tiêu, nhiệm vụ đề ra",
        "Kết quả sản phẩm thực tế",
        "KPI",
        "Điểm tối đa",
        "Điểm đạt",
        "Ghi chú",
    ):
        assert heading in page
    assert 'name="A_1_1-met"' in page
    assert 'name="B_1_1-actual"' in page  # ratio: the actual
    assert 'name="B_2_5-category"' in page  # PAR Index: the grade
    assert "Tốt" in page and "Khá" in page
    assert 'name="B_1_2-level"' in page  # descriptive: the 3-level response
    assert "Mức 2 – Cơ bản đáp ứng, còn hạn chế" in page
    assert "20–25" in page  # B.1.7's range target, with an en dash
    assert 'hx-post="' + _url("recalculate", evaluation) + '"' in page
    assert 'enctype="multipart/form-data"' in page


def test_saving_recomputes_on_the_server_and_stores_every_number(login, evaluation):
    client = login("official")
    data = form_post(evaluation, {"A.1.1": True, "B.1.1": "3", "B.2.5": "Khá", "B.1.2": 2})
    # A client's own "points" are never read.
    data["B_1_1-points"] = "5"
    response = client.post(_url("self_assessment", evaluation), data)
    assert response.status_code == 302
    rows = {e.code: e for e in CriterionEntry.objects.filter(evaluation=evaluation)}
    assert rows["A.1.1"].points == Decimal("2.00")
    assert rows["B.1.1"].actual == 3
    assert (rows["B.1.1"].kpi, rows["B.1.1"].points) == (Decimal("0.6000"), Decimal("3.00"))
    assert rows["B.2.5"].points == Decimal("2.00")
    assert rows["B.1.2"].points == Decimal("2.25")  # 0,75 × 3
    evaluation.refresh_from_db()
    assert evaluation.self_total is None  # not complete: no total, no band
    assert evaluation.lock_version == 4  # opened, targets proposed, approved, saved


def test_the_decimal_comma_is_read_and_shown(login, evaluation):
    client = login("official")
    client.post(_url("self_assessment", evaluation), form_post(evaluation, {"B.1.7": "21,5"}))
    entry = CriterionEntry.objects.get(evaluation=evaluation, code="B.1.7")
    assert entry.actual == Decimal("21.5")
    assert entry.points == Decimal("3.00")  # 21,5 ÷ 20 > 1: capped
    assert entry.exceeded is False  # not above the upper bound 25
    page = client.get(_url("self_assessment", evaluation)).content.decode()
    assert 'value="21,5"' in page
    assert "1,075" in page  # the KPI


def test_an_invalid_value_is_named_and_nothing_is_saved(login, evaluation):
    client = login("official")
    response = client.post(
        _url("self_assessment", evaluation),
        form_post(evaluation, {"B.1.1": "nhiều", "A.1.1": True}),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kết quả B.1.1: “nhiều” không phải là số" in page
    # #22: the banner names the rows to look at on a long page
    assert "Chưa lưu: ô chưa hợp lệ ở B.1.1 (xem thông báo tại từng dòng)." in page
    assert CriterionEntry.objects.get(evaluation=evaluation, code="A.1.1").met is None


def test_a_ratio_result_may_not_be_negative(login, evaluation):
    response = login("official").post(
        _url("self_assessment", evaluation), form_post(evaluation, {"B.1.1": "-1"})
    )
    assert "Kết quả B.1.1: không được là số âm." in response.content.decode()


def test_recalculation_returns_the_engines_numbers_without_saving(login, evaluation):
    client = login("official")
    data = filled_post(evaluation)
    response = client.post(_url("recalculate", evaluation), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="pts-B_1_1" hx-swap-oob="true">3,00<' in page
    assert 'id="total"' in page and 'hx-swap-oob="true"' in page
    assert "," in page.split('id="total">')[1].split("<")[0]  # decimal comma
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").actual is None
    assert Evaluation.objects.get(pk=evaluation.pk).lock_version == evaluation.lock_version
    # every out-of-band swap has its target on the page (part A has no KPI cell)
    form_page = client.get(_url("self_assessment", evaluation)).content.decode()
    for target in re.findall(r'id="([^"]+)"[^>]*hx-swap-oob="true"', page):
        assert f'id="{target}"' in form_page, target


def test_recalculation_names_an_invalid_value(login, evaluation):
    data = form_post(evaluation, {"B.3.3": "9O"})
    page = login("official").post(_url("recalculate", evaluation), data).content.decode()
    assert "Kết quả B.3.3: “9O” không phải là số" in page
    assert 'id="pts-B_3_3" hx-swap-oob="true">—<' in page


def test_the_proposed_rating_follows_the_band_until_the_official_chooses(login, evaluation):
    client = login("official")
    data = filled_post(evaluation)
    data.update({"proposed_rating": "", "band_shown": ""})
    page = client.post(_url("recalculate", evaluation), data).content.decode()
    band = page.split('name="band_shown" value="')[1].split('"')[0]
    assert band in ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
    assert f'<option value="{band}" selected>' in page
    assert 'id="proposed-hint"' not in page
    other = "HTNV" if band != "HTNV" else "HTTNV"
    data.update({"proposed_rating": other, "band_shown": band})
    page = client.post(_url("recalculate", evaluation), data).content.decode()
    assert f'<option value="{other}" selected>' in page
    # rough edge #19: a proposal that differs from the band says so, and asks for the reason
    assert f"Mức theo tổng điểm là {band}; bạn đề xuất mức khác" in page
    # the empty choice says what is missing but is never a proposal one can pick
    assert '<option value="" disabled>— Chưa đủ điểm để xếp mức —</option>' in page
    form_page = client.get(_url("self_assessment", evaluation)).content.decode()
    assert re.search(r'<option value=""[^>]*disabled[^>]*>— Chưa đủ điểm để xếp mức —', form_page)


def test_two_editors_get_a_conflict_instead_of_an_overwrite(login, evaluation):
    client = login("official")
    first = form_post(evaluation, {"B.1.1": "4"})
    second = form_post(evaluation, {"B.1.1": "2"})  # opened at the same version
    assert client.post(_url("self_assessment", evaluation), first).status_code == 302
    response = client.post(_url("self_assessment", evaluation), second)
    assert response.status_code == 409
    assert "CHƯA lưu nội dung bạn vừa nhập" in response.content.decode()
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").actual == 4


def test_submission_names_the_missing_criteria(login, evaluation):
    client = login("official")
    data = form_post(evaluation, {"A.1.1": True})
    data["action"] = "submit"
    response = client.post(_url("self_assessment", evaluation), data, follow=True)
    page = response.content.decode()
    assert "Chưa nộp được" in page
    assert "A.1.2: chưa chọn “Đảm bảo” hoặc “Không đảm bảo”" in page
    assert "B.2.5: chưa chọn mức xếp loại" in page
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.TARGETS_APPROVED
    assert CriterionEntry.objects.get(evaluation=evaluation, code="A.1.1").met is True  # saved


def test_a_full_submission_records_the_time_and_the_scores(login, evaluation):
    client = login("official")
    data = filled_post(evaluation)
    data["action"] = "submit"
    response = client.post(_url("self_assessment", evaluation), data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.SELF_ASSESSED
    assert evaluation.submitted_at is not None
    assert evaluation.submitted_late is not None
    assert evaluation.self_total is not None
    assert evaluation.self_proposed_rating == evaluation.self_band
    # Submitted: the form is read-only now and a POST is refused with the reason.
    page = client.get(_url("self_assessment", evaluation)).content.decode()
    assert 'name="B_1_1-actual"' not in page
    response = client.post(_url("self_assessment", evaluation), data, follow=True)
    assert "không sửa được" in response.content.decode()


def test_the_page_works_without_javascript_save_then_read(login, evaluation):
    client = login("official")
    response = client.post(
        _url("self_assessment", evaluation), filled_post(evaluation), follow=True
    )
    page = response.content.decode()
    assert "Đã lưu bản nháp. Tổng điểm tự chấm:" in page
    evaluation.refresh_from_db()
    assert evaluation.self_total is not None
    assert f"{evaluation.self_total:.2f}".replace(".", ",") in page


# --- Targets -------------------------------------------------------------------------------


@pytest.fixture
def draft(world, period):
    return f.make_evaluation(world.official_a, period)


def test_targets_are_prefilled_from_the_framework(login, draft):
    page = login("official").get(_url("targets", draft)).content.decode()
    assert 'name="B_1_1-target" value="5"' in page
    assert 'name="B_1_7-target" value="20-25"' in page
    rows = {e.code: e for e in draft.entries.all()}
    assert (rows["B.1.7"].target_low, rows["B.1.7"].target_high) == (20, 25)
    assert rows["B.1.2"].target_low is None  # a level row has no target


def test_the_official_proposes_and_the_unit_head_approves(world, login, draft):
    client = login("official")
    data = _targets_post(draft, {"B.1.1": "6", "B.1.6": "", "B.1.7": "18 - 22"})
    data["B_1_6-not_applicable"] = "on"
    assert client.post(_url("targets", draft), data).status_code == 302
    rows = {e.code: e for e in draft.entries.all()}
    assert rows["B.1.1"].target_low == 6
    assert (rows["B.1.7"].target_low, rows["B.1.7"].target_high) == (18, 22)
    assert rows["B.1.6"].not_applicable
    # The official cannot approve their own targets.
    assert client.post(_url("approve_targets", draft)).status_code == 403
    head = login("unit_head")
    draft.refresh_from_db()
    head.post(_url("approve_targets", draft), {"lock_version": draft.lock_version})
    draft.refresh_from_db()
    assert draft.state == EvaluationState.TARGETS_APPROVED
    assert draft.targets_approved_by == world.users["unit_head"]


def test_the_approver_sees_whether_targets_were_proposed_and_the_official_who_approves(
    world, login, draft
):
    """Rough edges #15, #16: "Cán bộ đang đề xuất mục tiêu" whether or not she had touched them;
    a head was told "Lãnh đạo đơn vị duyệt" though he is the unit's leadership."""
    head = login("unit_head")
    page = head.get(_url("targets", draft)).content.decode()
    assert "Cán bộ chưa lưu mục tiêu đề xuất: các con số đang hiện là gợi ý" in page
    client = login("official")
    page = client.get(_url("targets", draft)).content.decode()
    # the approver by name (the account's, else its official's: D26), never a bare username
    assert f"Người duyệt: {display_name(world.users['unit_head'])}." in page
    response = client.post(
        _url("targets", draft), _targets_post(draft, {"B.1.1": "6"}), follow=True
    )
    assert "duyệt mục tiêu trước khi bạn nộp" in response.content.decode()
    page = login("unit_head").get(_url("targets", draft)).content.decode()
    assert "Mục tiêu đề xuất được" in page and "đang chờ duyệt" in page
    # #14: approving is one-way and asks first
    assert 'data-confirm="Duyệt mục tiêu? Sau khi duyệt, mục tiêu chỉ thay đổi' in page
    # the head's own evaluation: nobody else leads unit A, so the page says whom to ask
    own = f.make_evaluation(world.head_a, draft.period)
    world.head_a.user = world.users["unit_head"]
    world.head_a.save(update_fields=["user"])
    page = login("unit_head").get(_url("targets", own)).content.decode()
    assert "Chưa có ai được phân quyền duyệt mục tiêu của phiếu này" in page


def test_the_unit_head_approves_every_proposed_target_at_once(world, login, period):
    """Rough edge #15: three clicks per member; now one, with what was skipped and why."""
    proposed = f.make_evaluation(world.official_a, period)
    untouched = f.make_evaluation(world.colleague_a, period)
    login("official").post(_url("targets", proposed), _targets_post(proposed, {"B.1.1": "6"}))
    client = login("unit_head")
    page = client.get(reverse("evaluations:unit_members", args=[world.unit_a.pk])).content.decode()
    assert "Duyệt mục tiêu của các cán bộ đã đề xuất" in page
    assert 'data-confirm="Duyệt mục tiêu của mọi cán bộ đã lưu mục tiêu đề xuất' in page  # #14
    response = client.post(
        reverse("evaluations:unit_approve_targets", args=[world.unit_a.pk]), follow=True
    )
    text = response.content.decode()
    assert "Đã duyệt mục tiêu của 1 cán bộ: Phạm Thu Lan." in text
    assert "Lê Văn Đồng: chưa lưu mục tiêu đề xuất" in text
    proposed.refresh_from_db()
    untouched.refresh_from_db()
    assert proposed.state == EvaluationState.TARGETS_APPROVED
    assert untouched.state == EvaluationState.DRAFT


def test_targets_never_proposed_are_not_offered_for_approval_nor_approved(world, login, draft):
    """Walk of 05/12/2026 (row #15 in part): the single "Duyệt mục tiêu" was offered on the
    framework's suggestions the official never saved; the bulk approval already skipped them."""
    from danhgia.evaluations.errors import EvaluationError
    from danhgia.evaluations.targets import approve_targets

    head = login("unit_head")
    page = head.get(_url("targets", draft)).content.decode()
    assert _url("approve_targets", draft) not in page
    assert "Cán bộ chưa lưu mục tiêu đề xuất nên chưa có gì để duyệt" in page
    assert "Nút “Duyệt mục tiêu” hiện khi cán bộ đã lưu mục tiêu đề xuất." in page
    response = head.post(
        _url("approve_targets", draft), {"lock_version": draft.lock_version}, follow=True
    )
    assert "chưa có gì để duyệt" in response.content.decode()
    with pytest.raises(EvaluationError, match="chưa có gì để duyệt"):
        approve_targets(draft, world.users["unit_head"])
    draft.refresh_from_db()
    assert draft.state == EvaluationState.DRAFT and draft.targets_approved_by is None
    # once she saves them, the button is offered and the approval goes through
    login("official").post(_url("targets", draft), _targets_post(draft, {"B.1.1": "6"}))
    head = login("unit_head")
    page = head.get(_url("targets", draft)).content.decode()
    assert "chưa có gì để duyệt" not in page
    assert _url("approve_targets", draft) in page
    draft.refresh_from_db()
    head.post(_url("approve_targets", draft), {"lock_version": draft.lock_version})
    draft.refresh_from_db()
    assert draft.state == EvaluationState.TARGETS_APPROVED


def test_approval_names_the_targets_still_missing(world, login, period):
    from danhgia.evaluations.opening import ensure_evaluation

    evaluation = ensure_evaluation(world.official_a, period)
    response = login("unit_head").post(
        _url("approve_targets", evaluation), {"lock_version": evaluation.lock_version}, follow=True
    )
    page = response.content.decode()
    assert "B.1.6: chưa có mục tiêu." in page
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.DRAFT


def test_an_approved_target_changes_only_by_a_logged_amendment(world, login, evaluation):
    from danhgia.audit.models import AuditEntry

    official = login("official")
    page = official.get(_url("targets", evaluation)).content.decode()
    assert 'name="B_1_1-target"' not in page  # approved: no longer an input
    data = _targets_post(evaluation, {"B.1.1": "9"})
    official.post(_url("targets", evaluation), data)
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").target_low == 5
    head = login("unit_head")
    url = _url("amend_target", evaluation, "B.1.1")
    version = {"lock_version": evaluation.lock_version}
    response = head.post(url, {"target": "4", "reason": "", **version})
    assert "Trường này là bắt buộc" in response.content.decode()
    head.post(url, {"target": "4", "reason": "Điều chỉnh theo Kế hoạch 12/KH-UBND", **version})
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").target_low == 4
    entry = AuditEntry.objects.get(action="evaluation.target_amended")
    assert entry.note == "Điều chỉnh theo Kế hoạch 12/KH-UBND"
    assert entry.before == {"B.1.1": {"target": "5", "not_applicable": False}}
    assert entry.after == {"B.1.1": {"target": "4", "not_applicable": False}}


def test_a_target_must_be_a_positive_number_or_range(login, draft):
    client = login("official")
    response = client.post(_url("targets", draft), _targets_post(draft, {"B.1.1": "0"}))
    assert "Mục tiêu B.1.1: mục tiêu phải lớn hơn 0." in response.content.decode()
    response = client.post(_url("targets", draft), _targets_post(draft, {"B.1.7": "25-20"}))
    assert "cận trên của khoảng phải lớn hơn hoặc bằng cận dưới" in response.content.decode()


def _targets_post(evaluation, values: dict[str, str]) -> dict[str, str]:
    evaluation.refresh_from_db()
    rules = rules_for(evaluation)
    rows = {e.code: e for e in evaluation.entries.all()}
    data = {"lock_version": str(evaluation.lock_version)}
    from danhgia.evaluations.forms import target_initial

    for criterion in rules.framework.part_b:
        key = criterion.code.replace(".", "_")
        if criterion.measure in ("ratio", "reduction"):
            data[f"{key}-target"] = values.get(criterion.code, target_initial(rows[criterion.code]))
        if rows[criterion.code].not_applicable:
            data[f"{key}-not_applicable"] = "on"
    return data


# --- Evidence ------------------------------------------------------------------------------


def test_evidence_is_uploaded_with_the_form_and_downloaded_only_as_an_attachment(
    login, evaluation, private_media
):
    client = login("official")
    data = form_post(evaluation, {"B.1.1": "5"})
    data["B_1_1-evidence"] = SimpleUploadedFile(
        "Báo cáo quý III.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )
    assert client.post(_url("self_assessment", evaluation), data).status_code == 302
    evidence = Evidence.objects.get(entry__evaluation=evaluation)
    assert evidence.original_name == "Báo cáo quý III.pdf"
    assert evidence.entry.code == "B.1.1"
    assert evidence.file.name.startswith("evidence/evidence/")
    # S10: stored files were 0644; only the application's account reads them now
    assert stat.S_IMODE(os.stat(evidence.file.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(evidence.file.path)).st_mode) == 0o700
    response = client.get(reverse("evaluations:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD%20III.pdf"
        in (response["Content-Disposition"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    f.close_download(response)
    # The unit head may read it; another department may not even know it exists.
    response = login("unit_head").get(response.request["PATH_INFO"])
    assert response.status_code == 200
    f.close_download(response)


def test_a_file_of_another_type_is_refused(login, evaluation, private_media):
    data = form_post(evaluation, {"B.1.1": "5"})
    data["B_1_1-evidence"] = SimpleUploadedFile("trang.html", b"<script>", content_type="text/html")
    response = login("official").post(_url("self_assessment", evaluation), data)
    assert "chỉ nhận các loại" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_is_removed_while_editable(
    login, evaluation, private_media, django_capture_on_commit_callbacks
):
    client = login("official")
    data = form_post(evaluation, {})
    data["B_1_1-evidence"] = SimpleUploadedFile(
        "a.png", b"\x89PNG\r\n\x1a\n png", content_type="image/png"
    )
    client.post(_url("self_assessment", evaluation), data)
    evidence = Evidence.objects.get()
    # A save of the form never removes a file, whatever is posted with it (Enter in a field).
    data = form_post(evaluation, {})
    data["remove_evidence"] = str(evidence.pk)
    client.post(_url("self_assessment", evaluation), data)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    page = client.get(_url("self_assessment", evaluation)).content.decode()
    remove = reverse("evaluations:evidence_remove", args=[evidence.pk])
    assert f'action="{remove}"' in page and f'form="remove-evidence-{evidence.pk}"' in page
    assert "Tệp bị xóa hẳn, không khôi phục được." in page  # asked first
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove)
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert not (private_media / evidence.file.name).exists()


@pytest.fixture
def private_media(tmp_path, monkeypatch):
    """Evidence files go to a temporary directory."""
    storage = Evidence._meta.get_field("file").storage
    monkeypatch.setattr(storage, "location", str(tmp_path))
    monkeypatch.setattr(storage, "base_location", str(tmp_path))
    return tmp_path


def test_a_file_above_the_size_limit_is_refused(login, evaluation, private_media, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    data = form_post(evaluation, {"B.1.1": "5"})
    data["B_1_1-evidence"] = SimpleUploadedFile("lon.pdf", b"x" * 2048)
    response = login("official").post(_url("self_assessment", evaluation), data)
    assert "quá lớn: tối đa" in response.content.decode()
    assert not Evidence.objects.exists()
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").actual is None


def test_every_field_of_the_evaluations_app_has_a_vietnamese_name():
    from django.apps import apps

    for model in apps.get_app_config("evaluations").get_models():
        assert model._meta.verbose_name != model.__name__.lower(), model
        for field in model._meta.get_fields():
            if field.concrete and not field.auto_created:
                assert str(field.verbose_name) != field.name.replace("_", " "), field


def test_targets_approved_without_a_person_show_the_system(login, evaluation):
    """Targets approved by the system (a seed, an import) named no one: the page answered 500."""
    from django.utils import timezone

    Evaluation.objects.filter(pk=evaluation.pk).update(
        targets_approved_at=timezone.now(), targets_approved_by=None
    )
    page = login("official").get(_url("detail", evaluation))
    assert page.status_code == 200
    assert "Mục tiêu đã được hệ thống duyệt lúc" in page.content.decode()


def test_a_rescaled_axis_says_so_and_a_row_not_applicable_reads_in_full(login, evaluation):
    """Rough edge #18: an axis of 13,55 beside rows adding to 10,84, and "KAD"."""
    CriterionEntry.objects.filter(evaluation=evaluation, code="B.1.6").update(not_applicable=True)
    page = login("official").get(_url("self_assessment", evaluation)).content.decode()
    assert "quy đổi theo các tiêu chí áp dụng" in page.split('id="axis-1"')[1][:400]
    assert "quy đổi theo" not in page.split('id="axis-2"')[1][:400]
    assert "KAD" not in page
    assert 'id="pts-B_1_6"' in page and "Không áp dụng" in page.split('id="pts-B_1_6"')[1][:200]


def test_a_file_whose_content_is_not_its_type_is_refused(login, evaluation):
    """S10: an HTML page named .pdf was accepted as evidence."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danhgia.evaluations.models import Evidence

    data = form_post(evaluation, {})
    data["B_1_1-evidence"] = SimpleUploadedFile(
        "gia.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = login("official").post(_url("self_assessment", evaluation), data)
    assert "không đúng định dạng .pdf" in response.content.decode()
    assert not Evidence.objects.filter(entry__evaluation=evaluation).exists()


def test_errors_of_the_proposal_and_the_general_comment_are_shown_beside_them(login, evaluation):
    """S11: these two fields' errors showed only as the generic banner."""
    data = form_post(evaluation, {})
    data["proposed_rating"] = "XYZ"
    data["self_comment"] = "x" * 5001
    page = login("official").post(_url("self_assessment", evaluation), data).content.decode()
    rating = page.split('id="proposed-wrap"')[1].split("</div>")[0]
    assert "Hãy chọn một lựa chọn hợp lệ. XYZ không phải là một trong các lựa chọn" in rating
    comment = page.split('name="self_comment"')[1].split("</div>")[0]
    assert "5000" in comment and 'class="error"' in comment
    assert Evaluation.objects.get(pk=evaluation.pk).self_comment == ""
    assert "ô chưa hợp lệ ở Tự đề xuất xếp loại, Tự nhận xét chung (nếu có)" in page
