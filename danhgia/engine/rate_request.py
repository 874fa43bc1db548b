"""Reading the JSON input of ``danhgia rate`` (SPEC §15).

Turns untrusted JSON into a policy, the comparison groups, the units' figures and the people to
rate, and stops at the first problem with its JSON path (``people[3].total: expected a number
from 0 to 100``).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from .errors import InputError
from .numbers import HUNDRED, MIN_NUMBER, ZERO, decimal_text, to_decimal
from .policy import ROLES, Policy
from .policy_loading import load_policy
from .rating_types import DOSSIER_STATES, GroupInput, PersonInput, UnitFigures
from .ratings import RATING_CODES, Rating
from .reasons import DEFERRAL_REASONS
from .request_values import (
    check_keys,
    read_bool,
    read_count,
    read_date,
    read_id,
    read_list,
    read_object,
    read_ref,
)

PERIOD_RE = re.compile(r"^\d{4}-Q[1-4]$")
GENDERS = ("male", "female")
REQUEST_KEYS = frozenset({"policy", "period", "groups", "units", "people"})
GROUP_KEYS = frozenset({"id", "quota_pct"})
UNIT_KEYS = frozenset(
    {
        "id",
        "tasks_total",
        "tasks_completed",
        "tasks_late",
        "tasks_exceeding",
        "force_majeure",
        "rating",
    }
)
PERSON_KEYS = frozenset(
    {
        "id",
        "unit",
        "collective",
        "group",
        "role",
        "total",
        "tasks_total",
        "tasks_completed",
        "exceeded_count",
        "force_majeure",
        "dossier",
        "dossier_days_late",
        "deferred",
        "gender",
        "ethnic_minority",
        "service_start",
        "retirement_date",
    }
)


def parse_rate_request(
    data: Any,
) -> tuple[Policy, str | None, list[GroupInput], list[UnitFigures], list[PersonInput]]:
    data = read_object(data, "")
    check_keys(data, "", REQUEST_KEYS)
    if "policy" not in data:
        raise InputError(
            "policy", "required: a policy id or file path", "required", {"key": "policy"}
        )
    policy = load_policy(read_ref(data["policy"], "policy", "policy"))
    period = data.get("period")
    if period is not None and (not isinstance(period, str) or not PERIOD_RE.match(period)):
        raise InputError("period", "expected a quarter like 2026-Q3", "expected_period")

    groups: list[GroupInput] = []
    seen: set[str] = set()
    for i, raw in enumerate(read_list(data.get("groups", []), "groups")):
        path = f"groups[{i}]"
        raw = read_object(raw, path)
        check_keys(raw, path, GROUP_KEYS)
        group_id = read_id(raw.get("id"), f"{path}.id")
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
    for i, raw in enumerate(read_list(data.get("units"), "units")):
        path = f"units[{i}]"
        raw = read_object(raw, path)
        check_keys(raw, path, UNIT_KEYS)
        unit_id = read_id(raw.get("id"), f"{path}.id")
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
    for i, raw in enumerate(read_list(data.get("people"), "people")):
        path = f"people[{i}]"
        if type(raw) is not dict:
            raw = read_object(raw, path)
        person = _person(raw, path, unit_ids, policy)
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


def _at_most(path: str, key: str, value: int, other: str, limit: int) -> None:
    """Refuse a count above the count it is part of (completed ≤ total, late ≤ completed…)."""
    if value > limit:
        raise InputError(
            f"{path}.{key}",
            f"expected at most {other} ({limit})",
            "count_above",
            {"other": other, "max": limit},
        )


def _unit(raw: dict[str, Any], path: str, unit_id: str) -> UnitFigures:
    total = read_count(raw.get("tasks_total", 0), f"{path}.tasks_total")
    completed = read_count(raw.get("tasks_completed", 0), f"{path}.tasks_completed")
    late = read_count(raw.get("tasks_late", 0), f"{path}.tasks_late")
    exceeding = read_count(raw.get("tasks_exceeding", 0), f"{path}.tasks_exceeding")
    _at_most(path, "tasks_completed", completed, "tasks_total", total)
    _at_most(path, "tasks_late", late, "tasks_completed", completed)
    _at_most(path, "tasks_exceeding", exceeding, "tasks_total", total)
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
        force_majeure=read_bool(raw.get("force_majeure", False), f"{path}.force_majeure"),
        rating=Rating(rating) if rating is not None else None,
    )


def _date(raw: dict[str, Any], key: str, path: str) -> date | None:
    """A date, or the refusal with its JSON path (``_person`` reads the common case itself)."""
    value = raw.get(key)
    if value is None:
        return None
    if type(value) is str:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return read_date(value, f"{path}.{key}")


def _ref(value: Any, path: str, key: str) -> str:
    """An id; text is the common case, anything else goes through ``read_id``."""
    if type(value) is str and value:
        return value
    return read_id(value, f"{path}.{key}")


def _person(raw: dict[str, Any], path: str, unit_ids: set[str], policy: Policy) -> PersonInput:
    if not raw.keys() <= PERSON_KEYS:
        check_keys(raw, path, PERSON_KEYS)
    # 20,000 people: the common values are checked inline and an error's JSON path is built only
    # when a value is refused (the readers of request_values say the same as before).
    person_id = raw.get("id")
    if type(person_id) is not str or not person_id:  # ``_ref``, inline
        person_id = _ref(person_id, path, "id")
    unit = raw.get("unit")
    if unit is None:
        raise InputError(
            f"{path}.unit", "required: the id of a unit in units", "required", {"key": "unit"}
        )
    if type(unit) is not str or not unit:
        unit = _ref(unit, path, "unit")
    if unit not in unit_ids:
        raise InputError(f"{path}.unit", f"unknown unit '{unit}'", "unknown_unit", {"id": unit})
    collective = raw.get("collective")
    if collective is not None:
        collective = _ref(collective, path, "collective")
        if collective not in unit_ids:
            raise InputError(
                f"{path}.collective",
                f"unknown unit '{collective}'",
                "unknown_unit",
                {"id": collective},
            )
    group = raw.get("group")
    if group is not None and (type(group) is not str or not group):
        group = _ref(group, path, "group")
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
    total = raw.get("total")
    if (total is not None or deferred is None) and (
        type(total) is not Decimal
        or not total.is_finite()
        or not ZERO <= total <= HUNDRED
        or (total and total < MIN_NUMBER)
    ):
        expected = "expected a number from 0 to 100"
        bounds = {"min": "0", "max": "100"}
        total = to_decimal(total, f"{path}.total", expected, "number_out_of_range", bounds)
        if not ZERO <= total <= HUNDRED:
            raise InputError(f"{path}.total", expected, "number_out_of_range", bounds)
    # (counts, flags and dates inline: a call each would cost as much as its checks)
    tasks_total = raw.get("tasks_total", 0)
    if type(tasks_total) is not int or tasks_total < 0:
        tasks_total = read_count(tasks_total, f"{path}.tasks_total")
    tasks_completed = raw.get("tasks_completed", tasks_total)
    if type(tasks_completed) is not int or tasks_completed < 0:
        tasks_completed = read_count(tasks_completed, f"{path}.tasks_completed")
    if tasks_completed > tasks_total:
        _at_most(path, "tasks_completed", tasks_completed, "tasks_total", tasks_total)
    days_late = None
    if raw.get("dossier_days_late") is not None:
        days_late = read_count(raw["dossier_days_late"], f"{path}.dossier_days_late")
    dossier = raw.get("dossier", "on_time" if days_late is None else "late")
    if dossier not in DOSSIER_STATES:
        raise InputError(
            f"{path}.dossier",
            "expected on_time | late | missing",
            "expected_choice",
            {"choices": list(DOSSIER_STATES)},
        )
    if days_late is not None:
        _check_days_late(path, dossier, days_late, policy)
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
    # (in the order the values were always checked: the first problem is the same)
    exceeded = raw.get("exceeded_count", 0)
    if type(exceeded) is not int or exceeded < 0:
        exceeded = read_count(exceeded, f"{path}.exceeded_count")
    force_majeure = raw.get("force_majeure", False)
    if type(force_majeure) is not bool:
        force_majeure = read_bool(force_majeure, f"{path}.force_majeure")
    minority = raw.get("ethnic_minority", False)
    if type(minority) is not bool:
        minority = read_bool(minority, f"{path}.ethnic_minority")
    start = raw.get("service_start")
    if start is not None:
        try:
            start = date.fromisoformat(start)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            start = _date(raw, "service_start", path)
    retirement = raw.get("retirement_date")
    if retirement is not None:
        try:
            retirement = date.fromisoformat(retirement)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            retirement = _date(raw, "retirement_date", path)
    return PersonInput.from_fields(
        {
            "id": person_id,
            "name": name,
            "unit": unit,
            "collective": collective,
            "group": group,
            "role": role,
            "total": total,
            "tasks_total": tasks_total,
            "tasks_completed": tasks_completed,
            "exceeded_count": exceeded,
            "force_majeure": force_majeure,
            "dossier": dossier,
            "dossier_days_late": days_late,
            "deferred": deferred,
            "gender": gender,
            "ethnic_minority": minority,
            "service_start": start,
            "retirement_date": retirement,
        }
    )


def _check_days_late(path: str, dossier: str, days_late: int, policy: Policy) -> None:
    """``dossier_days_late``: only under ``late_dossier: scale`` and only for a late dossier.

    A late dossier without it under ``scale`` is not refused ("may carry", SPEC §15): the
    authority is warned instead (``rating.counted_total``).
    """
    key = f"{path}.dossier_days_late"
    if policy.late_dossier != "scale":
        raise InputError(
            key,
            f"policy {policy.id} does not count working days late "
            f"(late_dossier: {policy.late_dossier})",
            "days_late_not_scaled",
            {"policy": policy.id, "rule": policy.late_dossier},
        )
    if dossier != "late":
        raise InputError(
            key,
            f"given only for a late dossier (dossier: {dossier})",
            "days_late_not_late",
            {"dossier": dossier},
        )
