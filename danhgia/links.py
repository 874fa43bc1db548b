"""Absolute links for messages read outside the application (e-mails)."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """A link for an e-mail: the path on the site's address (settings ``SITE_URL``)."""
    return settings.SITE_URL + path
