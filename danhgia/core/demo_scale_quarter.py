"""The open quarter of the generated communes: tasks, evaluations, stage scores, dossiers, history.

Four people (``demo_scale_profiles``, strong to weak) go through the real services: tasks
reported, targets approved, self-assessment saved and submitted, so the engine computes the
form's points. Everyone else gets the same five tasks and, by the step their commune has
reached, a copy of one sample's rows and totals: what the services would have written for the
same answers, without going through them person by person. A commune's people move together
(the unit reviews them in one meeting): draft, targets approved, self-assessed, verified,
reviewed (meeting recorded, dossier submitted) or appraised (dossier checked). People on long
leave are deferred (SPEC §9, the engine's ``deferral_case``). Each step leaves its audit entry.
Rows are written in batches.

The same path builds any quarter of the demo (``seed_quarter``): the dates are the story's
(Q3/2026) carried into the period's quarter (``demo_calendar``), the step may be given per unit
and the people may span several blocks, each framework with its own samples.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_actions, new_entry
from danhgia.dossiers.models import Dossier, ReviewMeeting
from danhgia.engine import Absence as EngineAbsence
from danhgia.engine import deferral_case
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.evaluations.opening import ENGINE_ABSENCE_KINDS, ensure_evaluation
from danhgia.periods.models import Period, PeriodFramework
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore
from danhgia.tasks.choices import TaskState
from danhgia.tasks.models import Task
from danhgia.tasks.rules import framework_of

from .demo_calendar import DemoCalendar, default_today, quarter_words
from .demo_scale_profiles import PROFILES, SUBMITTED_AT, sample

BATCH = 1000
#: how often each sample profile is copied (strong, good, fair, weak)
PROFILE_WEIGHTS = (20, 45, 25, 10)
SCALE_SEED = 2028
S = EvaluationState
#: the steps a commune may have reached, in order, with their share of communes
STEPS = (
    (S.DRAFT, 15),
    (S.TARGETS_APPROVED, 15),
    (S.SELF_ASSESSED, 25),
    (S.VERIFIED, 15),
    (S.REVIEWED, 15),
    (S.APPRAISED, 15),
)
ORDER = [state for state, _w in STEPS]
#: the audit action each step leaves (draft: the evaluation's creation)
ACTIONS = {
    S.DRAFT: AuditAction.EVALUATION_CREATED,
    S.TARGETS_APPROVED: AuditAction.EVALUATION_TARGETS_APPROVED,
    S.SELF_ASSESSED: AuditAction.EVALUATION_SUBMITTED,
    S.VERIFIED: AuditAction.EVALUATION_VERIFIED,
    S.REVIEWED: AuditAction.EVALUATION_REVIEWED,
    S.APPRAISED: AuditAction.EVALUATION_APPRAISED,
}
#: (title, product, planned, delivered, due, completed) of each person's five tasks; two of
#: them delivered above plan, so that a unit's exceeding share (30 % for HTXSNV) is reached
TASKS = (
    ("Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng", "Báo cáo tháng",
     3, 4, date(2026, 9, 30), date(2026, 9, 29)),
    ("Báo cáo công tác xây dựng Đảng quý III/2026", "Báo cáo quý",
     1, 1, date(2026, 9, 20), date(2026, 9, 18)),
    ("Kế hoạch chuyển đổi số của xã, phường năm 2027", "Kế hoạch",
     1, 2, date(2026, 9, 15), date(2026, 9, 12)),
    ("Tổ chức đối thoại với Nhân dân về giải quyết thủ tục hành chính", "Hội nghị đối thoại",
     1, 1, date(2026, 8, 31), date(2026, 8, 28)),
    ("Kiểm tra công tác quản lý đất đai, trật tự xây dựng trên địa bàn", "Báo cáo kiểm tra",
     1, 1, date(2026, 9, 25), date(2026, 9, 24)),
)  # fmt: skip
#: when the tasks were confirmed, the dossier sent (before 02/10) and checked (the story's dates)
REVIEWED_AT = datetime(2026, 9, 30, 9, 0)
DOSSIER_AT = datetime(2026, 10, 1, 9, 0)
APPRAISED_AT = datetime(2026, 10, 12, 15, 0)
ENTRY_FIELDS = [
    f.attname
    for f in CriterionEntry._meta.concrete_fields
    if f.attname not in ("id", "evaluation_id")
]


def seed_scale_quarter(officials, history, absences, cal: DemoCalendar | None = None):
    """Tasks and evaluations of the open quarter for the generated ``officials``."""
    period = Period.objects.filter(state="open").order_by("-year", "-quarter").first()
    return seed_quarter(period, officials, history, absences, cal or DemoCalendar(default_today()))


def seed_quarter(
    period: Period,
    officials,
    history,
    absences,
    cal: DemoCalendar,
    steps: dict[int, str] | None = None,
    profiles: dict[int, int] | None = None,
) -> dict[str, int]:
    """Tasks and evaluations of ``period`` for ``officials`` (any blocks).

    ``steps``: the state each unit (by id) has reached (else drawn, ``STEPS``); ``profiles``:
    the sample profile some officials (by id) copy (else drawn, ``PROFILE_WEIGHTS``).
    """
    counts = {"tasks": 0, "evaluations": 0, "stage_scores": 0, "dossiers": 0}
    by_framework: dict[int, list] = {}
    mappings = {
        m.block_id: m
        for m in PeriodFramework.objects.select_related("framework_version").filter(period=period)
    }
    for official in officials:
        version = mappings[official.unit.block_id].framework_version_id
        by_framework.setdefault(version, []).append(official)
    admin = get_user_model().objects.get(username="quantri")
    appraiser = get_user_model().objects.filter(username="thamdinh").first() or admin
    rng = random.Random(SCALE_SEED)
    units = {o.unit_id: o.unit for o in officials}
    weights = [w for _s, w in STEPS]
    step = steps or {pk: rng.choices(ORDER, weights)[0] for pk in sorted(units)}
    dates = _Dates(cal, (period.year, period.quarter))
    for people in by_framework.values():
        found = _seed_framework(
            period, people, history, absences, mappings, step, profiles or {}, dates, rng, admin
        )
        counts["tasks"] += found["tasks"]
        counts["evaluations"] += found["evaluations"]
    counts["stage_scores"] += _stage_scores(period, admin, appraiser)
    counts["dossiers"] = _dossiers(units, step, period, admin, appraiser, dates)
    return counts


class _Dates:
    """The story's dates (Q3/2026) in the quarter being built."""

    def __init__(self, cal: DemoCalendar, quarter: tuple[int, int]) -> None:
        self.cal, self.quarter = cal, quarter

    def day(self, day: date) -> date:
        return self.cal.moved(day, self.quarter)

    def done_on(self, day: date) -> date:
        return self.cal.done_on(day, self.quarter)

    def at(self, moment: datetime) -> datetime:
        return self.cal.at(moment, self.quarter)


def _seed_framework(
    period, officials, history, absences, mappings, step, chosen, dates, rng, admin
) -> dict[str, int]:
    """The people of one framework: samples through the services, copies for the rest."""
    starts = {h.official_id: h.start_date for h in history if h.end_date is None}
    leaves: dict[int, list[EngineAbsence]] = {}
    for a in absences:
        kind = ENGINE_ABSENCE_KINDS.get(a.kind, a.kind)
        leaves.setdefault(a.official_id, []).append(EngineAbsence(kind, a.start_date, a.end_date))
    deferred = {
        o.pk: case
        for o in officials
        if (
            case := deferral_case(
                leaves.get(o.pk, []), period.year, period.quarter, starts.get(o.pk)
            )
        )
    }
    mapping = mappings[officials[0].unit.block_id]
    framework = framework_of(mapping.framework_version)
    task_codes = [c for c in framework.criteria if c.measure == "tasks" or c.accepts_tasks]

    done = ORDER.index(S.SELF_ASSESSED)
    present = [o for o in officials if o.pk not in deferred]
    # samples from communes past the self-assessment; a few communes may all be earlier
    people = [o for o in present if ORDER.index(step[o.unit_id]) >= done] or present
    if not people:  # a handful of people, all on leave: the service opens and defers them
        for official in officials:
            ensure_evaluation(official, period)
        return {"tasks": 0, "evaluations": len(officials)}
    people = people[:: max(1, len(people) // len(PROFILES))][: len(PROFILES)]
    samples = [_sample(o, period, n, task_codes, admin, step, dates) for n, o in enumerate(people)]
    weights = PROFILE_WEIGHTS[: len(samples)]
    drawn = rng.choices(range(len(samples)), weights, k=len(officials))
    profiles = [
        min(chosen.get(o.pk, n), len(samples) - 1) for o, n in zip(officials, drawn, strict=True)
    ]
    counts = {"tasks": len(TASKS) * len(samples), "evaluations": len(samples)}
    for first in range(0, len(officials), BATCH):
        batch = [
            (o, samples[profiles[first + n]])
            for n, o in enumerate(officials[first : first + BATCH])
            if o not in people
        ]
        _write_batch(batch, period, mapping, step, deferred, task_codes, admin, counts, dates)
    return counts


def _tasks(official, period, task_codes, admin, verified: bool, dates: _Dates) -> list[Task]:
    tasks = []
    for n, (title, product, planned, delivered, due, done) in enumerate(TASKS):
        criterion = task_codes[n % len(task_codes)] if task_codes else None
        task = Task(
            period=period,
            lead=official,
            assigning_unit=official.unit,
            assigned_by=admin,
            title=title.replace("quý III/2026", quarter_words(period)).replace(
                "2027", str(period.year + 1)
            ),
            responsibility="Chủ trì thực hiện; báo cáo Thường trực Đảng ủy",
            authority="Thường trực Đảng ủy",
            product_name=product,
            planned_quantity=Decimal(planned),
            axis=criterion.group if criterion else 1,
            criterion_code=criterion.code if criterion else "",
            assigned_on=dates.day(date(2026, 7, 6)),
            due_date=dates.cal.task_dates(due, done, dates.quarter)[0],
            delivered_quantity=Decimal(delivered),
            completed_on=dates.cal.task_dates(due, done, dates.quarter)[1],
            state=TaskState.REPORTED,
        )
        if verified:
            task.quality = task.timeliness = task.leadership = Decimal(1)
            task.state, task.verified_by = TaskState.VERIFIED, admin
            task.verified_at = dates.at(REVIEWED_AT)
        tasks.append(task)
    return tasks


def _sample(official, period, profile, task_codes, admin, step, dates) -> Evaluation:
    """A sample scored through the services, then brought to its commune's step like the rest."""
    Task.objects.bulk_create(_tasks(official, period, task_codes, admin, False, dates))
    evaluation = sample(official, period, profile, admin, dates.at(SUBMITTED_AT))
    reached = ORDER.index(step[official.unit_id])
    later = ORDER[ORDER.index(S.SELF_ASSESSED) + 1 : reached + 1]
    if later:
        Evaluation.objects.filter(pk=evaluation.pk).update(
            state=later[-1], lock_version=evaluation.lock_version + len(later)
        )
        log_actions(new_entry(None, ACTIONS[s], evaluation, after={"state": s}) for s in later)
    if reached >= ORDER.index(S.VERIFIED):
        Task.objects.filter(lead=official, period=period).update(
            state=TaskState.VERIFIED,
            quality=Decimal(1),
            timeliness=Decimal(1),
            leadership=Decimal(1),
            verified_by=admin,
            verified_at=dates.at(REVIEWED_AT),
        )
    return evaluation


def _write_batch(batch, period, mapping, step, deferred, task_codes, admin, counts, dates):
    evaluations = []
    for official, template in batch:
        state = S.DEFERRED if official.pk in deferred else step[official.unit_id]
        evaluation = Evaluation(
            official=official,
            period=period,
            framework_version=mapping.framework_version,
            state=state,
            deferral_case=deferred.get(official.pk, ""),
            lock_version=1,
        )
        reached = ORDER.index(state) if state in ORDER else 0
        if reached >= ORDER.index(S.TARGETS_APPROVED):
            evaluation.targets_approved_at = template.targets_approved_at
            evaluation.targets_approved_by_id = template.targets_approved_by_id
            evaluation.lock_version = 2
        if reached >= ORDER.index(S.SELF_ASSESSED):
            for name in ("self_comment", "self_part_a", "self_part_b", "self_total", "self_band"):
                setattr(evaluation, name, getattr(template, name))
            evaluation.self_proposed_rating = template.self_proposed_rating
            evaluation.exceeded_count = template.exceeded_count
            evaluation.submitted_at = template.submitted_at
            evaluation.submitted_late = template.submitted_late
            evaluation.lock_version = template.lock_version + reached - ORDER.index(S.SELF_ASSESSED)
        evaluation.template = template
        evaluations.append(evaluation)
    Evaluation.objects.bulk_create(evaluations, batch_size=BATCH)
    entries, tasks, audit = [], [], []
    for evaluation in evaluations:
        state = evaluation.state
        reached = ORDER.index(state) if state in ORDER else 0
        filled = reached >= ORDER.index(S.SELF_ASSESSED)
        for row in evaluation.template.sample_entries:
            entry = CriterionEntry(evaluation=evaluation)
            for name in ENTRY_FIELDS if filled else ("code", "target_low", "target_high"):
                setattr(entry, name, getattr(row, name))
            entries.append(entry)
        # a deferred person's tasks are confirmed with the unit's (they count for the unit)
        unit_reached = ORDER.index(step[evaluation.official.unit_id])
        verified = max(reached, unit_reached) >= ORDER.index(S.VERIFIED)
        tasks.extend(_tasks(evaluation.official, period, task_codes, admin, verified, dates))
        audit.append(new_entry(None, AuditAction.EVALUATION_CREATED, evaluation))
        if state == S.DEFERRED:
            after = {"state": state, "deferral_case": evaluation.deferral_case}
            audit.append(new_entry(None, AuditAction.EVALUATION_DEFERRED, evaluation, after=after))
        for done in ORDER[1 : reached + 1]:
            audit.append(new_entry(None, ACTIONS[done], evaluation, after={"state": done}))
    CriterionEntry.objects.bulk_create(entries, batch_size=BATCH * 4)
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    log_actions(audit)
    counts["evaluations"] += len(evaluations)
    counts["tasks"] += len(tasks)


def _stage_scores(period, admin, appraiser) -> int:
    """The review's (and the appraisal's) scores: the self-assessed points, confirmed."""
    fields = ("id", "self_part_a", "self_part_b", "self_total", "self_band", "state")
    rows = Evaluation.objects.filter(
        period=period, state__in=(S.REVIEWED, S.APPRAISED), stages__isnull=True
    ).values_list(*fields)
    scores = []
    for pk, part_a, part_b, total, band, state in rows.iterator(chunk_size=BATCH):
        stages = [(Stage.REVIEW, admin)]
        if state == S.APPRAISED:
            stages.append((Stage.APPRAISAL, appraiser))
        scores.extend(
            StageScore(
                evaluation_id=pk,
                stage=stage,
                part_a=part_a,
                part_b=part_b,
                total=total,
                band=band,
                proposed_rating=band,
                comment="Thống nhất với kết quả tự đánh giá.",
                by=by,
            )
            for stage, by in stages
        )
    StageScore.objects.bulk_create(scores, batch_size=BATCH)
    return len(scores)


def _dossiers(units, step, period, admin, appraiser, dates: _Dates) -> int:
    """Reviewed communes recorded their meeting and submitted the dossier; appraised: checked."""
    reviewed = [units[pk] for pk, s in step.items() if s in (S.REVIEWED, S.APPRAISED)]
    ReviewMeeting.objects.bulk_create(
        [
            ReviewMeeting(
                unit=unit,
                period=period,
                held_on=dates.done_on(date(2026, 9, 29)),
                attendees="Tập thể lãnh đạo đơn vị",
                minutes=f"Hội nghị thống nhất nhận xét, đề xuất xếp loại {quarter_words(period)}.",
                recorded_by=admin,
            )
            for unit in reviewed
        ],
        batch_size=BATCH,
    )
    dossiers = []
    for unit in reviewed:
        checked = step[unit.pk] == S.APPRAISED
        dossiers.append(
            Dossier(
                unit=unit,
                period=period,
                submitted_at=dates.at(DOSSIER_AT),
                submitted_by=admin,
                checked_by=appraiser if checked else None,
                checked_at=dates.at(APPRAISED_AT) if checked else None,
                check_note="Hồ sơ đầy đủ." if checked else "",
            )
        )
    Dossier.objects.bulk_create(dossiers, batch_size=BATCH)
    log_actions(new_entry(admin, AuditAction.DOSSIER_SUBMITTED, d) for d in dossiers)
    return len(dossiers)
