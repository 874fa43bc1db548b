"""E-mails of steps 4 and 5: the people concerned learn of a decision, a correction or the
publication of their results (the messages are sent after the step's transaction commits).

The person decided is told that the decision was taken; the head a decision holds accountable
(02-HD §5.2) is told so; on publication everyone whose result was published is told their
rating and where to read the published list (an official reads their own decided rating once
it is published, like the stage scores: ``access``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from danhgia.notifications import absolute_url, notify
from danhgia.periods.models import Period

from .board import rating_label
from .models import Accountability, Decision, Publication


def _rating_text(code: str) -> str:
    label = rating_label(code)
    return code if label == code else f"{label} ({code})"


def decisions_made(decisions: Sequence[Decision]) -> int:
    """Tell each person decided that the authority decided, and each head held accountable.

    The rating itself is the person's to read once published (like the stage scores), so the
    first message says where to read it then (2 queries).
    """
    if not decisions:
        return 0
    ids = [d.pk for d in decisions]
    rows = Decision.objects.filter(pk__in=ids).select_related(
        "evaluation__period", "evaluation__official__user"
    )
    sent = 0
    for decision in rows:
        user = decision.evaluation.official.user
        if user is None:
            continue
        period = decision.evaluation.period
        sent += notify(
            [user],
            _("Đã quyết định xếp loại %(period)s") % {"period": period},
            _(
                "Cấp có thẩm quyền đã quyết định xếp loại %(period)s của đồng chí. Kết quả được "
                "thông báo tới đồng chí khi công khai theo quy định (trang “Kết quả”)."
            )
            % {"period": period},
        )
    for record in Accountability.objects.filter(decision__in=ids).select_related(
        "head__user", "decision__evaluation__official", "decision__evaluation__period"
    ):
        if record.head.user is None:
            continue
        evaluation = record.decision.evaluation
        sent += notify(
            [record.head.user],
            _("Trách nhiệm của người đứng đầu: %(name)s") % {"name": evaluation.official},
            _(
                "Tập thể lãnh đạo đơn vị đề xuất xếp loại %(name)s (%(period)s) ở mức %(proposed)s "
                "nhưng không đủ điều kiện; cấp có thẩm quyền quyết định %(decided)s. Theo Hướng "
                "dẫn 02-HD/BTCTW (mục 5.2), người đứng đầu chịu trách nhiệm về đề xuất này."
                "\n\n%(note)s"
            )
            % {
                "name": evaluation.official,
                "period": evaluation.period,
                "proposed": record.proposed_rating,
                "decided": record.decided_rating,
                "note": record.note,
            },
        )
    return sent


def decision_corrected(correction: Decision, reason: str) -> int:
    user = correction.evaluation.official.user
    if user is None:
        return 0
    period = correction.evaluation.period
    return notify(
        [user],
        _("Đính chính kết quả xếp loại %(period)s") % {"period": period},
        _(
            "Cấp có thẩm quyền đã đính chính xếp loại %(period)s của đồng chí thành %(rating)s."
            "\nLý do: %(reason)s"
        )
        % {"period": period, "rating": _rating_text(correction.rating), "reason": reason},
    )


def results_published(publication: Publication, evaluation_ids: Iterable[int]) -> int:
    """Tell each person whose result this publication made public their rating (one query)."""
    period: Period = publication.period
    url = absolute_url(reverse("decisions:results", args=[period.pk]))
    rows = Decision.objects.filter(
        evaluation__in=list(evaluation_ids),
        superseded_by__isnull=True,
        evaluation__official__user__is_active=True,
    ).select_related("evaluation__official__user")
    sent = 0
    for decision in rows:
        sent += notify(
            [decision.evaluation.official.user],
            _("Công khai kết quả xếp loại %(period)s") % {"period": period},
            _(
                "Kết quả đánh giá, xếp loại %(period)s của %(scope)s đã được công khai. Xếp "
                "loại của đồng chí: %(rating)s.\n\nXem danh sách: %(url)s"
            )
            % {
                "period": period,
                "scope": publication.unit,
                "rating": _rating_text(decision.rating),
                "url": url,
            },
        )
    return sent
