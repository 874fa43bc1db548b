"""A real browser: the demo official logs in and sees their home page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.demo_day import STORY_TODAY_TEXT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", small=True, today=STORY_TODAY_TEXT, verbosity=0)


def test_canbo_logs_in_and_sees_the_home_page(demo, live_server, page: Page):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("danhgia-demo")
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    body = page.locator("main")
    expect(body).to_contain_text("Sở Tài chính")
    expect(body).to_contain_text(re.compile(r"\d{2}/\d{2}/\d{4}"))  # dates dd/mm/yyyy


def test_a_wrong_password_is_refused_in_vietnamese(demo, live_server, page: Page):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    expect(page.locator("main")).to_contain_text(re.compile("không đúng", re.IGNORECASE))
