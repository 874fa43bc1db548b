"""The assignment form's lead picker (rough edge #6): search as you type, matches grouped by
unit, picks kept across searches as removable chips, keyboard usable, and the task assigned to
each pick."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from danhgia.tasks.models import Task
from tests.browser.session import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", small=True, verbosity=0)


def test_picks_survive_new_searches_and_each_gets_a_task(demo, live_server, page: Page):
    from danhgia.core.demo_evaluations import UNIT_CODE
    from danhgia.core.demo_review import _leads
    from danhgia.organisation.models import Unit

    # the head and deputy of a department that has not self-assessed (the agency's demo leads)
    head, deputy = _leads(Unit.objects.get(code=UNIT_CODE)).values()
    log_in(page, live_server.url, "cqchutri")
    page.goto(f"{live_server.url}/nhiem-vu/giao/")
    picker = page.locator("#lead-picker")
    expect(picker.locator("select")).to_have_count(0)
    results = page.locator("#lead-results")
    search = page.get_by_label("Tìm người chủ trì")
    with page.expect_response(re.compile(r"lead_search=")):
        search.fill(head.full_name)
    expect(results.locator("legend").first).to_have_text(head.unit.name)  # grouped by unit
    first = results.locator(f"input[value='{head.pk}']")
    first_id = first.get_attribute("value")
    first.check()
    chips = page.locator("[data-lead-chosen] input:checked")
    expect(chips).to_have_count(1)
    # a new search replaces only the matches: the first pick stays
    with page.expect_response(re.compile(r"lead_search=")):
        search.fill(deputy.full_name)
    expect(results.locator(f"input[value='{first_id}']")).to_have_count(0)
    expect(results.locator("input[type=checkbox]").first).to_be_visible()
    second = results.locator(f"input[value='{deputy.pk}']")
    second_id = second.get_attribute("value")
    second.focus()
    page.keyboard.press("Space")  # keyboard: space ticks
    expect(chips).to_have_count(2)
    expect(page.locator("[data-lead-count]")).to_have_text("2")
    # a third pick, then removed by unticking its chip
    search.fill("")
    third = results.locator("input[type=checkbox]").first
    third.check()
    expect(chips).to_have_count(3)
    page.locator("[data-lead-chosen] input").nth(2).click()  # the chip goes away
    expect(chips).to_have_count(2)
    assert results.locator("input[type=checkbox]").count() <= 20

    page.get_by_label("Nhiệm vụ (rõ việc)").fill("Rà soát hồ sơ số hóa")
    page.get_by_label("Rõ trách nhiệm").fill("Chủ trì")
    page.get_by_label("Rõ thẩm quyền").fill("Văn phòng Tỉnh ủy")
    page.get_by_label("Tiêu chí (trục kết quả theo tiêu chí)").select_option("B.3.2")
    page.get_by_label("Sản phẩm (rõ sản phẩm)").fill("Báo cáo")
    page.get_by_label("Thời hạn hoàn thành (rõ thời gian)").fill(
        page.get_by_label("Ngày giao").input_value()
    )
    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã giao 2 nhiệm vụ")
    leads = set(Task.objects.filter(title="Rà soát hồ sơ số hóa").values_list("lead_id", flat=True))
    assert leads == {int(first_id), int(second_id)}
