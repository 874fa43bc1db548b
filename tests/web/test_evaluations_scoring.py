"""The engine's numbers are the form's numbers, for every shipped valid framework.

A filled form is POSTed, the evaluation is read back from the database, and every stored row,
the part totals, total and band, and every axis total on the page are compared with
``score_evaluation`` on inputs built here, independently of the web code.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from danhgia.engine import (
    CriterionInput,
    TaskInput,
    format_vn,
    load_framework,
    load_policy,
    round_kpi,
    score_evaluation,
)
from danhgia.evaluations.forms import parse_number
from danhgia.evaluations.models import CriterionEntry
from danhgia.evaluations.scoring import Rules, score_rows
from danhgia.evaluations.targets import TargetValues, approve_targets, propose_targets
from danhgia.organisation.models import Block
from tests.web import factories as f

from .evaluation_data import filled_post, filled_values

#: every shipped framework a period can use, with a criterion scored from tasks
VALID_FRAMEWORKS = {"lamdong-2026-pl5": "B.1.2", "central-2026-pl3": "B.1"}
#: (planned, delivered, coefficient, quality, timeliness, leadership, completed on)
TASKS = (
    (2, 2, "1", "1", "1", "1", date(2026, 9, 5)),
    (1, 1, "1.2", "1.2", "0.75", "1", date(2026, 9, 20)),
    (3, 1, "1", "1", "1", "0.75", date(2026, 9, 10)),
)


def test_the_shipped_valid_frameworks_are_the_ones_tested(db):
    from danhgia.rules.models import FrameworkVersion

    valid = set(FrameworkVersion.objects.filter(status="valid").values_list("code", flat=True))
    assert valid == set(VALID_FRAMEWORKS)


@pytest.mark.parametrize("code", list(VALID_FRAMEWORKS))
def test_the_stored_numbers_are_the_engines(world, login, code):
    block = Block.objects.create(code=f"khoi-{code}", name=code, framework_code=code)
    world.unit_a.block = block
    world.unit_a.save()
    period = f.make_evaluation_period(block, code)
    evaluation = f.make_evaluation(world.official_a, period)
    framework, policy = load_framework(code), load_policy(period.policy_version.code)
    not_applicable = {"B.1.6"} if code == "lamdong-2026-pl5" else set()
    targets = {
        c.code: TargetValues(*_target(evaluation, c.code), not_applicable=c.code in not_applicable)
        for c in framework.part_b
    }
    propose_targets(evaluation, targets, evaluation.lock_version, world.users["official"])
    approve_targets(evaluation, world.users["unit_head"])
    task_code = VALID_FRAMEWORKS[code]
    for planned, delivered, h, q, t, lead, done in TASKS:
        f.make_task(
            world.official_a, period, world.unit_a, world.users["unit_head"],
            criterion_code=task_code, axis=1, planned_quantity=planned,
            delivered_quantity=delivered, coefficient=Decimal(h), quality=Decimal(q),
            timeliness=Decimal(t), leadership=Decimal(lead), completed_on=done,
        )  # fmt: skip

    client = login("official")
    data = filled_post(evaluation, **{f"{task_code.replace('.', '_')}-use_tasks": "on"})
    url = reverse("evaluations:self_assessment", args=[evaluation.pk])
    assert client.post(url, data).status_code == 302

    # The same inputs, built here from what was typed.
    values = filled_values(framework)
    rows = {e.code: e for e in CriterionEntry.objects.filter(evaluation=evaluation)}
    inputs = {}
    for criterion in framework.criteria:
        value, row = values.get(criterion.code), rows[criterion.code]
        if criterion.part == "A":
            inputs[criterion.code] = CriterionInput(met=value)
        elif criterion.code in not_applicable:
            inputs[criterion.code] = CriterionInput(not_applicable=True)
        elif criterion.code == task_code:
            inputs[criterion.code] = CriterionInput(tasks=_task_inputs())
        elif criterion.measure == "ratio":
            low, high = row.target_low, row.target_high
            target = low if high is None else (low, high)
            inputs[criterion.code] = CriterionInput(target=target, actual=parse_number(value))
        elif criterion.measure == "category":
            inputs[criterion.code] = CriterionInput(category=value)
        else:
            inputs[criterion.code] = CriterionInput(level=value)
    expected = score_evaluation(framework, policy, inputs)

    for criterion in framework.criteria:
        score, row = expected.criteria[criterion.code], rows[criterion.code]
        assert row.points == score.points, criterion.code
        assert row.kpi == (None if score.kpi is None else round_kpi(score.kpi)), criterion.code
        assert row.exceeded == score.exceeded, criterion.code
    assert rows[task_code].use_tasks
    evaluation.refresh_from_db()
    assert evaluation.self_part_a == expected.part_a
    assert evaluation.self_part_b == expected.part_b
    assert evaluation.self_total == expected.total
    assert evaluation.self_band == expected.band.value

    page = client.get(url).content.decode()
    for axis in expected.axes:
        shown = re.search(rf'id="axis-{axis.number}">([^<]*)<', page).group(1)
        assert shown == format_vn(axis.points), axis.number
    for group in expected.groups:
        shown = re.search(rf'id="grp-{group.number}">([^<]*)<', page).group(1)
        assert shown == format_vn(group.points), group.number
    assert re.search(r'id="total">([^<]*)<', page).group(1) == format_vn(expected.total)
    if not_applicable:
        assert any(axis.rescaled for axis in expected.axes)


def _target(evaluation, code):
    row = evaluation.entries.get(code=code)
    low = row.target_low if row.target_low is not None else f.MISSING_TARGETS.get(code)
    return low, row.target_high


def _task_inputs() -> tuple[TaskInput, ...]:
    return tuple(
        TaskInput(
            planned=Decimal(planned),
            delivered=Decimal(delivered),
            coefficient=Decimal(h),
            quality=Decimal(q),
            timeliness=Decimal(t),
            leadership=Decimal(lead),
        )
        for planned, delivered, h, q, t, lead, _done in TASKS
    )


# --- The shared helper on its own ----------------------------------------------------------


class Row:
    """A criterion row as the helper reads it (the fields of CriterionEntry)."""

    def __init__(self, code, **values):
        self.code = code
        self.met = values.get("met")
        self.target_low = _decimal(values.get("target_low"))
        self.target_high = _decimal(values.get("target_high"))
        self.actual = _decimal(values.get("actual"))
        self.category = values.get("category", "")
        self.level = values.get("level")
        self.not_applicable = values.get("not_applicable", False)
        self.use_tasks = values.get("use_tasks", False)


def _decimal(value):
    return None if value is None else Decimal(value)


def _rules(code: str) -> Rules:
    framework = load_framework(code)
    return Rules(framework, load_policy(framework.policy))


def test_a_form_being_filled_has_provisional_totals_and_no_band():
    rules = _rules("lamdong-2026-pl5")
    rows = {"A.1.1": Row("A.1.1", met=True), "B.1.1": Row("B.1.1", target_low=5, actual=3)}
    scoring = score_rows(rules, rows)
    assert not scoring.complete
    assert len(scoring.missing) == len(rules.framework.criteria) - 2
    assert (scoring.part_a, scoring.part_b, scoring.total) == (2, 3, 5)
    assert scoring.band is None
    assert scoring.axis(1).points == 3  # not rescaled up to the axis maximum


def test_a_reduction_row_scores_the_cut_and_a_rise_scores_nothing():
    rules = _rules("lamdong-2026-pl2")  # the commune framework has "Giảm ít nhất …" rows
    code = next(c.code for c in rules.framework.part_b if c.measure == "reduction")
    half = score_rows(rules, {code: Row(code, target_low=10, actual=5)}).criterion(code)
    rise = score_rows(rules, {code: Row(code, target_low=10, actual=-3)}).criterion(code)
    assert half.kpi == Decimal("0.5")
    assert rise.points == 0


def test_the_engines_refusal_is_told_in_vietnamese_naming_the_axis():
    rules = _rules("central-2026-pl3")
    rows = {c.code: Row(c.code, met=True) for c in rules.framework.part_a}
    rows |= {c.code: Row(c.code, level=1) for c in rules.framework.part_b}
    rows["B.3"] = Row("B.3", not_applicable=True)
    scoring = score_rows(rules, rows)
    assert scoring.problem.startswith("Trục 3: phải có ít nhất một tiêu chí được áp dụng")
    assert not scoring.complete


@pytest.mark.parametrize("text", ["1e3", "1E-2", "0x10", "12,5abc", "nan", "Infinity", "--5", ""])
def test_a_typed_number_is_digits_with_a_decimal_comma_only(text):
    """Rough edge #29: "1e3" was read as 1000."""
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12,5", "12.5"),
        ("1.000", "1000"),
        ("1.234,5", "1234.5"),
        ("12.5", "12.5"),
        ("-3", "-3"),
        ("85 %", "85"),
        ("+7", "7"),
    ],
)
def test_the_vietnamese_ways_of_typing_a_number_are_read(text, number):
    assert parse_number(text) == Decimal(number)
