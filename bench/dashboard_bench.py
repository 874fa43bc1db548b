"""Benchmark: the dashboards ("Thống kê") and the year-end view ("Cuối năm") (issue 12).

Usage:
    createdb -h 127.0.0.1 -U postgres danhgia_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danhgia_bench \\
        python bench/dashboard_bench.py --officials 20000 [--repeat 5]

Migrates the database, seeds the demo province (``seed_demo --officials N``; 0 = the demo's
own size), gives it a history (bench/dashboard_data.py: two decided quarters and the open one
in progress), then asks every page as the authority (``thuongvu``, the whole province) and as a
unit's leadership (``truongdonvi``) through the test client, with production settings. It
prints per page the median server time over ``--repeat`` runs (after one warm-up) and the
number of queries. Target: under 1 s at 20,000 officials, queries independent of the size.
The machine is shared: times are medians and still noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")
for name, value in {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from danhgia.organisation.models import Official  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import dashboard_data  # noqa: E402

PAGES = [
    ("analytics:ratings", ""),
    ("analytics:axes", ""),
    ("analytics:stages", ""),
    ("analytics:progress", ""),
    ("analytics:trends", ""),
    ("analytics:risk", ""),
    ("analytics:people", "xep_loai=HTTNV"),
    ("analytics:people", "ho_so=missing"),
    ("analytics:export", "bieu=ratings_unit"),
    ("analytics:table", "bieu=ratings_unit&page=3"),
    ("analytics:year_end", ""),
    ("analytics:year_end", "chi=candidates&page=3"),
    ("analytics:year_end_export", ""),
]


# The query log is emptied when a request starts: keep it, to count the page's queries.
request_started.disconnect(reset_queries)


def measure(client: Client, url: str, repeat: int) -> tuple[float, int, int]:
    client.get(url)  # warm-up: templates, the frameworks' cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the log does not outlive the next requests
    # the year-end workbook of a large scope is queued as a job: the page answers 302
    assert response.status_code in (200, 302), (url, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), queries, response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=0, help="seed_demo --officials N")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-seed", action="store_true", help="measure the database as it is")
    args = parser.parse_args()
    if not args.no_seed:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", officials=args.officials, verbosity=0)
        dashboard_data.ensure_history()
        dashboard_data.fill(verbose=False)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # fresh bulk loads have no statistics yet
                cursor.execute("ANALYZE")
        print(f"seed and history: {time.perf_counter() - started:.0f} s")
    print(f"{Official.objects.count()} officials, {connection.vendor}")
    for username in ("thuongvu", "truongdonvi"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        print(f"\n{username}: page, median ms ({args.repeat} runs), queries")
        for name, query in PAGES:
            url = reverse(name) + (f"?{query}" if query else "")
            ms, queries, _status = measure(client, url, args.repeat)
            print(f"  {url:<48} {ms:8.1f} ms  {queries:3d} queries")
        run_export_jobs()


def run_export_jobs() -> None:
    """Run the year-end workbook jobs the pages queued, timed (a worker's time, not a page's)."""
    from danhgia.analytics.jobs import YEAR_END_EXPORT
    from danhgia.jobs.models import Job
    from danhgia.jobs.worker import Worker

    queued = Job.objects.filter(kind=YEAR_END_EXPORT, state="queued")
    for job in queued:
        started = time.perf_counter()
        Worker("bench").run(once=True)
        job.refresh_from_db()
        ms = (time.perf_counter() - started) * 1000
        print(f"  job {job.label[:42]:<44} {ms:8.1f} ms  ({job.state})")


if __name__ == "__main__":
    main()
