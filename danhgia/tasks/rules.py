"""The rules a task is measured with: the period's policy and the lead's framework.

The engine objects come from the versioned records' ``load()``, which keeps them per process.
"""

from __future__ import annotations

from danhgia.engine import Criterion, Framework, Policy
from danhgia.organisation.models import Block
from danhgia.periods.models import Period, PeriodFramework
from danhgia.rules.models import FrameworkVersion


def framework_of(version: FrameworkVersion) -> Framework:
    """The engine's Framework of a version (``load`` keeps it per process and save)."""
    return version.load()


def policy_of(period: Period) -> Policy:
    """The engine's Policy of the period's policy version."""
    return period.policy_version.load()


def block_frameworks(period: Period, blocks=None) -> dict[int, FrameworkVersion]:
    """Block id → the framework version its people use in the period (one query)."""
    mappings = PeriodFramework.objects.filter(period=period).select_related("framework_version")
    if blocks is not None:
        mappings = mappings.filter(block__in=blocks)
    return {m.block_id: m.framework_version for m in mappings}


def task_criteria(framework: Framework) -> list[Criterion]:
    """Part B criteria a task can be linked to: those of measure ratio, level or tasks."""
    return [c for c in framework.part_b if c.accepts_tasks]


def criterion_choices(period: Period, blocks: list[Block] | None = None) -> list[tuple[str, list]]:
    """Grouped choices (framework title → criteria) for the blocks' frameworks in the period."""
    groups = []
    seen = set()
    for version in block_frameworks(period, blocks).values():
        if version.pk in seen:
            continue
        seen.add(version.pk)
        criteria = task_criteria(framework_of(version))
        groups.append((str(version.title), [(c.code, f"{c.code} – {c.text}") for c in criteria]))
    return groups


def lead_criterion(period: Period, block_id: int | None, code: str) -> Criterion | None:
    """The criterion ``code`` of the framework a block uses in the period, if any."""
    if not code or block_id is None:
        return None
    version = block_frameworks(period, [block_id]).get(block_id)
    return framework_of(version).criterion(code) if version is not None else None
