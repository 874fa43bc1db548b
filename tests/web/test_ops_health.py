"""GET /healthz/: each dependency named, 200 when all are up, 503 when one is down."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.utils import timezone

from danhgia.jobs.models import WorkerHeartbeat
from danhgia.ops import health


def _beat(age_seconds: float = 0, *, stopped: bool = False) -> WorkerHeartbeat:
    now = timezone.now()
    seen = now - timedelta(seconds=age_seconds)
    return WorkerHeartbeat.objects.create(
        worker=f"host:{age_seconds}:{stopped}",
        hostname="host",
        pid=1,
        started_at=seen,
        seen_at=seen,
        stopped_at=now if stopped else None,
    )


@pytest.fixture
def private_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "danhgia.evidence.PrivateStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


def test_everything_up_answers_200_naming_each_dependency(client, db, private_folder):
    _beat(3)
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "up"
    assert set(body["checks"]) == {"database", "cache", "storage", "worker"}
    assert all(check["status"] == "up" for check in body["checks"].values())
    assert 2 <= body["checks"]["worker"]["heartbeat_age_seconds"] < 60
    assert "no-store" in response["Cache-Control"]
    assert list(private_folder.rglob("*")) in ([], [private_folder / "healthz"])  # cleaned up


def test_no_worker_or_a_silent_or_stopped_one_is_503(client, db, private_folder):
    assert client.get("/healthz/").status_code == 503
    _beat(600)
    _beat(0, stopped=True)
    response = client.get("/healthz/")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["status"] == "down"
    assert worker["error"].startswith("the youngest job worker heartbeat is 60")
    assert response.json()["checks"]["database"]["status"] == "up"


def test_a_database_failure_is_503(client, db, private_folder, monkeypatch):
    _beat()

    def broken() -> dict:
        raise DatabaseError("connection refused to 10.0.0.5")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    body = client.get("/healthz/")
    assert body.status_code == 503
    # the kind of failure, never the server's message (no host names)
    assert body.json()["checks"]["database"] == {"status": "down", "error": "DatabaseError"}


def test_a_cache_that_keeps_nothing_is_503(client, db, private_folder, settings):
    _beat()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "down"


def test_a_storage_that_cannot_be_written_is_503(client, db, settings, tmp_path):
    _beat()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "danhgia.evidence.PrivateStorage", "OPTIONS": {"location": blocker}},
    }
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["status"] == "down"
    assert response.json()["checks"]["worker"]["status"] == "up"


def test_health_needs_no_sign_in_and_refuses_post(client, db, private_folder):
    _beat()
    assert client.post("/healthz/").status_code == 405


def test_each_request_is_one_json_line_with_its_id(client, world, caplog, settings):
    from danhgia.ops.requestlog import JsonFormatter

    client.force_login(world.users["official"])
    with caplog.at_level(logging.INFO, logger="danhgia.request"):
        response = client.get("/", HTTP_X_REQUEST_ID="req-42.a_b")
        client.logout()
        anonymous = client.get("/healthz/", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] == "req-42.a_b"
    assert anonymous["X-Request-ID"] != "bad id with spaces"
    assert len(anonymous["X-Request-ID"]) == 32
    records = [r for r in caplog.records if r.name == "danhgia.request"]
    assert len(records) == 2
    first = json.loads(JsonFormatter().format(records[0]))
    assert first["request_id"] == "req-42.a_b"
    assert first["user_id"] == world.users["official"].pk
    assert first["method"] == "GET" and first["path"] == "/" and first["status"] == 200
    assert first["duration_ms"] >= 0
    second = json.loads(JsonFormatter().format(records[1]))
    assert second["user_id"] is None and second["request_id"] == anonymous["X-Request-ID"]


def test_head_answers_no_body_but_the_length_of_the_get():
    from django.http import HttpResponse
    from django.test import RequestFactory

    from danhgia.ops.requestlog import RequestLogMiddleware

    def page(request):
        return HttpResponse(b"x" * 2000, headers={"Content-Length": "2000"})

    middleware = RequestLogMiddleware(page)
    head = middleware(RequestFactory().head("/"))
    assert head.content == b"" and head["Content-Length"] == "2000"
    assert middleware(RequestFactory().get("/")).content == b"x" * 2000
