"""Property-based tests of the API from its own OpenAPI schema (schemathesis; issue 14,
item 5): every operation, called with generated parameters and bodies against the WSGI
application holding the small demo province, answers no server error and nothing the schema
does not describe (status, content type, body).

Kept fast for CI (SQLite and PostgreSQL): a few derandomised examples per operation, as the
province's administrator (who may call every operation) and as an official (whose calls are
mostly refused: 403/404 must be described too).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

from tests.web import once
from tests.web.api_world import build_api_world

shared_api_world = once.module_world(build_api_world)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def world(request, shared_api_world, db, tmp_path):
    """The province, with the database connection kept across requests: schemathesis calls
    the WSGI application directly, whose end of request closes the connection (Django's test
    client switches that off; PostgreSQL would lose the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield from once.fresh_copy(request, shared_api_world, tmp_path)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# The schema is public and served without the database: loaded once, at collection. The
# administrator (who may call every operation) gets schemathesis's coverage phase too (edges of
# every parameter, missing and wrong-typed fields); the official only generated examples.
APP = get_wsgi_application()
URL = "/api/schema/?format=json"
admin_schema = schemathesis.openapi.from_wsgi(URL, APP)
official_schema = schemathesis.openapi.from_wsgi(
    URL, APP, config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
)
FAST = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _call(case, world, persona: str) -> None:
    headers = {"Authorization": f"Bearer {world.tokens[persona]}"}
    case.call_and_validate(headers=headers, checks=CHECKS)


@admin_schema.parametrize()
@FAST
def test_the_administrator_meets_no_server_error_and_nothing_outside_the_schema(case, world):
    _call(case, world, "quantri")


@official_schema.parametrize()
@FAST
def test_an_official_meets_no_server_error_and_nothing_outside_the_schema(case, world):
    _call(case, world, "canbo")
