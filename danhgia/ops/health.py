"""``GET /healthz/``: is each dependency up? For load balancers and monitoring.

No sign-in, no personal data, never cached. 200 when everything is up, 503 otherwise, with
a JSON object naming each dependency: ``database``, ``cache``, ``storage``, ``worker``
(the age in seconds of the youngest job worker heartbeat; down when there is none younger
than ``HEALTH_WORKER_MAX_AGE_SECONDS``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from danhgia.evidence import private_storage
from danhgia.jobs.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    if not ok:
        raise RuntimeError("the cache did not keep a value")
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_storage() -> dict:
    storage = private_storage()
    name = storage.save(f"healthz/{uuid.uuid4().hex}", ContentFile(b"ok"))
    try:
        with storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                raise RuntimeError("the storage returned other content")
    finally:
        storage.delete(name)
    return {}


def check_worker() -> dict:
    latest = (
        WorkerHeartbeat.objects.filter(stopped_at__isnull=True)
        .order_by("-seen_at")
        .values_list("seen_at", flat=True)
        .first()
    )
    if latest is None:
        raise RuntimeError("no job worker is running")
    age = (timezone.now() - latest).total_seconds()
    if age > settings.HEALTH_WORKER_MAX_AGE_SECONDS:
        raise RuntimeError(f"the youngest job worker heartbeat is {age:.0f} s old")
    return {"heartbeat_age_seconds": round(age, 1)}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "worker": check_worker,
}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report: dict[str, dict] = {}
    for name, check in CHECKS.items():
        try:
            report[name] = {"status": "up", **check()}
        except Exception as error:  # any failure is "down", with its kind for the operator
            logger.warning("health check %s failed: %s", name, error)
            # our own messages say what is wrong; others only their kind (no hosts, no data)
            detail = str(error) if isinstance(error, RuntimeError) else type(error).__name__
            report[name] = {"status": "down", "error": detail}
    healthy = all(item["status"] == "up" for item in report.values())
    return JsonResponse(
        {"status": "up" if healthy else "down", "checks": report},
        status=200 if healthy else 503,
    )
