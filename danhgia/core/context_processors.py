"""What the base template needs to draw the main navigation: the entries the user may open
(``access.menu``)."""

from __future__ import annotations

from danhgia import access


def navigation(request) -> dict:
    return {"nav": access.menu(request.user)}
