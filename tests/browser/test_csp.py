"""A real browser under the Content-Security-Policy: no page of ours, nor the admin, breaks it."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.demo_day import STORY_TODAY_TEXT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", small=True, today=STORY_TODAY_TEXT, verbosity=0)


def _watch(page: Page) -> list[str]:
    """Collect every CSP violation the browser reports on the console."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("danhgia-demo")
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_pages_and_htmx_work_without_violations(demo, live_server, page: Page):
    violations = _watch(page)
    _log_in(page, live_server.url, "canbo")
    page.goto(f"{live_server.url}/nhiem-vu/")
    with page.expect_response(lambda response: "/nhiem-vu/?" in response.url):
        page.locator("input[name=q]").fill("báo cáo")  # htmx filters the table
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_admin_works_without_violations(demo, live_server, page: Page):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("quantri-csp", "qt@example.vn", "danhgia-demo")
    violations = _watch(page)
    _log_in(page, live_server.url, "quantri-csp")
    page.goto(f"{live_server.url}/quan-tri/organisation/official/add/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#official_form")).to_be_visible()
    page.locator(".select2-selection").first.click()  # the autocomplete widget opens
    expect(page.locator(".select2-dropdown")).to_be_visible()
    assert violations == []
