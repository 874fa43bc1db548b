"""A real browser: the demo official fills and submits a full self-assessment (with a file and a
criterion scored from tasks), the numbers update as they type, and the unit head sees it."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from danhgia.evaluations.models import Evaluation, Evidence
from danhgia.organisation.models import Official
from tests.browser.session import log_in
from tests.demo_day import STORY_TODAY_TEXT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db, private_media):
    call_command("seed_demo", small=True, today=STORY_TODAY_TEXT, verbosity=0)


def test_canbo_submits_a_full_self_assessment_and_the_unit_head_sees_it(
    demo, live_server, page: Page, tmp_path
):
    log_in(page, live_server.url, "canbo")
    card = page.locator(".home__self")
    expect(card.get_by_role("heading")).to_have_text("Tự đánh giá quý III/2026")
    expect(card).to_contain_text("30/09/2026")
    expect(card).to_contain_text("Đã duyệt mục tiêu")
    card.get_by_role("link", name="Mở bản tự đánh giá").click()
    expect(page.get_by_role("heading", name="BẢN TỰ ĐÁNH GIÁ, XẾP LOẠI")).to_be_visible()

    # The bulk of the form at once (one recalculation), then the rows below by hand: part A
    # "Đảm bảo", every ratio row's result 100, every 3-level row "Mức 1".
    page.evaluate(
        """() => {
        document.querySelectorAll("input[type=radio][name$='-met'][value='1']")
            .forEach((radio) => { radio.checked = true; });
        document.querySelectorAll("input[name$='-actual']")
            .forEach((input) => { input.value = "100"; });
        document.querySelectorAll("input[type=radio][name$='-level'][value='1']")
            .forEach((radio) => { radio.checked = true; });
    }"""
    )
    page.locator("input[name='A_3_2-met'][value='0']").check()
    expect(page.locator("#pts-A_3_2")).to_have_text("0,00")
    expect(page.locator("#pts-A_1_1")).to_have_text("2,00")

    # B.1.1 typed below its target of 5, first wrongly.
    page.locator("input[name='B_1_1-actual']").fill("ba")
    expect(page.locator("#recalc-status")).to_contain_text("Kết quả B.1.1: “ba” không phải là số")
    page.locator("input[name='B_1_1-actual']").fill("3")
    expect(page.locator("#pts-B_1_1")).to_have_text("3,00")  # 3 ÷ 5 × 5, recomputed live
    expect(page.locator("#recalc-status")).not_to_contain_text("B.1.1")
    expect(page.locator("#kpi-B_1_1")).to_contain_text("0,6")
    page.locator("select[name='B_2_5-category']").select_option("Khá")
    page.locator("#row-B_4_2").get_by_label("Mức 2 – Cơ bản đáp ứng, còn hạn chế").check()
    expect(page.locator("#pts-B_4_2")).to_have_text("2,25")

    # B.1.2 from the tasks assigned to canbo: they are listed and scored.
    row = page.locator("#row-B_1_2")
    row.locator("input[name='B_1_2-use_tasks']").check()
    # the tasks sit on their own full-width row under the criterion (#23)
    tasks = page.locator("#tasks-B_1_2 details.tasks")
    expect(tasks).to_contain_text("Báo cáo quyết toán ngân sách")
    expect(page.locator("#pts-B_1_2")).not_to_have_text("—")

    # One file of evidence.
    pdf = tmp_path / "Báo cáo kết quả quý III.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% minh chung\n")
    page.locator("input[name='B_1_1-evidence']").set_input_files(str(pdf))

    total = page.locator("#total")
    expect(total).to_have_text(re.compile(r"^\d{2},\d{2}$"))
    expect(page.locator("#band")).not_to_contain_text("Chưa xác định")
    shown_total = total.inner_text()
    band = re.search(r"\((HT\w+|KHTNV)\)", page.locator("#band").inner_text()).group(1)
    expect(page.locator("select[name='proposed_rating']")).to_have_value(band)  # follows the band

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Nộp bản tự đánh giá").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp bản tự đánh giá")
    assert "không sửa được nữa" in questions[0]
    expect(page.locator("main")).to_contain_text("Đã tự đánh giá")

    evaluation = Evaluation.objects.get(official__user__username="canbo", period__state="open")
    assert evaluation.state == "self_assessed"
    assert f"{evaluation.self_total:.2f}".replace(".", ",") == shown_total
    assert evaluation.entries.get(code="B.1.2").use_tasks
    assert Evidence.objects.get(entry__evaluation=evaluation).original_name == pdf.name

    # The unit head sees it submitted on the home page.
    log_in(page, live_server.url, "truongdonvi")
    name = Official.objects.get(user__username="canbo").full_name
    member = page.locator(".home__members tr", has_text=name)
    expect(member).to_contain_text("Đã tự đánh giá")
    expect(member).to_contain_text(shown_total)
