import resource
import time

from django.core.management.base import BaseCommand
from django.db import connection

from ...demo import seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo data: a fictional province with ~600 officials, Q2/2026 (closed) and "
        "Q3/2026 (open), and the demo accounts (password danhgia-demo). Idempotent."
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

    def handle(self, *args, small=False, officials=0, **options):
        started = time.perf_counter()
        report = seed_demo(small=small, officials=officials)
        self.stdout.write(report.summary())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KiB on Linux
        self.stdout.write(
            f"{time.perf_counter() - started:.1f} s, peak memory {peak} MB, {connection.vendor}"
        )
