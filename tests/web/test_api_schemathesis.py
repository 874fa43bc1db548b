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
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

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
    yield from once.fresh_copy(request, shared_api_world, tmp_path)


@pytest.fixture(params=["quantri", "canbo"])
def persona(request) -> str:
    return request.param


# The schema is public and served without the database: loaded once, at collection.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_nothing_outside_the_schema(case, world, persona):
    headers = {"Authorization": f"Bearer {world.tokens[persona]}"}
    case.call_and_validate(headers=headers, checks=CHECKS)
