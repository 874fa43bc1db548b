"""``manage.py send_reminders``: today's reminders and late notices now (cron), or with
``--schedule`` queue the daily job the workers run (scripts/run-production.sh does)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danhgia.core.reminders import schedule_daily, send_reminders


class Command(BaseCommand):
    help = "Send today's deadline reminders and late notices, or --schedule the daily job."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schedule", action="store_true", help="queue the daily job")
        parser.add_argument("--date", help="as if today were this day (YYYY-MM-DD)")

    def handle(self, *args, schedule: bool = False, date: str | None = None, **options) -> None:
        if schedule:
            queued = schedule_daily()
            self.stdout.write("daily reminders queued" if queued else "already queued")
            return
        today = None
        if date:
            try:
                today = _parse(date)
            except ValueError:
                raise CommandError(f"--date={date!r}: expected YYYY-MM-DD") from None
        outcome = send_reminders(today)
        self.stdout.write(f"reminders: {outcome.reminded}, late notices: {outcome.late}")


def _parse(value: str) -> date:
    return date.fromisoformat(value)
