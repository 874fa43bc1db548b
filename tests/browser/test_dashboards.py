"""The dashboards in a real browser (issue 12): the authority and the appraiser open them on
the demo province with a history; the server-side charts are drawn, nothing is logged on the
console (no CSP violation, no error), and a number leads to the people behind it."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)
HISTORY = Path(__file__).resolve().parents[2] / "bench" / "dashboard_data.py"


@pytest.fixture
def province(transactional_db):
    call_command("seed_demo", small=True, verbosity=0)
    spec = importlib.util.spec_from_file_location("dashboard_data", HISTORY)
    history = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(history)
    history.ensure_history()
    history.fill(verbose=False)


def _log_in(page: Page, base: str, username: str) -> list[str]:
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("danhgia-demo")
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return problems


@pytest.mark.parametrize("username", ["thuongvu", "thamdinh"])
def test_the_dashboards_draw_their_charts(province, live_server, page: Page, username):
    problems = _log_in(page, live_server.url, username)
    page.get_by_role("link", name="Thống kê", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thống kê")
    for path, charts in (("/thong-ke/", 3), ("/thong-ke/diem-theo-truc/", 1),
                         ("/thong-ke/cac-buoc/", 2), ("/thong-ke/tien-do/", 1),
                         ("/thong-ke/xu-huong/", 1), ("/thong-ke/can-luu-y/", 1)):  # fmt: skip
        page.goto(live_server.url + path)
        drawn = page.locator("svg.chart")
        expect(drawn).to_have_count(charts)
        for index in range(charts):
            box = drawn.nth(index).bounding_box()
            assert box and box["width"] > 300 and box["height"] > 40, path
            assert drawn.nth(index).locator("rect, circle").count() > 0, path
    page.goto(live_server.url + "/thong-ke/")
    link = page.locator("#ratings_unit table a").nth(1)
    shown = int(link.inner_text())
    link.click()
    expect(page.locator("#people-count")).to_have_text(f"{shown} người")
    page.get_by_role("link", name="Cuối năm", exact=True).first.click()
    expect(page.locator("#year-end")).to_be_visible()
    assert problems == []
