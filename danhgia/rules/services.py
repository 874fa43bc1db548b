"""Importing the engine's data files into versioned records, and reading them for display."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.engine import (
    EngineError,
    Framework,
    framework_from_mapping,
    list_framework_ids,
    list_policy_ids,
    load_framework,
    load_policy,
    policy_from_mapping,
    render_problem_vi,
)

from .choices import FrameworkStatus, Measure
from .messages import RulesFileRefused, describe_error, parse_data_text
from .models import FrameworkVersion, PolicyVersion, RulesVersion

FRAMEWORK, POLICY = "framework", "policy"
#: the largest data file an administrator uploads (the shipped ones are under 40 kB)
MAX_UPLOAD_BYTES = 1024 * 1024


@dataclass
class ImportReport:
    created: list[RulesVersion] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.created:
            return _("Không có thay đổi: %(n)d tệp đã được nhập trước đó.") % {
                "n": len(self.unchanged)
            }
        names = ", ".join(str(v) for v in self.created)
        return _("Đã nhập %(n)d phiên bản mới: %(names)s.") % {
            "n": len(self.created),
            "names": names,
        }


def import_shipped_rules(actor=None) -> ImportReport:
    """Import every policy and framework shipped with the engine; idempotent.

    A file whose exact content was imported before is skipped; a changed file becomes a new
    version (the old one may be in use and stays as it was).
    """
    report = ImportReport()
    with transaction.atomic():
        for policy_id in list_policy_ids():
            _store(PolicyVersion, load_policy(policy_id).raw, f"shipped:{policy_id}", actor, report)
        for framework_id in list_framework_ids():
            content = load_framework(framework_id).raw
            _store(FrameworkVersion, content, f"shipped:{framework_id}", actor, report)
    return report


def import_rules_file(path: Path, kind: str, actor=None) -> ImportReport:
    """Import one framework or policy file (``kind``: "framework" | "policy")."""
    report = ImportReport()
    if kind == "framework":
        model, content = FrameworkVersion, load_framework(str(path)).raw
    else:
        model, content = PolicyVersion, load_policy(str(path)).raw
    with transaction.atomic():
        _store(model, content, f"file:{path.name}", actor, report)
    return report


def read_rules_text(text: str, kind: str) -> dict[str, Any]:
    """Parse and check a framework or policy (YAML or JSON text) through the engine.

    Returns the content to store (a policy with its ``extends`` chain resolved); raises
    ``RulesFileRefused`` with Vietnamese messages naming the path when the engine refuses it.
    A framework whose numbers do not add up is read (its problems are the version's).
    """
    data = parse_data_text(text)
    try:
        loaded = framework_from_mapping(data) if kind == FRAMEWORK else policy_from_mapping(data)
    except EngineError as exc:
        raise RulesFileRefused([describe_error(exc, data if kind == FRAMEWORK else None)]) from None
    except (ValueError, TypeError, ArithmeticError):  # a value the engine could not read at all
        raise RulesFileRefused([_("Tệp có giá trị không đọc được.")]) from None
    return data if kind == FRAMEWORK else dict(loaded.raw)


def import_rules_upload(upload, kind: str, actor=None) -> ImportReport:
    """An uploaded YAML or JSON file becomes a new version of its code (same code: next version).

    The same file uploaded again changes nothing (its hash is kept, as for ``import_rules``).
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise RulesFileRefused(
            [_("Tệp quá lớn: tối đa %(size)d kB.") % {"size": MAX_UPLOAD_BYTES // 1024}]
        )
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulesFileRefused([_("Tệp phải là văn bản UTF-8 (YAML hoặc JSON).")]) from None
    content = read_rules_text(text, kind)
    model = FrameworkVersion if kind == FRAMEWORK else PolicyVersion
    report = ImportReport()
    with transaction.atomic():
        _store(model, content, f"upload:{upload.name}"[:300], actor, report)
    return report


def copy_as_new_version(record: RulesVersion, actor=None) -> RulesVersion:
    """A new, editable version with the same content (how a used version gets changed)."""
    model = type(record)
    with transaction.atomic():
        copy = model.objects.create(
            code=record.code,
            version=next_version(model, record.code),
            content=record.content,
            origin=_("bản sao của %(record)s") % {"record": record},
        )
        log_action(actor, AuditAction.RULES_VERSION_COPIED, copy, note=str(record))
    return copy


def latest_valid_framework(code: str) -> FrameworkVersion | None:
    return (
        FrameworkVersion.objects.filter(code=code, status=FrameworkStatus.VALID)
        .order_by("-version")
        .first()
    )


def _store(
    model: type[RulesVersion], raw: dict[str, Any], origin: str, actor, report: ImportReport
) -> None:
    # A JSON round trip gives the content exactly as the database will hand it back.
    content = json.loads(json.dumps(raw, ensure_ascii=False))
    digest = hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    code = content["id"]
    if model.objects.filter(code=code, import_hash=digest).exists():
        report.unchanged.append(code)
        return
    record = model.objects.create(
        code=code,
        version=next_version(model, code),
        content=content,
        origin=origin,
        import_hash=digest,
    )
    action = (
        AuditAction.FRAMEWORK_IMPORTED if model is FrameworkVersion else AuditAction.POLICY_IMPORTED
    )
    log_action(actor, action, record, after={"status": record.status, "origin": origin})
    report.created.append(record)


def next_version(model: type[RulesVersion], code: str) -> int:
    current = model.objects.filter(code=code).aggregate(top=Max("version"))["top"]
    return (current or 0) + 1


def describe_problem(problem: str) -> str:
    """A framework problem in Vietnamese: the engine's ``render_problem_vi``."""
    return render_problem_vi(problem)


@dataclass(frozen=True)
class CriterionRow:
    code: str
    text: str
    max: Decimal
    measure: str
    target_hint: str
    note: str
    categories: tuple[tuple[str, Decimal], ...]
    items: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A part A group or a part B axis, ready for a template."""

    part: str
    number: int
    title: str
    max: Decimal | None
    rows_total: Decimal
    criteria: tuple[CriterionRow, ...]


def framework_sections(framework: Framework) -> list[Section]:
    """The criteria tree of a framework: part A groups, then part B axes."""
    sections = []
    for part, groups in (("A", framework.groups), ("B", framework.axes)):
        for group in groups:
            rows = tuple(
                CriterionRow(
                    code=c.code,
                    text=c.text,
                    max=c.max,
                    measure=Measure(c.measure).label,
                    target_hint=c.target_hint,
                    note=c.note,
                    categories=c.categories,
                    items=c.items,
                )
                for c in group.criteria
            )
            sections.append(
                Section(part, group.number, group.title, group.max, group.rows_total, rows)
            )
    return sections
