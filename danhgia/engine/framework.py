"""Scoring frameworks (khung chấm điểm): loading, the criteria tree, validation (SPEC §7, §12).

A framework is a versioned data file (see ``docs/framework-format.md``). Part A is shared by every
framework (Quy định 366-QĐ/TW) and lives in ``data/frameworks/part-a``. Validation never refuses to
load a framework: it reports problems, so that scoring still works on a framework as published while
the web application refuses to open a period with one that does not validate.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from .datafiles import DATA_DIR, load_mapping, looks_like_path, shipped_ids
from .errors import DataFileError, InputError
from .numbers import ZERO, decimal_text, format_vn, to_decimal, to_int
from .problems import Problem

FRAMEWORK_DIR = DATA_DIR / "frameworks"
PART_A_DIR = FRAMEWORK_DIR / "part-a"

MEASURES = ("ratio", "reduction", "category", "level", "tasks")
#: measure types whose criterion may instead be scored from the person's tasks (SPEC §7.2)
TASK_SCORABLE = ("ratio", "level", "tasks")
STATUSES = ("valid", "draft", "invalid")
PART_A_TOTAL = Decimal(30)
PART_B_TOTAL = Decimal(70)

FRAMEWORK_KEYS = {
    "id",
    "version",
    "title",
    "appendix",
    "source",
    "form_title",
    "applies_to",
    "policy",
    "status",
    "missing",
    "general",
    "axes",
}
AXIS_KEYS = {"axis", "title", "max", "items", "criteria"}
CRITERION_KEYS = {"code", "text", "max", "measure", "target_hint", "target", "note", "categories"}


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    max: Decimal
    measure: str
    part: str  # "A" or "B"
    group: int  # part A group or part B axis number
    target_hint: str = ""
    target: Decimal | tuple[Decimal, Decimal] | None = None
    note: str = ""
    categories: tuple[tuple[str, Decimal], ...] = ()
    items: tuple[str, ...] = ()

    @property
    def accepts_tasks(self) -> bool:
        return self.measure in TASK_SCORABLE

    def category_points(self, label: str) -> Decimal | None:
        """Points of a category label; compared in Unicode NFC so that typed labels match."""
        wanted = unicodedata.normalize("NFC", label).strip()
        for name, points in self.categories:
            if unicodedata.normalize("NFC", name) == wanted:
                return points
        return None


@dataclass(frozen=True)
class Group:
    """A part A group (1, 2, 3) or a part B axis, with its criteria."""

    number: int
    title: str
    max: Decimal | None
    criteria: tuple[Criterion, ...]
    items: tuple[str, ...] = ()

    @property
    def rows_total(self) -> Decimal:
        return sum((c.max for c in self.criteria), ZERO)


@dataclass(frozen=True)
class Framework:
    id: str
    version: int
    title: str
    appendix: str
    source: str
    form_title: str
    applies_to: str
    policy: str
    declared_status: str
    missing: tuple[str, ...]
    general_id: str
    general_title: str
    groups: tuple[Group, ...]
    axes: tuple[Group, ...]
    #: what is wrong with the numbers (and a draft's own list): ``Problem`` values, which are
    #: the English sentences as ``str`` with a ``code`` and ``params`` (``problems.py``)
    problems: tuple[Problem, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def status(self) -> str:
        if self.declared_status == "draft":
            return "draft"
        return "invalid" if self.problems else "valid"

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self.part_a + self.part_b

    @property
    def part_a(self) -> tuple[Criterion, ...]:
        return tuple(c for g in self.groups for c in g.criteria)

    @property
    def part_b(self) -> tuple[Criterion, ...]:
        return tuple(c for a in self.axes for c in a.criteria)

    def criterion(self, code: str) -> Criterion | None:
        return self._index.get(code)

    @cached_property
    def _index(self) -> dict[str, Criterion]:
        return {c.code: c for c in self.criteria}

    def axis(self, number: int) -> Group | None:
        for axis in self.axes:
            if axis.number == number:
                return axis
        return None

    @property
    def part_a_max(self) -> Decimal:
        """Part A's maximum: its groups' maxima (a group without one: its rows). 30 when valid."""
        return sum((_declared_max(g) for g in self.groups), ZERO)

    @property
    def part_b_max(self) -> Decimal:
        """Part B's maximum: the axes' maxima (an axis without one: its rows). 70 when valid."""
        return sum((_declared_max(a) for a in self.axes), ZERO)

    @property
    def total_max(self) -> Decimal:
        return self.part_a_max + self.part_b_max

    @property
    def axis_maxima(self) -> dict[int, Decimal]:
        """Axis number → its maximum (an axis without one: the sum of its rows), in order."""
        return {axis.number: _declared_max(axis) for axis in self.axes}

    @property
    def group_maxima(self) -> dict[int, Decimal]:
        """Part A group number → its maximum (a group without one: the sum of its rows)."""
        return {group.number: _declared_max(group) for group in self.groups}


def _declared_max(group: Group) -> Decimal:
    return group.max if group.max is not None else group.rows_total


def list_framework_ids() -> list[str]:
    return shipped_ids(FRAMEWORK_DIR)


def load_framework(ref: str) -> Framework:
    """Load a shipped framework by id or a framework file by path."""
    if looks_like_path(ref):
        file = Path(ref)
        if not file.is_file():
            raise InputError(
                "framework",
                f"framework file not found: {ref}",
                "framework_file_not_found",
                {"ref": ref},
            )
    else:
        file = FRAMEWORK_DIR / f"{ref}.yaml"
        if not file.is_file():
            known = ", ".join(list_framework_ids())
            raise InputError(
                "framework",
                f"unknown framework '{ref}' (known: {known})",
                "unknown_framework",
                {"ref": ref, "known": list_framework_ids()},
            )
    return framework_from_mapping(load_mapping(file))


def framework_from_mapping(data: dict[str, Any]) -> Framework:
    """Build and validate a framework from a parsed file (also used by the web import)."""
    for key in data:
        if key not in FRAMEWORK_KEYS:
            raise DataFileError(str(key), "unknown framework key", "unknown_key", {"key": str(key)})
    framework_id = _text(data.get("id"), "id", required=True)
    status = data.get("status", "complete")
    if status not in ("complete", "draft"):
        raise DataFileError(
            "status",
            "expected complete | draft",
            "expected_choice",
            {"choices": ["complete", "draft"]},
        )
    missing = data.get("missing") or []
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        raise DataFileError("missing", "expected a list of sentences", "expected_texts")
    general_id = _text(data.get("general", "qd366"), "general", required=True)
    general = _load_part_a(general_id)

    groups = tuple(
        _group(raw, f"general.groups[{i}]", "A") for i, raw in enumerate(general["groups"])
    )
    axes_raw = data.get("axes")
    if not isinstance(axes_raw, list) or not axes_raw:
        raise DataFileError("axes", "expected a non-empty list of axes", "expected_axes")
    axes = tuple(_group(raw, f"axes[{i}]", "B") for i, raw in enumerate(axes_raw))

    framework = Framework(
        id=framework_id,
        version=to_int(data.get("version", 1), "version"),
        title=_text(data.get("title"), "title") or framework_id,
        appendix=_text(data.get("appendix"), "appendix"),
        source=_text(data.get("source"), "source"),
        form_title=_text(data.get("form_title"), "form_title"),
        applies_to=_text(data.get("applies_to"), "applies_to"),
        policy=_text(data.get("policy"), "policy") or "central-2026",
        declared_status="draft" if status == "draft" else "complete",
        missing=tuple(missing),
        general_id=general_id,
        general_title=_text(general.get("title"), "general.title"),
        groups=groups,
        axes=axes,
    )
    problems = validate_framework(framework)
    return replace(framework, problems=tuple(problems), raw=data)


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


def _text(value: Any, path: str, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise DataFileError(path, "expected text", "expected_text")
    return value


def _load_part_a(general_id: str) -> dict[str, Any]:
    file = PART_A_DIR / f"{general_id}.yaml"
    if not file.is_file():
        raise DataFileError(
            "general", f"unknown part A '{general_id}'", "unknown_part_a", {"ref": general_id}
        )
    data = load_mapping(file)
    if not isinstance(data.get("groups"), list):
        raise DataFileError("general.groups", "expected a list of groups", "expected_list")
    return data


def _group(raw: Any, path: str, part: str) -> Group:
    if not isinstance(raw, dict):
        raise DataFileError(path, "expected a mapping", "expected_mapping")
    number_key = "axis" if part == "B" else "group"
    allowed = AXIS_KEYS if part == "B" else {"group", "title", "max", "criteria"}
    for key in raw:
        if key not in allowed:
            raise DataFileError(f"{path}.{key}", "unknown key", "unknown_key", {"key": str(key)})
    number = to_int(raw.get(number_key), f"{path}.{number_key}")
    max_raw = raw.get("max")
    group_max = None if max_raw is None else to_decimal(max_raw, f"{path}.max")
    title = _text(raw.get("title"), f"{path}.title")
    items = raw.get("items") or []
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise DataFileError(f"{path}.items", "expected a list of texts", "expected_texts")
    rows = raw.get("criteria") or []
    if not isinstance(rows, list):
        raise DataFileError(f"{path}.criteria", "expected a list", "expected_list")
    criteria = tuple(
        _criterion(row, f"{path}.criteria[{i}]", part, number) for i, row in enumerate(rows)
    )
    if not criteria and part == "B" and group_max is not None:
        # An axis given only as a list of items (central Phụ lục 3) is one criterion B.<axis>.
        criteria = (
            Criterion(
                code=f"B.{number}",
                text=title,
                max=group_max,
                measure="level",
                part="B",
                group=number,
                items=tuple(items),
            ),
        )
    return Group(number, title, group_max, criteria, tuple(items))


def _criterion(raw: Any, path: str, part: str, group: int) -> Criterion:
    if not isinstance(raw, dict):
        raise DataFileError(path, "expected a mapping", "expected_mapping")
    for key in raw:
        if key not in CRITERION_KEYS:
            raise DataFileError(
                f"{path}.{key}", "unknown criterion key", "unknown_key", {"key": str(key)}
            )
    code = _text(raw.get("code"), f"{path}.code", required=True)
    prefix = f"{part}.{group}."
    if not code.startswith(prefix):
        raise DataFileError(
            f"{path}.code",
            f"expected a code starting with {prefix}",
            "code_prefix",
            {"prefix": prefix, "code": code},
        )
    max_points = to_decimal(raw.get("max"), f"{path}.max")
    if max_points <= ZERO:
        raise DataFileError(f"{path}.max", "expected a positive number", "expected_positive")
    measure = raw.get("measure", "level" if part == "B" else "yes_no")
    if part == "A":
        measure = "yes_no"
    elif measure not in MEASURES:
        raise DataFileError(
            f"{path}.measure",
            "expected one of " + " | ".join(MEASURES),
            "expected_choice",
            {"choices": list(MEASURES)},
        )

    target = None
    if raw.get("target") is not None:
        if measure not in ("ratio", "reduction"):
            raise DataFileError(
                f"{path}.target",
                "only ratio and reduction rows have a target",
                "target_not_allowed",
                {"measure": measure},
            )
        target = _target(raw["target"], f"{path}.target")

    categories: tuple[tuple[str, Decimal], ...] = ()
    if measure == "category":
        table = raw.get("categories")
        if not isinstance(table, dict) or not table:
            raise DataFileError(
                f"{path}.categories", "a category row needs its table", "categories_required"
            )
        categories = tuple(
            (str(label), to_decimal(points, f"{path}.categories.{label}"))
            for label, points in table.items()
        )
        for label, points in categories:
            if not ZERO <= points <= max_points:
                raise DataFileError(
                    f"{path}.categories.{label}",
                    f"expected points from 0 to {format_vn(max_points)}",
                    "number_out_of_range",
                    {"min": "0", "max": decimal_text(max_points)},
                )
    elif raw.get("categories") is not None:
        raise DataFileError(
            f"{path}.categories",
            "only category rows have a table",
            "categories_not_allowed",
            {"measure": measure},
        )

    return Criterion(
        code=code,
        text=_text(raw.get("text"), f"{path}.text", required=True),
        max=max_points,
        measure=measure,
        part=part,
        group=group,
        target_hint=_text(raw.get("target_hint"), f"{path}.target_hint"),
        target=target,
        note=_text(raw.get("note"), f"{path}.note"),
        categories=categories,
    )


def _target(value: Any, path: str) -> Decimal | tuple[Decimal, Decimal]:
    if isinstance(value, list):
        if len(value) != 2:
            raise DataFileError(path, "expected a number or [low, high]", "expected_target")
        low, high = (to_decimal(v, f"{path}[{i}]") for i, v in enumerate(value))
        if low <= ZERO or high < low:
            raise DataFileError(path, "expected 0 < low <= high", "target_range_invalid")
        return (low, high)
    number = to_decimal(value, path)
    if number <= ZERO:
        raise DataFileError(path, "expected a positive number", "expected_positive")
    return number
