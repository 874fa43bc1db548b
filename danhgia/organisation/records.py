"""Changing one official or one unit (the API's PATCH), through the organisation import.

The change is written as the one row an organisation workbook would carry for the record (its
current values with the requested ones over them), planned and applied by the import itself:
the same checks, the same unit-path recomputation, the same position history when the post
changes and the same audit entries as a file that changes that row. Only the note of the audit
entries differs ("API: …").

The optimistic lock needs no column: a record's ``fingerprint`` is a hash of the values this
module may change; the caller sends the one it read, and a record changed since is refused with
``StaleRecord`` (nothing written). The caller decides who may change records
(``access.Action.IMPORT_ORGANISATION``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danhgia.xlsx import RowData, SheetData, WorkbookInvalid

from .importing.apply import Result, apply_plan
from .importing.columns import OFFICIALS, SHEETS, UNITS
from .importing.plan import plan_sheets
from .models import Official, Unit

#: what an HR system may change on an official: the import's keys
OFFICIAL_FIELDS = (
    "full_name",
    "party_position",
    "government_position",
    "mass_org_position",
    "unit",
    "leadership_role",
    "management_scope",
    "group",
    "email",
)
UNIT_FIELDS = ("name", "parent", "block")


class StaleRecord(Exception):
    """The record changed since the fingerprint the caller sent: nothing was written."""


class RecordInvalid(Exception):
    """The change breaks a rule of the import: ``errors`` maps each import key to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


def _hash(values: dict[str, Any]) -> str:
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def official_values(official: Official) -> dict[str, Any]:
    """The official's changeable values, by import key (relations by code)."""
    user = official.user
    return {
        "full_name": official.full_name,
        "party_position": official.party_position,
        "government_position": official.government_position,
        "mass_org_position": official.mass_org_position,
        "unit": official.unit.code,
        "leadership_role": official.leadership_role,
        "management_scope": official.management_scope,
        "group": official.comparison_group.code if official.comparison_group_id else None,
        "username": user.username if user else None,
        "email": user.email if user else None,
    }


def unit_values(unit: Unit) -> dict[str, Any]:
    return {
        "name": unit.name,
        "parent": unit.parent.code if unit.parent_id else None,
        "block": unit.block.code if unit.block_id else None,
    }


def official_fingerprint(official: Official) -> str:
    return _hash(official_values(official))


def unit_fingerprint(unit: Unit) -> str:
    return _hash(unit_values(unit))


def _sheets(sheet: str, values: dict[str, Any]) -> dict[str, SheetData]:
    """The workbook of one row: the row's cells are named by their key (errors name fields)."""
    row = RowData(2, values, {key: key for key in values})
    sheets = {name: SheetData(name) for name, _columns in SHEETS}
    sheets[sheet].rows.append(row)
    return sheets


def _apply(sheets: dict[str, SheetData], actor, note: str) -> Result:
    try:
        plan = plan_sheets(sheets)
    except WorkbookInvalid as invalid:
        errors: dict[str, list[str]] = {}
        for problem in invalid.problems:
            errors.setdefault(problem.cell or "non_field_errors", []).append(problem.message)
        raise RecordInvalid(errors) from None
    return apply_plan(plan, actor, note=note)


def change_official(
    official_id: int, changes: dict[str, Any], fingerprint: str, actor=None, *, via: str = "API"
) -> Official:
    """Write ``changes`` (import keys: unit and group by code, email of the account)."""
    unknown = set(changes) - set(OFFICIAL_FIELDS)
    if unknown:
        raise ValueError(f"not changeable: {sorted(unknown)}")
    with transaction.atomic():
        official = (
            Official.objects.select_for_update(of=("self",))
            .select_related("unit", "comparison_group", "user")
            .get(pk=official_id)
        )
        current = official_values(official)
        if _hash(current) != fingerprint:
            raise StaleRecord
        email = changes.get("email", current["email"])
        if "email" in changes and current["username"] is None and email:
            raise RecordInvalid(
                {"email": [_("cán bộ chưa có tài khoản nên không có email để thay đổi")]}
            )
        row = {
            "code": official.code,
            "full_name": official.full_name,
            "date_of_birth": official.date_of_birth,
            "gender": official.gender,
            "ethnic_minority": official.ethnic_minority,
            "party_position": official.party_position,
            "government_position": official.government_position,
            "mass_org_position": official.mass_org_position,
            "unit": current["unit"],
            "leadership_role": official.leadership_role,
            "management_scope": official.management_scope,
            "group": current["group"],
            "service_start": official.service_start,
            "expected_retirement": official.expected_retirement,
            "username": current["username"],
            # a blank e-mail leaves the account's as it is (the import's rule)
            "email": (email or "").strip().lower() or None,
        }
        row.update({k: v for k, v in changes.items() if k != "email"})
        _apply(_sheets(OFFICIALS, row), actor, _note(via, official.code))
    return Official.objects.select_related("unit", "comparison_group", "user").get(pk=official_id)


def change_unit(
    unit_id: int, changes: dict[str, Any], fingerprint: str, actor=None, *, via: str = "API"
) -> Unit:
    """Write ``changes`` (name; parent and block by code)."""
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise ValueError(f"not changeable: {sorted(unknown)}")
    with transaction.atomic():
        unit = Unit.objects.select_for_update(of=("self",)).select_related("parent", "block")
        unit = unit.get(pk=unit_id)
        current = unit_values(unit)
        if _hash(current) != fingerprint:
            raise StaleRecord
        row = {"code": unit.code, **current, **changes}
        _apply(_sheets(UNITS, row), actor, _note(via, unit.code))
    return Unit.objects.select_related("parent", "block").get(pk=unit_id)


def _note(via: str, code: str) -> str:
    return _("Cập nhật hồ sơ tổ chức qua %(via)s: %(code)s") % {"via": via, "code": code}
