"""A real browser: the forms' safety nets (forms.js and the page structure).

Enter in the self-assessment saves the draft and never deletes evidence; removing a file asks
first; submitting asks first and says what follows; leaving a form with unsaved changes warns.
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from danhgia.evaluations.models import Evaluation, Evidence
from tests.browser.session import log_in
from tests.demo_day import STORY_TODAY_TEXT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db, private_media):
    call_command("seed_demo", small=True, today=STORY_TODAY_TEXT, verbosity=0)


def _open_with_a_file(page: Page, base: str, tmp_path) -> Evaluation:
    log_in(page, base, "canbo")
    evaluation = Evaluation.objects.get(official__user__username="canbo", period__state="open")
    page.goto(f"{base}/danh-gia/{evaluation.pk}/tu-danh-gia/")
    pdf = tmp_path / "Minh chứng B11.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% minh chung\n")
    page.locator("input[name='B_1_1-evidence']").set_input_files(str(pdf))
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp")
    expect(page.locator("#row-B_1_1")).to_contain_text("Minh chứng B11.pdf")
    return evaluation


def test_enter_in_a_number_field_saves_the_draft_and_keeps_the_file(
    demo, live_server, page: Page, tmp_path
):
    evaluation = _open_with_a_file(page, live_server.url, tmp_path)
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))

    field = page.locator("input[name='B_1_1-actual']")
    field.fill("4")
    field.press("Enter")

    expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp")
    expect(page.locator("#row-B_1_1")).to_contain_text("Minh chứng B11.pdf")
    assert questions == []  # no removal was even asked
    assert Evidence.objects.filter(entry__evaluation=evaluation).count() == 1
    assert evaluation.entries.get(code="B.1.1").actual == 4


def test_removing_a_file_asks_first(demo, live_server, page: Page, tmp_path):
    evaluation = _open_with_a_file(page, live_server.url, tmp_path)
    remove = page.locator("#row-B_1_1").get_by_role("button", name="Xóa tệp")

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    remove.click()
    assert "Minh chứng B11.pdf" in questions[0] and "không khôi phục được" in questions[0]
    expect(page.locator("#row-B_1_1")).to_contain_text("Minh chứng B11.pdf")
    assert Evidence.objects.filter(entry__evaluation=evaluation).count() == 1

    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    expect(page.locator(".messages")).to_contain_text("Đã xóa tệp")
    expect(page.locator("#row-B_1_1")).not_to_contain_text("Minh chứng B11.pdf")
    assert not Evidence.objects.filter(entry__evaluation=evaluation).exists()


def test_submitting_asks_first_and_a_refusal_changes_nothing(demo, live_server, page: Page):
    log_in(page, live_server.url, "canbo")
    evaluation = Evaluation.objects.get(official__user__username="canbo", period__state="open")
    page.goto(f"{live_server.url}/danh-gia/{evaluation.pk}/tu-danh-gia/")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))

    page.get_by_role("button", name="Nộp bản tự đánh giá").click()

    assert "Nộp bản tự đánh giá?" in questions[0]
    assert "không sửa được nữa" in questions[0]
    expect(page.get_by_role("button", name="Nộp bản tự đánh giá")).to_be_visible()
    evaluation.refresh_from_db()
    assert evaluation.state == "targets_approved" and evaluation.submitted_at is None


def test_leaving_with_unsaved_changes_warns(demo, live_server, page: Page):
    log_in(page, live_server.url, "canbo")
    evaluation = Evaluation.objects.get(official__user__username="canbo", period__state="open")
    url = f"{live_server.url}/danh-gia/{evaluation.pk}/tu-danh-gia/"
    page.goto(url)
    page.locator("input[name='B_1_1-actual']").fill("2")

    kinds = []
    page.once("dialog", lambda dialog: (kinds.append(dialog.type), dialog.dismiss()))
    page.locator(".site-header").get_by_role("link").first.click()

    page.wait_for_timeout(300)
    assert kinds == ["beforeunload"]
    assert page.url == url  # stayed on the form
    expect(page.locator("input[name='B_1_1-actual']")).to_have_value("2")
