"""The rating run: build the engine's inputs for a period's evaluations and rate them (SPEC §8).

Everything the engine needs is read in a fixed number of queries, whatever the number of people,
sent together (``run_reads``) and read as plain rows: the evaluations with their officials'
fields and each stage's total joined (``run_rows``), the force majeure, the deputies' areas, the
dossiers, and the tasks of the period (counted per official in the database while the engine's
inputs are written, rolled up per unit subtree in ``run_figures``). The engine then applies
the bands, the conditions, the dossier rules and the quota; nothing here decides a rating. The
proposals are made, and the evaluations read as model instances (``RunEvaluations``), only when
a consumer asks: a page shows one group.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.db.models import QuerySet

from danhgia.db_rows import sent_ahead
from danhgia.engine import (
    GroupInput,
    PersonInput,
    PersonRating,
    Policy,
    RateResult,
    Reason,
    UnitFigures,
    group_quota,
    rate_quarter,
)
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import LeadershipRole
from danhgia.periods.models import Period
from danhgia.tasks.force_majeure import confirmed_from_rows
from danhgia.tasks.selectors import figures_by_lead_query

from .areas import area_figures, area_id, area_paths
from .run_figures import NO_ROW, figures_of_unit, subtree_counts, task_counts
from .run_reads import ALL_TASKS_FROM, send_reads
from .run_rows import AT_OFFICIAL, AT_PATH, AT_PK, AT_ROLE, AT_UNIT, STAGE_VALUES, by_id

#: evaluations not yet submitted are never rated, even when their draft has a total
UNSUBMITTED = (EvaluationState.DRAFT, EvaluationState.TARGETS_APPROVED, EvaluationState.RETURNED)


class CountingScore(NamedTuple):
    total: Decimal | None
    stage: str  # "self" or a Stage value


class RunEvaluations:
    """The evaluations of a run as model instances (with their officials, units and groups),
    read in one query when a consumer first asks for one: rating a province reads plain rows,
    and the page that shows one group reads that group's instances only.

    Shared by the run and its proposals, and referring to neither: no reference cycle keeps a
    province's run alive after its last use.
    """

    def __init__(self, period: Period, source: QuerySet[Evaluation]) -> None:
        self.period = period
        self.source = source
        self._found: dict[int, Evaluation] | None = None

    def get(self, evaluation_id: int) -> Evaluation:
        if self._found is None:
            self._found = {}
            for evaluation in self.source.select_related(
                "official__unit", "official__comparison_group"
            ).order_by("pk"):
                evaluation.period = self.period  # the same row for everyone
                self._found[evaluation.pk] = evaluation
        found = self._found.get(evaluation_id)
        if found is None:  # gone from the source since the run (never in practice)
            found = self._found[evaluation_id] = Evaluation.objects.select_related(
                "official__unit", "official__comparison_group", "period"
            ).get(pk=evaluation_id)
        return found


@dataclass
class Proposal:
    """The engine's rating of one evaluation, with what it was rated from."""

    evaluation_id: int
    official_id: int
    unit_id: int
    person: PersonInput
    result: PersonRating
    score: CountingScore
    instances: RunEvaluations = field(repr=False, compare=False)

    @property
    def evaluation(self) -> Evaluation:
        return self.instances.get(self.evaluation_id)


@dataclass
class RatingRun:
    period: Period
    policy: Policy
    result: RateResult
    units: dict[str, UnitFigures]
    #: the evaluations not ready to be rated (not submitted, or without a score)
    not_ready_ids: list[int]
    #: evaluations of people not rated quarterly (party-committee members without a
    #: professional post, SPEC §9): left out of the run
    not_rated_quarterly_ids: list[int]
    instances: RunEvaluations = field(repr=False)
    #: per rated person, in the engine's order: the row read (``ROW``) and the score that
    #: counts (its total and stage)
    rated: list[tuple] = field(repr=False, default_factory=list)
    totals: list[Decimal | None] = field(repr=False, default_factory=list)
    stages: list[str] = field(repr=False, default_factory=list)
    #: the engine's inputs, in the same order
    people: list[PersonInput] = field(repr=False, default_factory=list)

    @cached_property
    def proposals(self) -> list[Proposal]:
        """Each rated person's proposal (made when first asked: a page shows one group)."""
        return [
            Proposal(
                row[AT_PK],
                row[AT_OFFICIAL],
                row[AT_UNIT],
                person,
                rating,
                CountingScore(total, stage),
                self.instances,
            )
            for row, total, stage, person, rating in zip(
                self.rated, self.totals, self.stages, self.people, self.result.people, strict=True
            )
        ]

    def proposal_for(self, evaluation_id: int) -> Proposal | None:
        return next((p for p in self.proposals if p.evaluation_id == evaluation_id), None)

    @property
    def not_ready(self) -> list[Evaluation]:
        return [self.instances.get(pk) for pk in self.not_ready_ids]

    @property
    def not_rated_quarterly(self) -> list[Evaluation]:
        return [self.instances.get(pk) for pk in self.not_rated_quarterly_ids]


def _say_force_majeure(
    rating: PersonRating,
    person: PersonInput,
    unit: UnitFigures,
    unit_reason: str | None,
    person_reason: str | None,
) -> None:
    """Put in the chain, after the band, the confirmed force majeure that changed a judgement:
    the unit's uncompleted tasks excused, the person's own-tasks condition lifted."""
    if person.deferred is not None:
        return
    added = []
    if unit_reason is not None and unit.tasks_completed < unit.tasks_total:
        excused = unit.tasks_total - unit.tasks_completed
        added.append(Reason("force_majeure_unit", {"reason": unit_reason, "excused": excused}))
    if person_reason is not None and person.tasks_completed < person.tasks_total:
        added.append(
            Reason(
                "force_majeure_person",
                {
                    "reason": person_reason,
                    "completed": person.tasks_completed,
                    "total": person.tasks_total,
                },
            )
        )
    at = next((i + 1 for i, r in enumerate(rating.reasons) if r.code == "band"), 0)
    rating.reasons[at:at] = added


def run_rating(period: Period, evaluations: QuerySet[Evaluation]) -> RatingRun:
    """Rate the given evaluations of a period with the period's policy (nothing is saved).

    Evaluations not submitted yet (or without a score) are left out and listed in
    ``RatingRun.not_ready``: the engine rates only submitted evaluations and deferred people.
    Everything is read as plain rows in a fixed number of queries; the model instances are read
    only if a consumer asks for them (``RatingRun.instances``, ``RatingRun.proposals``).
    """
    policy = period.policy_version.load()
    evaluations = evaluations.filter(period=period)
    deferred_state, unsubmitted = EvaluationState.DEFERRED, set(UNSUBMITTED)
    not_rated_quarterly, not_ready, rated, totals, stages = [], [], [], [], []
    decision, appraisal, review = STAGE_VALUES
    groups: dict[str, GroupInput] = {}
    people: list[PersonInput] = []
    inputs: list[dict] = []  # each person's fields: the person's own (``from_fields``)
    # Every query is sent at once (``run_reads``), then the task aggregate (the tasks app's:
    # the same figures as Phụ lục 7 and the self-assessment), of the subtrees of the people's
    # units (their deputies' areas are there too) or, for a large run, of the whole period
    # before the rows are read: the database counts while the people are sorted out and the
    # engine's inputs written; each person's task counts are filled in once they are read.
    with sent_ahead(evaluations.db) as send:
        reads = send_reads(send, period, policy, evaluations)
        large = reads.rows.count() >= ALL_TASKS_FROM
        tasks = send(figures_by_lead_query(period, policy)) if large else None
        everyone = by_id(reads.rows.rows())
        paths = {row[AT_UNIT]: row[AT_PATH] for row in everyone}  # unit id → path
        if tasks is None:
            tasks = send(figures_by_lead_query(period, policy, set(paths.values())))
        # What the rows need besides themselves, for everyone read (the people not ready are
        # in the same units): the confirmed force majeure (SPEC §8.2, §9), the deputies'
        # areas (the sub-units in their charge, SPEC §8.2), each unit's dossier state and
        # working days late (the days count under ``late_dossier: scale``).
        excused_units, excused_people = confirmed_from_rows(reads.excused.rows())
        deputy = LeadershipRole.DEPUTY
        deputies = ((r[AT_OFFICIAL], r[AT_PATH]) for r in everyone if r[AT_ROLE] == deputy)
        chosen = area_paths(deputies, reads.links.rows())
        dossiers = reads.dossiers_by_unit(paths)
        # per person below: lookups bound once, unit ids written once per unit (20,000 people)
        unit_ids = {uid: str(uid) for uid in paths}
        append, add_person, person_of = inputs.append, people.append, PersonInput.from_fields
        for row in everyone:
            (  # in the order of ``run_rows.ROW``
                pk,
                official_id,
                state,
                deferral_case,
                exceeded_count,
                unit_id,
                _path,
                group_code,
                group_pct,
                rated_quarterly,
                role,
                gender,
                ethnic_minority,
                service_start,
                retirement,
                name,
                self_total,
                decision_total,
                appraisal_total,
                review_total,
            ) = row
            if not rated_quarterly:
                not_rated_quarterly.append(pk)
                continue
            # the score that counts: the latest stage's (a stage's total is never null: null is
            # a stage not reached), else the self score
            if decision_total is not None:
                total, stage = decision_total, decision
            elif appraisal_total is not None:
                total, stage = appraisal_total, appraisal
            elif review_total is not None:
                total, stage = review_total, review
            else:
                total, stage = self_total, "self"
            if state == deferred_state:
                deferred = deferral_case or "other"
            elif state not in unsubmitted and total is not None:
                deferred = None
            else:
                not_ready.append(pk)
                continue
            rated.append(row)
            totals.append(total)
            stages.append(stage)
            if group_code is not None and group_code not in groups:
                groups[group_code] = GroupInput(group_code, group_quota(policy, group_pct))
            dossier, days_late = dossiers[unit_id]
            in_area = official_id in chosen
            fields = {
                "id": str(pk),
                "unit": area_id(official_id) if in_area else unit_ids[unit_id],
                "role": role,
                "total": total if deferred is None else None,
                "collective": unit_ids[unit_id] if in_area else None,
                "group": group_code,
                "tasks_total": 0,  # filled in below
                "tasks_completed": 0,
                "exceeded_count": exceeded_count,
                "force_majeure": official_id in excused_people,
                "dossier": dossier,
                "dossier_days_late": days_late,
                "deferred": deferred,
                "gender": gender,
                "ethnic_minority": ethnic_minority,
                "service_start": service_start,
                "retirement_date": retirement,
                "name": name,
            }
            append(fields)
            add_person(person_of(fields))
        known = {row[AT_OFFICIAL]: row[AT_PATH] for row in everyone}
        counted = tasks.rows()
    per_official, per_unit_path = task_counts(counted, known)
    subtree = subtree_counts(per_unit_path)
    unit_figures = {}  # of the units of the people rated
    for row in rated:
        unit_id = row[AT_UNIT]
        if unit_id not in unit_figures:
            unit_figures[unit_id] = figures_of_unit(unit_id, row[AT_PATH], subtree)
    for uid in excused_units.keys() & unit_figures.keys():
        unit_figures[uid] = replace(unit_figures[uid], force_majeure=True)
    # a deputy's area counts its sub-units' tasks; the unit's force majeure covers it too
    areas = area_figures(chosen, subtree)
    area_list = [
        replace(areas[row[AT_OFFICIAL]], force_majeure=row[AT_UNIT] in excused_units)
        for row in rated
        if row[AT_OFFICIAL] in areas
    ]
    # each person's task counts, into their fields before the engine reads them
    counts_of = per_official.get
    for fields, row in zip(inputs, rated, strict=True):
        _lead, total, completed, _late, _exceeding = counts_of(row[AT_OFFICIAL], NO_ROW)
        fields["tasks_total"], fields["tasks_completed"] = total, completed
    result = rate_quarter(
        policy,
        people,
        [*unit_figures.values(), *area_list],
        list(groups.values()),
        period.code,
    )
    if excused_units or excused_people:
        for row, person, rating in zip(rated, people, result.people, strict=True):
            unit_id = row[AT_UNIT]
            unit_reason, person_reason = (
                excused_units.get(unit_id),
                excused_people.get(row[AT_OFFICIAL]),
            )
            if unit_reason is not None or person_reason is not None:
                _say_force_majeure(
                    rating, person, unit_figures[unit_id], unit_reason, person_reason
                )
    return RatingRun(
        period,
        policy,
        result,
        {**{str(k): v for k, v in unit_figures.items()}, **{a.id: a for a in area_list}},
        not_ready,
        not_rated_quarterly,
        RunEvaluations(period, evaluations),
        rated,
        totals,
        stages,
        people,
    )
