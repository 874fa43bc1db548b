"""Decimal helpers: parsing, rounding half-up, Vietnamese number formatting.

All arithmetic of the engine runs in ``Decimal``; floats never enter a computation.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .errors import InputError

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
KPI_DECIMALS = 4
#: numbers accepted from inputs and data files: large enough for any count or percentage
MAX_NUMBER = Decimal(10) ** 12
MIN_NUMBER = Decimal(10) ** -9


def to_decimal(
    value: object,
    path: str,
    expected: str = "expected a number",
    code: str = "expected_number",
    params: dict[str, Any] | None = None,
) -> Decimal:
    """Turn a JSON/YAML number into a Decimal; booleans and strings are refused.

    ``expected``, ``code`` and ``params`` are what the InputError says when the value is not a
    number the caller accepts (``code`` ``too_precise`` for a number below 10⁻⁹).
    """
    if isinstance(value, bool) or value is None:
        raise InputError(path, expected, code, params)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # YAML files give floats; their shortest repr is the number the author wrote.
        result = Decimal(repr(value))
    else:
        raise InputError(path, expected, code, params)
    if not result.is_finite() or abs(result) > MAX_NUMBER:
        raise InputError(path, expected, code, params)
    if result and abs(result) < MIN_NUMBER:
        raise InputError(
            path,
            f"{expected} (at most 9 decimal places)",
            "too_precise",
            {**(params or {}), "expected": code, "places": 9},
        )
    return result


def to_int(
    value: object,
    path: str,
    expected: str = "expected a whole number",
    code: str = "expected_whole_number",
    params: dict[str, Any] | None = None,
) -> int:
    """Accept a JSON integer (or an integral decimal such as 6.0)."""
    if isinstance(value, bool) or value is None:
        raise InputError(path, expected, code, params)
    if isinstance(value, int):
        return value
    if isinstance(value, (Decimal, float)):
        try:
            dec = Decimal(repr(value)) if isinstance(value, float) else value
            if dec.is_finite() and dec == dec.to_integral_value():
                return int(dec)
        except InvalidOperation:  # pragma: no cover - defensive
            pass
    raise InputError(path, expected, code, params)


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(9)}


def quantum(places: int) -> Decimal:
    """10 ** -places as a Decimal (kept for the usual places: 78,000 roundings at 20,000)."""
    found = _QUANTA.get(places)
    return found if found is not None else Decimal(1).scaleb(-places)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half-up (0.5 goes up), as the guidance does (02-HD §6.2)."""
    return value.quantize(quantum(places), rounding=ROUND_HALF_UP)


def round_down(value: Decimal, places: int = 0) -> Decimal:
    return value.quantize(quantum(places), rounding=ROUND_DOWN)


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain text without exponent or trailing zeros (``"22.5"``, ``"20"``).

    How the engine puts decimals in JSON-friendly params (reasons, problems, errors).
    """
    return f"{value.normalize():f}"


def round_kpi(value: Decimal) -> Decimal:
    return round_half_up(value, KPI_DECIMALS)


def json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: integral values as int, others as their shortest float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


def format_vn(value: Decimal, places: int = 2) -> str:
    """Vietnamese display: decimal comma, dot for thousands (``1.234,50``)."""
    text = f"{round_half_up(value, places):,.{places}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_number(value: Decimal) -> str:
    """A number with a decimal comma and no trailing zeros (``22,5``, ``20``)."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def format_pct(numerator: int, denominator: int) -> str:
    """A share as a Vietnamese percentage with up to 2 decimals (``83,33 %``)."""
    if denominator == 0:
        return "100 %"
    pct = round_half_up(Decimal(numerator) * HUNDRED / Decimal(denominator), 2).normalize()
    text = f"{pct:f}".replace(".", ",")
    return f"{text} %"
