"""The authority's rating page as the templates draw it (SPEC §8; 02-HD §4 step 4).

Pure presentation of a ``RatingRun``: one table per comparison group with its base, allowance
and candidates; per person the score that counts (and its stage), the band, the engine's rating
with its reason chain and warnings, what the unit and the appraisal proposed, and whether the
authority decides it here. Everything is read in a fixed number of queries.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia import access
from danhgia.access import Action
from danhgia.engine import DEFERRED, GroupResult, Policy, excellent_count, render_reasons
from danhgia.evaluations.choices import LOCKED_STATES
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import ComparisonGroup
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore
from danhgia.rules.choices import RatingLevel
from danhgia.tasks.selectors import open_tasks_under

from .models import Decision
from .rating import Proposal, RatingRun
from .services import DECIDABLE, Override, current_decisions

#: how the stage whose score counts is named on the page
STAGE_LABELS = {"self": gettext_lazy("Tự chấm"), **dict(Stage.choices)}


def rating_label(code: str) -> str:
    """ "HTTNV" → "Hoàn thành tốt nhiệm vụ"; "DEFERRED" → "Chưa đánh giá, xếp loại"."""
    if code == DEFERRED:
        return _("Chưa đánh giá, xếp loại quý này")
    try:
        return str(RatingLevel(code).label)
    except ValueError:
        return code


@dataclass
class Row:
    """One person of the run."""

    proposal: Proposal
    in_scope: bool
    review: StageScore | None = None
    appraisal: StageScore | None = None
    decision: Decision | None = None
    names: Mapping[str, str] = field(default_factory=dict)
    # what the form holds for this row (the posted values when re-shown)
    chosen: str = ""
    reason: str = ""
    picked: bool = True
    errors: list[str] = field(default_factory=list)
    #: tasks of the person's unit and the units below it still waiting for their results to be
    #: confirmed: deciding this person freezes them (``access.freeze``)
    open_tasks_below: int = 0
    #: the person's unit counts no task in the quarter: its conditions have nothing to judge
    unit_without_tasks: bool = False

    @property
    def evaluation(self) -> Evaluation:
        return self.proposal.evaluation

    @property
    def pk(self) -> int:
        return self.proposal.evaluation_id

    @property
    def official(self):
        return self.proposal.evaluation.official

    @property
    def stored(self) -> Decision | None:
        """The decision in force of a decided row: what it shows instead of the live run (the
        reasons archived never change, SPEC §6)."""
        return self.decision if self.decided else None

    @property
    def total(self) -> Decimal | None:
        return self.stored.total if self.stored else self.proposal.score.total

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS.get(self.proposal.score.stage, self.proposal.score.stage))

    @property
    def band(self) -> str:
        band = self.proposal.result.band
        return band.value if band is not None else ""

    @property
    def engine_rating(self) -> str:
        return self.stored.engine_rating if self.stored else str(self.proposal.result.rating)

    @property
    def engine_label(self) -> str:
        return rating_label(self.engine_rating)

    @property
    def reasons(self) -> list[str]:
        reasons = self.stored.reason_list() if self.stored else self.proposal.result.reasons
        return render_reasons(reasons, self.names)

    @property
    def warnings(self) -> list[str]:
        warnings = self.stored.warning_list() if self.stored else self.proposal.result.warnings
        texts = render_reasons(warnings, self.names)
        if self.unit_without_tasks and not self.stored:
            # D23: a unit with no task meets "≥ 30 % exceeding" and "100 % on time" vacuously
            texts.append(
                _(
                    "Đơn vị không có nhiệm vụ nào được tính trong quý: các điều kiện của đơn vị "
                    "(hoàn thành, vượt, đúng hạn) không có gì để xét. Hãy kiểm tra việc giao "
                    "nhiệm vụ của đơn vị trước khi quyết định."
                )
            )
        return texts

    @property
    def waiting(self) -> bool:
        """In the authority's scope and waiting for the decision."""
        return self.in_scope and self.evaluation.state in DECIDABLE

    @property
    def decidable(self) -> bool:
        """The authority decides it here: waiting, and every task it rests on is confirmed."""
        return self.waiting and not self.open_tasks_below

    @property
    def overridable(self) -> bool:
        return self.decidable and self.engine_rating != DEFERRED

    @property
    def decided(self) -> bool:
        return self.evaluation.state in LOCKED_STATES

    @property
    def final(self) -> str:
        """The rating this row will get: the authority's choice, else the engine's."""
        return self.chosen or self.engine_rating

    @property
    def overridden(self) -> bool:
        return self.final != self.engine_rating

    @property
    def final_label(self) -> str:
        return rating_label(self.final)

    @property
    def is_head(self) -> bool:
        return self.proposal.person.role == "head"


@dataclass
class GroupTable:
    result: GroupResult | None
    name: str
    rows: list[Row]
    policy: Policy
    errors: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.result.id if self.result is not None and self.result.id else ""

    @property
    def candidates(self) -> int:
        return len(self.result.candidates) if self.result else 0

    @property
    def cut(self) -> int:
        return len(self.result.cut) if self.result else 0

    def excellent_after(self) -> int:
        """HTXSNV in the group once the rows are decided as chosen (the engine's count)."""
        members = []
        for row in self.rows:
            if row.decided and row.decision is not None:
                members.append((row.proposal.person.role, row.decision.rating))
            elif row.decidable and row.picked:
                members.append((row.proposal.person.role, row.final))
        return excellent_count(self.policy, members)

    @property
    def picked_rows(self) -> list[Row]:
        return [row for row in self.rows if row.decidable and row.picked]

    @property
    def visible_rows(self) -> list[Row]:
        """The people of the authority's scope: the only ones named on the page."""
        return [row for row in self.rows if row.in_scope]

    @property
    def others(self) -> int:
        """People of the group outside the scope: counted in the base, never shown."""
        return sum(1 for row in self.rows if not row.in_scope)

    @property
    def over_quota(self) -> bool:
        return self.result is not None and self.excellent_after() > self.result.allowed


@dataclass
class Board:
    run: RatingRun
    groups: list[GroupTable]
    rows: dict[int, Row]

    @property
    def decidable(self) -> list[Row]:
        return [row for row in self.rows.values() if row.decidable]

    @property
    def picked(self) -> list[Row]:
        return [row for row in self.decidable if row.picked]

    @property
    def picked_rated(self) -> list[Row]:
        """The picked people who get a rating (the confirmation's count, walk of 05/12/2026)."""
        return [row for row in self.picked if row.final != DEFERRED]

    @property
    def picked_deferred(self) -> list[Row]:
        """The picked people on deferral: the decision records that they are not rated."""
        return [row for row in self.picked if row.final == DEFERRED]

    #: units where the user decides (None: everywhere)
    scope: set[int] | None = None
    #: the page's group picker (``groups.GroupPicker``), set by the view
    picker: object = None

    @property
    def not_ready(self) -> list[Evaluation]:
        """Evaluations of the scope not ready to be rated (others' are never named here)."""
        return [
            e for e in self.run.not_ready if self.scope is None or e.official.unit_id in self.scope
        ]

    @property
    def not_rated_quarterly(self) -> list[Evaluation]:
        """Evaluations of the scope whose person is not rated quarterly (SPEC §9): left out."""
        return [
            e
            for e in self.run.not_rated_quarterly
            if self.scope is None or e.official.unit_id in self.scope
        ]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows.values()) or any(
            table.errors for table in self.groups
        )

    def overrides(self) -> dict[int, Override]:
        return {
            row.pk: Override(row.final, row.reason)
            for row in self.picked
            if row.overridable and row.overridden
        }

    def fingerprint(self) -> str:
        """What the authority confirms: the people, their engine ratings and the allowances.

        Recomputed when the decision is confirmed, so that a rating that changed in between
        (a late appraisal, another authority's decision) is shown again instead of decided.
        """
        parts = [
            f"{row.pk}:{row.engine_rating}:{row.total}:{row.evaluation.state}"
            for row in sorted(self.decidable, key=lambda r: r.pk)
        ]
        parts += [
            f"{g.result.id}:{g.result.base}:{g.result.allowed}" for g in self.groups if g.result
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _no_tasks(run: RatingRun, unit: str) -> bool:
    figures = run.units.get(str(unit))
    return figures is not None and figures.tasks_total == 0


def build_board(run: RatingRun, user) -> Board:
    """The run laid out per comparison group, with what each stage proposed (5 queries)."""
    scope = access.unit_ids_for(user, Action.DECIDE)
    ids = [p.evaluation_id for p in run.proposals]
    stages: dict[int, dict[str, StageScore]] = defaultdict(dict)
    for score in StageScore.objects.filter(
        evaluation__in=ids, stage__in=(Stage.REVIEW, Stage.APPRAISAL)
    ):
        stages[score.evaluation_id][score.stage] = score
    decisions = {
        d.evaluation_id: d
        for d in current_decisions(run.period)
        .filter(evaluation__in=ids)
        .select_related("accountability")
    }
    other = _("một cán bộ đơn vị khác")
    names = {
        str(p.evaluation.pk): p.evaluation.official.full_name
        if scope is None or p.evaluation.official.unit_id in scope
        else other
        for p in run.proposals
    }
    rows: dict[int, Row] = {}
    by_group: dict[str | None, list[Row]] = defaultdict(list)
    for proposal in run.proposals:
        evaluation = proposal.evaluation
        row = Row(
            proposal=proposal,
            in_scope=scope is None or evaluation.official.unit_id in scope,
            review=stages[evaluation.pk].get(Stage.REVIEW),
            appraisal=stages[evaluation.pk].get(Stage.APPRAISAL),
            decision=decisions.get(evaluation.pk),
            names=names,
            unit_without_tasks=_no_tasks(run, proposal.person.unit),
        )
        rows[evaluation.pk] = row
        by_group[proposal.person.group].append(row)
    group_names = dict(
        ComparisonGroup.objects.filter(code__in=[g for g in by_group if g]).values_list(
            "code", "name"
        )
    )
    results = {g.id: g for g in run.result.groups}
    tables = []
    for code, members in by_group.items():
        members.sort(key=lambda r: (-(r.total or Decimal(-1)), r.official.full_name, r.pk))
        name = group_names.get(code, code) if code else _("Chưa xếp nhóm so sánh")
        tables.append(GroupTable(results.get(code), name, members, run.policy))
    tables.sort(key=lambda t: (t.result is None, t.name))
    _count_open_tasks_below(run, [row for row in rows.values() if row.waiting])
    return Board(run, tables, rows, scope)


def _count_open_tasks_below(run: RatingRun, rows: list[Row]) -> None:
    """Set ``open_tasks_below`` on the rows waiting for the decision (one query): such a row
    is decided only once the tasks it rests on are confirmed (``services.decide``)."""
    counts = open_tasks_under(run.period, {row.official.unit.path for row in rows})
    for row in rows:
        row.open_tasks_below = counts.get(row.official.unit.path, 0)


def apply_posted(board: Board, data: Mapping, picked_ids: Iterable[str]) -> None:
    """Put the posted choices on the rows and check them (the service checks them again).

    An override needs a written reason (02-HD §5); the engine's rating of a deferred person
    cannot be changed.
    """
    picked = {str(i) for i in picked_ids}
    valid = set(RatingLevel.values)
    for row in board.decidable:
        row.picked = str(row.pk) in picked
        row.reason = (data.get(f"reason-{row.pk}") or "").strip()[:2000]
        chosen = data.get(f"rating-{row.pk}") or ""
        row.chosen = chosen if row.overridable and chosen in valid else ""
        if not row.picked:
            continue
        if row.overridden and not row.reason:
            row.errors.append(
                _("Mức quyết định khác mức theo quy tắc (%(engine)s): cần ghi rõ lý do.")
                % {"engine": row.engine_rating}
            )
    for table in board.groups:
        if table.over_quota and any(r.decidable and r.picked for r in table.rows):
            table.errors.append(
                _(
                    "Nhóm “%(group)s” chỉ được tối đa %(allowed)s người xếp loại HTXSNV; "
                    "lựa chọn này dẫn tới %(count)s người. Không thể quyết định vượt tỷ lệ."
                )
                % {
                    "group": table.name,
                    "allowed": table.result.allowed,
                    "count": table.excellent_after(),
                }
            )
