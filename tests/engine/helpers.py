"""Builders shared by the engine tests: complete evaluations and rating inputs."""

from __future__ import annotations

from decimal import Decimal

from danhgia.engine import Criterion, CriterionInput, Framework, PersonInput, TaskInput, UnitFigures

D = Decimal


def on_target(criterion: Criterion) -> CriterionInput:
    """An input that meets the criterion exactly (KPI 1)."""
    if criterion.part == "A":
        return CriterionInput(met=True)
    if criterion.measure in ("ratio", "reduction"):
        target = criterion.target or D(100)
        low = target[0] if isinstance(target, tuple) else target
        return CriterionInput(target=target, actual=low)
    if criterion.measure == "category":
        best = max(criterion.categories, key=lambda item: item[1])[0]
        return CriterionInput(category=best)
    if criterion.measure == "level":
        return CriterionInput(level=1)
    return CriterionInput(tasks=(TaskInput(planned=D(1), delivered=D(1)),))


def entries_for(framework: Framework, **overrides: CriterionInput) -> dict[str, CriterionInput]:
    """Every criterion on target, with some replaced: ``entries_for(f, B_1_1=...)``."""
    entries = {c.code: on_target(c) for c in framework.criteria}
    for key, value in overrides.items():
        entries[key.replace("_", ".")] = value
    return entries


def score_request(framework: Framework, **results: dict) -> dict:
    """A JSON request for ``danhgia score`` with every criterion on target."""
    general = {c.code: True for c in framework.part_a}
    body: dict[str, dict] = {}
    for c in framework.part_b:
        entry = on_target(c)
        if entry.tasks:
            body[c.code] = {"tasks": [{"planned": 1, "delivered": 1}]}
        elif entry.level is not None:
            body[c.code] = {"level": 1}
        elif entry.category is not None:
            body[c.code] = {"category": entry.category}
        else:
            target = entry.target
            target_json = [float(t) for t in target] if isinstance(target, tuple) else float(target)
            body[c.code] = {"target": target_json, "actual": float(entry.actual)}
    body.update(results)
    return {"framework": framework.id, "general": general, "results": body}


def unit(
    uid: str = "u",
    total: int = 10,
    completed: int | None = None,
    late: int = 0,
    exceeding: int = 3,
    force_majeure: bool = False,
    rating=None,
) -> UnitFigures:
    return UnitFigures(
        id=uid,
        tasks_total=total,
        tasks_completed=total if completed is None else completed,
        tasks_late=late,
        tasks_exceeding=exceeding,
        force_majeure=force_majeure,
        rating=rating,
    )


def person(pid: str = "p", total: str | Decimal | None = "92.5", **kwargs) -> PersonInput:
    kwargs.setdefault("unit", "u")
    kwargs.setdefault("tasks_total", 5)
    kwargs.setdefault("tasks_completed", kwargs["tasks_total"])
    return PersonInput(id=pid, total=None if total is None else D(total), **kwargs)


def texts(items) -> list[str]:
    """Reasons, warnings or problems as the sentences they render to."""
    return [str(item) for item in items]
