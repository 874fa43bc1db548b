"""Write the shipped .docx templates (danhgia/documents/shipped/) from their builders."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from danhgia.documents import docxbuild
from danhgia.documents.registry import SHIPPED_DIR
from danhgia.documents.shipped_build import TEMPLATES


class Command(BaseCommand):
    help = "Write the shipped .docx templates of the documents (after changing a builder)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("names", nargs="*", help="only these files (default: all)")

    def handle(self, *args, names: list[str], **options) -> None:
        for name, builder in TEMPLATES.items():
            if names and name not in names:
                continue
            docxbuild.save(builder(), SHIPPED_DIR / name)
            self.stdout.write(f"{SHIPPED_DIR / name}")
