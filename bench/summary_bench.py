"""Benchmark: the summary table of a whole province (Phụ lục 05–07, issue 10) as .xlsx, .docx, PDF.

Usage (your own PostgreSQL database, seeded at scale first):
    createdb -h 127.0.0.1 -U postgres danhgia_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/danhgia_bench
    python manage.py migrate && python manage.py seed_demo --officials 20000
    python bench/summary_bench.py [--runs 3] [--formats xlsx docx pdf] [--user quantri]

For each format it builds the summary of the open quarter (every evaluation of the province, as
the administrator sees it) and writes the file, ``--runs`` times, and prints the median wall time,
the CPU time of this process (without the database's: what the wall time would be on an idle
machine, since the machine may be shared), the queries, the file's size, the peak of Python
allocations (``tracemalloc``, in one more run that is not timed: tracing slows Python down
several times) and the process's peak resident memory (``ru_maxrss``; run one format per process
to read it per format). Target (issue 10): .xlsx of 20,000 officials in under 5 s and 300 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date
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

from danhgia.documents import summary_tables  # noqa: E402
from danhgia.documents.summary import build_summary  # noqa: E402
from danhgia.documents.summary_xlsx import summary_xlsx  # noqa: E402
from danhgia.periods.models import Period  # noqa: E402


def writers() -> dict:
    """The formats this checkout can write (.docx and PDF come with the documents' renderer)."""
    found = {"xlsx": summary_xlsx}
    try:
        from danhgia.documents.summary_files import summary_docx, summary_pdf
    except ImportError:
        return found
    return found | {"docx": summary_docx, "pdf": summary_pdf}


def run_once(
    user, period, writer, *, trace: bool = False
) -> tuple[float, int, int, int, int, float]:
    """(seconds, queries, bytes, peak traced bytes, rows, CPU seconds) of one summary written.

    ``trace``: under ``tracemalloc`` (which slows Python down several times: memory runs are
    not the timed ones)."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    cpu = time.process_time()
    with CaptureQueriesContext(connection) as queries:
        summary = build_summary(user, period)
        data = writer(summary, summary_tables.variant("06"), date.today())
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    peak = 0
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return elapsed, len(queries.captured_queries), len(data), peak, summary.row_count, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=["xlsx"])
    parser.add_argument("--user", default="quantri")
    args = parser.parse_args()
    user = get_user_model().objects.get(username=args.user)
    period = Period.objects.filter(evaluations__isnull=False).order_by("-year", "-quarter")[0]
    available = writers()
    for name in args.formats:
        if name not in available:
            print(f"{name}: not available in this checkout")
            continue
        runs = [run_once(user, period, available[name]) for _ in range(args.runs)]
        times = [r[0] for r in runs]
        traced = run_once(user, period, available[name], trace=True)[3]
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{name}: {runs[0][4]} rows, median {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}; CPU of this process, median "
            f"{statistics.median(r[5] for r in runs):.2f} s), {runs[0][1]} queries, "
            f"{runs[0][2] / 1024 / 1024:.1f} MB file, tracemalloc peak "
            f"{traced / 1024 / 1024:.0f} MB, process peak RSS {rss_mb:.0f} MB"
        )


if __name__ == "__main__":
    main()
