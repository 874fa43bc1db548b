"""What an organisation workbook would change: units, blocks and groups (the diff).

The plan reads the database once per kind (a constant number of queries whatever the size of
the file), checks every reference of the file against the file and the database, and lists what
would be created, changed and left alone. It writes nothing: ``apply`` does, from the plan.
Nothing is ever deleted: what the file does not name is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from danhgia.xlsx import Problem, RowData, SheetData, WorkbookInvalid, read_sheet

from ..models import Block, ComparisonGroup, Unit
from .columns import FIELD_HEADERS, GROUPS, SHEETS, UNITS, shown

PATH_MAX = 1000


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


@dataclass
class Change:
    """One record created or changed: shown in the preview and written to the audit log."""

    kind: str  # "unit", "block", "group", "official", "account", "role"
    key: str
    label: str
    created: bool
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str, str]]:
        """(column header, value before, value after) of each changed value, for the preview."""
        return [
            (FIELD_HEADERS.get(key, key), shown(self.before.get(key)), shown(value))
            for key, value in self.after.items()
        ]


@dataclass
class Plan:
    sheets: dict[str, SheetData]
    problems: list[Problem]
    broken: set[str]
    changes: list[Change] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=dict)
    # blocks: normalised name or code → Block (new ones unsaved)
    blocks: dict[str, Block] = field(default_factory=dict)
    new_blocks: list[Block] = field(default_factory=list)
    # units by code (existing from the database, new ones unsaved), their parent's code
    units: dict[str, Unit] = field(default_factory=dict)
    unit_parent: dict[str, str | None] = field(default_factory=dict)
    unit_block: dict[str, str | None] = field(default_factory=dict)
    # the units the file names: their row, and their block (new blocks unsaved yet)
    unit_rows: dict[str, RowData] = field(default_factory=dict)
    block_of: dict[str, Block | None] = field(default_factory=dict)
    new_units: list[Unit] = field(default_factory=list)
    changed_units: list[Unit] = field(default_factory=list)
    groups: dict[str, ComparisonGroup] = field(default_factory=dict)
    new_groups: list[ComparisonGroup] = field(default_factory=list)
    changed_groups: list[ComparisonGroup] = field(default_factory=list)
    people: Any = None  # people.PeoplePlan

    def problem(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem(sheet, cell, message))

    def note(self, change: Change) -> None:
        self.changes.append(change)

    def keep(self, kind: str) -> None:
        self.unchanged[kind] = self.unchanged.get(kind, 0) + 1

    def count(self, kind: str) -> dict[str, int]:
        created = sum(1 for c in self.changes if c.kind == kind and c.created)
        changed = sum(1 for c in self.changes if c.kind == kind and not c.created)
        return {"created": created, "changed": changed, "unchanged": self.unchanged.get(kind, 0)}

    @property
    def is_empty(self) -> bool:
        return not self.changes


def build_plan(workbook) -> Plan:
    """The plan of ``workbook``, or ``WorkbookInvalid`` with every problem of the file."""
    return plan_sheets({name: read_sheet(workbook, name, columns) for name, columns in SHEETS})


def plan_sheets(sheets: dict[str, SheetData]) -> Plan:
    """The plan of sheets already read (a workbook's, or the rows one API change makes)."""
    from .people import plan_people

    problems = [p for sheet in sheets.values() for p in sheet.problems]
    # A sheet missing or with a wrong header has no rows: references to it are not checked.
    broken = {p.sheet for p in problems if not p.cell or p.cell[1:] == "1"}
    broken |= {name for name, sheet in sheets.items() if not sheet.present}
    plan = Plan(sheets, problems, broken)
    plan_units(plan)
    plan_groups(plan)
    plan_people(plan)
    if plan.problems:
        order = [name for name, _columns in SHEETS]
        raise WorkbookInvalid(sorted(plan.problems, key=lambda p: _place(p, order)))
    return plan


def _place(problem: Problem, order: list[str]) -> tuple:
    """Sheets in the template's order, then rows, then columns (A before AA)."""
    match = re.match(r"^([A-Z]+)(\d+)$", problem.cell)
    cell = (int(match[2]), len(match[1]), match[1]) if match else (0, 0, "")
    sheet = order.index(problem.sheet) if problem.sheet in order else -1
    return (sheet, *cell)


def unique_rows(plan: Plan, sheet: str, key: str, label: str) -> list[RowData]:
    """The rows of ``sheet`` with a value in ``key``; a value seen twice is a problem."""
    seen: dict[str, int] = {}
    rows = []
    for row in plan.sheets[sheet].rows:
        value = row.values.get(key)
        if value is None:
            continue
        folded = str(value).casefold()
        if folded in seen:
            plan.problem(
                sheet,
                row.ref(key),
                _("%(label)s “%(value)s” trùng với dòng %(row)s")
                % {"label": label, "value": value, "row": seen[folded]},
            )
            continue
        seen[folded] = row.number
        rows.append(row)
    return rows


def _block_code(name: str, taken: set[str]) -> str:
    base = slugify(name.replace("đ", "d").replace("Đ", "D"))[:44] or "khoi"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    taken.add(code)
    return code


def _block(plan: Plan, text: str | None) -> Block | None:
    """The block named (or coded) ``text``; a block not yet known is created."""
    if text is None:
        return None
    key = normal(text)
    if key not in plan.blocks:
        taken = {b.code for b in plan.blocks.values()}
        block = Block(code=_block_code(text, taken), name=text)
        plan.blocks[key] = plan.blocks[normal(block.code)] = block
        plan.new_blocks.append(block)
        plan.note(Change("block", block.code, block.name, True, after={"name": block.name}))
    return plan.blocks[key]


def plan_units(plan: Plan) -> None:
    for block in Block.objects.all():
        plan.blocks.setdefault(normal(block.name), block)
        plan.blocks[normal(block.code)] = block
    existing = {u.pk: u for u in Unit.objects.only("id", "code", "name", "parent", "block", "path")}
    code_of = {pk: u.code for pk, u in existing.items()}
    block_code = {b.pk: b.code for b in plan.blocks.values() if b.pk}
    for unit in existing.values():
        plan.units[unit.code] = unit
        plan.unit_parent[unit.code] = code_of.get(unit.parent_id)
        plan.unit_block[unit.code] = block_code.get(unit.block_id)
    rows = unique_rows(plan, UNITS, "code", _("mã đơn vị"))
    file_codes = {row.values["code"] for row in rows}
    before = {
        code: (plan.unit_parent[code], plan.unit_block[code])
        for code in file_codes & set(plan.units)
    }
    for row in rows:
        code, parent = row.values["code"], row.values["parent"]
        if parent is not None and parent not in plan.units and parent not in file_codes:
            plan.problem(
                UNITS,
                row.ref("parent"),
                _("không có đơn vị mã “%(code)s” (trong tệp hoặc trong hệ thống)")
                % {"code": parent},
            )
            parent = None
        block = _block(plan, row.values["block"])
        unit = plan.units.get(code)
        if unit is None:
            unit = Unit(code=code, name=row.values["name"])
            plan.units[code] = unit
            plan.new_units.append(unit)
        plan.unit_rows[code] = row
        plan.block_of[code] = block
        plan.unit_parent[code] = parent
        plan.unit_block[code] = block.code if block else None
    paths = _paths(plan)
    for row in rows:
        code = row.values["code"]
        unit = plan.units[code]
        after = {
            "name": row.values["name"],
            "parent": plan.unit_parent[code],
            "block": plan.unit_block[code],
        }
        if unit.pk is None:
            unit.path = paths.get(code, "")
            plan.note(Change("unit", code, unit.name, True, after=after))
            continue
        old_parent, old_block = before[code]
        was = {"name": unit.name, "parent": old_parent, "block": old_block}
        diff = {k for k in after if after[k] != was[k]}
        if diff:
            unit.name = row.values["name"]
            plan.changed_units.append(unit)
            plan.note(
                Change(
                    "unit",
                    code,
                    unit.name,
                    False,
                    before={k: was[k] for k in sorted(diff)},
                    after={k: after[k] for k in sorted(diff)},
                )
            )
        else:
            plan.keep("unit")
    # Paths follow moves: a unit moved under another one takes its subtree along.
    for code, unit in plan.units.items():
        if unit.pk is not None and code in paths and unit.path != paths[code]:
            unit.path = paths[code]
            if unit not in plan.changed_units:
                plan.changed_units.append(unit)


def _paths(plan: Plan) -> dict[str, str]:
    """Each unit's path from the root; cycles and paths too long are problems of the file."""
    paths: dict[str, str] = {}
    for start in plan.units:
        chain: list[str] = []
        code: str | None = start
        while code is not None and code not in paths:
            if code in chain:
                cycle = [*chain[chain.index(code) :], code]
                _cycle_problem(plan, cycle)
                for member in chain:
                    paths[member] = ""
                break
            chain.append(code)
            code = plan.unit_parent.get(code)
        else:
            prefix = paths[code] if code is not None else "/"
            for member in reversed(chain):
                prefix = f"{prefix}{member}/" if prefix else ""
                paths[member] = prefix
    for code, path in paths.items():
        row = plan.unit_rows.get(code)
        if len(path) > PATH_MAX and row is not None:
            plan.problem(UNITS, row.ref("parent"), _("cây đơn vị quá sâu"))
    return paths


def _cycle_problem(plan: Plan, cycle: list[str]) -> None:
    for code in cycle[:-1]:
        row = plan.unit_rows.get(code)
        if row is not None:
            plan.problem(
                UNITS,
                row.ref("parent"),
                _("đơn vị cấp trên tạo thành vòng lặp: %(cycle)s") % {"cycle": " → ".join(cycle)},
            )
            return


def plan_groups(plan: Plan) -> None:
    plan.groups = {g.code: g for g in ComparisonGroup.objects.only("id", "code", "name")}
    for row in unique_rows(plan, GROUPS, "code", _("mã nhóm")):
        code, name = row.values["code"], row.values["name"]
        group = plan.groups.get(code)
        if group is None:
            group = ComparisonGroup(code=code, name=name)
            plan.groups[code] = group
            plan.new_groups.append(group)
            plan.note(Change("group", code, name, True, after={"name": name}))
        elif group.name != name:
            plan.note(Change("group", code, name, False, {"name": group.name}, {"name": name}))
            group.name = name
            plan.changed_groups.append(group)
        else:
            plan.keep("group")
