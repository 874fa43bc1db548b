"""The decision page's group picker: one comparison group at a time (issue 9, SPEC §8).

The quota is a comparison group's, so the authority decides group by group: the picker lists
the groups of the authority's scope with how many of its people wait, are decided, are in
all (one aggregate query), and the page rates and shows only the chosen group. A province is
never laid out on one page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from danhgia import access
from danhgia.access import Action
from danhgia.evaluations.choices import LOCKED_STATES
from danhgia.evaluations.models import Evaluation
from danhgia.periods.models import Period

from .services import DECIDABLE

#: the picker's code for the people of the scope not put in a comparison group
NO_GROUP = "-"


@dataclass(frozen=True)
class GroupChoice:
    code: str
    name: str
    waiting: int
    decided: int
    total: int


@dataclass
class GroupPicker:
    """What the page's picker shows: the chosen group, the groups listed (``q`` filters them)
    and how many groups the scope has in all."""

    chosen: GroupChoice | None
    shown: list[GroupChoice]
    count: int
    q: str = ""


def group_choices(period: Period, user) -> list[GroupChoice]:
    """The comparison groups with people in the user's decision scope, with their counts.

    Counts are of the user's scope (the people the authority decides); people without a group
    come last (``NO_GROUP``).
    """
    evaluations = Evaluation.objects.filter(period=period)
    scope = access.unit_ids_for(user, Action.DECIDE)
    if scope is not None:
        evaluations = evaluations.filter(official__unit__in=scope)
    rows = (
        evaluations.values_list(
            "official__comparison_group__code", "official__comparison_group__name"
        )
        .annotate(
            waiting=Count("pk", filter=Q(state__in=DECIDABLE)),
            decided=Count("pk", filter=Q(state__in=LOCKED_STATES)),
            total=Count("pk"),
        )
        .order_by()
    )
    choices = [
        GroupChoice(code or NO_GROUP, name or str(_("Chưa xếp nhóm so sánh")), *counts)
        for code, name, *counts in rows
    ]
    choices.sort(key=lambda c: (c.code == NO_GROUP, c.name, c.code))
    return choices


def chosen_group(choices: list[GroupChoice], code: str | None) -> GroupChoice | None:
    """The group asked for (None when it is not one of the choices); without a code, the first
    group with people waiting, else the first."""
    if code:
        return next((c for c in choices if c.code == code), None)
    return next((c for c in choices if c.waiting), choices[0] if choices else None)


def matching(choices: list[GroupChoice], q: str) -> list[GroupChoice]:
    """The choices whose name or code contains ``q`` (any case)."""
    q = q.casefold()
    return [c for c in choices if q in c.name.casefold() or q in c.code.casefold()]
