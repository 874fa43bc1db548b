"""The API's contract (issue 14, item 4): the OpenAPI schema in YAML and JSON, every error
documented, and a reference page that works offline under the site's CSP."""

from __future__ import annotations

import json
import re

import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from danhgia.core.middleware import CONTENT_SECURITY_POLICY


def _schema() -> dict:
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_served_in_yaml_and_json_and_they_agree():
    as_yaml = Client().get("/api/schema/")
    assert as_yaml.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    data = yaml.safe_load(as_yaml.content)
    assert data["openapi"].startswith("3.")
    assert data == _schema()


def test_the_schema_generates_without_a_warning(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert yaml.safe_load((tmp_path / "schema.yaml").read_text())["info"]["version"] == "1"


def test_every_operation_documents_its_errors_and_the_bearer_token():
    schema = _schema()
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    paths = schema["paths"]
    expected = {
        "/api/v1/units/",
        "/api/v1/officials/",
        "/api/v1/comparison-groups/",
        "/api/v1/periods/",
        "/api/v1/frameworks/",
        "/api/v1/policies/",
        "/api/v1/evaluations/",
        "/api/v1/evaluations/{id}/self-assessment/",
        "/api/v1/tasks/",
        "/api/v1/tasks/{id}/report/",
        "/api/v1/collective-results/{id}/",
        "/api/v1/decisions/",
        "/api/v1/publications/",
        "/api/v1/score",
        "/api/v1/rate",
    }
    assert expected <= set(paths)
    for url, item in paths.items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404", "429"} <= codes, (method, url)
            if method in ("post", "patch") and "{id}" in url:
                assert {"409", "412", "428"} <= codes, (method, url)
            assert {"bearerAuth": []} in operation["security"], (method, url)


def test_the_reference_page_uses_only_local_files_and_no_inline_code():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    html = response.content.decode()
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 5
    for url in assets:
        assert url.startswith("/"), url  # nothing from another site: it works offline
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    script = [u for u in assets if "script" in u and "static" not in u]
    init = Client().get(script[0])
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert b"/api/schema/" in init.content


def test_any_other_address_under_api_is_a_json_404():
    for url in ("/api/v2/units/", "/api/v1/units/99999999999/", "/api/v1/khong-co/"):
        response = Client().post(url)
        assert response.status_code == 404
        assert response.json()["detail"]
