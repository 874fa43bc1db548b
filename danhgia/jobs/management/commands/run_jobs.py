"""``manage.py run_jobs``: the background jobs' worker (docs/ARCHITECTURE.md, "Background jobs").

Run one or more per machine (systemd, a container); they share the jobs table. SIGTERM or
SIGINT stops it gracefully: the job under way goes back to the queue at its last checkpoint.
"""

from __future__ import annotations

import gc
import signal

from django.core.management.base import BaseCommand

from danhgia.jobs.worker import Worker


class Command(BaseCommand):
    help = "Chạy các công việc nền đang chờ (tiến trình chạy nền)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Chạy nhiều nhất một công việc rồi dừng."
        )
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Chạy đến khi không còn công việc đến hạn rồi dừng.",
        )
        parser.add_argument("--max-jobs", type=int, default=None, help="Dừng sau số công việc này.")
        parser.add_argument(
            "--sleep", type=float, default=1.0, help="Giây chờ giữa hai lần hỏi hàng đợi."
        )
        parser.add_argument("--worker-id", default=None, help="Tên tiến trình (mặc định: máy:pid).")
        parser.add_argument(
            "--stop-with",
            type=int,
            default=None,
            metavar="PID",
            help="Dừng khi tiến trình PID kết thúc (bản chạy thử: dừng cùng máy chủ web).",
        )

    def handle(self, *args, **options) -> None:
        # As in danhgia.wsgi: what is loaded now lives as long as the worker; keep it out of the
        # cycle collector's full passes (a rating run of a province spent a third of its time in
        # them, walking these objects).
        gc.freeze()
        worker = Worker(
            options["worker_id"], sleep=max(0.05, options["sleep"]), stop_with=options["stop_with"]
        )
        previous = {
            sig: signal.signal(sig, worker.request_stop) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            ran = worker.run(
                once=options["once"], burst=options["burst"], max_jobs=options["max_jobs"]
            )
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if options["verbosity"]:
            self.stdout.write(f"{worker.id}: {ran} công việc đã chạy.")
