"""Who stands where in the quarter: the official's own card and a unit's members with their
evaluation states (home page, unit pages). Query counts do not grow with the number of people.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.organisation.choices import LeadershipRole
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Deadline, Period

from .choices import OWNER_EDITABLE_STATES, EvaluationState
from .models import Evaluation
from .services import self_assessment_deadline

#: members listed per unit on the home page (the unit page lists them all, paginated)
HOME_MEMBERS = 50
#: heads first, then deputies, then members, as lists of a unit's leadership are printed
ROLE_ORDER = Case(
    When(leadership_role=LeadershipRole.HEAD, then=Value(0)),
    When(leadership_role=LeadershipRole.DEPUTY, then=Value(1)),
    default=Value(2),
)


@dataclass(frozen=True)
class OwnCard:
    """The official's self-assessment of the quarter: "Tự đánh giá quý …"."""

    period: Period
    evaluation: Evaluation | None
    deadline: Deadline | None
    rated_quarterly: bool
    #: the decision in force, once published (filled in by the home page from the results)
    decided_total: Decimal | None = None
    decided_rating: str = ""

    @property
    def editable(self) -> bool:
        """The official's to change: not one returned to a later step's owner (decisions)."""
        evaluation = self.evaluation
        return (
            evaluation is not None
            and evaluation.state in OWNER_EDITABLE_STATES
            and not (
                evaluation.state == EvaluationState.RETURNED
                and evaluation.returned_from not in ("", EvaluationState.SELF_ASSESSED)
            )
        )

    @property
    def title(self) -> str:
        """ "Tự đánh giá quý III/2026" (the period prints "Quý III/2026")."""
        text = str(self.period)
        return _("Tự đánh giá %(period)s") % {"period": text[:1].lower() + text[1:]}


def own_card(user, period: Period | None) -> OwnCard | None:
    official = access.own_official(user)
    if official is None or period is None:
        return None
    evaluation = (
        Evaluation.objects.filter(official=official, period=period)
        .only(
            "pk",
            "state",
            "returned_from",
            "deferral_case",
            "submitted_at",
            "submitted_late",
            "self_total",
        )
        .first()
    )
    return OwnCard(period, evaluation, self_assessment_deadline(period), official.rated_quarterly)


def members_with_evaluations(user, unit: Unit, period: Period | None) -> QuerySet[Official]:
    """The officials of the unit and its sub-units the user may see, each with ``current``:
    a list holding their evaluation of the period (empty when none yet). Two queries."""
    evaluations = Evaluation.objects.filter(period=period) if period else Evaluation.objects.none()
    return (
        access.visible_officials(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "evaluations",
                queryset=evaluations.only(
                    "pk",
                    "official_id",
                    "state",
                    "deferral_case",
                    "submitted_at",
                    "submitted_late",
                    "self_total",
                    "self_proposed_rating",
                ),
                to_attr="current",
            )
        )
        .annotate(role_order=ROLE_ORDER)
        .order_by("unit__path", "role_order", "given_name", "full_name", "pk")
    )


@dataclass(frozen=True)
class UnitTable:
    unit: Unit
    members: list[Official]
    more: bool


def leader_tables(user, period: Period | None, limit: int = HOME_MEMBERS) -> list[UnitTable]:
    """For each unit the user leads (unit leadership role), its first ``limit`` members."""
    if period is None:
        return []
    tables = []
    for unit in access.led_units(user):
        members = list(members_with_evaluations(user, unit, period)[: limit + 1])
        tables.append(UnitTable(unit, members[:limit], len(members) > limit))
    return tables


def may_view_members(user, unit: Unit) -> bool:
    """Whether the user holds a role that sees the evaluations of the unit's people."""
    return access.on_unit(user, unit, Action.VIEW)


def may_start_for_unit(user, unit: Unit) -> bool:
    """Whether the user may open the evaluations of the unit's people (leadership, secretary)."""
    return access.on_unit(user, unit, Action.OPEN)


def visible_evaluations(user) -> QuerySet[Evaluation]:
    return access.restrict(user, Evaluation.objects.all())


def search(queryset: QuerySet[Evaluation], period: Period | None, state: str, q: str):
    if period is not None:
        queryset = queryset.filter(period=period)
    if state:
        queryset = queryset.filter(state=state)
    if q:
        queryset = queryset.filter(Q(official__full_name__icontains=q))
    return queryset
