from django.core.management.base import BaseCommand

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

    def handle(self, *args, small=False, **options):
        self.stdout.write(seed_demo(small=small).summary())
