"""Axis maxima proposed per person (02-HD §2.5, Thanh Hóa; SPEC §15 ``axis_maxima: proposed``).

Under a policy with ``axis_maxima: proposed`` an official proposes, with her targets, the
maximum of every axis of part B and which axes are her main ones; the unit approves them. The
proposal must add up to part B's maximum and every main axis must weigh more than every other
axis. A criterion's maximum is then scaled with its axis (max × proposed ÷ framework axis max,
exactly; a category row's table points by the same factor): ``scaled_framework`` gives the
framework the person is scored on, so that scoring itself does not change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from .errors import InputError, join_path
from .framework import Framework, Group
from .numbers import ZERO, decimal_text, to_decimal
from .policy import Policy
from .request_values import check_keys, read_list, read_object


@dataclass(frozen=True)
class AxisProposal:
    """Axis number → proposed maximum, and the main axes (in the order given)."""

    maxima: dict[int, Decimal]
    main_axes: tuple[int, ...]


def read_axis_proposal(
    data: Mapping[str, Any], framework: Framework, policy: Policy
) -> AxisProposal | None:
    """The proposal of a score request, or None under ``fixed``; InputError at the first problem.

    Under ``fixed`` a request with ``axis_maxima`` or ``main_axes`` is invalid input; under
    ``proposed`` both are required.
    """
    if policy.axis_maxima != "proposed":
        for key in ("axis_maxima", "main_axes"):
            if key in data:
                raise InputError(
                    key,
                    f"policy {policy.id} has fixed axis maxima (axis_maxima: fixed)",
                    "axis_maxima_fixed",
                    {"policy": policy.id, "key": key},
                )
        return None
    for key in ("axis_maxima", "main_axes"):
        if key not in data:
            raise InputError(
                key,
                f"required: policy {policy.id} has axis maxima proposed per person",
                "required",
                {"key": key},
            )
    raw = read_object(data["axis_maxima"], "axis_maxima")
    axes = framework.axis_maxima
    check_keys(raw, "axis_maxima", {str(n) for n in axes})
    maxima: dict[int, Decimal] = {}
    for number in axes:
        path = f"axis_maxima.{number}"
        if str(number) not in raw:
            raise InputError(path, "missing axis", "missing_axis", {"axis": number})
        value = to_decimal(raw[str(number)], path, "expected a number > 0", "expected_positive")
        if value <= ZERO:
            raise InputError(path, "expected a number > 0", "expected_positive")
        maxima[number] = value
    main = _main_axes(data["main_axes"], axes)
    proposal = AxisProposal(maxima, main)
    check_axis_proposal(proposal, framework)
    return proposal


def _main_axes(value: Any, axes: Mapping[int, Decimal]) -> tuple[int, ...]:
    items = read_list(value, "main_axes")
    if not items:
        raise InputError("main_axes", "expected a non-empty list of axis numbers", "expected_list")
    numbers: list[int] = []
    for i, item in enumerate(items):
        path = join_path("main_axes", i)
        if isinstance(item, bool) or not isinstance(item, int) or item not in axes:
            raise InputError(
                path,
                "expected the number of an axis of the framework",
                "unknown_axis",
                {"axes": [str(n) for n in axes]},
            )
        if item in numbers:
            raise InputError(path, "each axis may appear once", "duplicate_entry")
        numbers.append(item)
    return tuple(numbers)


def check_axis_proposal(proposal: AxisProposal, framework: Framework) -> None:
    """They add up to part B's maximum; every main axis weighs more than every other axis."""
    total = sum(proposal.maxima.values(), ZERO)
    part_b = framework.part_b_max
    if total != part_b:
        raise InputError(
            "axis_maxima",
            f"expected axis maxima adding up to {decimal_text(part_b)} "
            f"(they add up to {decimal_text(total)})",
            "axis_maxima_sum",
            {"expected": decimal_text(part_b), "total": decimal_text(total)},
        )
    others = [n for n in proposal.maxima if n not in proposal.main_axes]
    if not others:
        return
    heaviest = max(others, key=lambda n: proposal.maxima[n])
    for i, number in enumerate(proposal.main_axes):
        if proposal.maxima[number] <= proposal.maxima[heaviest]:
            raise InputError(
                join_path("main_axes", i),
                f"main axis {number} ({decimal_text(proposal.maxima[number])}) must weigh more "
                f"than axis {heaviest} ({decimal_text(proposal.maxima[heaviest])})",
                "main_axis_not_heavier",
                {
                    "axis": number,
                    "max": decimal_text(proposal.maxima[number]),
                    "other": heaviest,
                    "other_max": decimal_text(proposal.maxima[heaviest]),
                },
            )


def scaled_framework(framework: Framework, maxima: Mapping[int, Decimal]) -> Framework:
    """The framework with each axis given its proposed maximum, its rows scaled with it.

    An axis left out of ``maxima`` keeps its maximum. A row's maximum becomes
    max × proposed ÷ framework axis max (exactly), a category row's table points likewise.
    """
    declared = framework.axis_maxima

    def scale(axis: Group) -> Group:
        proposed = maxima.get(axis.number)
        if proposed is None or proposed == declared[axis.number]:
            return axis
        factor_num, factor_den = proposed, declared[axis.number]
        criteria = tuple(
            replace(
                c,
                max=c.max * factor_num / factor_den,
                categories=tuple(
                    (label, points * factor_num / factor_den) for label, points in c.categories
                ),
            )
            for c in axis.criteria
        )
        return replace(axis, max=proposed, criteria=criteria)

    return replace(framework, axes=tuple(scale(a) for a in framework.axes))


def axis_proposal(
    maxima: Mapping[int, Decimal] | Mapping[str, Decimal], main_axes: Iterable[int]
) -> AxisProposal:
    """An ``AxisProposal`` from stored values (keys as numbers or text)."""
    return AxisProposal({int(k): Decimal(v) for k, v in maxima.items()}, tuple(main_axes))
