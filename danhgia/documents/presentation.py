"""What every document shows the same way: header blocks, place and date, numbers, dates.

Numbers are formatted here, never computed: callers pass what the engine computed or what the
stages stored (``Decimal``), and get the decimal comma of ``danhgia.engine.format_vn``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from danhgia.engine import format_number, format_vn

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


def num(value: Decimal | int | None, places: int | None = 2) -> str:
    """``Decimal("12.5")`` → ``"12,50"`` (``places=None``: no trailing zeros, ``"12,5"``)."""
    if value is None:
        return ""
    value = Decimal(value)
    return format_number(value) if places is None else format_vn(value, places)


def vn_date(value: datetime.date | datetime.datetime | None) -> str:
    """dd/mm/yyyy, local time for a moment."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.strftime("%d/%m/%Y")


def long_date(value: datetime.date) -> str:
    """``ngày 05 tháng 10 năm 2026`` (36-HD/VPTW: day and month below 10 with a leading 0)."""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def _root(unit):
    """The top of the unit's tree (its path's first id), read by the caller's unit relations."""
    while unit.parent_id is not None:
        unit = unit.parent
    return unit


def place_name(unit) -> str:
    """The province's name for "Nơi, ngày …": the root unit's name without "Tỉnh"."""
    name = _root(unit).name
    for prefix in ("Tỉnh ủy ", "Tỉnh ", "Thành phố ", "Thành ủy "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


@dataclass(frozen=True)
class Letterhead:
    """The header blocks of 36-HD/VPTW: the issuing body (its parent upper case, itself upper
    case bold) top left, the Party's name top right, place and date in italics below it."""

    parent: str
    body: str
    place: str
    date: datetime.date

    @property
    def party(self) -> str:
        return PARTY

    @property
    def place_date(self) -> str:
        return f"{self.place}, {long_date(self.date)}"


def letterhead(unit, when: datetime.date | None = None) -> Letterhead:
    """The header of a document issued by ``unit`` (its parent, or the province's party
    organisation for a unit at the top) dated ``when`` (today when not given)."""
    root = _root(unit)
    place = place_name(unit)
    if unit.parent_id is None or unit.parent_id == root.pk:
        parent = f"ĐẢNG BỘ TỈNH {place}" if root.name.startswith("Tỉnh") else root.name
    else:
        parent = unit.parent.name
    return Letterhead(
        parent=parent.upper(),
        body=unit.name.upper(),
        place=place,
        date=when or timezone.localdate(),
    )
