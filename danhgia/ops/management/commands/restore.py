"""``manage.py restore PATH``: load a backup into a fresh (migrated) database and storage."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danhgia.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` on a fresh database (docs/deploy.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--replace", action="store_true", help="delete every record of this database first"
        )

    def handle(self, *args, path: str, replace: bool = False, **options) -> None:
        if not Path(path).is_file():
            raise CommandError(f"{path}: no such file")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = restore(Path(path), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"restored {summary.records} records and {summary.files} files ({summary.bytes} bytes)"
        )
