"""A real browser follows a background job: the province's evaluations are opened by a worker
while the job's page polls (static htmx under the CSP) until it shows the outcome."""

from __future__ import annotations

import re
import threading

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", small=True, verbosity=0)


def test_the_job_page_follows_the_worker_until_done(demo, live_server, page: Page, settings):
    from django.db import connection

    from danhgia.evaluations.models import Evaluation
    from danhgia.jobs.worker import Worker
    from danhgia.organisation.models import Unit

    settings.JOBS_INLINE_LIMIT = 5  # the small province becomes a job
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("danhgia-demo")
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    province = Unit.objects.get(parent=None)
    page.goto(f"{live_server.url}/danh-gia/don-vi/{province.pk}/")
    page.get_by_role("button", name=re.compile("Lập phiếu cho những người chưa có")).click()
    expect(page).to_have_url(re.compile(r"/cong-viec/\d+/$"))
    expect(page.locator("#job-progress")).to_contain_text("Đang chờ")
    before = Evaluation.objects.count()

    def work() -> None:
        try:
            Worker("browser-test").run(burst=True)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=120)
    # No reload: the page asks for the progress block every 2 s and shows the outcome.
    expect(page.locator("#job-progress")).to_contain_text("Hoàn thành", timeout=15000)
    expect(page.locator("#job-progress")).to_contain_text("(100%)")
    expect(page.locator("#job-progress")).to_contain_text("Đã lập")
    assert Evaluation.objects.count() > before
    page.get_by_role("link", name="Xem cán bộ của đơn vị").click()
    expect(page).to_have_url(re.compile(rf"/danh-gia/don-vi/{province.pk}/$"))
    assert violations == []
