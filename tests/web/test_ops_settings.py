"""Production configuration: the start script's refusals, shared state from the environment."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

from danhgia.config import cache_from_url, env_int_list, private_storage_from_env

from .test_settings import PRODUCTION, _manage

ROOT = Path(__file__).resolve().parents[2]


def _run_production(**env: str) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    return subprocess.run(
        ["bash", "scripts/run-production.sh"],
        cwd=ROOT,
        env={**keep, "SKIP_SETUP": "1", **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_run_production_refuses_to_start_without_secret_key_and_allowed_hosts():
    result = _run_production()
    assert result.returncode == 2
    assert "refusing to start" in result.stderr
    assert "SECRET_KEY" in result.stderr and "ALLOWED_HOSTS" in result.stderr
    only_hosts = _run_production(SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert only_hosts.returncode == 2
    assert "set: ALLOWED_HOSTS" in only_hosts.stderr


def test_check_deploy_is_clean_with_every_production_option():
    env = {
        **PRODUCTION,
        "STATIC_MANIFEST": "true",
        "LOG_FORMAT": "json",
        "CACHE_URL": "redis://127.0.0.1:6379/3",
        "SESSION_BACKEND": "cached_db",
        "STORAGE_URL": "s3://danhgia-files/prod",
        "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
    }
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr
    shown = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'],"
        " s.SESSION_ENGINE, s.STORAGES['private']['BACKEND'],"
        " s.STORAGES['staticfiles']['BACKEND'], 'whitenoise.middleware.WhiteNoiseMiddleware'"
        " in s.MIDDLEWARE)",
        **env,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1].split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "danhgia.evidence.PrivateS3Storage",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "True",
    ]


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("locmem://", "locmem.LocMemCache", ""),
        ("redis://cache:6379/1", "redis.RedisCache", "redis://cache:6379/1"),
        ("db://", "db.DatabaseCache", "danhgia_cache"),
        ("db://shared_cache", "db.DatabaseCache", "shared_cache"),
    ],
)
def test_cache_url(url, backend, location):
    config = cache_from_url(url)
    assert config["BACKEND"] == f"django.core.cache.backends.{backend}"
    assert config["LOCATION"] == location


def test_a_bad_cache_url_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL='memcached://x'"):
        cache_from_url("memcached://x")


def test_lead_days(monkeypatch):
    monkeypatch.setenv("REMINDER_LEAD_DAYS", "7, 1")
    assert env_int_list("REMINDER_LEAD_DAYS", [3]) == [7, 1]
    monkeypatch.setenv("REMINDER_LEAD_DAYS", "a")
    with pytest.raises(ImproperlyConfigured, match="REMINDER_LEAD_DAYS"):
        env_int_list("REMINDER_LEAD_DAYS", [3])


def test_private_storage_is_a_folder_by_default_and_s3_when_asked(monkeypatch):
    for name in ("STORAGE_URL", "AWS_STORAGE_BUCKET_NAME"):
        monkeypatch.delenv(name, raising=False)
    assert private_storage_from_env() == {"BACKEND": "danhgia.evidence.PrivateStorage"}
    monkeypatch.setenv("STORAGE_URL", "s3://bucket/evidence/q3")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://minio:9000")
    config = private_storage_from_env()
    assert config["BACKEND"] == "danhgia.evidence.PrivateS3Storage"
    assert config["OPTIONS"]["bucket_name"] == "bucket"
    assert config["OPTIONS"]["location"] == "evidence/q3"
    assert config["OPTIONS"]["default_acl"] == "private"
    monkeypatch.setenv("STORAGE_URL", "ftp://x")
    with pytest.raises(ImproperlyConfigured, match="STORAGE_URL"):
        private_storage_from_env()


def test_the_s3_storage_never_gives_a_url(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "danhgia.evidence.PrivateS3Storage",
            "OPTIONS": {"bucket_name": "b", "endpoint_url": "http://127.0.0.1:9"},
        },
    }
    storage = storages.create_storage(settings.STORAGES["private"])
    with pytest.raises(ValueError, match="no URL"):
        storage.url("evidence/x")
    assert storage.default_acl is None or storage.default_acl == "private"


def test_static_files_are_hashed_compressed_and_cached_for_a_year(settings, tmp_path, db):
    """What run-production.sh serves: collectstatic with the manifest, then WhiteNoise."""
    from django.core.management import call_command
    from django.test import Client

    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.MIDDLEWARE = [
        settings.MIDDLEWARE[0],
        "whitenoise.middleware.WhiteNoiseMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    call_command("collectstatic", interactive=False, verbosity=0)
    page = Client().get("/dang-nhap/").content.decode()
    hashed = [part.split('"')[0] for part in page.split('src="/static/')[1:]]
    htmx = next(name for name in hashed if name.startswith("vendor/htmx/htmx.min."))
    assert htmx != "vendor/htmx/htmx.min.js"  # a content hash in the name
    response = Client().get(f"/static/{htmx}", HTTP_ACCEPT_ENCODING="gzip")
    body = b"".join(response.streaming_content)
    response.close()
    assert response.status_code == 200
    assert body[:2] == b"\x1f\x8b"  # gzip
    assert response["Content-Encoding"] == "gzip"
    assert (
        "immutable" in response["Cache-Control"]
        and "max-age=315360000" in response["Cache-Control"]
    )


@pytest.mark.parametrize("value", ["0", "sau", "-3"])
def test_a_bad_job_files_retention_stops_the_start(value):
    result = _manage("check", **{**PRODUCTION, "JOB_FILES_RETENTION_DAYS": value})
    assert result.returncode != 0
    assert "JOB_FILES_RETENTION_DAYS" in result.stderr
