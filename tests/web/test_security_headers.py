"""Response headers: nothing personal is cached, and every HTML page has a strict CSP."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests.web import factories as f

TEMPLATES = Path(settings.BASE_DIR) / "danhgia" / "templates"


def test_a_signed_in_page_is_never_cached(world, login):
    response = login("official").get(reverse("core:home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_login_page_of_an_anonymous_visitor_has_a_strict_csp(client, db):
    response = client.get(reverse("core:login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_an_admin_change_page_has_the_csp_and_is_not_cached(world, login):
    f.make_period()
    response = login("admin").get(reverse("admin:organisation_unit_change", args=[world.unit_a.pk]))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"


def test_no_template_has_inline_scripts_handlers_or_styles():
    offending = []
    pattern = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:")
    for path in TEMPLATES.rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offending.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert offending == []


def test_filters_submit_on_change_through_the_static_script(world, login):
    f.make_period()
    page = login("appraiser").get(reverse("review:review_index")).content.decode()
    assert "data-autosubmit" in page
    assert "onchange" not in page
    assert "danhgia/js/forms.js" in page
