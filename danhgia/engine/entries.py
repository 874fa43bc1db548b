"""What a person entered for each criterion, and the check that it can be scored (SPEC §7).

``CriterionInput`` holds one shape of input per measure type; ``check_entries`` refuses inputs that
cannot be scored with the JSON path of the first problem and a machine code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .errors import InputError
from .framework import Criterion, Framework
from .policy import Policy
from .task_scoring import TaskInput


@dataclass(frozen=True)
class CriterionInput:
    """What the person entered for one criterion; exactly one shape is filled in."""

    met: bool | None = None  # part A
    target: Decimal | tuple[Decimal, Decimal] | None = None
    actual: Decimal | None = None
    category: str | None = None
    level: int | None = None
    tasks: tuple[TaskInput, ...] = ()
    not_applicable: bool = False


def check_entries(
    framework: Framework, policy: Policy, entries: Mapping[str, CriterionInput], base: str = ""
) -> None:
    """Refuse inputs that cannot be scored: the JSON path of the first problem is named.

    Every InputError carries a ``code`` and the criterion in ``params["criterion"]`` (the axis
    in ``params["axis"]`` for ``axis_all_not_applicable``), see ``docs/engine.md``.
    """
    for code in entries:
        if framework.criterion(code) is None:
            raise InputError(
                _p(base, code),
                f"unknown criterion for framework {framework.id}",
                "unknown_criterion",
                {"criterion": code, "framework": framework.id},
            )
    for criterion in framework.criteria:
        path = _p(base, criterion.code)
        about = {"criterion": criterion.code}
        if criterion.code not in entries:
            raise InputError(path, "missing criterion", "missing_criterion", about)
        entry = entries[criterion.code]
        if criterion.part == "A":
            if entry.not_applicable:
                if policy.general_not_applicable != "rescale":
                    raise InputError(
                        path,
                        f"policy {policy.id} does not allow not_applicable in part A "
                        "(general_not_applicable: forbid)",
                        "not_applicable_forbidden",
                        {**about, "policy": policy.id},
                    )
                continue
            if entry.met is None:
                raise InputError(
                    path, "expected true (met) or false (not met)", "expected_met", about
                )
            continue
        if entry.not_applicable:
            if policy.not_applicable == "forbid":
                raise InputError(
                    path,
                    f"policy {policy.id} does not allow not_applicable",
                    "not_applicable_forbidden",
                    {**about, "policy": policy.id},
                )
            continue
        if entry.tasks:
            if not criterion.accepts_tasks:
                raise InputError(
                    f"{path}.tasks",
                    f"a {criterion.measure} criterion is not scored from tasks",
                    "not_task_scorable",
                    {**about, "measure": criterion.measure},
                )
            continue
        if criterion.measure == "tasks":
            raise InputError(
                f"{path}.tasks", "expected a non-empty list of tasks", "tasks_required", about
            )
        if criterion.measure == "category":
            if entry.category is None or criterion.category_points(entry.category) is None:
                raise InputError(
                    f"{path}.category",
                    _categories_expected(criterion),
                    "unknown_category",
                    {
                        **about,
                        "category": entry.category,
                        "categories": [name for name, _ in criterion.categories],
                    },
                )
        elif criterion.measure == "level":
            if entry.level not in (1, 2, 3):
                raise InputError(f"{path}.level", "expected 1, 2 or 3", "level_expected", about)
        else:
            if entry.target is None:
                raise InputError(
                    f"{path}.target",
                    "expected a positive number or [low, high]",
                    "target_expected",
                    about,
                )
            if entry.actual is None:
                raise InputError(f"{path}.actual", "expected a number", "actual_expected", about)
    part_a = [c.code for c in framework.part_a]
    if part_a and all(entries[c].not_applicable for c in part_a):
        raise InputError(
            "general" if base == "results" else _p(base, part_a[0]),
            "at least one part A criterion must be applicable",
            "part_a_all_not_applicable",
            {"criterion": part_a[0]},
        )
    for axis in framework.axes:
        codes = [c.code for c in axis.criteria]
        if codes and all(entries[c].not_applicable for c in codes):
            raise InputError(
                _p(base, codes[0]),
                f"at least one criterion of axis {axis.number} must be applicable",
                "axis_all_not_applicable",
                {"criterion": codes[0], "axis": axis.number},
            )


def _categories_expected(criterion: Criterion) -> str:
    labels = ", ".join(f'"{name}"' for name, _ in criterion.categories)
    return f"expected one of {labels}"


def _p(base: str, code: str) -> str:
    return f"{base}.{code}" if base else code
