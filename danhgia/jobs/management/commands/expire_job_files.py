"""``manage.py expire_job_files``: delete the job files older than ``JOB_FILES_RETENTION_DAYS``
now (cron), or with ``--schedule`` queue the daily job the workers run
(scripts/run-production.sh does)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from danhgia.jobs.files import expire_files, schedule_daily


class Command(BaseCommand):
    help = "Delete the files of jobs older than JOB_FILES_RETENTION_DAYS, or --schedule daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schedule", action="store_true", help="queue the daily job")

    def handle(self, *args, schedule: bool = False, **options) -> None:
        if schedule:
            queued = schedule_daily()
            self.stdout.write("daily clean-up queued" if queued else "already queued")
            return
        outcome = expire_files()
        self.stdout.write(
            f"expired jobs: {outcome.jobs}, files deleted: {outcome.deleted}, "
            f"refused (outside their folder): {outcome.refused} "
            f"(retention {settings.JOB_FILES_RETENTION_DAYS} days)"
        )
