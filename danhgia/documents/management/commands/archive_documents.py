"""Archive now every document of a quarter's decided records (instead of at first download)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from danhgia import access
from danhgia.access import Action
from danhgia.documents.archive import archive_all
from danhgia.documents.kinds.evaluation import SELF_ASSESSMENT
from danhgia.documents.kinds.unit import COLLECTIVE, MEMO, MINUTES, UnitQuarter
from danhgia.dossiers.models import ReviewMeeting
from danhgia.evaluations.choices import LOCKED_STATES
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period


class Command(BaseCommand):
    help = (
        "Store every document of the decided evaluations of a quarter, and of their units, "
        "with its SHA-256 (each once; already archived ones are left as they are)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("period", type=int, help="the period's id")
        parser.add_argument(
            "--as", dest="username", required=True, help="an administrator account, for the log"
        )

    def handle(self, *args, period: int, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or not access.may(user, Action.MANAGE_TEMPLATES):
            raise CommandError(f"{username}: không phải tài khoản quản trị viên.")
        period_obj = Period.objects.filter(pk=period).first()
        if period_obj is None:
            raise CommandError(f"Không có kỳ đánh giá {period}.")
        evaluations = Evaluation.objects.filter(
            period=period_obj, state__in=LOCKED_STATES
        ).select_related("official__unit__parent__parent", "period", "framework_version")
        stored = 0
        units: set[int] = set()
        for evaluation in evaluations.iterator(chunk_size=200):
            stored += len(archive_all(SELF_ASSESSMENT, evaluation, user))
            units.add(evaluation.official.unit_id)
        met = set(
            ReviewMeeting.objects.filter(period=period_obj, unit__in=units).values_list(
                "unit_id", flat=True
            )
        )
        for unit in Unit.objects.filter(pk__in=units).select_related("block", "parent__parent"):
            record = UnitQuarter(unit, period_obj)
            kinds = (COLLECTIVE, MEMO, MINUTES) if unit.pk in met else (COLLECTIVE, MEMO)
            for kind in kinds:
                stored += len(archive_all(kind, record, user))
        self.stdout.write(f"Đã lưu trữ {stored} tệp văn bản của {period_obj}.")
