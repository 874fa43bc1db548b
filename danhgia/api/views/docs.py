"""The OpenAPI schema and its reference page, served from this site only (no CDN)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    """``/api/schema/``: YAML, or JSON with ``?format=json`` (or ``Accept: application/json``).

    Public (it describes the API, never data), and rate-limited like every call (per address
    when anonymous): generating it costs a fraction of a second."""

    permission_classes = (AllowAny,)


class DocsView(SpectacularSwaggerSplitView):
    """``/api/docs/``: Swagger UI from the vendored assets, its start script as a file (CSP)."""

    permission_classes = (AllowAny,)
    throttle_classes = ()
    url_name = "api:schema"


@csrf_exempt  # it changes nothing; a POST to a wrong address is a 404, not a CSRF page
def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """An address under ``/api/`` that is no endpoint (or an id that cannot be one)."""
    return JsonResponse(
        {"detail": _("Không tìm thấy hoặc bạn không có quyền truy cập.")},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
