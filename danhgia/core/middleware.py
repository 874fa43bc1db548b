"""Response headers every page needs (SPEC §14): no caching of personal data, a strict CSP."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

# Scripts and styles only from our own files: no inline <script>, no on…= handlers, no style=
# attributes (htmx's indicator styles are switched off in base.html and live in app.css).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class RejectNulBytesMiddleware:
    """A query string or form value holding a NUL byte answers 400, not a database error.

    No text the product keeps or searches may contain NUL (PostgreSQL refuses it in text
    columns, also inside a search's ``LIKE``), and no browser sends one from a form a person
    filled in: such a request is refused before any view reads it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request.GET) or (
            request.method == "POST"
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            and _holds_nul(request.POST)
        ):
            if request.path.startswith("/api/"):  # the API answers JSON (docs/api.md)
                return JsonResponse(
                    {"detail": "Tham số của yêu cầu chứa ký tự NUL."},
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            raise SuspiciousOperation("NUL byte in the request's parameters")
        return self.get_response(request)


def _holds_nul(params) -> bool:
    return any("\x00" in key or any("\x00" in v for v in params.getlist(key)) for key in params)


class OwnNotFoundPageMiddleware:
    """The application's Vietnamese 404 page also when DEBUG is on (issue 16, rough edge 24).

    With DEBUG on Django answers a 404 with its English technical page listing every URL
    pattern. A person trying the application on a development server must see the same page as
    in production, so that page is replaced by ``404.html``. Other 404 answers (the API's JSON,
    a view's own page) are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
            and _DJANGO_TECHNICAL_404 in response.content
        ):
            return render(request, "404.html", status=404)
        return response


# A sentence only Django's technical 404 page (DEBUG on) contains.
_DJANGO_TECHNICAL_404 = b"<code>DEBUG = True</code>"


class SecurityHeadersMiddleware:
    """``Cache-Control: private, no-store`` for signed-in users; a CSP on every HTML page.

    Every page a signed-in user gets may hold personal data (downloads included), so none may be
    kept by a shared or a browser cache. A response that sets its own CSP keeps it (downloads
    are sandboxed more strictly). Django's debug error pages (DEBUG only) use inline styles and
    scripts and are left without a CSP.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and request.method == "GET":
            response = _method_not_allowed(request, response)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        is_html = response.get("Content-Type", "").startswith("text/html")
        debug_page = settings.DEBUG and response.status_code >= 400
        if is_html and not debug_page and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


def _method_not_allowed(request: HttpRequest, bare: HttpResponse) -> HttpResponse:
    """A form's address opened directly (a bookmark, a login redirect): the app's own page in
    Vietnamese instead of the browser's empty error, keeping the ``Allow`` header."""
    response = render(request, "405.html", status=405)
    if bare.has_header("Allow"):
        response["Allow"] = bare["Allow"]
    return response
