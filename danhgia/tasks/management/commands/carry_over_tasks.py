import re
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danhgia.periods.models import Period
from danhgia.tasks.carry_over import carry_over_tasks

from ...errors import TaskError

PERIOD_CODE = re.compile(r"^(\d{4})-Q([1-4])$")


class Command(BaseCommand):
    help = (
        "Move the tasks of a quarter that are not done and not yet due at the rating date to the "
        "next quarter (SPEC §9). The next quarter's period must exist. Running it twice moves "
        "nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument("period", help="the quarter, e.g. 2026-Q3")
        parser.add_argument(
            "--rating-date",
            help="dd/mm/yyyy; default: day 30 of the quarter's last month (results cut-off)",
        )

    def handle(self, *args, period, rating_date=None, **options):
        match = PERIOD_CODE.match(period)
        if not match:
            raise CommandError(f"period: expected YYYY-Qn, e.g. 2026-Q3, not {period!r}")
        found = Period.objects.filter(year=int(match[1]), quarter=int(match[2])).first()
        if found is None:
            raise CommandError(f"period {period} does not exist")
        day = None
        if rating_date:
            try:
                day = datetime.strptime(rating_date, "%d/%m/%Y").date()
            except ValueError:
                raise CommandError("--rating-date: expected dd/mm/yyyy") from None
        try:
            moved = carry_over_tasks(found, day)
        except TaskError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            _("%(count)d nhiệm vụ đã được chuyển từ %(period)s sang quý sau.")
            % {"count": moved, "period": found}
        )
