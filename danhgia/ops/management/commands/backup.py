"""``manage.py backup PATH``: the database and the private files in one .tar.gz."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from danhgia.ops.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the private files into one archive (docs/deploy.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the archive to write, e.g. danhgia-2026-12-05.tar.gz")

    def handle(self, *args, path: str, **options) -> None:
        summary = backup(Path(path))
        self.stdout.write(
            f"{path}: {summary.records} records, {summary.files} files ({summary.bytes} bytes)"
        )
