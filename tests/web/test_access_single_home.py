"""Every right is decided in ``danhgia/access`` (STYLE "Rights have one home").

A scan of the code and templates outside the access package: nothing reads the role constants,
an account's roles, scopes or role assignments, or the superuser and staff flags, to decide by
itself who may do what. The few places that read roles for another reason are listed below,
each with the reason; an entry that no longer reads a role must leave the list.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from danhgia import access
from danhgia.access import Action
from danhgia.evaluations.workflow import VERIFICATION
from danhgia.review.returns import owners_of
from danhgia.tasks.choices import TaskState

from . import factories as f
from . import review_world

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "danhgia"
TEMPLATES = PACKAGE / "templates"

#: modules that read roles without deciding a right (path -> reason)
ALLOWED = {
    "danhgia/organisation/choices.py": "defines the roles (the vocabulary access reads)",
    "danhgia/organisation/models.py": "defines the role assignment model and its choices",
    "danhgia/organisation/admin.py": "the admin edits role assignments (the admin's own rights)",
    "danhgia/core/demo.py": "the demo creates accounts and their role assignments",
    "danhgia/core/demo_review.py": "the demo creates an assigning agency's role assignment",
    "danhgia/organisation/importing/columns.py": "the import reads role names (vocabulary)",
    "danhgia/organisation/importing/people.py": "the import plans the file's role assignments",
    "danhgia/organisation/importing/apply.py": "the import writes the file's role assignments",
    "danhgia/periods/services.py": "the home page's duties of each role held (what is due, when)",
    "danhgia/core/services.py": "the home page shows the user's roles and units (access.scopes)",
    "danhgia/templates/core/home.html": "the home page names a superuser's standing",
}

#: the access functions that answer with roles or take them (the callers would decide)
ROLE_FUNCTIONS = {
    "assigned_roles",
    "assignments",
    "covers_unit",
    "holds",
    "is_administrator",
    "scopes",
    "with_roles",
}
FLAGS = {"is_superuser", "is_staff"}
TEMPLATE_READS = re.compile(r"\b(is_superuser|is_staff|\.roles\b|\.role\b)")


def _reads(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "Role":
                found.append((node.lineno, f"Role.{node.attr}"))
            elif node.attr in FLAGS or node.attr == "roles":
                found.append((node.lineno, f".{node.attr}"))
            elif node.attr.endswith("_ROLES"):
                found.append((node.lineno, node.attr))
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id == "access"
                and node.attr in ROLE_FUNCTIONS
            ):
                found.append((node.lineno, f"access.{node.attr}"))
        elif isinstance(node, ast.Name) and (
            node.id.endswith("_ROLES") or node.id == "RoleAssignment"
        ):
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.ImportFrom) and node.module == "danhgia.access":
            for alias in node.names:
                if alias.name.endswith("_ROLES") or alias.name in ROLE_FUNCTIONS:
                    found.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.Call) and _is_units_in_scope_with_roles(node):
            found.append((node.lineno, "access.units_in_scope(user, roles)"))
    return found


def _is_units_in_scope_with_roles(call: ast.Call) -> bool:
    name = getattr(call.func, "attr", getattr(call.func, "id", ""))
    return name == "units_in_scope" and (len(call.args) > 1 or bool(call.keywords))


def _role_reads() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        if "migrations" in path.parts or rel.startswith(("danhgia/access/", "danhgia/engine/")):
            continue
        reads = _reads(ast.parse(path.read_text(), filename=rel))
        if reads:
            result[rel] = [f"{rel}:{line} {what}" for line, what in sorted(set(reads))]
    for path in sorted(TEMPLATES.rglob("*.html")):
        rel = str(path.relative_to(ROOT))
        lines = path.read_text().splitlines()
        reads = [
            f"{rel}:{n} {m.group(1)}"
            for n, s in enumerate(lines, 1)
            for m in [TEMPLATE_READS.search(s)]
            if m
        ]
        if reads:
            result[rel] = reads
    return result


def test_no_module_outside_access_reads_roles_to_decide_a_right():
    offenders = [
        read for path, reads in _role_reads().items() if path not in ALLOWED for read in reads
    ]
    assert offenders == []


def test_every_allowed_module_still_reads_roles():
    """The allow-list stays small: an entry whose module no longer reads a role is removed."""
    assert set(ALLOWED) - set(_role_reads()) == set()


def test_the_scan_sees_a_role_read():
    """The scan would catch the reads this test file was written to remove."""
    source = (
        "from danhgia.access import UNIT_CLERK_ROLES\n"
        "units = access.units_in_scope(user, [Role.APPRAISER])\n"
        "admin = access.is_administrator(user) or user.is_superuser\n"
    )
    found = {what for _line, what in _reads(ast.parse(source))}
    assert found == {
        "import UNIT_CLERK_ROLES",
        "access.units_in_scope(user, roles)",
        "Role.APPRAISER",
        "access.is_administrator",
        ".is_superuser",
    }


@pytest.fixture
def rw(world):
    return review_world.build(world)


def test_a_return_to_verification_tells_the_assigning_side_of_the_persons_tasks(rw):
    """Both assigning units (unit A's leadership, the province's agency) are told."""
    owners = owners_of(rw.evaluation, VERIFICATION)
    assert sorted(u.username for u in owners) == ["agency", "unit_head"]


def test_an_agency_above_the_assigning_unit_is_not_told(rw):
    """Fixed: the assigning side is the role whose unit *is* the task's assigning unit
    (``access.rules.tasks``); an agency whose subtree covers unit A may not confirm what unit A
    assigned, so it is not e-mailed when the person's evaluation goes back to verification."""
    rw.task_agency.state = TaskState.CANCELLED
    rw.task_agency.save()
    owners = owners_of(rw.evaluation, VERIFICATION)
    assert sorted(u.username for u in owners) == ["unit_head"]
    assert not rw.users["agency"].is_superuser
    assert not access.can(rw.users["agency"], rw.evaluation, Action.VERIFY)


def test_an_inactive_account_is_not_told(rw):
    rw.users["agency"].is_active = False
    rw.users["agency"].save()
    assert [u.username for u in owners_of(rw.evaluation, VERIFICATION)] == ["unit_head"]


def test_a_records_history_is_shown_only_to_who_sees_the_record(rw):
    outsider = f.make_user("no_role_at_all")
    assert access.history(rw.users["unit_head"], rw.evaluation) != []
    assert access.history(outsider, rw.evaluation) == []
