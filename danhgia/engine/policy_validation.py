"""Checking a merged policy mapping value by value and building the ``Policy`` (SPEC §11).

Out-of-range values are refused with the path of the offending key (``quota.max_pct``,
``deadlines[1].day``) and a machine code, so the message can be said in Vietnamese.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .errors import DataFileError, join_path
from .numbers import ONE, ZERO, decimal_text, to_decimal, to_int
from .policy import (
    AXIS_MAXIMA,
    CONDITIONS,
    DEADLINE_KEYS,
    DOSSIER_RULES,
    FACTOR_DIMENSIONS,
    LATE_DOSSIER_RULES,
    LATE_SCALE_KEYS,
    NOT_APPLICABLE_MODES,
    QUOTA_BASES,
    QUOTA_ROUNDINGS,
    ROLES,
    TASK_DIMENSIONS,
    TIE_BREAKS,
    Deadline,
    FactorChoice,
    LateStep,
    Policy,
    Quota,
)
from .ratings import Rating


def _choice(value: Any, path: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise DataFileError(
            path,
            "expected one of " + " | ".join(choices),
            "expected_choice",
            {"choices": list(choices)},
        )
    return value


def _number(value: Any, path: str, low: Decimal, high: Decimal) -> Decimal:
    expected = f"expected a number from {low.normalize():f} to {high.normalize():f}"
    params = {"min": decimal_text(low), "max": decimal_text(high)}
    number = to_decimal(value, path, expected, "number_out_of_range", params)
    if not low <= number <= high:
        raise DataFileError(path, expected, "number_out_of_range", params)
    return number


def _mapping(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DataFileError(path, "expected a mapping", "expected_mapping")
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise DataFileError(path, "expected true or false", "expected_bool")
    return value


def build_policy(data: dict[str, Any], source: str) -> Policy:
    """The ``Policy`` of a merged mapping (``extends`` resolved), or DataFileError."""
    policy_id = data.get("id")
    if not isinstance(policy_id, str) or not policy_id:
        raise DataFileError("id", "expected a policy id (text)", "policy_id_required")

    bands_raw = _mapping(data.get("bands"), "bands")
    bands: dict[Rating, Decimal] = {}
    for rating in (Rating.EXCELLENT, Rating.GOOD, Rating.SATISFACTORY):
        if rating.value not in bands_raw:
            raise DataFileError(
                f"bands.{rating.value}",
                "missing band threshold",
                "missing_key",
                {"key": rating.value},
            )
        bands[rating] = _number(
            bands_raw[rating.value], f"bands.{rating.value}", ZERO, Decimal(100)
        )
    for key in bands_raw:
        if key not in {r.value for r in bands}:
            raise DataFileError(
                f"bands.{key}",
                "expected HTXSNV, HTTNV or HTNV",
                "expected_choice",
                {"choices": [r.value for r in bands]},
            )
    if not bands[Rating.EXCELLENT] > bands[Rating.GOOD] > bands[Rating.SATISFACTORY]:
        raise DataFileError(
            "bands", "thresholds must fall: HTXSNV > HTTNV > HTNV", "bands_not_falling"
        )

    decimals = to_int(
        data.get("points_decimals"),
        "points_decimals",
        "expected 0 to 4",
        "whole_number_out_of_range",
        {"min": 0, "max": 4},
    )
    if not 0 <= decimals <= 4:
        raise DataFileError(
            "points_decimals",
            "expected a whole number from 0 to 4",
            "whole_number_out_of_range",
            {"min": 0, "max": 4},
        )

    kpi_cap = _number(data.get("kpi_cap"), "kpi_cap", Decimal("0.5"), Decimal(2))
    factor_max = _number(data.get("task_factor_max"), "task_factor_max", ONE, Decimal(2))

    levels_raw = _mapping(data.get("level_factors"), "level_factors")
    level_factors: dict[int, Decimal] = {}
    for key, value in levels_raw.items():
        path = f"level_factors.{key}"
        try:
            level = int(key)
        except (TypeError, ValueError):
            raise DataFileError(path, "expected level 1, 2 or 3", "level_expected") from None
        if level not in (1, 2, 3):
            raise DataFileError(path, "expected level 1, 2 or 3", "level_expected")
        level_factors[level] = _number(value, path, ZERO, Decimal(2))
    for level in (1, 2, 3):
        if level not in level_factors:
            raise DataFileError(
                f"level_factors.{level}", "missing level factor", "missing_key", {"key": level}
            )

    weights_raw = _mapping(data.get("task_kpi_weights"), "task_kpi_weights")
    weights: dict[str, Decimal] = {}
    for key, value in weights_raw.items():
        path = f"task_kpi_weights.{key}"
        _choice(key, path, TASK_DIMENSIONS)
        weights[key] = _number(value, path, ZERO, ONE)
    for dim in TASK_DIMENSIONS:
        if dim not in weights:
            raise DataFileError(
                f"task_kpi_weights.{dim}", "missing weight", "missing_key", {"key": dim}
            )
    if sum(weights.values()) != ONE:
        raise DataFileError("task_kpi_weights", "weights must add up to 1", "weights_sum")

    scales_raw = _mapping(data.get("task_factor_scales", {}), "task_factor_scales")
    scales: dict[str, tuple[FactorChoice, ...]] = {}
    for dim, choices in scales_raw.items():
        path = f"task_factor_scales.{dim}"
        _choice(dim, path, FACTOR_DIMENSIONS)
        if not isinstance(choices, list) or not choices:
            raise DataFileError(path, "expected a list of {label, value}", "expected_scale")
        items = []
        for i, choice in enumerate(choices):
            cpath = join_path(path, i)
            choice = _mapping(choice, cpath)
            label = choice.get("label")
            if not isinstance(label, str) or not label:
                raise DataFileError(f"{cpath}.label", "expected a label", "expected_text")
            value = _number(choice.get("value"), f"{cpath}.value", ZERO, factor_max)
            items.append(FactorChoice(label, value))
        scales[dim] = tuple(items)

    quota_raw = _mapping(data.get("quota"), "quota")
    pct = _number(quota_raw.get("pct"), "quota.pct", ZERO, Decimal(100))
    max_pct = _number(quota_raw.get("max_pct"), "quota.max_pct", ZERO, Decimal(100))
    if max_pct < pct:
        raise DataFileError("quota.max_pct", "must be at least quota.pct", "max_pct_below_pct")
    exclude = quota_raw.get("exclude_roles", [])
    if not isinstance(exclude, list):
        raise DataFileError("quota.exclude_roles", "expected a list of roles", "expected_list")
    for i, role in enumerate(exclude):
        _choice(role, f"quota.exclude_roles[{i}]", ROLES)
    quota = Quota(
        pct=pct,
        max_pct=max_pct,
        base=_choice(quota_raw.get("base"), "quota.base", QUOTA_BASES),
        rounding=_choice(quota_raw.get("rounding"), "quota.rounding", QUOTA_ROUNDINGS),
        exclude_roles=tuple(exclude),
    )

    tie_break = data.get("tie_break")
    if not isinstance(tie_break, list) or not tie_break:
        raise DataFileError("tie_break", "expected a non-empty list", "expected_list")
    for i, key in enumerate(tie_break):
        _choice(key, f"tie_break[{i}]", TIE_BREAKS)
    if len(set(tie_break)) != len(tie_break):
        raise DataFileError("tie_break", "each tie-break key may appear once", "duplicate_entry")

    conditions = data.get("conditions", list(CONDITIONS))
    if not isinstance(conditions, list):
        raise DataFileError("conditions", "expected a list", "expected_list")
    for i, key in enumerate(conditions):
        _choice(key, f"conditions[{i}]", CONDITIONS)

    explanation = _mapping(data.get("explanation", {}), "explanation")
    points_change = _number(
        explanation.get("points_change", 5), "explanation.points_change", ZERO, Decimal(100)
    )
    rating_change = _bool(explanation.get("rating_change", True), "explanation.rating_change")
    publish_scores = _bool(data.get("publish_scores", False), "publish_scores")

    deadlines_raw = data.get("deadlines", [])
    if not isinstance(deadlines_raw, list):
        raise DataFileError("deadlines", "expected a list", "expected_list")
    deadlines = []
    seen_keys: set[str] = set()
    for i, item in enumerate(deadlines_raw):
        path = f"deadlines[{i}]"
        item = _mapping(item, path)
        for key in item:
            if key not in DEADLINE_KEYS:
                raise DataFileError(
                    f"{path}.{key}", "unknown deadline key", "unknown_key", {"key": str(key)}
                )
        key = item.get("key")
        if not isinstance(key, str) or not key or key in seen_keys:
            raise DataFileError(f"{path}.key", "expected a unique key", "expected_unique_key")
        seen_keys.add(key)
        label = item.get("label")
        if not isinstance(label, str) or not label:
            raise DataFileError(f"{path}.label", "expected a Vietnamese label", "expected_text")
        months, days = {"min": -2, "max": 3}, {"min": 1, "max": 31}
        month = to_int(
            item.get("month"),
            f"{path}.month",
            "expected -2 to 3",
            "whole_number_out_of_range",
            months,
        )
        day = to_int(
            item.get("day"), f"{path}.day", "expected 1 to 31", "whole_number_out_of_range", days
        )
        if not -2 <= month <= 3:
            raise DataFileError(
                f"{path}.month",
                "expected a whole number from -2 to 3",
                "whole_number_out_of_range",
                months,
            )
        if not 1 <= day <= 31:
            raise DataFileError(
                f"{path}.day",
                "expected a whole number from 1 to 31",
                "whole_number_out_of_range",
                days,
            )
        who = item.get("who", "")
        if not isinstance(who, str):
            raise DataFileError(f"{path}.who", "expected text", "expected_text")
        deadlines.append(Deadline(key, label, who, month, day))

    versions = {"min": 1}
    version = to_int(
        data.get("version", 1),
        "version",
        "expected a whole number from 1",
        "whole_number_out_of_range",
        versions,
    )
    if version < 1:
        raise DataFileError(
            "version", "expected a whole number from 1", "whole_number_out_of_range", versions
        )
    for key in ("title", "province", "description"):
        if not isinstance(data.get(key, ""), str):
            raise DataFileError(key, "expected text", "expected_text")

    # Below 1: a late task must score below one done on time (SPEC §7.3).
    late_expected = "expected a number from 0 to less than 1"
    late_params = {"min": "0", "max": "1", "max_excluded": True}
    late_timeliness = to_decimal(
        data.get("late_timeliness"),
        "late_timeliness",
        late_expected,
        "number_out_of_range",
        late_params,
    )
    if not ZERO <= late_timeliness < ONE:
        raise DataFileError("late_timeliness", late_expected, "number_out_of_range", late_params)

    late_dossier = _choice(data.get("late_dossier"), "late_dossier", LATE_DOSSIER_RULES)
    late_scale = _late_scale(data.get("late_dossier_scale", []), late_dossier)

    return Policy(
        id=policy_id,
        title=data.get("title", policy_id),
        version=version,
        province=data.get("province", ""),
        description=data.get("description", ""),
        bands=bands,
        points_decimals=decimals,
        kpi_cap=kpi_cap,
        level_factors=level_factors,
        task_factor_max=factor_max,
        task_kpi_weights=weights,
        task_factor_scales=scales,
        not_applicable=_choice(data.get("not_applicable"), "not_applicable", NOT_APPLICABLE_MODES),
        axis_maxima=_choice(data.get("axis_maxima", "fixed"), "axis_maxima", AXIS_MAXIMA),
        quota=quota,
        late_dossier=late_dossier,
        missing_dossier=_choice(data.get("missing_dossier"), "missing_dossier", DOSSIER_RULES),
        tie_break=tuple(tie_break),
        conditions=frozenset(conditions),
        explanation_points_change=points_change,
        explanation_rating_change=rating_change,
        publish_scores=publish_scores,
        deadlines=tuple(deadlines),
        late_timeliness=late_timeliness,
        general_not_applicable=_choice(
            data.get("general_not_applicable", "forbid"),
            "general_not_applicable",
            NOT_APPLICABLE_MODES,
        ),
        late_dossier_scale=late_scale,
        source=source,
        raw=data,
    )


def _late_scale(value: Any, rule: str) -> tuple[LateStep, ...]:
    """``late_dossier_scale``: working days rising, pct not rising; required under ``scale``."""
    path = "late_dossier_scale"
    if not isinstance(value, list):
        raise DataFileError(path, "expected a list of {working_days, pct}", "expected_list")
    steps: list[LateStep] = []
    for i, item in enumerate(value):
        row = join_path(path, i)
        item = _mapping(item, row)
        for key in item:
            if key not in LATE_SCALE_KEYS:
                raise DataFileError(
                    f"{row}.{key}", "unknown policy key", "unknown_key", {"key": str(key)}
                )
        bounds = {"min": 0}
        days = to_int(
            item.get("working_days"),
            f"{row}.working_days",
            "expected a whole number from 0",
            "whole_number_out_of_range",
            bounds,
        )
        if days < 0:
            raise DataFileError(
                f"{row}.working_days",
                "expected a whole number from 0",
                "whole_number_out_of_range",
                bounds,
            )
        if steps and days <= steps[-1].working_days:
            raise DataFileError(
                f"{row}.working_days",
                f"expected more than {steps[-1].working_days} (rows by rising working days)",
                "late_scale_order",
                {"after": steps[-1].working_days},
            )
        pct = _number(item.get("pct"), f"{row}.pct", ZERO, Decimal(100))
        if steps and pct > steps[-1].pct:
            raise DataFileError(
                f"{row}.pct",
                f"expected at most {decimal_text(steps[-1].pct)} (a later row counts less)",
                "late_scale_rising",
                {"max": decimal_text(steps[-1].pct)},
            )
        steps.append(LateStep(days, pct))
    if rule == "scale" and not steps:
        raise DataFileError(
            path, "late_dossier: scale needs at least one row", "late_scale_required"
        )
    return tuple(steps)
