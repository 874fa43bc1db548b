"""Reading the JSON input of ``danhgia score`` (SPEC §15).

Turns untrusted JSON into a framework, a policy and one ``CriterionInput`` per criterion, and stops
at the first problem with its JSON path (``results.B.1.1.target: expected a number > 0``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .entries import CriterionInput, check_entries
from .errors import InputError, join_path
from .framework import Criterion, Framework
from .framework_loading import load_framework
from .numbers import ZERO, decimal_text, to_decimal
from .policy import Policy
from .policy_loading import load_policy
from .proposed_axes import read_axis_proposal, scaled_framework
from .request_values import (
    DESCRIPTIVE_KEYS,
    check_keys,
    read_bool,
    read_list,
    read_nonnegative,
    read_object,
    read_ref,
)
from .task_scoring import TaskInput

RESULT_KEYS = {"target", "actual", "category", "level", "tasks", "not_applicable"}
REQUEST_KEYS = frozenset({"framework", "policy", "general", "results", "axis_maxima", "main_axes"})
TASK_KEYS = frozenset(
    {"planned", "delivered", "coefficient", "quality", "timeliness", "leadership"}
)


def parse_score_request(
    data: Any,
) -> tuple[Framework, Policy, dict[str, CriterionInput]]:
    """Framework, policy and one input per criterion, or InputError at the first problem.

    Under ``axis_maxima: proposed`` the framework returned is the one scaled to the proposed
    axis maxima (``proposed_axes``): the output shows the scaled maxima.
    """
    data = read_object(data, "")
    check_keys(data, "", REQUEST_KEYS)
    if "framework" not in data:
        raise InputError(
            "framework", "required: a framework id or file path", "required", {"key": "framework"}
        )
    framework = load_framework(read_ref(data["framework"], "framework", "framework"))
    policy_ref = data.get("policy") or framework.policy
    policy = load_policy(read_ref(policy_ref, "policy", "policy"))
    proposal = read_axis_proposal(data, framework, policy)
    if proposal is not None:
        framework = scaled_framework(framework, proposal.maxima)

    entries: dict[str, CriterionInput] = {}
    general = read_object(data.get("general"), "general")
    for code, value in general.items():
        path = f"general.{code}"
        if code in DESCRIPTIVE_KEYS:
            continue
        criterion = framework.criterion(code)
        if criterion is None or criterion.part != "A":
            raise InputError(
                path,
                "unknown part A criterion",
                "unknown_criterion",
                {"criterion": code, "framework": framework.id, "part": "A"},
            )
        entries[code] = _general_input(value, path, code, policy)
    for criterion in framework.part_a:
        if criterion.code not in entries:
            raise InputError(
                f"general.{criterion.code}",
                "missing criterion",
                "missing_criterion",
                {"criterion": criterion.code},
            )

    results = read_object(data.get("results"), "results")
    for code, value in results.items():
        path = f"results.{code}"
        if code in DESCRIPTIVE_KEYS:
            continue
        criterion = framework.criterion(code)
        if criterion is None or criterion.part != "B":
            raise InputError(
                path,
                f"unknown criterion for framework {framework.id}",
                "unknown_criterion",
                {"criterion": code, "framework": framework.id},
            )
        entries[code] = _criterion_input(value, path, criterion, policy)
    check_entries(framework, policy, entries, base="results")
    return framework, policy, entries


def _criterion_input(value: Any, path: str, criterion: Criterion, policy: Policy) -> CriterionInput:
    measure = criterion.measure
    about = {"criterion": criterion.code}
    value = read_object(value, path)
    check_keys(value, path, RESULT_KEYS)
    if value.get("not_applicable") is not None and read_bool(
        value["not_applicable"], f"{path}.not_applicable"
    ):
        if len(RESULT_KEYS & set(value)) > 1:
            raise InputError(
                path,
                "a not_applicable criterion takes no other value",
                "not_applicable_alone",
                about,
            )
        return CriterionInput(not_applicable=True)
    if "tasks" in value:
        others = (RESULT_KEYS & set(value)) - {"tasks", "not_applicable"}
        if others:
            raise InputError(
                f"{path}.{sorted(others)[0]}",
                "give either tasks or the measured values",
                "tasks_or_values",
                about,
            )
        tasks = read_list(value["tasks"], f"{path}.tasks")
        if not tasks:
            raise InputError(
                f"{path}.tasks", "expected a non-empty list of tasks", "tasks_required", about
            )
        return CriterionInput(
            tasks=tuple(
                _task(t, join_path(f"{path}.tasks", i), policy) for i, t in enumerate(tasks)
            )
        )
    if measure in ("ratio", "reduction"):
        if "target" not in value:
            raise InputError(
                f"{path}.target",
                "expected a positive number or [low, high]",
                "target_expected",
                about,
            )
        if "actual" not in value:
            raise InputError(f"{path}.actual", "expected a number", "actual_expected", about)
        target = _score_target(value["target"], f"{path}.target", about)
        if measure == "reduction":
            # A negative achieved cut is a rise; it scores 0 (SPEC §7.2).
            actual = to_decimal(value["actual"], f"{path}.actual", params=about)
        else:
            actual = read_nonnegative(value["actual"], f"{path}.actual")
        _only(value, {"target", "actual", "not_applicable"}, path, criterion)
        return CriterionInput(target=target, actual=actual)
    if measure == "category":
        _only(value, {"category", "not_applicable"}, path, criterion)
        label = value.get("category")
        if not isinstance(label, str):
            raise InputError(
                f"{path}.category",
                "expected a category label",
                "category_expected",
                {**about, "categories": [name for name, _ in criterion.categories]},
            )
        return CriterionInput(category=label)
    if measure == "level":
        _only(value, {"level", "not_applicable"}, path, criterion)
        if "level" not in value:
            raise InputError(f"{path}.level", "expected 1, 2 or 3", "level_expected", about)
        level = value["level"]
        if isinstance(level, bool) or level not in (1, 2, 3):
            raise InputError(f"{path}.level", "expected 1, 2 or 3", "level_expected", about)
        return CriterionInput(level=int(level))
    # measure == "tasks"
    raise InputError(f"{path}.tasks", "expected a non-empty list of tasks", "tasks_required", about)


def _only(value: dict[str, Any], allowed: set[str], path: str, criterion: Criterion) -> None:
    """Refuse the inputs of another measure type (unknown keys are refused before)."""
    for key in value:
        if key in RESULT_KEYS and key not in allowed:
            raise InputError(
                f"{path}.{key}",
                f"not used by a {criterion.measure} criterion",
                "not_used_by_measure",
                {"criterion": criterion.code, "measure": criterion.measure, "key": key},
            )


def _score_target(
    value: Any, path: str, about: dict[str, Any]
) -> Decimal | tuple[Decimal, Decimal]:
    expected = "expected a positive number or [low, high]"
    if isinstance(value, list):
        if len(value) != 2:
            raise InputError(path, expected, "target_expected", about)
        low = to_decimal(
            value[0], f"{path}[0]", "expected a number > 0", "expected_positive", about
        )
        high = to_decimal(
            value[1], f"{path}[1]", "expected a number > 0", "expected_positive", about
        )
        if low <= ZERO:
            raise InputError(f"{path}[0]", "expected a number > 0", "expected_positive", about)
        if high < low:
            raise InputError(
                f"{path}[1]", "expected a number ≥ the lower bound", "target_range_invalid", about
            )
        return (low, high)
    number = to_decimal(value, path, expected, "target_expected", about)
    if number <= ZERO:
        raise InputError(path, "expected a number > 0", "expected_positive", about)
    return number


def _general_input(value: Any, path: str, code: str, policy: Policy) -> CriterionInput:
    """A part A value: true (met), false (not met), or ``{"not_applicable": true}``."""
    about = {"criterion": code}
    if isinstance(value, bool):
        return CriterionInput(met=value)
    if isinstance(value, dict):
        check_keys(value, path, {"not_applicable"})
        if value.get("not_applicable") is True:
            if policy.general_not_applicable != "rescale":
                raise InputError(
                    path,
                    f"policy {policy.id} does not allow not_applicable in part A "
                    "(general_not_applicable: forbid)",
                    "not_applicable_forbidden",
                    {**about, "policy": policy.id},
                )
            return CriterionInput(not_applicable=True)
    expected = "expected true (met) or false (not met)"
    if policy.general_not_applicable == "rescale":
        expected += ' or {"not_applicable": true}'
    raise InputError(path, expected, "expected_met", about)


def _task(value: Any, path: str, policy: Policy) -> TaskInput:
    value = read_object(value, path)
    check_keys(value, path, TASK_KEYS)
    for key in ("planned", "delivered"):
        if key not in value:
            raise InputError(f"{path}.{key}", "required: a number ≥ 0", "required", {"key": key})
    positive = "expected a number > 0"
    planned = to_decimal(value["planned"], f"{path}.planned", positive, "expected_positive")
    if planned <= ZERO:
        raise InputError(f"{path}.planned", positive, "expected_positive")
    coefficient = to_decimal(
        value.get("coefficient", 1), f"{path}.coefficient", positive, "expected_positive"
    )
    if coefficient <= ZERO:
        raise InputError(f"{path}.coefficient", positive, "expected_positive")
    factors = {}
    top = policy.task_factor_max
    for key in ("quality", "timeliness", "leadership"):
        expected = f"expected a number from 0 to {top.normalize():f}"
        bounds = {"min": "0", "max": decimal_text(top)}
        factor = to_decimal(
            value.get(key, 1), f"{path}.{key}", expected, "number_out_of_range", bounds
        )
        if not ZERO <= factor <= top:
            raise InputError(f"{path}.{key}", expected, "number_out_of_range", bounds)
        factors[key] = factor
    return TaskInput(
        planned=planned,
        delivered=read_nonnegative(value["delivered"], f"{path}.delivered"),
        coefficient=coefficient,
        **factors,
    )
