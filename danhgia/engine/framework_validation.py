"""Framework validation: every way a framework's numbers fail to add up (SPEC §12).

Validation never refuses to load a framework: it reports problems, so that scoring still works on
a framework as published while the web application refuses to open a period with one that does
not validate.
"""

from __future__ import annotations

from .framework import PART_A_TOTAL, PART_B_TOTAL, Framework
from .numbers import ZERO, decimal_text
from .problems import Problem


def validate_framework(framework: Framework) -> list[Problem]:
    """Every way the framework's numbers fail to add up (SPEC §12), plus a draft's own list."""
    problems: list[Problem] = [Problem("draft_missing", {"text": m}) for m in framework.missing]
    seen: set[str] = set()
    for criterion in framework.criteria:
        if criterion.code in seen:
            problems.append(Problem("duplicate_criterion", {"criterion": criterion.code}))
        seen.add(criterion.code)

    part_a_total = ZERO
    for group in framework.groups:
        if group.max is not None and group.rows_total != group.max:
            problems.append(
                Problem(
                    "part_a_group_sum",
                    {
                        "group": group.number,
                        "total": decimal_text(group.rows_total),
                        "max": decimal_text(group.max),
                    },
                )
            )
        part_a_total += group.rows_total
    if part_a_total != PART_A_TOTAL:
        problems.append(
            Problem(
                "part_a_sum",
                {"total": decimal_text(part_a_total), "max": decimal_text(PART_A_TOTAL)},
            )
        )

    axes_total = ZERO
    for axis in framework.axes:
        if axis.max is None:
            problems.append(Problem("axis_no_max", {"axis": axis.number}))
            continue
        axes_total += axis.max
        if axis.rows_total != axis.max:
            problems.append(
                Problem(
                    "axis_sum",
                    {
                        "axis": axis.number,
                        "total": decimal_text(axis.rows_total),
                        "max": decimal_text(axis.max),
                    },
                )
            )
    if axes_total != PART_B_TOTAL:
        problems.append(
            Problem(
                "axes_sum", {"total": decimal_text(axes_total), "max": decimal_text(PART_B_TOTAL)}
            )
        )
    return problems
