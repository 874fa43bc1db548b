"""The rating run: engine inputs built from the database in constant queries (SPEC §8)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from danhgia.decisions.rating import run_rating
from danhgia.dossiers.models import Dossier
from danhgia.dossiers.services import dossier_states
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import Gender, LeadershipRole
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore
from danhgia.tasks.models import Task

from . import factories as f

D = Decimal


@pytest.fixture
def period(world):
    return f.make_period()


def evaluation(official, period, total, state=EvaluationState.SELF_ASSESSED, **fields):
    return Evaluation.objects.create(
        official=official,
        period=period,
        framework_version=f.framework("lamdong-2026-pl5"),
        state=state,
        self_total=None if total is None else D(total),
        **fields,
    )


def task(official, period, *, done=True, late=False, assigner, **fields):
    due = date(2026, 9, 20)
    return Task.objects.create(
        period=period,
        lead=official,
        assigning_unit=official.unit,
        assigned_by=assigner,
        title="Báo cáo",
        product_name="Báo cáo",
        axis=1,
        assigned_on=date(2026, 7, 1),
        due_date=due,
        **{
            "delivered_quantity": D(1) if done else None,
            "completed_on": (due + timedelta(days=3 if late else -1)) if done else None,
            **fields,
        },
    )


def submit_dossier(unit, period, when: datetime | None = None):
    Dossier.objects.create(unit=unit, period=period, submitted_at=when or timezone.now())


def test_the_counting_score_is_the_latest_stage(world, period):
    ev = evaluation(world.official_a, period, "80")
    submit_dossier(world.unit_a, period, datetime(2026, 10, 1, tzinfo=UTC))
    StageScore.objects.create(
        evaluation=ev,
        stage=Stage.REVIEW,
        part_a=30,
        part_b=62,
        total=D("92"),
        band="HTXSNV",
        proposed_rating="HTXSNV",
        by=world.users["unit_head"],
    )
    run = run_rating(period, Evaluation.objects.all())
    proposal = run.proposals[0]
    assert proposal.score.stage == Stage.REVIEW
    assert proposal.score.total == D("92")
    assert proposal.result.band == "HTXSNV"


def test_own_unfinished_tasks_make_the_person_khtnv(world, period):
    ev = evaluation(world.official_a, period, "85")
    submit_dossier(world.unit_a, period, datetime(2026, 10, 1, tzinfo=UTC))
    task(world.official_a, period, assigner=world.users["unit_head"])
    task(world.official_a, period, done=False, assigner=world.users["unit_head"])
    run = run_rating(period, Evaluation.objects.filter(pk=ev.pk))
    person = run.proposals[0].person
    assert (person.tasks_total, person.tasks_completed) == (2, 1)
    assert run.proposals[0].result.rating == "KHTNV"


def test_unit_figures_include_the_subtree_and_lateness_from_dates(world, period):
    ev = evaluation(world.head_a, period, "85")
    submit_dossier(world.unit_a, period, datetime(2026, 10, 1, tzinfo=UTC))
    task(world.head_a, period, assigner=world.users["unit_head"])
    task(world.member_a1, period, late=True, assigner=world.users["unit_head"])
    task(world.outsider_b, period, assigner=world.users["unit_head"])
    run = run_rating(period, Evaluation.objects.filter(pk=ev.pk))
    figures = run.units[str(world.unit_a.pk)]
    assert (figures.tasks_total, figures.tasks_completed, figures.tasks_late) == (2, 2, 1)
    # not all on time: HTTNV needs 100 % on time -> HTNV
    assert run.proposals[0].result.rating == "HTNV"


def test_dossier_lateness_is_computed_from_the_submission_time(world, period):
    deadline = period.deadlines.get(key="dossier").due_date
    submit_dossier(
        world.unit_a,
        period,
        datetime.combine(deadline + timedelta(days=1), datetime.min.time(), tzinfo=UTC),
    )
    submit_dossier(
        world.unit_b, period, datetime.combine(deadline, datetime.min.time(), tzinfo=UTC)
    )
    states = dossier_states(period, [world.unit_a.pk, world.unit_b.pk, world.root.pk])
    assert states == {world.unit_a.pk: "late", world.unit_b.pk: "on_time", world.root.pk: "missing"}


def test_lamdong_late_dossier_lowers_one_level(world, period):
    ev = evaluation(world.official_a, period, "80")
    deadline = period.deadlines.get(key="dossier").due_date
    submit_dossier(
        world.unit_a,
        period,
        datetime.combine(deadline + timedelta(days=2), datetime.min.time(), tzinfo=UTC),
    )
    run = run_rating(period, Evaluation.objects.filter(pk=ev.pk))
    assert run.proposals[0].result.rating == "HTNV"
    assert run.proposals[0].result.reasons[-1] == "Hồ sơ nộp chậm: hạ một mức → HTNV"


def test_unscored_evaluations_are_not_ready_and_deferred_ones_are_rated_deferred(world, period):
    evaluation(world.official_a, period, None, state=EvaluationState.DRAFT)
    evaluation(
        world.colleague_a,
        period,
        None,
        state=EvaluationState.DEFERRED,
        deferral_case="maternity_leave",
    )
    run = run_rating(period, Evaluation.objects.all())
    assert [e.official for e in run.not_ready] == [world.official_a]
    assert run.proposals[0].result.rating == "DEFERRED"
    assert "thai sản" in run.proposals[0].result.reasons[0]


@pytest.mark.parametrize("count", [5, 40])
def test_the_run_takes_a_constant_number_of_queries(
    world, period, count, django_assert_max_num_queries
):
    people = f.make_officials(world.unit_a, count)
    for official in people:
        evaluation(official, period, "91")
        task(official, period, assigner=world.users["unit_head"], quality=D("1.2"))
    submit_dossier(world.unit_a, period, datetime(2026, 10, 1, tzinfo=UTC))
    with django_assert_max_num_queries(9):  # 8, and the confirmed force majeure (issue 15)
        run = run_rating(period, Evaluation.objects.all())
    assert len(run.proposals) == count
    group = run.result.groups[0]
    assert (group.base, group.allowed) == (count, {5: 1, 40: 8}[count])
    assert sum(1 for p in run.proposals if p.result.rating == "HTXSNV") == group.allowed


def test_a_complete_but_unsubmitted_draft_is_not_rated(world, period):
    evaluation(world.official_a, period, "88", state=EvaluationState.DRAFT)
    run = run_rating(period, Evaluation.objects.all())
    assert run.proposals == []
    assert [e.official for e in run.not_ready] == [world.official_a]


def test_a_division_is_covered_by_its_departments_dossier(world, period):
    submit_dossier(world.unit_a, period, datetime(2026, 10, 1, tzinfo=UTC))
    states = dossier_states(period, [world.division_a1.pk, world.unit_b.pk])
    assert states == {world.division_a1.pk: "on_time", world.unit_b.pk: "missing"}


def test_an_unsubmitted_own_dossier_does_not_hide_the_departments(world, period):
    submit_dossier(world.unit_a, period, datetime(2026, 10, 1, tzinfo=UTC))
    Dossier.objects.create(unit=world.division_a1, period=period)  # started, never submitted
    assert dossier_states(period, [world.division_a1.pk]) == {world.division_a1.pk: "on_time"}


def test_lateness_is_judged_on_the_local_date(world, period):
    deadline = period.deadlines.get(key="dossier").due_date
    # 23:30 in Hà Nội on the deadline day is 16:30 UTC the same day; 00:30 the next day is
    # still the deadline day in UTC but late in Vietnam.
    late = datetime.combine(deadline, datetime.min.time(), tzinfo=UTC) + timedelta(
        hours=17, minutes=30
    )
    submit_dossier(world.unit_a, period, late)
    assert dossier_states(period, [world.unit_a.pk]) == {world.unit_a.pk: "late"}


def test_tasks_not_due_by_the_cutoff_are_carried_over_not_counted(world, period):
    ev = evaluation(world.official_a, period, "85")
    submit_dossier(world.unit_a, period, datetime(2026, 10, 1, tzinfo=UTC))
    task(world.official_a, period, assigner=world.users["unit_head"])
    later = task(world.official_a, period, done=False, assigner=world.users["unit_head"])
    Task.objects.filter(pk=later.pk).update(due_date=date(2026, 10, 20))  # after 30/09
    run = run_rating(period, Evaluation.objects.filter(pk=ev.pk))
    person = run.proposals[0].person
    assert (person.tasks_total, person.tasks_completed) == (1, 1)
    assert run.proposals[0].result.rating != "KHTNV"


def test_task_figures_counted_in_the_database_are_the_engines(world, period):
    """``figures_by_lead`` (one aggregate query) gives ``count_figures`` of the loaded tasks."""
    from danhgia.tasks.rules import policy_of
    from danhgia.tasks.selectors import count_figures, counted_tasks, figures_by_lead

    head = world.users["unit_head"]
    a, b = world.official_a, world.colleague_a
    task(a, period, assigner=head)  # completed on time
    task(a, period, late=True, assigner=head)  # completed late (timeliness not assessed)
    task(a, period, done=False, assigner=head)  # not completed
    task(a, period, assigner=head, delivered_quantity=D(0))  # a date but nothing delivered
    task(b, period, assigner=head, delivered_quantity=D(3))  # more delivered than planned
    task(b, period, assigner=head, quality=D("1.2"))  # exceeding by a factor
    task(b, period, late=True, assigner=head, timeliness=D("1.1"), leadership=D("0.9"))
    task(b, period, done=False, assigner=head, quality=D("1.5"))  # not completed: not exceeding
    policy = policy_of(period)
    expected = {
        official.pk: count_figures(list(counted_tasks(period).filter(lead=official)), policy)
        for official in (a, b)
    }
    counted = {lead: tuple(figures) for lead, *figures in figures_by_lead(period, policy)}
    assert counted == expected
    assert counted[a.pk] == (4, 2, 1, 0)
    assert counted[b.pk] == (4, 3, 1, 3)


def test_the_run_reads_rows_and_its_instances_only_when_asked(
    world, period, django_assert_num_queries
):
    """A province's run builds no model instance; the first consumer that asks for one reads
    them all at once (with officials, units and groups), the rest cost no query (issue 9)."""
    for official, total in ((world.official_a, "88"), (world.colleague_a, "75")):
        evaluation(official, period, total)
    evaluation(world.head_a, period, "90", state=EvaluationState.DRAFT)
    run = run_rating(period, Evaluation.objects.all())
    assert run.instances._found is None
    with django_assert_num_queries(1):
        first = run.proposals[0].evaluation
    with django_assert_num_queries(0):
        seen = {
            (p.evaluation.pk, p.evaluation.official.unit.path, p.evaluation.period.pk)
            for p in run.proposals
        }
        waiting = [(e.official, e.official.comparison_group) for e in run.not_ready]
    assert first.pk == run.proposals[0].evaluation_id
    assert {pk for pk, _path, _period in seen} == {p.evaluation_id for p in run.proposals}
    assert {path for _pk, path, _period in seen} == {world.unit_a.path}
    assert waiting == [(world.head_a, None)]
    assert [(p.official_id, p.unit_id) for p in run.proposals] == [
        (p.evaluation.official_id, p.evaluation.official.unit_id) for p in run.proposals
    ]


def test_a_run_is_freed_with_its_last_reference(world, period):
    """The run, its proposals and its instances form no reference cycle: a province's run is
    freed as soon as the page is done with it, not at the cycle collector's next full pass."""
    import gc
    import weakref

    evaluation(world.official_a, period, "88")
    run = run_rating(period, Evaluation.objects.all())
    assert run.proposals[0].evaluation.pk  # the instances are read too
    ref, instance_ref = weakref.ref(run), weakref.ref(run.proposals[0].evaluation)
    gc.disable()
    try:
        del run
        assert ref() is None
        assert instance_ref() is None
    finally:
        gc.enable()


@pytest.mark.parametrize("all_tasks_from", [5000, 0])
@pytest.mark.parametrize("missing_max", [1000, 0])
def test_a_groups_run_counts_the_tasks_of_its_units_other_people(
    world, period, monkeypatch, missing_max, all_tasks_from
):
    """Rating one comparison group, its units' figures still count the tasks led by people of
    other groups (or without an evaluation): the same figures as the whole province's run,
    whether the other leads' units are read by id or with every official's, and whether the
    run counts the tasks of its units' subtrees or (a large run) every task of the period."""
    from danhgia.decisions import rating, run_figures

    monkeypatch.setattr(run_figures, "MISSING_MAX", missing_max)
    monkeypatch.setattr(rating, "ALL_TASKS_FROM", all_tasks_from)
    task(world.outsider_b, period, assigner=world.users["unit_head"])  # another subtree's
    mine = f.make_group("nhom-a")
    world.head_a.comparison_group = mine
    world.head_a.save()
    ev = evaluation(world.head_a, period, "85")
    evaluation(world.colleague_a, period, "80")  # no group
    task(world.head_a, period, assigner=world.users["unit_head"])
    task(world.colleague_a, period, done=False, assigner=world.users["unit_head"])
    task(world.member_a1, period, late=True, assigner=world.users["unit_head"])
    group_run = run_rating(period, Evaluation.objects.filter(official__comparison_group=mine))
    whole = run_rating(period, Evaluation.objects.all())
    assert [p.evaluation_id for p in group_run.proposals] == [ev.pk]
    unit = str(world.unit_a.pk)
    assert group_run.units[unit] == whole.units[unit]
    figures = group_run.units[unit]
    assert (figures.tasks_total, figures.tasks_completed, figures.tasks_late) == (3, 2, 1)


@pytest.mark.parametrize("paths_max", [200, 0])
def test_dossier_states_are_the_same_read_by_path_or_whole(world, period, monkeypatch, paths_max):
    """Past ``PATHS_MAX`` units every submitted dossier of the period is read instead of the
    units' paths: the same states (own dossier, the department's, none)."""
    from danhgia.dossiers import states

    monkeypatch.setattr(states, "PATHS_MAX", paths_max)
    deadline = period.deadlines.get(key="dossier").due_date
    submit_dossier(world.unit_a, period, datetime(2026, 10, 1, tzinfo=UTC))
    submit_dossier(
        world.division_a1,
        period,
        datetime.combine(deadline, datetime.min.time(), tzinfo=UTC) + timedelta(days=3),
    )
    units = [world.unit_a.pk, world.division_a1.pk, world.unit_b.pk]
    paths = {u.pk: u.path for u in (world.unit_a, world.division_a1, world.unit_b)}
    expected = {
        world.unit_a.pk: "on_time",
        world.division_a1.pk: "late",
        world.unit_b.pk: "missing",
    }
    assert dossier_states(period, units) == expected
    assert dossier_states(period, units, paths) == expected


def test_each_engine_input_comes_from_its_own_column(world, period):
    """The run unpacks each row in the order of ``run_rows.ROW``: every field of a person's
    engine input is that person's (distinct values, so a shifted column shows)."""
    group = f.make_group("nhom-cot")
    group.quota_pct = D("15")  # below the policy's cap (20 %)
    group.save()
    person = f.make_official(
        world.unit_a,
        name="Hoàng Thị Cột",
        role=LeadershipRole.DEPUTY,
        gender=Gender.FEMALE,
        ethnic_minority=True,
        service_start=date(2003, 4, 5),
        expected_retirement=date(2041, 6, 7),
        comparison_group=group,
    )
    ev = evaluation(person, period, "87.5", exceeded_count=3)
    submit_dossier(world.unit_a, period, datetime(2026, 10, 1, tzinfo=UTC))
    run = run_rating(period, Evaluation.objects.filter(pk=ev.pk))
    (proposal,) = run.proposals
    given = proposal.person
    assert (given.id, given.unit, given.collective) == (str(ev.pk), str(world.unit_a.pk), None)
    assert (given.role, given.group, given.total) == ("deputy", "nhom-cot", D("87.5"))
    assert (given.exceeded_count, given.deferred, given.dossier) == (3, None, "on_time")
    assert (given.gender, given.ethnic_minority, given.name) == ("female", True, "Hoàng Thị Cột")
    assert (given.service_start, given.retirement_date) == (date(2003, 4, 5), date(2041, 6, 7))
    assert (proposal.official_id, proposal.unit_id) == (person.pk, world.unit_a.pk)
    assert proposal.score == (D("87.5"), "self")
    assert run.result.groups[0].pct == D("15")


def test_the_rows_hold_each_stages_total_of_this_period_only(world, period):
    """``run_rows.rows_query`` (on PostgreSQL a lookup per evaluation, elsewhere one join per
    stage) gives each evaluation's own totals, stage by stage, and none of another quarter."""
    from danhgia.db_rows import plain_rows, raw_rows
    from danhgia.decisions.run_rows import ROW, STAGE_TOTALS, rows_query, with_stage_totals

    def score(ev, stage, total):
        StageScore.objects.create(
            evaluation=ev,
            stage=stage,
            part_a=30,
            part_b=D(total) - 30,
            total=D(total),
            band="HTNV",
            proposed_rating="HTNV",
            by=world.users["unit_head"],
        )

    reviewed = evaluation(world.official_a, period, "80")
    score(reviewed, Stage.REVIEW, "81")
    decided = evaluation(world.head_a, period, "90")
    for stage, total in ((Stage.REVIEW, "91"), (Stage.APPRAISAL, "92"), (Stage.DECISION, "93")):
        score(decided, stage, total)
    evaluation(world.colleague_a, period, "70")  # no stage yet
    earlier = f.make_evaluation_period(world.unit_a.block, year=2025)
    score(evaluation(world.colleague_a, earlier, "60"), Stage.DECISION, "61")

    evaluations = Evaluation.objects.filter(period=period)
    rows = sorted(raw_rows(rows_query(evaluations)))
    assert rows == sorted(plain_rows(with_stage_totals(evaluations).values_list(*ROW)))
    at = ROW.index("pk")
    totals = {row[at]: row[-len(STAGE_TOTALS) :] for row in rows}  # decision, appraisal, review
    assert totals[reviewed.pk] == (None, None, D("81"))
    assert totals[decided.pk] == (D("93"), D("92"), D("91"))
    assert len(totals) == 3 and set(totals.values()) >= {(None, None, None)}
