"""A real browser completes a draft framework: a row added by the static script, the problems
checked by htmx as one types (under the CSP), the version saved and valid (issue 15, item 7)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft(transactional_db):
    from danhgia.rules.models import FrameworkVersion

    call_command("seed_demo", small=True, verbosity=0)
    pl5 = FrameworkVersion.objects.filter(code="lamdong-2026-pl5").order_by("-version").first()
    content = json.loads(json.dumps(pl5.content))
    content.update(id="du-thao", status="draft", missing=["Trục 4: thiếu tiêu chí 4.5"])
    content["axes"][3]["criteria"].pop()
    return FrameworkVersion.objects.create(code="du-thao", version=1, content=content)


def test_a_draft_is_completed_in_the_form(draft, live_server, page: Page):
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("danhgia-demo")
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    page.goto(f"{live_server.url}/khung-cham-diem/{draft.pk}/")
    page.get_by_role("link", name="Hoàn thiện trên biểu mẫu").click()
    problems = page.locator("#edit-problems")
    expect(problems).to_contain_text("Trục 4: các tiêu chí cộng lại 12/15 điểm")
    # the page's script is loaded before its button is used (under load a click came first: the
    # count then named the last existing row, and axis 4's fourth criterion was filled in)
    page.wait_for_load_state("load")
    before = int(page.input_value("#id_rows-TOTAL_FORMS"))
    page.get_by_role("button", name="Thêm tiêu chí").click()
    expect(page.locator("#id_rows-TOTAL_FORMS")).to_have_value(str(before + 1))
    index = before
    page.fill(f"#id_rows-{index}-axis", "4")
    page.fill(f"#id_rows-{index}-code", "B.4.5")
    page.fill(f"#id_rows-{index}-text", "Tiêu chí bổ sung")
    page.fill(f"#id_rows-{index}-max", "3")
    page.select_option(f"#id_rows-{index}-measure", "level")
    # one more check once everything is typed: under load an earlier check's answer (sent while
    # the row was half filled) may be the last one shown
    page.wait_for_timeout(700)
    page.dispatch_event(f"#id_rows-{index}-measure", "change")
    # checked as one types: only the draft's own sentence is left
    expect(problems).not_to_contain_text("cộng lại", timeout=10000)
    expect(problems).to_contain_text("Trục 4: thiếu tiêu chí 4.5")
    page.select_option("#id_head-status", "complete")
    page.fill("#id_head-missing", "")
    expect(problems).to_contain_text("Không còn vấn đề nào", timeout=10000)
    page.get_by_role("button", name="Lưu phiên bản").click()
    expect(page).to_have_url(re.compile(rf"/khung-cham-diem/{draft.pk}/$"))
    expect(page.locator(".badge--valid")).to_contain_text("Hợp lệ")
    draft.refresh_from_db()
    assert draft.status == "valid"
    assert violations == []
