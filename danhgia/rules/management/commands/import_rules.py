from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danhgia.engine import EngineError

from ...services import import_rules_file, import_shipped_rules


class Command(BaseCommand):
    help = (
        "Import the engine's shipped frameworks and policies as versioned records (idempotent), "
        "or one framework/policy file given with --framework/--policy."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--framework", type=Path, help="a framework data file to import")
        group.add_argument("--policy", type=Path, help="a policy data file to import")

    def handle(self, *args, framework=None, policy=None, **options):
        try:
            if framework is not None:
                report = import_rules_file(framework, "framework")
            elif policy is not None:
                report = import_rules_file(policy, "policy")
            else:
                report = import_shipped_rules()
        except EngineError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(report.summary())
