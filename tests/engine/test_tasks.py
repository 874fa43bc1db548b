"""Tasks with one definition of completed, late, counted and exceeding; dossiers; deadlines."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danhgia.engine import (
    NOT_COUNTED_STATES,
    TASK_STATES,
    FactorChoice,
    InputError,
    Rating,
    TaskFacts,
    TaskFigures,
    TaskInput,
    UnitFigures,
    allowed_factor_choices,
    deadline_date,
    deadline_dates,
    default_factors,
    dossier_state,
    load_policy,
    policy_from_mapping,
    product_coefficient,
    results_cutoff,
    submission_is_late,
    task_completion_level,
    task_counts,
    task_figures,
    task_input,
    task_is_completed,
    task_is_exceeding,
    task_is_late,
    task_kpi,
    task_will_carry_over,
)

D = Decimal
DUE = date(2026, 9, 15)
CUTOFF = results_cutoff(2026, 3)  # 30/09/2026
TODAY = date(2026, 9, 20)


def facts(**kwargs) -> TaskFacts:
    kwargs.setdefault("planned", D(1))
    kwargs.setdefault("due_date", DUE)
    return TaskFacts(**kwargs)


# ------------------------------------------------------------------ late and completed


def test_late_is_completed_after_the_due_date():
    assert task_is_late(DUE, DUE + timedelta(days=1))
    assert not task_is_late(DUE, DUE)
    assert not task_is_late(DUE, DUE - timedelta(days=1))
    assert not task_is_late(DUE, None)


def test_completed_needs_a_date_and_something_delivered():
    assert task_is_completed(facts(completed_on=DUE, delivered=D(1)))
    assert not task_is_completed(facts(completed_on=DUE, delivered=D(0)))
    assert not task_is_completed(facts(completed_on=DUE))
    assert not task_is_completed(facts(delivered=D(1)))


# ------------------------------------------------------------------ defaults of task_input


def test_the_defaults_of_a_task_nobody_assessed(central):
    assert default_factors(central) == {"quality": 1, "timeliness": 1, "leadership": 1}
    assert default_factors(central, late=True)["timeliness"] == D("0.75")
    assert task_input(facts(), central) == TaskInput(planned=D(1), delivered=D(0))
    late = task_input(facts(delivered=D(1), completed_on=DUE + timedelta(days=3)), central)
    assert late == TaskInput(planned=D(1), delivered=D(1), timeliness=D("0.75"))
    assessed = facts(
        delivered=D(2),
        completed_on=DUE + timedelta(days=3),
        coefficient=D("1.5"),
        quality=D("1.2"),
        timeliness=D("0.5"),
        leadership=D(0),
    )
    assert task_input(assessed, central) == TaskInput(
        planned=D(1),
        delivered=D(2),
        coefficient=D("1.5"),
        quality=D("1.2"),
        timeliness=D("0.5"),
        leadership=D(0),
    )


def test_the_late_timeliness_is_a_policy_key():
    for policy_id in ("central-2026", "lamdong-2026", "laocai-2026"):
        assert load_policy(policy_id).late_timeliness == D("0.75")
        assert load_policy(policy_id).raw["late_timeliness"] == 0.75  # written out
    policy = policy_from_mapping({"id": "x", "extends": "central-2026", "late_timeliness": 0.6})
    assert policy.late_timeliness == D("0.6")
    late = facts(delivered=D(1), completed_on=DUE + timedelta(days=1))
    assert task_input(late, policy).timeliness == D("0.6")
    assert policy_from_mapping({"id": "y"}).late_timeliness == D("0.75")  # the defaults file


@pytest.mark.parametrize("value", [1, 1.2, -0.1, "slow", True])
def test_the_late_timeliness_is_below_1(value):
    with pytest.raises(InputError) as caught:
        policy_from_mapping({"id": "x", "extends": "central-2026", "late_timeliness": value})
    assert caught.value.path == "late_timeliness"
    assert caught.value.code == "number_out_of_range"
    assert str(caught.value) == "late_timeliness: expected a number from 0 to less than 1"


# ------------------------------------------------------------------ figures


def test_task_figures_with_exact_numbers(central):
    tasks = [
        facts(delivered=D(1), completed_on=DUE),  # completed on time
        facts(delivered=D(1), completed_on=DUE + timedelta(days=2)),  # completed late
        facts(delivered=D(2), completed_on=DUE - timedelta(days=1)),  # exceeding: 2 > 1
        facts(delivered=D(1)),  # not completed: no date
        facts(completed_on=DUE),  # not completed: nothing delivered
    ]
    figures = task_figures(tasks, central)
    assert figures == TaskFigures(total=5, completed=3, late=1, exceeding=1)
    assert tuple(figures) == (5, 3, 1, 1)  # unpacks like the web's count_figures
    assert figures.unit("u", force_majeure=True) == UnitFigures("u", 5, 3, 1, 1, force_majeure=True)
    assert task_figures([], central) == (0, 0, 0, 0)


FACTOR = st.one_of(st.none(), st.sampled_from([D(0), D("0.5"), D("0.75"), D(1), D("1.2")]))


@st.composite
def task_facts(draw):
    due = date(2026, 7, 1) + timedelta(days=draw(st.integers(0, 120)))
    completed_on = draw(
        st.one_of(st.none(), st.just(due + timedelta(days=draw(st.integers(-20, 20)))))
    )
    return TaskFacts(
        planned=draw(st.sampled_from([D("0.5"), D(1), D(2), D(3)])),
        due_date=due,
        coefficient=draw(st.sampled_from([D(1), D("1.2"), D("1.5")])),
        delivered=draw(st.one_of(st.none(), st.sampled_from([D(0), D(1), D(2), D(4)]))),
        completed_on=completed_on,
        quality=draw(FACTOR),
        timeliness=draw(FACTOR),
        leadership=draw(FACTOR),
        state=draw(st.sampled_from(TASK_STATES)),
    )


@given(st.lists(task_facts(), max_size=12))
def test_figures_never_exceed_what_they_count(tasks):
    policy = load_policy("central-2026")
    figures = task_figures(tasks, policy)
    assert figures.total == len(tasks)
    assert 0 <= figures.late <= figures.completed <= figures.total
    assert 0 <= figures.exceeding <= figures.completed
    completed = [t for t in tasks if task_is_completed(t)]
    assert figures.exceeding == sum(task_is_exceeding(task_input(t, policy)) for t in completed)
    assert figures.late == sum(task_is_late(t.due_date, t.completed_on) for t in completed)
    # a late task nobody assessed scores below one done on time: its timeliness is below 1
    for task in completed:
        entry = task_input(task, policy)
        if task.timeliness is None:
            late = task_is_late(task.due_date, task.completed_on)
            assert (entry.timeliness < 1) == late
    if tasks:
        kpi = task_kpi([task_input(t, policy) for t in tasks], policy)
        assert kpi.exceeding_tasks >= figures.exceeding


# ------------------------------------------------------------------ which tasks count (SPEC §9)


@pytest.mark.parametrize(
    ("state", "due", "completed_on", "counts", "carries"),
    [
        ("assigned", date(2026, 9, 30), None, True, False),  # due by the cut-off: counts
        ("assigned", date(2026, 10, 15), None, False, True),  # not due yet: carried over
        ("reported", date(2026, 10, 15), date(2026, 9, 28), True, False),  # done early
        ("verified", date(2026, 10, 15), None, False, False),  # not open, not done, not due
        ("cancelled", date(2026, 9, 1), date(2026, 9, 1), False, False),
        ("carried_over", date(2026, 10, 15), None, False, False),
        ("assigned", date(2026, 8, 1), None, True, False),  # overdue: counts, not done
    ],
)
def test_which_tasks_count(state, due, completed_on, counts, carries):
    task = facts(due_date=due, completed_on=completed_on, state=state, delivered=D(1))
    assert task_counts(task, CUTOFF) is counts
    assert task_will_carry_over(task, CUTOFF) is carries


@given(task_facts())
def test_a_task_that_will_carry_over_does_not_count(task):
    if task_will_carry_over(task, CUTOFF):
        assert not task_counts(task, CUTOFF)
    # the rule as the SQL filter says it
    sql = task.state not in NOT_COUNTED_STATES and not (
        task.completed_on is None and task.due_date > CUTOFF
    )
    assert task_counts(task, CUTOFF) is sql


# ------------------------------------------------------------------ factor choices by dates


def values(choices):
    return [c.value for c in choices]


def test_timeliness_follows_the_dates(central):
    on_time = allowed_factor_choices(central, "timeliness", DUE, DUE, TODAY)
    assert values(on_time) == [D("1.2"), D(1)]
    late = allowed_factor_choices(central, "timeliness", DUE, DUE + timedelta(days=1), TODAY)
    assert values(late) == [D("0.75"), D("0.5"), D(0)]
    overdue = allowed_factor_choices(central, "timeliness", DUE, None, TODAY)
    assert values(overdue) == values(late)
    under_way = allowed_factor_choices(central, "timeliness", TODAY, None, TODAY)
    assert len(under_way) == 5
    quality = allowed_factor_choices(central, "quality", DUE, DUE + timedelta(days=9), TODAY)
    assert values(quality) == [D("1.2"), D(1), D("0.75"), D("0.5"), D(0)]
    with pytest.raises(ValueError):
        allowed_factor_choices(central, "speed", DUE, None, TODAY)


@given(
    st.sampled_from(["quality", "timeliness", "leadership"]),
    st.integers(-30, 30),
    st.one_of(st.none(), st.integers(-30, 30)),
)
def test_allowed_choices_are_a_subset_of_the_scale(dimension, due_shift, done_shift):
    policy = load_policy("lamdong-2026")
    due = TODAY + timedelta(days=due_shift)
    completed_on = None if done_shift is None else due + timedelta(days=done_shift)
    choices = allowed_factor_choices(policy, dimension, due, completed_on, TODAY)
    scale = policy.task_factor_scales[dimension]
    assert set(choices) <= set(scale)
    assert all(isinstance(c, FactorChoice) for c in choices)
    assert choices  # the shipped scales always leave a choice
    if dimension == "timeliness":
        late = task_is_late(due, completed_on) or (completed_on is None and due < TODAY)
        if late:
            assert all(c.value < 1 for c in choices)
        elif completed_on is not None:
            assert all(c.value >= 1 for c in choices)
    else:
        assert choices == scale


# ------------------------------------------------------------------ coefficient, Phụ lục 7


@pytest.mark.parametrize(
    ("points", "standard", "coefficient"),
    [
        ("100", "100", "1.00"),
        ("120", "100", "1.20"),
        ("150", "100", "1.50"),
        ("200", "100", "2.00"),
        ("100", "300", "0.33"),
        ("200", "300", "0.67"),
        ("1.005", "1", "1.01"),  # half-up
    ],
)
def test_product_coefficient(points, standard, coefficient):
    assert product_coefficient(D(points), D(standard)) == D(coefficient)
    assert str(product_coefficient(D(points), D(standard))) == coefficient


def test_a_standard_product_needs_points():
    with pytest.raises(ValueError):
        product_coefficient(D(100), D(0))


@pytest.mark.parametrize(
    ("task", "level"),
    [
        (facts(due_date=date(2026, 9, 30)), None),  # under way
        (facts(due_date=date(2026, 9, 1)), Rating.NOT_COMPLETED),  # overdue, not done
        (facts(delivered=D(1), completed_on=date(2026, 9, 16)), Rating.SATISFACTORY),  # late
        (facts(planned=D(2), delivered=D(1), completed_on=DUE), Rating.SATISFACTORY),  # short
        (facts(delivered=D(1), completed_on=DUE, quality=D("0.75")), Rating.SATISFACTORY),
        (facts(delivered=D(1), completed_on=DUE), Rating.GOOD),
        (facts(delivered=D(1), completed_on=DUE, quality=D("1.2")), Rating.EXCELLENT),
        (facts(delivered=D(2), completed_on=DUE), Rating.EXCELLENT),
    ],
)
def test_phu_luc_7_completion_level(central, task, level):
    assert task_completion_level(task, central, TODAY) == level


# ------------------------------------------------------------------ dossiers and deadlines (§10)


@pytest.mark.parametrize(
    ("submitted_on", "deadline", "state"),
    [
        (None, date(2026, 10, 2), "missing"),
        (None, None, "missing"),
        (date(2026, 10, 2), date(2026, 10, 2), "on_time"),
        (date(2026, 10, 3), date(2026, 10, 2), "late"),
        (date(2026, 12, 31), None, "on_time"),  # no deadline: a submitted dossier is on time
    ],
)
def test_dossier_state(submitted_on, deadline, state):
    assert dossier_state(submitted_on, deadline) == state


def test_a_self_assessment_is_late_after_its_deadline():
    assert submission_is_late(date(2026, 10, 1), date(2026, 9, 30)) is True
    assert submission_is_late(date(2026, 9, 30), date(2026, 9, 30)) is False
    assert submission_is_late(date(2026, 9, 30), None) is None


def test_deadline_dates_of_a_policy(lamdong):
    assert deadline_date(2026, 1, 0, 30) == date(2026, 3, 30)
    assert deadline_date(2026, 4, 1, 5) == date(2027, 1, 5)
    assert deadline_date(2027, 1, -1, 30) == date(2027, 2, 28)  # clamped to February
    assert deadline_dates(lamdong.deadlines, 2026, 3) == {
        "self_assessment": date(2026, 9, 30),
        "dossier": date(2026, 10, 2),
        "appraisal": date(2026, 10, 15),
        "lower_report": date(2026, 10, 20),
        "decision": date(2026, 10, 25),
        "report_centre": date(2026, 10, 30),
    }
