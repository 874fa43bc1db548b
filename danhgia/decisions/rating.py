"""The rating run: build the engine's inputs for a period's evaluations and rate them (SPEC §8).

Everything the engine needs is read in a fixed number of queries, whatever the number of people:
the evaluations, the latest stage score of each, the dossiers, and the tasks of the period
(counted per official in the database, rolled up per unit subtree in Python). The engine then
applies the bands, the conditions, the dossier rules and the quota; nothing here decides a
rating.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import QuerySet

from danhgia.dossiers.lateness import dossier_lateness
from danhgia.dossiers.services import dossier_states
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
from danhgia.organisation.models import ComparisonGroup, Unit
from danhgia.periods.models import Period
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore
from danhgia.tasks.force_majeure import confirmed_force_majeure
from danhgia.tasks.selectors import figures_by_lead

from .areas import area_id, deputy_areas

#: the stage whose score counts, latest first (SPEC §6: self → reviewed → appraised → decided)
STAGE_ORDER = (Stage.DECISION, Stage.APPRAISAL, Stage.REVIEW)
#: evaluations not yet submitted are never rated, even when their draft has a total
UNSUBMITTED = (EvaluationState.DRAFT, EvaluationState.TARGETS_APPROVED, EvaluationState.RETURNED)


@dataclass(frozen=True)
class CountingScore:
    total: Decimal | None
    stage: str  # "self" or a Stage value


@dataclass
class Proposal:
    evaluation: Evaluation
    person: PersonInput
    result: PersonRating
    score: CountingScore


@dataclass
class RatingRun:
    period: Period
    policy: Policy
    proposals: list[Proposal]
    result: RateResult
    units: dict[str, UnitFigures] = field(default_factory=dict)
    not_ready: list[Evaluation] = field(default_factory=list)
    #: evaluations of people not rated quarterly (party-committee members without a
    #: professional post, SPEC §9): left out of the run
    not_rated_quarterly: list[Evaluation] = field(default_factory=list)

    def proposal_for(self, evaluation_id: int) -> Proposal | None:
        return next((p for p in self.proposals if p.evaluation.pk == evaluation_id), None)


def counting_scores(
    evaluations: Sequence[Evaluation], among: QuerySet[Evaluation] | None = None
) -> dict[int, CountingScore]:
    """The score that counts for each evaluation: the latest stage's, else the self score.

    ``among``: the query the evaluations come from, read as a subquery (a province's ids are
    not sent one by one).
    """
    by_evaluation: dict[int, dict[str, Decimal]] = defaultdict(dict)
    wanted = among.values("pk") if among is not None else [e.pk for e in evaluations]
    rows = StageScore.objects.filter(evaluation__in=wanted).values_list(
        "evaluation_id", "stage", "total"
    )
    for evaluation_id, stage, total in rows:
        by_evaluation[evaluation_id][stage] = total
    scores = {}
    for evaluation in evaluations:
        stages = by_evaluation.get(evaluation.pk, {})
        stage = next((s for s in STAGE_ORDER if s in stages), None)
        if stage is not None:
            scores[evaluation.pk] = CountingScore(stages[stage], stage)
        else:
            scores[evaluation.pk] = CountingScore(evaluation.self_total, "self")
    return scores


@dataclass
class _Counts:
    total: int = 0
    completed: int = 0
    late: int = 0
    exceeding: int = 0

    def add(self, total: int, completed: int, late: int, exceeding: int) -> None:
        self.total += total
        self.completed += completed
        self.late += late
        self.exceeding += exceeding


def _task_counts(
    period: Period, policy: Policy, under: set[str]
) -> tuple[dict[int, _Counts], dict[str, _Counts]]:
    """Task figures per lead official and per lead's unit path, counted in the database.

    The tasks that count and how each is counted are the tasks app's (``figures_by_lead``: the
    same figures as ``count_figures``, Phụ lục 7 and the self-assessment), one aggregate query,
    of the subtrees of the units ``under`` only (the people rated, their units and their
    deputies' areas are all there).
    """
    per_official: dict[int, _Counts] = defaultdict(_Counts)
    per_unit_path: dict[str, _Counts] = defaultdict(_Counts)
    for lead_id, path, figures in figures_by_lead(period, policy, under):
        per_official[lead_id].add(*figures)
        per_unit_path[path].add(*figures)
    return per_official, per_unit_path


def _subtree_counts(per_unit_path: dict[str, _Counts]) -> dict[str, _Counts]:
    """Per unit path, the counts of the unit and of every unit below it (linear in the paths:
    each path adds its counts to each of its ancestors' prefixes)."""
    totals: dict[str, _Counts] = defaultdict(_Counts)
    for path, counts in per_unit_path.items():
        parts = path.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/" + "/".join(parts[:depth]) + "/"
            totals[prefix].add(counts.total, counts.completed, counts.late, counts.exceeding)
    return totals


def _unit_figures(unit: Unit, subtree: dict[str, _Counts]) -> UnitFigures:
    """A unit's figures: the tasks led by officials of the unit and of its subtree."""
    total = subtree.get(unit.path, _Counts())
    return UnitFigures(
        id=str(unit.pk),
        tasks_total=total.total,
        tasks_completed=total.completed,
        tasks_late=total.late,
        tasks_exceeding=total.exceeding,
    )


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
    """
    policy = period.policy_version.load()
    evaluations = evaluations.filter(period=period)
    candidates = list(evaluations.select_related("official").order_by("pk"))
    # Units and groups are few (a province: 2,000 and 200): read once each and shared, instead
    # of one instance per person; the period is the same row for everyone.
    officials = [c.official for c in candidates]
    unit_rows = Unit.objects.in_bulk({o.unit_id for o in officials})
    group_rows = ComparisonGroup.objects.in_bulk(
        {o.comparison_group_id for o in officials if o.comparison_group_id}
    )
    for candidate in candidates:
        candidate.period = period
        official = candidate.official
        official.unit = unit_rows[official.unit_id]
        official.comparison_group = group_rows.get(official.comparison_group_id)
    not_rated_quarterly = [c for c in candidates if not c.official.rated_quarterly]
    candidates = [c for c in candidates if c.official.rated_quarterly]
    scores = counting_scores(candidates, evaluations)
    evaluations = [
        e
        for e in candidates
        if e.state == EvaluationState.DEFERRED
        or (e.state not in UNSUBMITTED and scores[e.pk].total is not None)
    ]
    rated = {e.pk for e in evaluations}
    not_ready = [e for e in candidates if e.pk not in rated]  # a set: linear at province size
    units = {e.official.unit_id: e.official.unit for e in evaluations}
    per_official, per_unit_path = _task_counts(
        period, policy, {unit.path for unit in units.values()}
    )
    subtree = _subtree_counts(per_unit_path)
    unit_figures = {uid: _unit_figures(unit, subtree) for uid, unit in units.items()}
    # force majeure confirmed by the authority (SPEC §8.2, §9)
    excused_units, excused_people = confirmed_force_majeure(period)
    for uid in excused_units.keys() & unit_figures.keys():
        unit_figures[uid] = replace(unit_figures[uid], force_majeure=True)
    # a deputy's area: the sub-units in their charge (SPEC §8.2); the unit's force majeure too
    areas = deputy_areas((e.official for e in evaluations), subtree)
    area_figures = [
        replace(figures, force_majeure=deputy.unit_id in excused_units)
        for deputy, figures in (
            (e.official, areas[e.official_id]) for e in evaluations if e.official_id in areas
        )
    ]
    # state and working days late per unit (the days count under ``late_dossier: scale``)
    scaled = policy.late_dossier == "scale"
    dossiers = (
        dossier_lateness(period, units)
        if scaled
        else {pk: (state, None) for pk, state in dossier_states(period, units).items()}
    )

    groups: dict[str, GroupInput] = {}
    people: list[PersonInput] = []
    for evaluation in evaluations:
        official = evaluation.official
        group = official.comparison_group
        group_code = group.code if group is not None else None
        if group is not None and group.code not in groups:
            pct = group_quota(policy, group.quota_pct)
            groups[group.code] = GroupInput(group.code, pct)
        counts = per_official.get(official.pk, _Counts())
        deferred = (
            evaluation.deferral_case or "other"
            if evaluation.state == EvaluationState.DEFERRED
            else None
        )
        people.append(
            PersonInput(
                id=str(evaluation.pk),
                unit=area_id(official.pk) if official.pk in areas else str(official.unit_id),
                collective=str(official.unit_id) if official.pk in areas else None,
                role=official.leadership_role,
                total=scores[evaluation.pk].total if deferred is None else None,
                group=group_code,
                tasks_total=counts.total,
                tasks_completed=counts.completed,
                exceeded_count=evaluation.exceeded_count,
                force_majeure=official.pk in excused_people,
                dossier=dossiers[official.unit_id][0],
                dossier_days_late=dossiers[official.unit_id][1],
                deferred=deferred,
                gender=official.gender,
                ethnic_minority=official.ethnic_minority,
                service_start=official.service_start,
                retirement_date=official.expected_retirement,
                name=official.full_name,
            )
        )
    result = rate_quarter(
        policy,
        people,
        [*unit_figures.values(), *area_figures],
        list(groups.values()),
        period.code,
    )
    for evaluation, person, rating in zip(evaluations, people, result.people, strict=True):
        _say_force_majeure(
            rating,
            person,
            unit_figures[evaluation.official.unit_id],
            excused_units.get(evaluation.official.unit_id),
            excused_people.get(evaluation.official_id),
        )
    proposals = [
        Proposal(evaluation, person, rating, scores[evaluation.pk])
        for evaluation, person, rating in zip(evaluations, people, result.people, strict=True)
    ]
    return RatingRun(
        period,
        policy,
        proposals,
        result,
        {**{str(k): v for k, v in unit_figures.items()}, **{a.id: a for a in area_figures}},
        not_ready,
        not_rated_quarterly,
    )
