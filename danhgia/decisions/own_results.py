"""An official's results over the quarters (home page, the official's page; SPEC §13.3).

Two parts, read in a fixed number of queries whatever the number of quarters:

- the published quarters: per quarter, each stage's total and rating side by side and the
  rating in force (a correction replaces what it supersedes); only results already published
  (``access.PUBLIC_STATES``) are listed, for the official and for anyone else reading the page;
- the open quarter: where the evaluation stands and the stages' scores the reader may see. The
  access module decides which (``own_result_q``): the official reads her own self-assessment,
  never what the later steps said before publication, even when she leads the unit; a reader
  covering her unit reads every stage done so far.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danhgia import access
from danhgia.access.steps import PUBLIC_STATES
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Official
from danhgia.periods.models import Period
from danhgia.review.choices import Stage

from .stages import SELF, STAGES, PersonStages, people_stages

SHORT_LABELS = {
    SELF: _("Tự chấm"),
    Stage.REVIEW.value: _("Đơn vị đề xuất"),
    Stage.APPRAISAL.value: _("Thẩm định"),
    Stage.DECISION.value: _("Quyết định"),
}


@dataclass
class OwnResults:
    official: Official
    published: list[PersonStages] = field(default_factory=list)  # newest quarter first
    current: PersonStages | None = None  # the open quarter's, when not published yet
    period: Period | None = None  # the open quarter
    hidden_later_steps: bool = False  # the reader is the official and later steps are hidden

    @property
    def stage_labels(self) -> list[str]:
        """Short column heads (the stages' full names are the cells' titles)."""
        return [str(SHORT_LABELS[s]) for s in STAGES]

    @property
    def current_cells(self) -> list:
        """The open quarter's stages the reader may see and that have happened."""
        return [c for c in self.current.cells if c.present] if self.current else []

    @property
    def empty(self) -> bool:
        return not self.published and self.current is None


def own_results(user, official: Official, period: Period | None) -> OwnResults:
    """``official``'s published quarters and her evaluation of the open ``period``, as ``user``
    may read them (an evaluation the user may not see is left out)."""
    evaluations = list(_readable(user, official, period))
    rows = people_stages(user, evaluations)
    published = [r for r in rows if r.evaluation.state in PUBLIC_STATES]
    current = next(
        (r for r in rows if period is not None and r.evaluation.period_id == period.pk), None
    )
    if current is not None and current.evaluation.state in PUBLIC_STATES:
        current = None  # listed with the published quarters
    hidden = (
        current is not None
        and official.user_id == getattr(user, "pk", None)
        and not access.sees_later_steps(user, current.evaluation)
    )
    return OwnResults(official, published, current, period, hidden)


def _readable(user, official: Official, period: Period | None):
    """The official's published evaluations and that of the open quarter (one query)."""
    wanted = Q(state__in=PUBLIC_STATES)
    if period is not None:
        wanted |= Q(period=period)
    return (
        access.restrict(user, Evaluation.objects.filter(official=official))
        .filter(wanted)
        .select_related("period", "official__unit")
        .order_by("-period__year", "-period__quarter")
    )
