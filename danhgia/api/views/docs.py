"""The OpenAPI schema and its reference page, served from this site only (no CDN)."""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    """``/api/schema/``: YAML, or JSON with ``?format=json`` (or ``Accept: application/json``)."""

    permission_classes = (AllowAny,)
    throttle_classes = ()


class DocsView(SpectacularSwaggerSplitView):
    """``/api/docs/``: Swagger UI from the vendored assets, its start script as a file (CSP)."""

    permission_classes = (AllowAny,)
    throttle_classes = ()
    url_name = "api:schema"
