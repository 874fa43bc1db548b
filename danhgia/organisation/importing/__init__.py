"""Loading the organisation from one workbook (SPEC §13.2): units, groups, officials, roles.

``preview`` reads a file and says what would be created, changed and left alone;
``import_organisation`` does the same and writes it, all or nothing, in one transaction.
Both raise ``WorkbookInvalid`` with every problem of the file as ``Sheet!Cell: message``.
The caller decides who may import (the page asks ``danhgia.access``; the command is the system).
"""

from __future__ import annotations

from django.db import transaction

from danhgia.xlsx import open_upload

from .apply import KINDS, Result, apply_plan, set_password_link
from .plan import Change, Plan, build_plan
from .template import template_workbook

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "Change",
    "Plan",
    "Result",
    "import_organisation",
    "preview",
    "set_password_link",
    "summary",
    "template_workbook",
]


def preview(upload) -> Plan:
    """What the file would change; nothing is written."""
    return build_plan(open_upload(upload))


def import_organisation(upload, actor=None, *, filename: str = "") -> Result:
    """Write the file's organisation, all or nothing; the same file twice changes nothing."""
    workbook = open_upload(upload)
    with transaction.atomic():
        plan = build_plan(workbook)
        return apply_plan(plan, actor, filename or getattr(upload, "name", ""))


KIND_LABELS = {
    "block": "Khối",
    "unit": "Đơn vị",
    "group": "Nhóm so sánh",
    "official": "Cán bộ",
    "account": "Tài khoản",
    "role": "Phân quyền",
}


def summary(counts: dict[str, dict[str, int]]) -> list[str]:
    """One line per kind: "Đơn vị: 3 tạo mới, 1 thay đổi, 5 không thay đổi"."""
    return [
        f"{KIND_LABELS[kind]}: {c['created']} tạo mới, {c['changed']} thay đổi, "
        f"{c['unchanged']} không thay đổi"
        for kind in KINDS
        for c in [counts[kind]]
    ]
