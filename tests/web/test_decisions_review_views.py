"""The pages of steps 3a-3c: what they show, and what a POST stores (reloaded from the database)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danhgia.dossiers.choices import DossierComponent
from danhgia.dossiers.models import Dossier, DossierDocument, ReviewMeeting
from danhgia.engine import format_number
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.review.choices import Stage
from danhgia.review.models import KeyTaskAssessment, StageCriterionScore, StageScore
from danhgia.review.sheets import load_sheet
from danhgia.review.verification import verify_person
from danhgia.tasks.choices import TaskState
from danhgia.tasks.models import Task

from . import factories as f
from . import review_world
from .dossier_data import complete
from .mailbox import deliver_notices
from .review_world import D


@pytest.fixture
def rw(world, tmp_path, monkeypatch):
    storage = DossierDocument._meta.get_field("file").storage
    monkeypatch.setattr(storage, "location", str(tmp_path))
    monkeypatch.setattr(storage, "base_location", str(tmp_path))
    return review_world.build(world)


def as_user(client, rw, persona: str):
    client.force_login(rw.users[persona])
    return client


def verified(rw) -> Evaluation:
    verify_person(rw.world.official_a, rw.period, rw.users["agency"])
    verify_person(rw.world.official_a, rw.period, rw.users["unit_head"])
    rw.evaluation.refresh_from_db()
    return rw.evaluation


def stage_post(evaluation, stage, changes=None, explanations=None, **extra) -> dict:
    """The stage form as the browser posts it: the starting points, ``changes`` applied."""
    evaluation.refresh_from_db()
    sheet = load_sheet(evaluation, stage)
    data = {
        "lock_version": str(evaluation.lock_version),
        "proposed_rating": "",
        "comment": "",
        "explanation": "",
    }
    for code, points in sheet.initial_points().items():
        if code in sheet.not_applicable:
            continue
        key = code.replace(".", "_")
        value = (changes or {}).get(code, points)
        data[f"{key}-points"] = format_number(D(str(value))) if value is not None else ""
        data[f"{key}-explanation"] = (explanations or {}).get(code, "")
    data.update(extra)
    return data


# --- Verification ------------------------------------------------------------------------------


def test_the_verification_page_lists_the_people_with_this_sides_tasks(client, rw):
    response = as_user(client, rw, "agency").get(
        reverse("review:verification", args=[rw.period.pk])
    )
    page = response.content.decode()
    assert rw.world.official_a.full_name in page
    assert rw.task_agency.title in page
    assert rw.task_unit.title not in page  # assigned by unit A, not by the agency
    assert "Chậm hạn" in page and "20/09/2026" in page


def test_each_input_of_the_verification_names_its_task(client, rw):
    """Walk of 05/12/2026: the quantity input had no label of its own (a screen reader read
    nothing); each input and each factor group now names the task."""
    import html
    import re

    page = as_user(client, rw, "agency").get(reverse("review:verification", args=[rw.period.pk]))
    text = page.content.decode()
    task = rw.task_agency
    field_id = f"id_t{task.pk}-delivered"
    assert f'id="{field_id}"' in text
    label = re.search(rf'<label[^>]*for="{field_id}"[^>]*>(.*?)</label>', text)
    assert label, "the quantity input has a label of its own"
    assert html.unescape(label.group(1)) == f"Số lượng được công nhận: {task.title}"
    legends = [html.unescape(m) for m in re.findall(r"<legend[^>]*>(.*?)</legend>", text)]
    for factor in ("Hệ số chất lượng", "Hệ số tiến độ", "Hệ số lãnh đạo, chỉ đạo"):
        assert f"{factor}: {task.title}" in legends, legends


def test_confirming_on_the_page_stores_the_chosen_factors(client, rw):
    task = rw.task_agency
    data = {
        f"t{task.pk}-quality": "1.2",
        f"t{task.pk}-timeliness": "0.5",
        f"t{task.pk}-leadership": "1.0",
        f"t{task.pk}-delivered": "1",
        f"t{task.pk}-version": str(task.lock_version),
        "lock_version": str(rw.evaluation.lock_version),
    }
    url = reverse("review:verify_person", args=[rw.period.pk, rw.world.official_a.pk])
    response = as_user(client, rw, "agency").post(url, data)
    assert response.status_code == 302
    task = Task.objects.get(pk=task.pk)
    assert (task.state, task.quality, task.timeliness) == (TaskState.VERIFIED, D("1.20"), D("0.50"))


def test_a_refused_confirmation_names_the_person_and_the_task(client, rw):
    """#22: "Số lượng được công nhận: …" named no task on a page listing many people's tasks."""
    task = rw.task_agency
    data = {
        f"t{task.pk}-quality": "1.0",
        f"t{task.pk}-timeliness": "1.0",
        f"t{task.pk}-leadership": "1.0",
        f"t{task.pk}-delivered": "-1",
        f"t{task.pk}-version": str(task.lock_version),
        "lock_version": str(rw.evaluation.lock_version),
    }
    url = reverse("review:verify_person", args=[rw.period.pk, rw.world.official_a.pk])
    response = as_user(client, rw, "agency").post(url, data, follow=True)
    name = rw.world.official_a.full_name
    expected = f"{name}, “{task.title}” – Số lượng được công nhận: không được là số âm."
    assert expected in [str(m) for m in response.context["messages"]]
    assert Task.objects.get(pk=task.pk).state != TaskState.VERIFIED


# --- Review -------------------------------------------------------------------------------------


def test_the_unit_page_shows_each_member_with_the_stages_and_the_meeting_form(client, rw):
    review_world.submitted(rw.world.colleague_a, rw.period, rw.users["unit_head"])
    url = reverse("review:review_unit", args=[rw.period.pk, rw.world.unit_a.pk])
    page = as_user(client, rw, "unit_head").get(url).content.decode()
    assert rw.world.official_a.full_name in page and rw.world.colleague_a.full_name in page
    assert "Chờ xác nhận 2 nhiệm vụ" in page  # official A: the agency's and the unit's
    assert "Xác nhận kết quả nhiệm vụ" in page  # the colleague has no task: the unit confirms
    assert "Biên bản hội nghị" in page and "Phụ lục 7" in page
    assert "86,56" in page  # self totals with a decimal comma


def test_the_review_form_shows_the_recomputed_points_and_saves_with_explanations(client, rw):
    from danhgia.review.verification import TaskCheck

    verify_person(
        rw.world.official_a,
        rw.period,
        rw.users["agency"],
        {rw.task_agency.pk: TaskCheck(D("1.0"), D("0.5"), D("1.0"))},
    )
    evaluation = verified(rw)
    url = reverse("review:review_form", args=[evaluation.pk])
    user = as_user(client, rw, "unit_head")
    page = user.get(url).content.decode()
    assert "Tính lại" in page and "2,91" in page and "2,81" in page
    response = user.post(url, stage_post(evaluation, Stage.REVIEW, {"B.1.1": "0"}))
    assert response.status_code == 200
    assert "B.1.1: cần giải trình" in response.content.decode()
    assert not StageScore.objects.exists()
    data = stage_post(
        evaluation,
        Stage.REVIEW,
        {"B.1.1": "0"},
        {"B.1.1": "Chưa ban hành đủ văn bản."},
        comment="Nhận xét của tập thể.",
        action="complete",
    )
    response = user.post(url, data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.REVIEWED
    score = StageScore.objects.get(evaluation=evaluation, stage=Stage.REVIEW)
    assert score.comment == "Nhận xét của tập thể."
    row = StageCriterionScore.objects.get(stage_score=score, code="B.1.1")
    assert (row.points, row.explanation) == (D("0.00"), "Chưa ban hành đủ văn bản.")
    assert StageCriterionScore.objects.get(stage_score=score, code="B.1.2").points == D("2.81")


def test_the_recalculation_answers_the_totals_with_a_decimal_comma(client, rw):
    evaluation = verified(rw)
    url = reverse("review:review_recalculate", args=[evaluation.pk])
    response = as_user(client, rw, "unit_head").post(
        url, stage_post(evaluation, Stage.REVIEW, {"B.2.1": "1.5"})
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="stage-totals"' in body
    assert "86,06" in body  # 86,56 − 0,5
    assert 'id="d-B_2_1"' in body and "-0,50" in body
    assert not StageScore.objects.exists()


def test_the_recalculation_says_at_once_when_points_exceed_the_maximum(client, rw):
    """Rough edge #9: 7 in B.1.1 (max 5) was refused only at the save."""
    evaluation = verified(rw)
    url = reverse("review:review_recalculate", args=[evaluation.pk])
    response = as_user(client, rw, "unit_head").post(
        url, stage_post(evaluation, Stage.REVIEW, {"B.1.1": "7"})
    )
    body = response.content.decode()
    assert 'id="x-B_1_1"' in body and "B.1.1: điểm phải từ 0 đến 5,00" in body
    # the refused 7 is not counted: no "+" difference on the row, the total without B.1.1
    delta = body.split('id="d-B_1_1"', 1)[1].split("</span>", 1)[0]
    assert delta.endswith(">") and "+" not in delta

    def total(text):
        return text.split('class="totals__current"', 1)[1].split("</strong>", 1)[0].rsplit(">")[-1]

    # 86,56 less B.1.1's starting points (its axis rescaled); counting the 7 would raise it
    assert total(body) == "80,61"
    assert not StageScore.objects.exists()


def test_the_review_form_links_the_officials_evidence_beside_the_self_score(client, rw):
    """Rough edge #8: the files attached in the self-assessment, downloadable from the review."""
    from django.core.files.base import ContentFile

    from danhgia.evaluations.models import Evidence

    evaluation = verified(rw)
    evidence = Evidence(
        entry=evaluation.entries.get(code="B.1.1"),
        original_name="minh-chung-giai-ngan.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=rw.world.users["official"],
    )
    evidence.file.save("minh-chung.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    user = as_user(client, rw, "unit_head")
    page = user.get(reverse("review:review_form", args=[evaluation.pk])).content.decode()
    row = page.split('id="row-B_1_1"', 1)[1].split("</tr>", 1)[0]
    link = reverse("evaluations:evidence_download", args=[evidence.pk])
    assert f'href="{link}"' in row and "minh-chung-giai-ngan.pdf" in row
    assert 'id="row-B_1_2"' in page and link not in page.split('id="row-B_1_2"', 1)[1]
    response = user.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == (
        b"%PDF-1.4\n"
    )
    client.logout()
    assert client.get(link).status_code == 302  # to the login page


def test_a_stale_review_form_gets_409(client, rw):
    evaluation = verified(rw)
    url = reverse("review:review_form", args=[evaluation.pk])
    user = as_user(client, rw, "unit_head")
    stale = stage_post(evaluation, Stage.REVIEW)
    assert user.post(url, stage_post(evaluation, Stage.REVIEW)).status_code == 302
    stale["B_2_1-points"] = "1"
    assert user.post(url, stale).status_code == 409
    assert StageCriterionScore.objects.get(code="B.2.1").points == D("2.00")


def test_the_meeting_is_recorded_with_a_vietnamese_date(client, rw):
    url = reverse("dossiers:review_meeting", args=[rw.period.pk, rw.world.unit_a.pk])
    response = as_user(client, rw, "unit_head").post(
        url,
        {
            "held_on": "01/10/2026",
            "attendees": "Ban Giám đốc Sở",
            "minutes": "Thống nhất đề xuất.",
            "lock_version": "0",
        },
    )
    assert response.status_code == 302
    meeting = ReviewMeeting.objects.get(unit=rw.world.unit_a, period=rw.period)
    assert meeting.held_on == date(2026, 10, 1) and meeting.recorded_by == rw.users["unit_head"]


# --- Dossier -------------------------------------------------------------------------------------


def test_the_unit_adds_files_submits_and_the_file_downloads(client, rw):
    complete(rw, skip=(DossierComponent.MEMO,))
    user = as_user(client, rw, "secretary")
    url = reverse("dossiers:dossier", args=[rw.period.pk, rw.world.unit_a.pk])
    upload = SimpleUploadedFile(
        "to-trinh.pdf", b"%PDF-1.4 to trinh", content_type="application/pdf"
    )
    assert user.post(url, {"component": "memo", "file": upload}).status_code == 302
    response = user.post(url, {"component": "memo"})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    dossier = Dossier.objects.get(unit=rw.world.unit_a, period=rw.period)
    assert sorted(dossier.documents.values_list("component", flat=True)) == ["evidence", "memo"]
    submit = reverse("dossiers:dossier_submit", args=[rw.period.pk, rw.world.unit_a.pk])
    assert user.post(submit).status_code == 302
    dossier.refresh_from_db()
    assert dossier.submitted_at is not None and dossier.submitted_by == rw.users["secretary"]
    page = user.get(url).content.decode()
    assert "Nộp muộn" in page  # today is after 02/10/2026
    document = dossier.documents.get(component=DossierComponent.MEMO)
    response = as_user(client, rw, "appraiser").get(
        reverse("dossiers:dossier_document", args=[document.pk])
    )
    body = b"".join(response.streaming_content)
    f.close_download(response)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert body == b"%PDF-1.4 to trinh"


# --- Appraisal -----------------------------------------------------------------------------------


def test_the_appraisal_page_shows_completeness_lateness_and_key_tasks(client, rw):
    url = reverse("review:appraisal_unit", args=[rw.period.pk, rw.world.unit_a.pk])
    user = as_user(client, rw, "appraiser")
    page = user.get(url).content.decode()
    assert "Chưa nộp" in page and "Thiếu: Tờ trình, Biên bản hội nghị" in page
    assert rw.task_unit.title in page  # a key task
    # D20: each field of the response is labelled (the comment had neither label nor hint)
    key = f"k{rw.task_unit.pk}"
    assert f'<label for="id_{key}-comment">Nhận xét về mức độ đáp ứng:</label>' in page
    # the response is a group of radio buttons named by its legend (rough edge #17)
    assert f'<fieldset class="choices" id="id_{key}-response">' in page
    assert "<legend>Mức độ đáp ứng</legend>" in page
    assert f'<label class="choice" for="id_{key}-response_1">' in page
    response = user.post(
        reverse("review:key_task", args=[rw.period.pk, rw.world.unit_a.pk]),
        {
            "task": rw.task_unit.pk,
            f"k{rw.task_unit.pk}-response": "3",
            f"k{rw.task_unit.pk}-comment": "Chậm",
            f"k{rw.task_unit.pk}-lock_version": "0",
        },
    )
    assert response.status_code == 302
    assert KeyTaskAssessment.objects.get(task=rw.task_unit).response == 3
    page = user.get(url).content.decode()
    assert "Đã ghi: Không đáp ứng" in page


def test_the_appraisal_form_is_read_only_until_the_review_is_done(client, rw):
    evaluation = verified(rw)
    url = reverse("review:appraisal_form", args=[evaluation.pk])
    page = as_user(client, rw, "appraiser").get(url).content.decode()
    assert "Chỉ xem" in page and 'name="B_2_1-points"' not in page


# --- Returns, e-mail, navigation ---------------------------------------------------------------


def test_returning_from_the_page_needs_a_reason_and_sends_an_email(
    client, rw, django_capture_on_commit_callbacks
):
    rw.users["official"].email = "lan@example.vn"
    rw.users["official"].save()
    url = reverse("review:return_evaluation", args=[rw.evaluation.pk])
    user = as_user(client, rw, "unit_head")
    user.post(url, {"reason": " ", "lock_version": rw.evaluation.lock_version})
    rw.evaluation.refresh_from_db()
    assert rw.evaluation.state == EvaluationState.SELF_ASSESSED
    back = reverse("review:review_unit", args=[rw.period.pk, rw.world.unit_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = user.post(
            url,
            {
                "reason": "Bổ sung minh chứng.",
                "lock_version": rw.evaluation.lock_version,
                "next": back,
            },
        )
    assert response["Location"] == back
    rw.evaluation.refresh_from_db()
    assert (rw.evaluation.state, rw.evaluation.returned_from) == ("returned", "self_assessed")
    deliver_notices()  # the e-mails go out through the job worker
    assert len(mail.outbox) == 1 and "Bổ sung minh chứng." in mail.outbox[0].body


def test_the_review_menu_is_shown_to_the_roles_concerned(client, rw):
    home = reverse("core:home")
    assert "Xét duyệt" in as_user(client, rw, "unit_head").get(home).content.decode()
    client.logout()
    assert "Xét duyệt" not in as_user(client, rw, "official").get(home).content.decode()


def test_the_officials_card_is_not_editable_once_returned_to_a_later_step(rw):
    from danhgia.evaluations.overview import own_card
    from danhgia.review.returns import return_evaluation

    evaluation = verified(rw)
    return_evaluation(evaluation, "Kiểm tra lại tiến độ.", rw.users["unit_head"])
    card = own_card(rw.users["official"], rw.period)
    assert card.evaluation.state == EvaluationState.RETURNED and not card.editable


def test_the_units_bare_confirm_button_moves_a_person_whose_tasks_are_all_confirmed(client, rw):
    verify_person(rw.world.official_a, rw.period, rw.users["agency"])
    verify_person(rw.world.official_a, rw.period, rw.users["unit_head"])  # moves already
    evaluation = review_world.submitted(rw.world.colleague_a, rw.period, rw.users["unit_head"])
    task = f.make_task(
        rw.world.colleague_a,
        rw.period,
        rw.world.unit_a,
        rw.users["unit_head"],
        delivered_quantity=D(1),
        completed_on=date(2026, 9, 10),
        state=TaskState.VERIFIED,
        quality=D(1),
        timeliness=D(1),
        leadership=D(1),
    )
    back = reverse("review:review_unit", args=[rw.period.pk, rw.world.unit_a.pk])
    url = reverse("review:verify_person", args=[rw.period.pk, rw.world.colleague_a.pk])
    response = as_user(client, rw, "unit_head").post(
        url, {"lock_version": evaluation.lock_version, "next": back}
    )
    assert response["Location"] == back
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.VERIFIED
    task.refresh_from_db()
    assert task.quality == D("1.00")


def test_a_task_posted_with_only_some_factors_is_refused(client, rw):
    url = reverse("review:verify_person", args=[rw.period.pk, rw.world.official_a.pk])
    task = rw.task_agency
    data = {
        f"t{task.pk}-quality": "1.0",
        f"t{task.pk}-version": task.lock_version,
        "lock_version": rw.evaluation.lock_version,
    }
    response = as_user(client, rw, "agency").post(url, data)
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).state == TaskState.REPORTED


def test_the_review_form_shows_points_with_two_decimals(client, rw):
    """Rough edge #10: inputs showed "3,5" and "2" while every column showed "3,50"."""
    evaluation = verified(rw)
    page = as_user(client, rw, "unit_head").get(reverse("review:review_form", args=[evaluation.pk]))
    html = page.content.decode()
    values = re.findall(r'name="B_[0-9_]+-points"[^>]*value="([^"]*)"', html)
    values += re.findall(r'value="([^"]*)"[^>]*name="B_[0-9_]+-points"', html)
    assert values and all(re.fullmatch(r"\d+,\d\d", v) for v in values if v), values


def test_an_evaluation_returned_to_the_unit_waits_on_its_home_page(client, rw):
    """D5: the home page said "0 phiếu chờ nhận xét" after the appraiser returned one."""
    from danhgia.core.counts import waiting_items
    from danhgia.review.returns import return_evaluation

    def lines(persona, duty):
        return [w.label for w in waiting_items(rw.users[persona], rw.period, {duty})]

    assert not any("trả lại" in line for line in lines("unit_head", "review"))
    evaluation = verified(rw)  # the review waits; the unit sends it back to verification
    return_evaluation(evaluation, "Kiểm tra lại tiến độ.", rw.users["unit_head"])
    assert "1 phiếu được trả lại để đơn vị hoàn thiện" in lines("unit_head", "review")
    page = as_user(client, rw, "unit_head").get(reverse("core:home")).content.decode()
    assert "1 phiếu được trả lại để đơn vị hoàn thiện" in page


def test_with_nothing_left_to_confirm_the_filtered_list_says_so(client, rw):
    """#12: after confirming all, "?cho=1" said nobody had tasks from this agency."""
    verify_person(rw.world.official_a, rw.period, rw.users["agency"])
    url = reverse("review:verification", args=[rw.period.pk])
    page = as_user(client, rw, "agency").get(url, {"cho": "1"}).content.decode()
    assert "Không còn nhiệm vụ nào chờ bạn xác nhận trong quý này." in page
    assert "Không có người nào có nhiệm vụ do bạn giao" not in page


def test_the_reason_of_a_return_is_shown_at_the_top_of_the_form(client, rw):
    """D5: the reason appeared only in the history at the bottom of a ~6,000 px form.
    #14, D14: completing the review or the appraisal asks first."""
    from danhgia.review.returns import return_evaluation
    from danhgia.review.review import save_review

    from .review_world import same_points

    evaluation = verified(rw)
    url = reverse("review:review_form", args=[evaluation.pk])
    page = as_user(client, rw, "unit_head").get(url).content.decode()
    assert 'data-confirm="Lưu và hoàn thành bước xem xét? Phiếu chuyển sang bước thẩm định' in page
    assert "Phiếu được trả lại để hoàn thiện." not in page
    save_review(
        evaluation, same_points(evaluation, Stage.REVIEW), rw.users["unit_head"], finish=True
    )
    evaluation.refresh_from_db()
    appraisal = reverse("review:appraisal_form", args=[evaluation.pk])
    page = as_user(client, rw, "appraiser").get(appraisal).content.decode()
    assert 'data-confirm="Lưu và hoàn thành thẩm định?' in page  # #14, D14
    return_evaluation(evaluation, "Bổ sung minh chứng tiêu chí B.1.6.", rw.users["appraiser"])
    page = as_user(client, rw, "unit_head").get(url).content.decode()
    top = page.split('id="stage-form"')[0]
    assert "Phiếu được trả lại để hoàn thiện." in top
    assert "Bổ sung minh chứng tiêu chí B.1.6." in top
    assert re.search(r"trả lại lúc \d\d/\d\d/\d{4} \d\d:\d\d, lý do:", top)
    # once the unit completes the review again, the note is gone
    save_review(
        evaluation, same_points(evaluation, Stage.REVIEW), rw.users["unit_head"], finish=True
    )
    page = as_user(client, rw, "unit_head").get(url).content.decode()
    assert "Phiếu được trả lại để hoàn thiện." not in page
