"""Scoring rules the web application calls on stored data: exceeded count, partial forms, heads."""

import pytest
from hypothesis import given

from danhgia.engine import (
    DEFERRED,
    CriterionInput,
    InputError,
    Rating,
    TaskInput,
    check_entries,
    count_exceeding,
    exceeded_count,
    filled_framework,
    head_accountable,
    score_evaluation,
    score_partial,
)

from .helpers import D, entries_for
from .test_properties import evaluation


def stored_rows(framework, entries, result):
    """What the web application stores: the exceeded flag of each row, and for a row scored
    from tasks its tasks (the others have none)."""
    rows = []
    for criterion in framework.criteria:
        entry = entries[criterion.code]
        scored_from_tasks = bool(entry.tasks) and not entry.not_applicable
        exceeding = count_exceeding(entry.tasks) if scored_from_tasks else None
        rows.append((result.criteria[criterion.code].exceeded, exceeding))
    return rows


@given(evaluation())
def test_exceeded_count_from_stored_data_is_the_scores(case):
    framework, policy, entries = case
    check_entries(framework, policy, entries)
    result = score_evaluation(framework, policy, entries)
    assert exceeded_count(stored_rows(framework, entries, result)) == result.exceeded_count


def test_exceeded_count_with_exact_numbers(pl5, central):
    tasks = (
        TaskInput(planned=D(1), delivered=D(2)),  # exceeding: more than planned
        TaskInput(planned=D(1), delivered=D(1), quality=D("1.2")),  # exceeding: a factor
        TaskInput(planned=D(1), delivered=D(1)),
    )
    entries = entries_for(
        pl5,
        B_1_1=CriterionInput(target=D(5), actual=D(6)),  # exceeded
        B_1_2=CriterionInput(tasks=tasks),  # 2 exceeding tasks, KPI above 1: counts 2, not 3
        B_1_7=CriterionInput(target=(D(20), D(25)), actual=D(22)),  # within the range
    )
    result = score_evaluation(pl5, central, entries)
    assert result.criteria["B.1.2"].exceeded
    assert result.exceeded_count == 3
    assert exceeded_count([(True, None), (True, 2), (False, None), (False, 0)]) == 3


def test_a_partial_form_is_scored_on_what_is_filled(pl5, central):
    entries = entries_for(pl5)
    result, complete = score_partial(pl5, central, entries)
    assert complete and result == score_evaluation(pl5, central, entries)

    partial = {code: e for code, e in entries.items() if not code.startswith("B.1.")}
    partial["B.2.1"] = CriterionInput(not_applicable=True)
    result, complete = score_partial(pl5, central, partial)
    assert not complete
    assert "B.1.1" not in result.criteria
    assert result.part_a == 30
    # axis 1 has nothing filled; axis 2 is complete and rescaled as usual
    axes = {a.number: a for a in result.axes}
    assert 1 not in axes
    assert axes[2].rescaled and axes[2].points == 15

    # a not-applicable row in an axis not complete is left out rather than rescaled
    partial = {code: e for code, e in entries.items() if code != "B.2.2"}
    partial["B.2.1"] = CriterionInput(not_applicable=True)
    result, complete = score_partial(pl5, central, partial)
    axis_2 = next(a for a in result.axes if a.number == 2)
    assert not axis_2.rescaled
    assert axis_2.points == sum(
        result.criteria[c.code].points for c in pl5.axis(2).criteria if c.code in result.criteria
    )
    assert [c.code for c in filled_framework(pl5, partial).axis(2).criteria] == [
        c.code for c in pl5.axis(2).criteria if c.code not in ("B.2.1", "B.2.2")
    ]


def test_a_partial_form_still_refuses_bad_inputs(pl5, central):
    partial = {"B.2.5": CriterionInput(category="Xuất sắc")}
    with pytest.raises(InputError) as caught:
        score_partial(pl5, central, partial)
    assert caught.value.code == "unknown_category"


@pytest.mark.parametrize(
    ("proposed", "decided", "engine", "accountable"),
    [
        ("HTXSNV", "HTTNV", "HTTNV", True),  # proposed above what the conditions allowed
        ("HTXSNV", "HTTNV", "HTXSNV", False),  # allowed; the authority chose lower
        ("HTTNV", "HTTNV", "HTNV", False),  # decided as proposed
        ("HTTNV", "HTXSNV", "HTTNV", False),
        (Rating.GOOD, Rating.SATISFACTORY, Rating.SATISFACTORY, True),
        ("HTXSNV", DEFERRED, "HTTNV", False),
        ("HTXSNV", "HTTNV", DEFERRED, False),
        ("", "HTTNV", "HTTNV", False),
        (None, "HTTNV", "HTTNV", False),
    ],
)
def test_head_accountable(proposed, decided, engine, accountable):
    assert head_accountable(proposed, decided, engine) is accountable
