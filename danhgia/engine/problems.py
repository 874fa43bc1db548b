"""Problems of a framework's numbers (SPEC §12), as structured values.

A ``Problem`` is a ``str``: its text is the English sentence the command line prints and
``danhgia frameworks --json`` lists (``"axis 6 rows add up to 9 of 10"``), so JSON output and
every caller that treats problems as text keep working. It also carries a machine ``code`` and
JSON-friendly ``params`` (decimals as text), and ``render_problem_vi`` says it in Vietnamese
for the web application.

Codes (params) → English:

- ``draft_missing`` (``text``) → the draft file's own sentence, as written;
- ``duplicate_criterion`` (``criterion``) → ``criterion B.1.1 appears twice``;
- ``part_a_group_sum`` (``group``, ``total``, ``max``) → ``part A group 1 rows add up to 16 of 18``;
- ``part_a_sum`` (``total``, ``max``) → ``part A adds up to 28 of 30``;
- ``axis_no_max`` (``axis``) → ``axis 2 has no max points``;
- ``axis_sum`` (``axis``, ``total``, ``max``) → ``axis 6 rows add up to 9 of 10``;
- ``axes_sum`` (``total``, ``max``) → ``axes add up to 60 of 70``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .numbers import format_number

Params = Mapping[str, Any]

_ENGLISH: dict[str, Callable[[Params], str]] = {
    "draft_missing": lambda p: str(p["text"]),
    "duplicate_criterion": lambda p: f"criterion {p['criterion']} appears twice",
    "part_a_group_sum": lambda p: (
        f"part A group {p['group']} rows add up to {p['total']} of {p['max']}"
    ),
    "part_a_sum": lambda p: f"part A adds up to {p['total']} of {p['max']}",
    "axis_no_max": lambda p: f"axis {p['axis']} has no max points",
    "axis_sum": lambda p: f"axis {p['axis']} rows add up to {p['total']} of {p['max']}",
    "axes_sum": lambda p: f"axes add up to {p['total']} of {p['max']}",
}


def _vn(value: Any) -> str:
    """A number given as text, with a decimal comma (``"22.5"`` → ``"22,5"``)."""
    try:
        return format_number(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


_VIETNAMESE: dict[str, Callable[[Params], str]] = {
    "draft_missing": lambda p: str(p["text"]),
    "duplicate_criterion": lambda p: f"Tiêu chí {p['criterion']} xuất hiện hai lần",
    "part_a_group_sum": lambda p: (
        f"Phần A, nhóm {p['group']}: các tiêu chí cộng lại {_vn(p['total'])}/{_vn(p['max'])} điểm"
    ),
    "part_a_sum": lambda p: f"Phần A cộng lại {_vn(p['total'])}/{_vn(p['max'])} điểm",
    "axis_no_max": lambda p: f"Trục {p['axis']} chưa có điểm tối đa",
    "axis_sum": lambda p: (
        f"Trục {p['axis']}: các tiêu chí cộng lại {_vn(p['total'])}/{_vn(p['max'])} điểm"
    ),
    "axes_sum": lambda p: f"Các trục cộng lại {_vn(p['total'])}/{_vn(p['max'])} điểm",
}

PROBLEM_CODES = tuple(_ENGLISH)


class Problem(str):
    """A framework problem: the English sentence, with ``code`` and ``params``."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, params: Params | None = None) -> Problem:
        values = dict(params or {})
        english = _ENGLISH.get(code)
        text = english(values) if english else f"{code}: {values}"
        problem = super().__new__(cls, text)
        problem.code = code
        problem.params = values
        return problem

    def __getnewargs__(self) -> tuple[str, dict[str, Any]]:  # pickling, copying
        return (self.code, self.params)

    def __repr__(self) -> str:
        return f"Problem({self.code!r}, {self.params!r})"

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: Any) -> Problem:
        """Back from ``to_json``; a stored English sentence is read back into its Problem."""
        if isinstance(data, Problem):
            return data
        if isinstance(data, str):
            return problem_from_text(data)
        if isinstance(data, Mapping) and isinstance(data.get("code"), str):
            return cls(data["code"], data.get("params") or {})
        raise ValueError(f"not a stored problem: {data!r}")


# The English sentences read back (problems stored as text before they had codes).
_PATTERNS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (re.compile(r"^criterion (\S+) appears twice$"), "duplicate_criterion", ("criterion",)),
    (
        re.compile(r"^part A group (\d+) rows add up to (\S+) of (\S+)$"),
        "part_a_group_sum",
        ("group", "total", "max"),
    ),
    (re.compile(r"^part A adds up to (\S+) of (\S+)$"), "part_a_sum", ("total", "max")),
    (re.compile(r"^axis (\d+) has no max points$"), "axis_no_max", ("axis",)),
    (
        re.compile(r"^axis (\d+) rows add up to (\S+) of (\S+)$"),
        "axis_sum",
        ("axis", "total", "max"),
    ),
    (re.compile(r"^axes add up to (\S+) of (\S+)$"), "axes_sum", ("total", "max")),
)
_INT_PARAMS = {"group", "axis"}


def problem_from_text(text: str) -> Problem:
    """The Problem of an English sentence the engine wrote; any other text is ``draft_missing``.

    Only for problems stored as text; new code keeps the Problem (or its ``to_json``).
    """
    for pattern, code, names in _PATTERNS:
        match = pattern.match(text)
        if match:
            values: dict[str, Any] = {
                name: int(value) if name in _INT_PARAMS else value
                for name, value in zip(names, match.groups(), strict=True)
            }
            return Problem(code, values)
    return Problem("draft_missing", {"text": text})


def render_problem_vi(problem: Problem | str) -> str:
    """A framework problem in Vietnamese; a sentence the engine did not write passes through."""
    if not isinstance(problem, Problem):
        problem = problem_from_text(str(problem))
    vietnamese = _VIETNAMESE.get(problem.code)
    return vietnamese(problem.params) if vietnamese else str(problem)
