"""Reading the values of a JSON request: objects, lists, ids, booleans, counts, dates.

Each reader returns the value or raises InputError with the value's JSON path and a machine code
(``people[3].unit: expected an id (text)``). ``score_request`` and ``rate_request`` build on them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .errors import InputError, join_path
from .numbers import ZERO, to_decimal, to_int


def read_object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(path, "expected an object", "expected_object")
    return value


def read_list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(path, "expected a list", "expected_list")
    return value


def read_ref(value: Any, path: str, kind: str) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(path, f"expected a {kind} id or file path", "expected_ref", {"kind": kind})
    return value


def read_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(path, "expected true or false", "expected_bool")
    return value


def read_id(value: Any, path: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise InputError(path, "expected an id (text)", "expected_id")
    return str(value)


def read_nonnegative(value: Any, path: str) -> Decimal:
    number = to_decimal(value, path, "expected a number ≥ 0", "expected_nonnegative")
    if number < ZERO:
        raise InputError(path, "expected a number ≥ 0", "expected_nonnegative")
    return number


def read_count(value: Any, path: str) -> int:
    number = to_int(value, path, "expected a whole number ≥ 0", "expected_count")
    if number < 0:
        raise InputError(path, "expected a whole number ≥ 0", "expected_count")
    return number


def read_date(value: Any, path: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(path, "expected a date YYYY-MM-DD", "expected_date")


#: keys any object of a request may carry to describe itself; the engine does not read them
DESCRIPTIVE_KEYS = frozenset({"name", "title", "note"})


def check_keys(value: dict[str, Any], path: str, known: frozenset[str] | set[str]) -> None:
    """Refuse a key the engine does not know (SPEC §15): nothing sent is silently ignored.

    ``name``, ``title`` and ``note`` are accepted everywhere (descriptive keys).
    """
    if value.keys() <= known:  # the common case, checked in C (20,000 people)
        return
    for key in value:
        if key not in known and key not in DESCRIPTIVE_KEYS:
            raise InputError(
                join_path(path, str(key)),
                "unknown key (only name, title and note may be added to describe a value)",
                "unknown_request_key",
                {"key": str(key)},
            )
