"""The quarterly report to the centre (SPEC §13.1; Lào Cai 6.5 (2), 10.3; Lâm Đồng VII.2b):
the data.

For a scope and quarter: how many people were rated at each level, and their shares, in all,
per comparison group and per block; the people rated KHTNV; and who must be replaced, the people
with two consecutive KHTNV quarters in the year (02-HD §6.3), as the engine's
``summarise_year`` says from their quarters' decisions in force.

Counts are of the decisions in force (a correction replaces what it supersedes); a person not
yet decided is counted as such. Four queries whatever the number of people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.decisions.models import Decision
from danhgia.engine import DEFERRED, RATING_CODES, Rating, format_pct, summarise_year
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period

from .summary import CHUNK_SIZE, scope_evaluations

KHTNV = Rating.NOT_COMPLETED.value
#: the columns of the counts, in the order of the regulation (then deferred, then undecided)
COLUMNS = (*RATING_CODES, DEFERRED)
UNDECIDED = "undecided"


@dataclass
class Counts:
    name: str
    by_rating: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.by_rating.values())

    @property
    def rated(self) -> int:
        """People given one of the four ratings (the base of the shares)."""
        return sum(self.by_rating[code] for code in RATING_CODES)

    def count(self, code: str) -> int:
        return self.by_rating[code]

    def share(self, code: str) -> str:
        """The share of a rating among the people rated ("" when none was rated)."""
        if code not in RATING_CODES or not self.rated:
            return ""
        return format_pct(self.by_rating[code], self.rated)


@dataclass(frozen=True)
class Person:
    evaluation_id: int
    official_id: int
    full_name: str
    position: str
    unit_name: str
    quarters: tuple[str | None, ...] = ()

    @property
    def quarters_text(self) -> str:
        return ", ".join(f"Quý {q}: {r}" for q, r in enumerate(self.quarters, 1) if r is not None)


@dataclass
class QuarterReport:
    period: Period
    unit: Unit | None
    overall: Counts
    by_group: list[Counts]
    by_block: list[Counts]
    not_completed: list[Person]
    to_replace: list[Person]


def _position(party: str, government: str, mass_org: str) -> str:
    return "; ".join(p for p in (party, government, mass_org) if p)


def build_report(user, period: Period, unit: Unit | None = None) -> QuarterReport:
    """The report's figures for this user's scope (``unit``'s subtree when given)."""
    evaluations = scope_evaluations(user, period, unit)
    decided = dict(
        access.restrict(
            user,
            Decision.objects.filter(
                evaluation__in=evaluations.values("pk"), superseded_by__isnull=True
            ),
        )
        .order_by("decided_at", "pk")
        .values_list("evaluation_id", "rating")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    overall = Counts(_("Toàn bộ phạm vi"))
    groups: dict[str, Counts] = {}
    blocks: dict[str, Counts] = {}
    not_completed: list[Person] = []
    rows = evaluations.order_by(
        "official__unit__path", "official__given_name", "official__full_name", "pk"
    ).values_list(
        "pk",
        "official_id",
        "official__full_name",
        "official__party_position",
        "official__government_position",
        "official__mass_org_position",
        "official__unit__name",
        "official__comparison_group__name",
        "official__unit__block__name",
    )
    for (
        pk,
        official_id,
        name,
        party,
        government,
        mass_org,
        unit_name,
        group,
        block,
    ) in rows.iterator(chunk_size=CHUNK_SIZE):
        code = decided.get(pk, UNDECIDED)
        group = group or _("Chưa xếp nhóm so sánh")
        block = block or _("Chưa xếp khối")
        overall.by_rating[code] += 1
        _bump(groups, group, code)
        _bump(blocks, block, code)
        if code == KHTNV:
            not_completed.append(
                Person(pk, official_id, name, _position(party, government, mass_org), unit_name)
            )
    not_completed, to_replace = _with_quarters(user, period, not_completed)
    return QuarterReport(
        period,
        unit,
        overall,
        sorted(groups.values(), key=lambda c: c.name),
        sorted(blocks.values(), key=lambda c: c.name),
        not_completed,
        to_replace,
    )


def _bump(table: dict[str, Counts], key: str, code: str) -> None:
    counts = table.get(key)
    if counts is None:
        counts = table[key] = Counts(key)
    counts.by_rating[code] += 1


def _with_quarters(user, period: Period, people: list[Person]) -> tuple[list[Person], list[Person]]:
    """The KHTNV people with their ratings of the year's quarters up to this one, and those of
    them with two consecutive KHTNV quarters (the engine's ``summarise_year``); one query."""
    if not people:
        return [], []
    ratings: dict[int, dict[int, str]] = defaultdict(dict)
    earlier = access.restrict(
        user,
        Decision.objects.filter(
            Q(
                evaluation__period__year=period.year,
                evaluation__period__quarter__lte=period.quarter,
            ),
            evaluation__official__in=[p.official_id for p in people],
            superseded_by__isnull=True,
        ),
    ).order_by("decided_at", "pk")
    for official_id, quarter, rating in earlier.values_list(
        "evaluation__official_id", "evaluation__period__quarter", "rating"
    ):
        ratings[official_id][quarter] = rating
    listed, replaced = [], []
    for person in people:
        quarters = tuple(ratings[person.official_id].get(q) for q in range(1, period.quarter + 1))
        person = replace(person, quarters=quarters)
        listed.append(person)
        if summarise_year([_rating(r) for r in quarters]).consecutive_khtnv:
            replaced.append(person)
    return listed, replaced


def _rating(code: str | None):
    if code is None:
        return None
    return Rating(code) if code in RATING_CODES else code


def column_label(code: str) -> str:
    if code == DEFERRED:
        return _("Chưa xếp loại")
    if code == UNDECIDED:
        return _("Chưa quyết định")
    return code
