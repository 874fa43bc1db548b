"""Keyboard users skip the header and the navigation (walk of 05/12/2026): the first focusable
element of every page is a link to the main content, which can take the focus."""

import re

from django.urls import reverse

FOCUSABLE = re.compile(
    r"<(a\s[^>]*href=|button\b|input(?![^>]*type=\"hidden\")\b|select\b|textarea\b|summary\b"
    r"|[a-z]+\s[^>]*tabindex=\"0\")[^>]*>",
    re.IGNORECASE,
)


def _first_focusable(page: str) -> str:
    body = page.split("<body", 1)[1]
    return FOCUSABLE.search(body).group(0)


def test_the_first_focusable_element_skips_to_the_main_content(client, login):
    for page in (
        client.get(reverse("core:login")).content.decode(),
        login("official").get(reverse("core:home")).content.decode(),
    ):
        first = _first_focusable(page)
        assert 'class="skip-link"' in first and 'href="#main"' in first
        link = page.split(first, 1)[1].split("</a>", 1)[0]
        assert link == "Bỏ qua đến nội dung chính"
        assert re.search(r'<main id="main"[^>]*tabindex="-1"', page)
