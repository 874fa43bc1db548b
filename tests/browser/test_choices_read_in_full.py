"""Every choice reads in full (rough edge #17, issue 16 acceptance 2): on the self-assessment
and the verification of tasks, at 1280 px and on a phone (390 px), no select's chosen text is
cut, each radio label of a level or factor is inside its box, and the verification table stays
inside its card (its "Trạng thái" column included)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from danhgia.evaluations.models import Evaluation
from tests.browser.session import log_in

pytestmark = pytest.mark.django_db(transaction=True)

# A select's scrollWidth equals its clientWidth even when its text is cut (Chromium), so a
# select is measured against a copy of itself sized to its widest option.
MEASURE = """() => {
  const cut = [];
  document.querySelectorAll("select:not([multiple])").forEach((select) => {
    if (!select.offsetParent) return;
    const copy = select.cloneNode(true);
    copy.style.cssText = "position:absolute;left:0;top:0;width:auto;min-width:0;"
      + "max-width:none;visibility:hidden";
    select.parentNode.appendChild(copy);
    const need = copy.getBoundingClientRect().width;
    copy.remove();
    if (need > select.getBoundingClientRect().width + 1) cut.push(select.name);
  });
  const labels = [...document.querySelectorAll("fieldset.choices label.choice")]
    .filter((label) => label.offsetParent);
  labels.forEach((label) => {
    const box = label.closest("fieldset").getBoundingClientRect();
    const own = label.getBoundingClientRect();
    if (label.scrollWidth > label.clientWidth + 1 || own.right > box.right + 1
        || own.right > document.documentElement.clientWidth) {
      cut.push(label.textContent.trim());
    }
  });
  const tables = [...document.querySelectorAll("table.table--verify")].map((table) => [
    table.getBoundingClientRect().right, table.closest(".card").getBoundingClientRect().right,
  ]);
  return {cut, labels: labels.map((l) => l.textContent.trim()), tables,
          page: document.documentElement.scrollWidth};
}"""


@pytest.fixture
def demo(transactional_db, private_media):
    call_command("seed_demo", small=True, verbosity=0)


def _read_in_full(page: Page, url: str, width: int) -> dict:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.wait_for_load_state("load")
    seen = page.evaluate(MEASURE)
    assert seen["cut"] == [], (width, seen["cut"])
    assert seen["page"] <= width, (width, seen["page"])
    for right, card_right in seen["tables"]:
        assert right <= card_right + 1, (width, right, card_right)
    return seen


def test_levels_and_factors_read_in_full_at_1280_px_and_on_a_phone(demo, live_server, page: Page):
    base = live_server.url
    log_in(page, base, "canbo")
    page.locator(".home__self").get_by_role("link", name="Mở bản tự đánh giá").click()
    page.wait_for_url("**/tu-danh-gia/")
    self_url = page.url
    evaluation = Evaluation.objects.get(pk=int(re.search(r"/(\d+)/tu-danh-gia/", self_url)[1]))

    # The 3-level response is a labelled group of radio buttons, usable from the keyboard.
    group = page.get_by_role("group", name=re.compile(r"Mức độ đáp ứng B\.")).first
    expect(group).to_be_visible()
    group.get_by_role("radio").first.focus()
    page.keyboard.press("ArrowDown")
    expect(group.get_by_label("Mức 2 – Cơ bản đáp ứng, còn hạn chế")).to_be_checked()

    for width in (1280, 390):
        seen = _read_in_full(page, self_url, width)
        assert "Mức 2 – Cơ bản đáp ứng, còn hạn chế" in seen["labels"]

    verify_url = f"{base}/xet-duyet/{evaluation.period_id}/xac-nhan/"
    for username in ("cqchutri", "truongdonvi"):
        log_in(page, base, username)
        for width in (1280, 390):
            seen = _read_in_full(page, verify_url, width)
            assert seen["tables"], username
            assert any(
                label.startswith("Đơn vị, lĩnh vực phụ trách không hoàn thành nhiệm vụ")
                for label in seen["labels"]
            ), username
        # On a phone each stacked cell names its column.
        expect(
            page.locator("table.table--verify td[data-label='Trạng thái']").first
        ).to_be_visible()


def test_filters_fit_at_1280_px_and_a_long_choice_is_repeated_on_a_phone(
    demo, live_server, page: Page
):
    base = live_server.url
    log_in(page, base, "canbo")
    _read_in_full(page, f"{base}/nhiem-vu/", 1280)  # the axis filter's longest option fits

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/nhiem-vu/")
    axis = page.locator("select[name='axis']")
    longest = axis.evaluate(
        "s => [...s.options].map(o => o.text).reduce((a, b) => (b.length > a.length ? b : a))"
    )
    assert longest.startswith("Trục 3 – Khoa học, công nghệ")
    expect(page.locator(".chosen-full")).to_have_count(0)  # "Tất cả" fits
    axis.select_option(label=longest)
    page.wait_for_load_state("load")
    expect(page.locator("select[name='axis'] + .chosen-full")).to_have_text(longest)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
