"""A phone (390 px wide) and 200 % zoom (640 CSS px): the targets and self-assessment sheets fit
the screen, the criteria read as text (not one word per line) and each stacked cell says which
column it is (issue "Every rough edge", item 3; rough edges #23, #30)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.session import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db, private_media):
    call_command("seed_demo", small=True, verbosity=0)


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the criterion's text has the row's width, not a column squeezed to a word
    text_cell = page.locator("table.table--sheet tbody tr:not(.axis-row) td:nth-child(2)").first
    assert text_cell.bounding_box()["width"] > width * 0.7


def test_the_self_assessment_and_targets_fit_a_phone_and_200_percent_zoom(
    demo, live_server, page: Page
):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "canbo")
    page.locator(".home__self").get_by_role("link", name="Mở bản tự đánh giá").click()
    expect(page.get_by_role("heading", name="BẢN TỰ ĐÁNH GIÁ, XẾP LOẠI")).to_be_visible()
    _fits(page, 390)
    row = page.locator("table.table--sheet").nth(1).locator("tbody tr:not(.axis-row)").first
    expect(row.locator("td[data-label='Điểm tối đa']")).to_be_visible()
    expect(
        row.locator(
            "td[data-label='Kết quả sản phẩm thực tế'] input, "
            "td[data-label='Kết quả sản phẩm thực tế'] select"
        ).first
    ).to_be_visible()
    # typing still recalculates in the stacked layout
    first_met = page.locator("input[type=radio][name$='-met'][value='1']").first
    first_met.check()
    first_row = page.locator("table.table--sheet").first.locator("tbody tr:not(.axis-row)").first
    expect(first_row.locator("td[data-label='Điểm đạt']")).to_have_text(re.compile(r"\d"))

    page.set_viewport_size({"width": 640, "height": 900})  # 1280 px at 200 % zoom
    page.reload()
    _fits(page, 640)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.url.replace("tu-danh-gia", "muc-tieu"))
    _fits(page, 390)
    expect(page.locator("table.table--sheet td[data-label='Điểm tối đa']").first).to_be_visible()


def test_the_keyboard_focus_always_shows(demo, live_server, page: Page):
    log_in(page, live_server.url, "canbo")
    page.locator(".home__self").get_by_role("link", name="Mở bản tự đánh giá").click()
    page.wait_for_url("**/tu-danh-gia/")
    page.wait_for_load_state("load")
    styles = []
    for _ in range(25):
        page.keyboard.press("Tab")
        styles.append(
            page.evaluate(
                """() => { const e = document.activeElement;
                if (!e) return ["BODY", "none", 0];
                const s = getComputedStyle(e);
                return [e.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
            )
        )
    focused = [s for s in styles if s[0] != "BODY"]
    assert len(focused) >= 20
    assert all(style != "none" and width >= 2 for _tag, style, width in focused), focused


def test_the_review_form_and_a_submitted_sheet_fit_a_phone_and_200_percent_zoom(
    demo, live_server, page: Page
):
    """The review form (rows, points, evidence), the targets and a submitted self-assessment with
    its task sub-table: nothing wider than the screen, task names read as text (#23)."""
    from danhgia.core.demo_evaluations import UNIT_CODE
    from danhgia.evaluations.choices import EvaluationState
    from danhgia.evaluations.models import Evaluation

    evaluation = Evaluation.objects.get(
        official__unit__code=UNIT_CODE,
        state=EvaluationState.SELF_ASSESSED,
        period__state="open",
    )
    log_in(page, live_server.url, "truongdonvi")
    for width in (390, 640):  # a phone; 1280 px at 200 % zoom
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(f"{live_server.url}/xet-duyet/phieu/{evaluation.pk}/xem-xet/")
        expect(page.locator("table.table--stage").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        text_cell = page.locator("table.table--stage tbody tr:not(.axis-row) td:nth-child(2)")
        assert text_cell.first.bounding_box()["width"] > width * 0.7

        page.goto(f"{live_server.url}/danh-gia/{evaluation.pk}/muc-tieu/")
        _fits(page, width)
        page.goto(f"{live_server.url}/danh-gia/{evaluation.pk}/tu-danh-gia/")
        _fits(page, width)
        tasks = page.locator("tr.tasks-row details.tasks").first
        tasks.evaluate("d => { d.open = true; }")
        name = tasks.locator("table.table--tasks tbody td").first
        # a task's name is at least 14rem wide: a few words a line, never one
        assert name.bounding_box()["width"] >= 200
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    tasks = page.locator("tr.tasks-row details.tasks").first
    tasks.evaluate("d => { d.open = true; }")
    assert tasks.bounding_box()["width"] > 800  # the sheet's full width on a desktop


def test_the_decision_page_and_its_confirmation_fit_a_phone(demo, live_server, page: Page):
    """Walk of 05/12/2026: the authority's decision page was 698 px wide at 390 (its table
    scrolled the whole page); each person's row now stacks, every cell saying its column."""
    from django.urls import reverse

    from danhgia.periods.services import current_period

    url = live_server.url + reverse("decisions:decide", args=[current_period().pk])
    log_in(page, live_server.url, "thuongvu")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    expect(page.locator("table.table--decide thead")).to_be_visible()  # a table on a desktop
    expect(page.locator(".pick-label").first).to_be_hidden()  # the column heading says "Chọn"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    row = page.locator("table.table--decide tbody tr[id^='row-']").first
    expect(row.locator("td[data-label='Quyết định'] select")).to_be_visible()
    expect(row.locator("td[data-label='Cán bộ']")).to_be_visible()
    # the card's checkbox says what it does, and its words toggle it
    pick = row.locator("input[name='pick']")
    expect(row.get_by_text("Chọn để quyết định")).to_be_visible()
    checked = pick.is_checked()
    row.get_by_text("Chọn để quyết định").click()
    expect(pick).to_be_checked(checked=not checked)
    row.get_by_text("Chọn để quyết định").click()
    expect(pick).to_be_checked(checked=checked)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert row.bounding_box()["width"] <= 390
    page.get_by_role("button", name="Xem lại trước khi quyết định").click()
    expect(page.locator("#confirm-summary")).to_contain_text("Bạn sắp quyết định xếp loại cho")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_first_tab_focuses_the_skip_link(demo, live_server, page: Page):
    """Walk of 05/12/2026: a keyboard user reaches the content without the header's links
    (the verification form: a header and a dozen navigation links before the first task)."""
    from django.urls import reverse

    from danhgia.periods.services import current_period

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "cqchutri")
    page.goto(live_server.url + reverse("review:verification", args=[current_period().pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xác nhận kết quả")
    quantity = page.locator("input[name$='-delivered']").first
    expect(quantity).to_have_accessible_name(re.compile(r"^Số lượng được công nhận: \S"))
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Bỏ qua đến nội dung chính")
    box = focused.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] >= 0  # shown on focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next Tab goes on inside the main content
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_audit_log_fits_a_phone(demo, live_server, page: Page):
    """The audit log ("Nhật ký") at 390 px: no column cut off on the right, each entry a block
    whose cells say which column they are (walk-through of issue 16)."""
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "thamdinh")
    page.goto(f"{live_server.url}/nhat-ky/")
    entry = page.locator("table#audit > tbody > tr").first
    expect(entry).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    table = page.locator("table#audit")
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth")  # nothing hidden inside it
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    action = entry.locator("td[data-label='Việc']")
    expect(action).to_be_visible()
    assert action.bounding_box()["width"] > 390 * 0.7  # the action reads as a line, not a word
    what = entry.locator("td[data-label='Đối tượng']")
    assert what.evaluate("td => getComputedStyle(td, '::before').content").startswith('"Đối tượng')
