"""Reading the JSON inputs of ``danhgia score`` and ``danhgia rate`` (SPEC §15).

Everything here turns untrusted JSON into the engine's dataclasses and stops at the first
problem with its JSON path (``people[3].total: expected a number from 0 to 100``).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from .entries import CriterionInput, check_entries
from .errors import InputError, join_path
from .framework import Criterion, Framework
from .framework_loading import load_framework
from .numbers import HUNDRED, ZERO, decimal_text, to_decimal, to_int
from .policy import ROLES, Policy
from .policy_loading import load_policy
from .rating_types import DOSSIER_STATES, GroupInput, PersonInput, UnitFigures
from .ratings import RATING_CODES, Rating
from .reasons import DEFERRAL_REASONS
from .task_scoring import TaskInput

PERIOD_RE = re.compile(r"^\d{4}-Q[1-4]$")
GENDERS = ("male", "female")
RESULT_KEYS = {"target", "actual", "category", "level", "tasks", "not_applicable"}


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(path, "expected an object", "expected_object")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(path, "expected a list", "expected_list")
    return value


def _ref(value: Any, path: str, kind: str) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(path, f"expected a {kind} id or file path", "expected_ref", {"kind": kind})
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(path, "expected true or false", "expected_bool")
    return value


def _id(value: Any, path: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise InputError(path, "expected an id (text)", "expected_id")
    return str(value)


def _nonneg(value: Any, path: str) -> Decimal:
    number = to_decimal(value, path, "expected a number ≥ 0", "expected_nonnegative")
    if number < ZERO:
        raise InputError(path, "expected a number ≥ 0", "expected_nonnegative")
    return number


def _count(value: Any, path: str) -> int:
    number = to_int(value, path, "expected a whole number ≥ 0", "expected_count")
    if number < 0:
        raise InputError(path, "expected a whole number ≥ 0", "expected_count")
    return number


def _date(value: Any, path: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(path, "expected a date YYYY-MM-DD", "expected_date")


# ---------------------------------------------------------------- score


def parse_score_request(
    data: Any,
) -> tuple[Framework, Policy, dict[str, CriterionInput]]:
    """Framework, policy and one input per criterion, or InputError at the first problem."""
    data = _object(data, "")
    if "framework" not in data:
        raise InputError(
            "framework", "required: a framework id or file path", "required", {"key": "framework"}
        )
    framework = load_framework(_ref(data["framework"], "framework", "framework"))
    policy_ref = data.get("policy") or framework.policy
    policy = load_policy(_ref(policy_ref, "policy", "policy"))

    entries: dict[str, CriterionInput] = {}
    general = _object(data.get("general"), "general")
    for code, value in general.items():
        path = f"general.{code}"
        criterion = framework.criterion(code)
        if criterion is None or criterion.part != "A":
            raise InputError(
                path,
                "unknown part A criterion",
                "unknown_criterion",
                {"criterion": code, "framework": framework.id, "part": "A"},
            )
        if not isinstance(value, bool):
            raise InputError(
                path, "expected true (met) or false (not met)", "expected_met", {"criterion": code}
            )
        entries[code] = CriterionInput(met=value)
    for criterion in framework.part_a:
        if criterion.code not in entries:
            raise InputError(
                f"general.{criterion.code}",
                "missing criterion",
                "missing_criterion",
                {"criterion": criterion.code},
            )

    results = _object(data.get("results"), "results")
    for code, value in results.items():
        path = f"results.{code}"
        criterion = framework.criterion(code)
        if criterion is None or criterion.part != "B":
            raise InputError(
                path,
                f"unknown criterion for framework {framework.id}",
                "unknown_criterion",
                {"criterion": code, "framework": framework.id},
            )
        entries[code] = _criterion_input(value, path, criterion, policy)
    check_entries(framework, policy, entries, base="results")
    return framework, policy, entries


def _criterion_input(value: Any, path: str, criterion: Criterion, policy: Policy) -> CriterionInput:
    measure = criterion.measure
    about = {"criterion": criterion.code}
    value = _object(value, path)
    if value.get("not_applicable") is not None and _bool(
        value["not_applicable"], f"{path}.not_applicable"
    ):
        if len(RESULT_KEYS & set(value)) > 1:
            raise InputError(
                path,
                "a not_applicable criterion takes no other value",
                "not_applicable_alone",
                about,
            )
        return CriterionInput(not_applicable=True)
    if "tasks" in value:
        others = (RESULT_KEYS & set(value)) - {"tasks", "not_applicable"}
        if others:
            raise InputError(
                f"{path}.{sorted(others)[0]}",
                "give either tasks or the measured values",
                "tasks_or_values",
                about,
            )
        tasks = _list(value["tasks"], f"{path}.tasks")
        if not tasks:
            raise InputError(
                f"{path}.tasks", "expected a non-empty list of tasks", "tasks_required", about
            )
        return CriterionInput(
            tasks=tuple(
                _task(t, join_path(f"{path}.tasks", i), policy) for i, t in enumerate(tasks)
            )
        )
    if measure in ("ratio", "reduction"):
        if "target" not in value:
            raise InputError(
                f"{path}.target",
                "expected a positive number or [low, high]",
                "target_expected",
                about,
            )
        if "actual" not in value:
            raise InputError(f"{path}.actual", "expected a number", "actual_expected", about)
        target = _score_target(value["target"], f"{path}.target", about)
        if measure == "reduction":
            # A negative achieved cut is a rise; it scores 0 (SPEC §7.2).
            actual = to_decimal(value["actual"], f"{path}.actual", params=about)
        else:
            actual = _nonneg(value["actual"], f"{path}.actual")
        _only(value, {"target", "actual", "not_applicable"}, path, criterion)
        return CriterionInput(target=target, actual=actual)
    if measure == "category":
        _only(value, {"category", "not_applicable"}, path, criterion)
        label = value.get("category")
        if not isinstance(label, str):
            raise InputError(
                f"{path}.category",
                "expected a category label",
                "category_expected",
                {**about, "categories": [name for name, _ in criterion.categories]},
            )
        return CriterionInput(category=label)
    if measure == "level":
        _only(value, {"level", "not_applicable"}, path, criterion)
        if "level" not in value:
            raise InputError(f"{path}.level", "expected 1, 2 or 3", "level_expected", about)
        level = value["level"]
        if isinstance(level, bool) or level not in (1, 2, 3):
            raise InputError(f"{path}.level", "expected 1, 2 or 3", "level_expected", about)
        return CriterionInput(level=int(level))
    # measure == "tasks"
    raise InputError(f"{path}.tasks", "expected a non-empty list of tasks", "tasks_required", about)


def _only(value: dict[str, Any], allowed: set[str], path: str, criterion: Criterion) -> None:
    """Refuse the inputs of another measure type (descriptive keys of one's own are ignored)."""
    for key in value:
        if key in RESULT_KEYS and key not in allowed:
            raise InputError(
                f"{path}.{key}",
                f"not used by a {criterion.measure} criterion",
                "not_used_by_measure",
                {"criterion": criterion.code, "measure": criterion.measure, "key": key},
            )


def _score_target(
    value: Any, path: str, about: dict[str, Any]
) -> Decimal | tuple[Decimal, Decimal]:
    expected = "expected a positive number or [low, high]"
    if isinstance(value, list):
        if len(value) != 2:
            raise InputError(path, expected, "target_expected", about)
        low = to_decimal(
            value[0], f"{path}[0]", "expected a number > 0", "expected_positive", about
        )
        high = to_decimal(
            value[1], f"{path}[1]", "expected a number > 0", "expected_positive", about
        )
        if low <= ZERO:
            raise InputError(f"{path}[0]", "expected a number > 0", "expected_positive", about)
        if high < low:
            raise InputError(
                f"{path}[1]", "expected a number ≥ the lower bound", "target_range_invalid", about
            )
        return (low, high)
    number = to_decimal(value, path, expected, "target_expected", about)
    if number <= ZERO:
        raise InputError(path, "expected a number > 0", "expected_positive", about)
    return number


def _task(value: Any, path: str, policy: Policy) -> TaskInput:
    value = _object(value, path)
    for key in ("planned", "delivered"):
        if key not in value:
            raise InputError(f"{path}.{key}", "required: a number ≥ 0", "required", {"key": key})
    positive = "expected a number > 0"
    planned = to_decimal(value["planned"], f"{path}.planned", positive, "expected_positive")
    if planned <= ZERO:
        raise InputError(f"{path}.planned", positive, "expected_positive")
    coefficient = to_decimal(
        value.get("coefficient", 1), f"{path}.coefficient", positive, "expected_positive"
    )
    if coefficient <= ZERO:
        raise InputError(f"{path}.coefficient", positive, "expected_positive")
    factors = {}
    top = policy.task_factor_max
    for key in ("quality", "timeliness", "leadership"):
        expected = f"expected a number from 0 to {top.normalize():f}"
        bounds = {"min": "0", "max": decimal_text(top)}
        factor = to_decimal(
            value.get(key, 1), f"{path}.{key}", expected, "number_out_of_range", bounds
        )
        if not ZERO <= factor <= top:
            raise InputError(f"{path}.{key}", expected, "number_out_of_range", bounds)
        factors[key] = factor
    return TaskInput(
        planned=planned,
        delivered=_nonneg(value["delivered"], f"{path}.delivered"),
        coefficient=coefficient,
        **factors,
    )


# ---------------------------------------------------------------- rate


def parse_rate_request(
    data: Any,
) -> tuple[Policy, str | None, list[GroupInput], list[UnitFigures], list[PersonInput]]:
    data = _object(data, "")
    if "policy" not in data:
        raise InputError(
            "policy", "required: a policy id or file path", "required", {"key": "policy"}
        )
    policy = load_policy(_ref(data["policy"], "policy", "policy"))
    period = data.get("period")
    if period is not None and (not isinstance(period, str) or not PERIOD_RE.match(period)):
        raise InputError("period", "expected a quarter like 2026-Q3", "expected_period")

    groups: list[GroupInput] = []
    seen: set[str] = set()
    for i, raw in enumerate(_list(data.get("groups", []), "groups")):
        path = f"groups[{i}]"
        raw = _object(raw, path)
        group_id = _id(raw.get("id"), f"{path}.id")
        if group_id in seen:
            raise InputError(
                f"{path}.id",
                f"duplicate group id '{group_id}'",
                "duplicate_id",
                {"kind": "group", "id": group_id},
            )
        seen.add(group_id)
        pct = None
        if raw.get("quota_pct") is not None:
            top = policy.quota.max_pct
            expected = f"expected a number from 0 to {top.normalize():f} (policy {policy.id})"
            bounds = {"min": "0", "max": decimal_text(top), "policy": policy.id}
            pct = to_decimal(
                raw["quota_pct"], f"{path}.quota_pct", expected, "number_out_of_range", bounds
            )
            if not ZERO <= pct <= top:
                raise InputError(f"{path}.quota_pct", expected, "number_out_of_range", bounds)
        groups.append(GroupInput(group_id, pct))

    units: list[UnitFigures] = []
    unit_ids: set[str] = set()
    for i, raw in enumerate(_list(data.get("units"), "units")):
        path = f"units[{i}]"
        raw = _object(raw, path)
        unit_id = _id(raw.get("id"), f"{path}.id")
        if unit_id in unit_ids:
            raise InputError(
                f"{path}.id",
                f"duplicate unit id '{unit_id}'",
                "duplicate_id",
                {"kind": "unit", "id": unit_id},
            )
        unit_ids.add(unit_id)
        units.append(_unit(raw, path, unit_id))

    people: list[PersonInput] = []
    person_ids: set[str] = set()
    for i, raw in enumerate(_list(data.get("people"), "people")):
        path = f"people[{i}]"
        person = _person(_object(raw, path), path, unit_ids)
        if person.id in person_ids:
            raise InputError(
                f"{path}.id",
                f"duplicate person id '{person.id}'",
                "duplicate_id",
                {"kind": "person", "id": person.id},
            )
        person_ids.add(person.id)
        people.append(person)
    return policy, period, groups, units, people


def _unit(raw: dict[str, Any], path: str, unit_id: str) -> UnitFigures:
    total = _count(raw.get("tasks_total", 0), f"{path}.tasks_total")
    completed = _count(raw.get("tasks_completed", 0), f"{path}.tasks_completed")
    late = _count(raw.get("tasks_late", 0), f"{path}.tasks_late")
    exceeding = _count(raw.get("tasks_exceeding", 0), f"{path}.tasks_exceeding")
    if completed > total:
        raise InputError(
            f"{path}.tasks_completed",
            f"expected at most tasks_total ({total})",
            "count_above",
            {"other": "tasks_total", "max": total},
        )
    if late > completed:
        raise InputError(
            f"{path}.tasks_late",
            f"expected at most tasks_completed ({completed})",
            "count_above",
            {"other": "tasks_completed", "max": completed},
        )
    if exceeding > total:
        raise InputError(
            f"{path}.tasks_exceeding",
            f"expected at most tasks_total ({total})",
            "count_above",
            {"other": "tasks_total", "max": total},
        )
    rating = raw.get("rating")
    if rating is not None and rating not in RATING_CODES:
        raise InputError(
            f"{path}.rating",
            "expected one of " + " | ".join(RATING_CODES),
            "expected_choice",
            {"choices": list(RATING_CODES)},
        )
    return UnitFigures(
        id=unit_id,
        tasks_total=total,
        tasks_completed=completed,
        tasks_late=late,
        tasks_exceeding=exceeding,
        force_majeure=_bool(raw.get("force_majeure", False), f"{path}.force_majeure"),
        rating=Rating(rating) if rating is not None else None,
    )


def _person(raw: dict[str, Any], path: str, unit_ids: set[str]) -> PersonInput:
    person_id = _id(raw.get("id"), f"{path}.id")
    unit = raw.get("unit")
    if unit is None:
        raise InputError(
            f"{path}.unit", "required: the id of a unit in units", "required", {"key": "unit"}
        )
    unit = _id(unit, f"{path}.unit")
    if unit not in unit_ids:
        raise InputError(f"{path}.unit", f"unknown unit '{unit}'", "unknown_unit", {"id": unit})
    collective = raw.get("collective")
    if collective is not None:
        collective = _id(collective, f"{path}.collective")
        if collective not in unit_ids:
            raise InputError(
                f"{path}.collective",
                f"unknown unit '{collective}'",
                "unknown_unit",
                {"id": collective},
            )
    group = raw.get("group")
    if group is not None:
        group = _id(group, f"{path}.group")
    role = raw.get("role", "member")
    if role not in ROLES:
        raise InputError(
            f"{path}.role",
            "expected head | deputy | member",
            "expected_choice",
            {"choices": list(ROLES)},
        )
    deferred = raw.get("deferred")
    if deferred is not None and deferred not in DEFERRAL_REASONS:
        raise InputError(
            f"{path}.deferred",
            "expected null | " + " | ".join(DEFERRAL_REASONS),
            "expected_choice",
            {"choices": [None, *DEFERRAL_REASONS]},
        )
    total = None
    if raw.get("total") is not None or deferred is None:
        expected = "expected a number from 0 to 100"
        bounds = {"min": "0", "max": "100"}
        total = to_decimal(
            raw.get("total"), f"{path}.total", expected, "number_out_of_range", bounds
        )
        if not ZERO <= total <= HUNDRED:
            raise InputError(f"{path}.total", expected, "number_out_of_range", bounds)
    tasks_total = _count(raw.get("tasks_total", 0), f"{path}.tasks_total")
    tasks_completed = _count(raw.get("tasks_completed", tasks_total), f"{path}.tasks_completed")
    if tasks_completed > tasks_total:
        raise InputError(
            f"{path}.tasks_completed",
            f"expected at most tasks_total ({tasks_total})",
            "count_above",
            {"other": "tasks_total", "max": tasks_total},
        )
    dossier = raw.get("dossier", "on_time")
    if dossier not in DOSSIER_STATES:
        raise InputError(
            f"{path}.dossier",
            "expected on_time | late | missing",
            "expected_choice",
            {"choices": list(DOSSIER_STATES)},
        )
    gender = raw.get("gender")
    if gender is not None and gender not in GENDERS:
        raise InputError(
            f"{path}.gender",
            "expected male | female",
            "expected_choice",
            {"choices": list(GENDERS)},
        )
    name = raw.get("name")
    if name is not None and not isinstance(name, str):
        raise InputError(f"{path}.name", "expected text", "expected_text")
    return PersonInput(
        id=person_id,
        name=name,
        unit=unit,
        collective=collective,
        group=group,
        role=role,
        total=total,
        tasks_total=tasks_total,
        tasks_completed=tasks_completed,
        exceeded_count=_count(raw.get("exceeded_count", 0), f"{path}.exceeded_count"),
        force_majeure=_bool(raw.get("force_majeure", False), f"{path}.force_majeure"),
        dossier=dossier,
        deferred=deferred,
        gender=gender,
        ethnic_minority=_bool(raw.get("ethnic_minority", False), f"{path}.ethnic_minority"),
        service_start=_date(raw.get("service_start"), f"{path}.service_start"),
        retirement_date=_date(raw.get("retirement_date"), f"{path}.retirement_date"),
    )
