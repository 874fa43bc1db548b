"""The JSON shapes that ``danhgia score`` and ``danhgia rate`` print (SPEC §15)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .numbers import json_number, round_half_up, round_kpi

if TYPE_CHECKING:  # annotations only: writing a rating does not load the scoring
    from .framework import Framework
    from .policy import Policy
    from .rating_types import RateResult
    from .scoring import ScoreResult


def score_to_json(result: ScoreResult, framework: Framework, policy: Policy) -> dict[str, Any]:
    places = policy.points_decimals
    criteria: dict[str, Any] = {}
    for criterion in framework.criteria:
        score = result.criteria[criterion.code]
        row: dict[str, Any] = {
            "points": json_number(score.points),
            "max": json_number(score.max),
        }
        if criterion.part == "B":
            row = {
                "kpi": json_number(round_kpi(score.kpi)) if score.kpi is not None else None,
                **row,
                "exceeded": score.exceeded,
            }
            if score.not_applicable:
                row["not_applicable"] = True
            if score.task_kpi is not None:
                t = score.task_kpi
                row["tasks"] = {
                    "quantity": json_number(round_kpi(t.quantity)),
                    "quality": json_number(round_kpi(t.quality)),
                    "timeliness": json_number(round_kpi(t.timeliness)),
                    "leadership": json_number(round_kpi(t.leadership)),
                    "count": t.tasks,
                    "exceeding": t.exceeding_tasks,
                    "late": t.late_tasks,
                }
        elif score.not_applicable:
            row["not_applicable"] = True
        criteria[criterion.code] = row
    return {
        "framework": framework.id,
        "policy": policy.id,
        "criteria": criteria,
        "groups": [
            {"group": g.number, "points": json_number(g.points), "max": json_number(g.max)}
            for g in result.groups
        ],
        "axes": [
            {
                "axis": a.number,
                "points": json_number(round_half_up(a.points, places)),
                "max": json_number(a.max),
                **({"rescaled": True} if a.rescaled else {}),
            }
            for a in result.axes
        ],
        "part_a": json_number(result.part_a),
        "part_b": json_number(result.part_b),
        "total": json_number(result.total),
        "band": result.band.value,
        "exceeded_count": result.exceeded_count,
        "warnings": [str(w) for w in result.warnings],
    }


def rate_to_json(result: RateResult) -> dict[str, Any]:
    return {
        "policy": result.policy_id,
        "period": result.period,
        "people": [
            {
                "id": r.id,
                "band": str(r.band) if r.band is not None else None,  # a StrEnum: its value
                "rating": str(r.rating),
                # A Reason is its sentence (rendered once, when made): no second rendering.
                "reasons": [str(reason) for reason in r.reasons],
                "warnings": [str(warning) for warning in r.warnings],
            }
            for r in result.people
        ],
        "groups": [
            {
                "id": g.id,
                "pct": json_number(g.pct),
                "base": g.base,
                "allowed": g.allowed,
                "candidates": list(g.candidates),
                "excellent": list(g.excellent),
                "cut": list(g.cut),
            }
            for g in result.groups
        ],
    }
