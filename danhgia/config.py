"""Strict readers of environment variables for ``danhgia.settings``.

A bad value stops the start-up with ImproperlyConfigured that names the variable, instead of being
read as a default: ``DEBUG=maybe`` is an error, not False (STYLE: settings).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    """The variable's value, or None when it is unset or empty."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None) -> str:
    value = _raw(name)
    if value is not None:
        return value
    if default is None:
        raise ImproperlyConfigured(f"{name} must be set")
    return default


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected one of true/false, yes/no, on/off, 1/0")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r}: expected at least {minimum}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int_list(name: str, default: list[int]) -> list[int]:
    """A comma-separated list of whole numbers of at least 0 (``3,1``)."""
    value = _raw(name)
    if value is None:
        return list(default)
    try:
        numbers = [int(item) for item in value.split(",") if item.strip()]
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected whole numbers, e.g. 3,1") from None
    if any(n < 0 for n in numbers):
        raise ImproperlyConfigured(f"{name}={value!r}: expected numbers of at least 0")
    return numbers


def env_secret(name: str, default: str | None = None) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker/systemd secrets).

    Setting both is an error: which one wins would otherwise depend on reading order.
    """
    value = _raw(name)
    file_name = _raw(f"{name}_FILE")
    if value is not None and file_name is not None:
        raise ImproperlyConfigured(f"set {name} or {name}_FILE, not both")
    if file_name is not None:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE={file_name!r}: cannot read ({exc.strerror})"
            ) from None
        if not value:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r}: the file is empty")
    if value is not None:
        return value
    if default is None:
        raise ImproperlyConfigured(f"{name} or {name}_FILE must be set")
    return default


def cache_from_url(url: str) -> dict:
    """Django's CACHES entry for ``CACHE_URL``.

    ``locmem://`` (one process, the default), ``redis://host:6379/0`` or ``rediss://…`` (Django's
    RedisCache), ``db://`` or ``db://table`` (the database, table created by
    ``manage.py createcachetable``), ``dummy://`` (no cache).
    """
    scheme, _, rest = url.partition("://")
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    if scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest.strip("/") or "danhgia_cache",
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL={url!r}: expected locmem://, redis://host:port/db, db:// or dummy://"
    )


def private_storage_from_env() -> dict:
    """The ``private`` storage: a folder (default) or an S3-compatible bucket.

    ``STORAGE_URL=s3://bucket/prefix`` or ``AWS_STORAGE_BUCKET_NAME`` select S3 (django-storages);
    ``AWS_S3_ENDPOINT_URL`` (MinIO, Ceph, a provider's endpoint), ``AWS_S3_REGION_NAME``,
    ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` (or ``…_FILE``) configure it. Objects are
    written private (no ACL grants) and never given a URL.
    """
    url = _raw("STORAGE_URL") or ""
    bucket, prefix = _raw("AWS_STORAGE_BUCKET_NAME") or "", ""
    if url:
        scheme, _, rest = url.partition("://")
        if scheme == "file":
            return {"BACKEND": "danhgia.evidence.PrivateStorage", "OPTIONS": {"location": rest}}
        if scheme != "s3" or not rest.strip("/"):
            raise ImproperlyConfigured(
                f"STORAGE_URL={url!r}: expected s3://bucket/prefix or file:///folder"
            )
        bucket, _, prefix = rest.partition("/")
    if not bucket:
        return {"BACKEND": "danhgia.evidence.PrivateStorage"}
    options = {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "endpoint_url": _raw("AWS_S3_ENDPOINT_URL"),
        "region_name": _raw("AWS_S3_REGION_NAME"),
        "access_key": _raw("AWS_ACCESS_KEY_ID"),
        "secret_key": env_secret("AWS_SECRET_ACCESS_KEY", "") or None,
    }
    return {
        "BACKEND": "danhgia.evidence.PrivateS3Storage",
        "OPTIONS": {k: v for k, v in options.items() if v is not None},
    }
