"""What waits for each role on the home page: "5 phiếu chờ quyết định" (SPEC §10).

Counts of the open quarter's records in the state a role acts on, within the role's scope:
one query for the evaluations (every role's count at once, by conditional aggregation, over the
units of the user's steps only) and one for the tasks of an assigning agency, whatever the
number of people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from danhgia import access
from danhgia.access import Action
from danhgia.decisions.services import DECIDABLE
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Official
from danhgia.periods.models import Period
from danhgia.review.verification import unconfirmed_tasks


@dataclass(frozen=True)
class Waiting:
    """A count of records waiting for the user, the duty it belongs to and where to act."""

    duty: str  # the first deadline key of the duty (periods.services.DUTIES)
    count: int
    label: str
    url: str


@dataclass(frozen=True)
class _Count:
    action: Action  # the step whose owners count these records (``access.units_for``)
    duty: str
    states: tuple[str, ...]
    singular: str
    plural: str
    url_name: str
    #: for returned evaluations: the state they go back to (the step whose owner completes it)
    returned_from: tuple[str, ...] = ()

    def q(self) -> Q:
        if self.returned_from:
            return Q(state__in=self.states, returned_from__in=self.returned_from)
        return Q(state__in=self.states)


#: the evaluations each role acts on (SPEC §6), with the duty of the home page they belong to
EVALUATION_COUNTS = (
    _Count(
        Action.REVIEW,
        "review",
        (EvaluationState.SELF_ASSESSED,),
        "%(count)d phiếu chờ xác nhận kết quả nhiệm vụ",
        "%(count)d phiếu chờ xác nhận kết quả nhiệm vụ",
        "review:verification",
    ),
    _Count(
        Action.REVIEW,
        "review",
        (EvaluationState.VERIFIED,),
        "%(count)d phiếu chờ nhận xét, đề xuất xếp loại",
        "%(count)d phiếu chờ nhận xét, đề xuất xếp loại",
        "review:review_index",
    ),
    # D5: an evaluation returned to the unit (verification or review) or to the appraiser is
    # work waiting for them, with its reason on the evaluation's page
    _Count(
        Action.REVIEW,
        "review",
        (EvaluationState.RETURNED,),
        "%(count)d phiếu được trả lại để đơn vị hoàn thiện",
        "%(count)d phiếu được trả lại để đơn vị hoàn thiện",
        "review:review_index",
        (EvaluationState.VERIFIED, EvaluationState.REVIEWED),
    ),
    _Count(
        Action.APPRAISE,
        "appraisal",
        (EvaluationState.RETURNED,),
        "%(count)d phiếu được trả lại để thẩm định lại",
        "%(count)d phiếu được trả lại để thẩm định lại",
        "review:review_index",
        (EvaluationState.APPRAISED,),
    ),
    _Count(
        Action.APPRAISE,
        "appraisal",
        (EvaluationState.REVIEWED,),
        "%(count)d phiếu chờ thẩm định",
        "%(count)d phiếu chờ thẩm định",
        "review:review_index",
    ),
    _Count(
        Action.DECIDE,
        "decision",
        tuple(DECIDABLE),
        "%(count)d phiếu chờ quyết định",
        "%(count)d phiếu chờ quyết định",
        "decisions:decide",
    ),
    _Count(
        Action.PUBLISH,
        "decision",
        (EvaluationState.DECIDED,),
        "%(count)d kết quả đã quyết định, chờ công khai",
        "%(count)d kết quả đã quyết định, chờ công khai",
        "decisions:decided",
    ),
)


#: pages that take the period in their path (the others take it as ``?ky=``)
_PERIOD_IN_PATH = ("decisions:decide", "decisions:decided", "review:verification")


def _url(item: _Count, period: Period) -> str:
    if item.url_name in _PERIOD_IN_PATH:
        return reverse(item.url_name, args=[period.pk])
    return f"{reverse(item.url_name)}?{urlencode({'ky': period.pk})}"


def waiting_items(user, period: Period | None, duties: set[str]) -> list[Waiting]:
    """The counts for the user's ``duties`` (``periods.services.due_items``: the duties of the
    roles the user holds; administrators have none), each within the scope of its step."""
    if period is None or not user.is_authenticated:
        return []
    wanted = [item for item in EVALUATION_COUNTS if item.duty in duties]
    items: list[Waiting] = []
    if wanted:
        aggregates = {
            f"n{n}": Count(
                "pk",
                filter=item.q() & Q(official__unit__in=access.units_for(user, item.action)),
            )
            for n, item in enumerate(wanted)
        }
        # Only the evaluations of the units where one of the counts applies are read (an index
        # from the units' paths to their officials), not the whole province's quarter.
        scope = reduce(or_, (access.units_for(user, item.action) for item in wanted))
        officials = Official.objects.order_by().filter(unit__in=scope.values("pk"))
        counts = Evaluation.objects.filter(
            period=period, official__in=officials.values("pk")
        ).aggregate(**aggregates)
        for n, item in enumerate(wanted):
            count = counts[f"n{n}"]
            if item.returned_from and not count:
                continue  # nothing returned: no line
            text = ngettext(item.singular, item.plural, count) % {"count": count}
            items.append(Waiting(item.duty, count, text, _url(item, period)))
    if "verification" in duties:
        # the same tasks as the review worklist and the verification list "chờ xác nhận" (#12, D24)
        figures = unconfirmed_tasks(user, period).aggregate(
            tasks=Count("pk"), people=Count("lead", distinct=True)
        )
        count = figures["tasks"]
        text = ngettext(
            "%(count)d nhiệm vụ của %(people)d người chưa được xác nhận kết quả",
            "%(count)d nhiệm vụ của %(people)d người chưa được xác nhận kết quả",
            count,
        ) % {"count": count, "people": figures["people"]}
        url = f"{reverse('review:verification', args=[period.pk])}?cho=1"
        items.append(Waiting("verification", count, text, url))
    return items
