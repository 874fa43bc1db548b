"""The JSON shapes that ``danhgia score`` and ``danhgia rate`` print (SPEC §15)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .numbers import json_number, round_half_up, round_kpi
from .ratings import Rating

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


# --- ``danhgia rate``'s text, written directly --------------------------------------------------
#
# ``rate_to_text(result)`` is ``json.dumps(rate_to_json(result), ensure_ascii=False, indent=2)``
# byte for byte, without the dict per person and without a Python call per value: every leaf
# (ids, bands, ratings, sentences, numbers) goes into one flat list that the C encoder writes in
# one call, one value a line (a value's text has no raw newline: JSON escapes it); the lines fill
# one ``%`` template made of one piece per person and group, chosen by the length of its lists.


class _Unusual(Exception):
    """A value the direct writer does not know: the standard encoder writes the whole result."""


def _unusual(value: object) -> Any:
    raise _Unusual


def _leaves_encoder() -> Any:
    from json.encoder import c_make_encoder, encode_basestring

    if c_make_encoder is None:  # pragma: no cover - CPython has it
        return None
    # no circular check (the list holds no container), unknown types and NaN refused
    return c_make_encoder(None, _unusual, encode_basestring, None, ": ", "\n", False, False, False)


def _list_piece(count: int, level: int) -> str:
    """A list of ``count`` leaves at ``level`` (its items one level deeper), as ``%s`` slots."""
    if not count:
        return "[]"
    inner = "\n" + "  " * (level + 1)
    return "[" + inner + ("," + inner).join(["%s"] * count) + "\n" + "  " * level + "]"


def _person_piece(reasons: int, warnings: int) -> str:
    return (
        '    {\n      "id": %s,\n      "band": %s,\n      "rating": %s,\n      "reasons": '
        + _list_piece(reasons, 3)
        + ',\n      "warnings": '
        + _list_piece(warnings, 3)
        + "\n    }"
    )


def _group_piece(candidates: int, excellent: int, cut: int) -> str:
    return (
        '    {\n      "id": %s,\n      "pct": %s,\n      "base": %s,\n      "allowed": %s,\n'
        '      "candidates": '
        + _list_piece(candidates, 3)
        + ',\n      "excellent": '
        + _list_piece(excellent, 3)
        + ',\n      "cut": '
        + _list_piece(cut, 3)
        + "\n    }"
    )


def rate_to_text(result: RateResult) -> str:
    """``rate_to_json(result)`` as JSON with a two-space indent (what ``danhgia rate`` prints,
    without its final newline): ``json.dumps(…, ensure_ascii=False, indent=2)``, faster."""
    encode = _leaves_encoder()
    if encode is not None:
        try:
            return _rate_text(result, encode)
        except (_Unusual, TypeError, ValueError):
            pass
    import json

    return json.dumps(rate_to_json(result), ensure_ascii=False, indent=2)


def _rate_text(result: RateResult, encode: Any) -> str:
    # the pieces' ``%`` is the only one in the template: the values are filled in, not read
    values: list[Any] = [result.policy_id, result.period]
    texts: list[Any] = []  # what ``rate_to_json`` passes through ``str``: text, or refused
    pieces: list[str] = []
    shapes: dict[tuple[int, int], str] = {}
    add = pieces.append
    for r in result.people:
        reasons, warnings, band = r.reasons, r.warnings, r.band
        shape = (len(reasons), len(warnings))
        piece = shapes.get(shape)
        if piece is None:
            piece = shapes[shape] = _person_piece(*shape)
        add(piece)
        if band is not None and band.__class__ is not Rating:
            raise _Unusual
        values += (r.id, band, r.rating)
        values += reasons
        values += warnings
        texts.append(r.rating)
        texts += reasons
        texts += warnings
    "".join(texts)  # TypeError unless every one is a str (a Reason, a Rating: its text)
    people = ",\n".join(pieces)
    pieces = []
    for g in result.groups:
        pieces.append(_group_piece(len(g.candidates), len(g.excellent), len(g.cut)))
        values += (g.id, json_number(g.pct), g.base, g.allowed)
        values += g.candidates
        values += g.excellent
        values += g.cut
    groups = ",\n".join(pieces)
    template = (
        '{\n  "policy": %s,\n  "period": %s,\n  "people": '
        + (("[\n" + people + "\n  ]") if people else "[]")
        + ',\n  "groups": '
        + (("[\n" + groups + "\n  ]") if groups else "[]")
        + "\n}"
    )
    # every value a line of one JSON list (one C call); the C encoder writes a ``str`` subclass
    # (a ``Rating``, a ``Reason``) as its text, like ``str(value)`` does for them
    leaves = "".join(encode(values, 0))[1:-1].split("\n")
    if len(leaves) != len(values):  # pragma: no cover - a newline is always escaped
        raise _Unusual
    return template % tuple(leaves)
