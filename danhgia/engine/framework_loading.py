"""Loading frameworks: shipped ids and files, part A, the criteria tree (SPEC §7, §12).

A framework is a versioned data file (see ``docs/framework-format.md``). Part A is shared by every
framework (Quy định 366-QĐ/TW) and lives in ``data/frameworks/part-a``. A file that cannot be read
as a framework is refused with the path of the offending key; numbers that do not add up are
reported as the framework's ``problems`` (``framework_validation``), never refused.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from .datafiles import DATA_DIR, load_mapping, looks_like_path, shipped_ids
from .errors import DataFileError, InputError
from .framework import MEASURES, Criterion, Framework, Group
from .framework_validation import validate_framework
from .numbers import ZERO, decimal_text, format_vn, to_decimal, to_int

FRAMEWORK_DIR = DATA_DIR / "frameworks"
PART_A_DIR = FRAMEWORK_DIR / "part-a"

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
