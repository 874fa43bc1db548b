"""Benchmark: the summary table of a whole province (Phụ lục 05–07, issue 10) as .xlsx, .docx, PDF.

Usage (your own PostgreSQL database, seeded at scale first):
    createdb -h 127.0.0.1 -U postgres danhgia_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/danhgia_bench
    python manage.py migrate && python manage.py seed_demo --officials 20000
    python bench/summary_bench.py [--runs 3] [--formats xlsx docx pdf] [--user quantri]
        [--rows 3000] [--no-trace] [--job]

For each format it builds the summary table of the open quarter (every evaluation of the
province, as the administrator sees it: the kind's context, then the file, as a download does;
the .docx and PDF of the first ``--rows`` rows, since the download refuses longer ones) ``--runs``
times, and prints the median wall time, the CPU time of this process (without the database's:
what the wall time would be on an idle machine, since the machine may be shared), the queries,
the file's size, the peak of Python allocations (``tracemalloc``, in one more run that is not
timed: tracing slows Python down several times) and the process's peak resident memory
(``ru_maxrss``; run one format per process to read it per format). Target (issue 10): .xlsx of
20,000 officials in under 5 s and 300 MB.

``--job``: also make the province's Excel file as the background job does (``documents.table``:
queued, run by a worker in this process, stored in private storage; docs/documents.md "Made in
the background") and print its wall and CPU time (the job's file is deleted afterwards).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")
os.environ.setdefault("DEBUG", "true")  # development settings (no SECRET_KEY needed)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from danhgia.documents import rendering  # noqa: E402
from danhgia.documents.kinds.quarter import SUMMARY, ScopeQuarter, build_summary_context  # noqa: E402
from danhgia.organisation.models import Unit  # noqa: E402
from danhgia.periods.models import Period  # noqa: E402


def _truncated(context: dict, rows: int) -> dict:
    """The context with its first ``rows`` rows only (to time a PDF the check would refuse)."""
    groups, left = [], rows
    for group in context["groups"]:
        if left <= 0:
            break
        groups.append({**group, "rows": list(islice(group["rows"], left))})
        left -= len(groups[-1]["rows"])
    return {**context, "groups": groups, "row_count": rows}


def run_once(user, obj, fmt: str, *, trace: bool = False, rows: int = 0) -> tuple:
    """(seconds, queries, bytes, peak traced bytes, rows, CPU seconds) of one summary: the
    kind's context (the data, four queries) and the file, as a download produces them.

    ``trace``: under ``tracemalloc`` (which slows Python down several times: memory runs are
    not the timed ones). ``rows``: a .docx or PDF of the first that many rows (0: all; the
    download refuses more than ``kinds.quarter.MAX_ROWS``)."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    cpu = time.process_time()
    with CaptureQueriesContext(connection) as queries:
        context = build_summary_context(obj, user)
        if fmt != "xlsx" and rows:
            context = _truncated(context, rows)
        rows = context["row_count"]
        if fmt == "pdf":
            data = rendering.render_pdf(SUMMARY, context)
        elif fmt == "docx":
            data = rendering.render_docx(SUMMARY, context)
        else:
            data = rendering.render(SUMMARY, context, fmt)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    peak = 0
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return elapsed, len(queries.captured_queries), len(data), peak, rows, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=["xlsx"], choices=["xlsx", "docx", "pdf"])
    parser.add_argument("--user", default="quantri")
    parser.add_argument("--rows", type=int, default=3000, help=".docx/PDF rows (0: all)")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--job", action="store_true", help="also time the Excel file as a job")
    args = parser.parse_args()
    user = get_user_model().objects.get(username=args.user)
    period = Period.objects.filter(evaluations__isnull=False).order_by("-year", "-quarter")[0]
    root = Unit.objects.filter(parent=None).order_by("order", "pk")[0]
    obj = ScopeQuarter(root, period)
    for fmt in args.formats:
        runs = [run_once(user, obj, fmt, rows=args.rows) for _ in range(args.runs)]
        times = [r[0] for r in runs]
        traced = 0
        if not args.no_trace:
            traced = run_once(user, obj, fmt, trace=True, rows=args.rows)[3]
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{fmt}: {runs[0][4]} rows, median {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}; CPU of this process, median "
            f"{statistics.median(r[5] for r in runs):.2f} s), {runs[0][1]} queries, "
            f"{runs[0][2] / 1024 / 1024:.1f} MB file, tracemalloc peak "
            f"{traced / 1024 / 1024:.0f} MB, process peak RSS {rss_mb:.0f} MB"
        )
    if args.job:
        job_once(user, obj)


def job_once(user, obj: ScopeQuarter) -> None:
    """The province's Excel file through the background job, as the link above the threshold
    queues it (a worker of this process runs it)."""
    from danhgia.documents import jobs as document_jobs
    from danhgia.evidence import private_storage
    from danhgia.jobs.worker import Worker

    query = f"ky={obj.period.pk}&mau={obj.variant}"
    job = document_jobs.enqueue_table(user, SUMMARY, obj.unit.pk, "xlsx", query, obj)
    started, cpu = time.perf_counter(), time.process_time()
    Worker("summary-bench").run(burst=True)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    job.refresh_from_db()
    path = job.result.get("file", "")
    size = private_storage().size(path) if path else 0
    print(
        f"xlsx as a job: {job.state}, {elapsed:.2f} s wall, {cpu:.2f} s CPU of this process, "
        f"{job.progress_done}/{job.progress_total} steps, {size / 1024 / 1024:.1f} MB file"
    )
    if path:
        private_storage().delete(path)


if __name__ == "__main__":
    main()
