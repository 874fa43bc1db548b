import resource
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ...demo import seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo data: a fictional province with ~600 officials, the quarter containing "
        "today (open, work waiting for every demo account) and the two before it (decided, "
        "published, closed), and the demo accounts (password danhgia-demo). Idempotent while "
        "today stays in the demo's open quarter; --reset rebuilds a demo left in an earlier one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--small",
            action="store_true",
            help="a few units per block instead of the whole province (for tests)",
        )
        parser.add_argument(
            "--officials",
            type=int,
            default=0,
            help="grow the province to this many officials with generated communes (e.g. 20000)",
        )

        parser.add_argument(
            "--today",
            default="",
            help="the day the demo is built for, YYYY-MM-DD (default: today)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="when the demo's open quarter no longer contains today, empty the database "
            "and build the demo again",
        )

    def handle(self, *args, small=False, officials=0, today="", reset=False, **options):
        started = time.perf_counter()
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(
                f"--today: ngày không hợp lệ «{today}», cần dạng YYYY-MM-DD (ví dụ 2026-12-05)."
            ) from None
        report = seed_demo(small=small, officials=officials, today=day, reset=reset)
        self.stdout.write(report.summary())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KiB on Linux
        self.stdout.write(
            f"{time.perf_counter() - started:.1f} s, peak memory {peak} MB, {connection.vendor}"
        )
