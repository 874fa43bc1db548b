"""The organisation workbook's sheets and columns, exactly as SPEC §13.2 names them."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from danhgia.xlsx import (
    Column,
    parse_choice,
    parse_date,
    parse_email,
    parse_text,
    parse_yes_no,
)

from ..choices import Gender, LeadershipRole, ManagementScope, Role

UNITS = "Đơn vị"
GROUPS = "Nhóm so sánh"
OFFICIALS = "Cán bộ"
ROLES = "Phân quyền"

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_USERNAME = re.compile(r"^[\w.@+-]+$")


def parse_code(max_length: int):
    """A unit or group code: letters without accents, digits, ``-`` and ``_`` (a slug)."""
    text = parse_text(max_length)

    def parse(value: Any) -> str:
        code = text(value)
        if not _SLUG.match(code):
            raise ValueError(
                _("mã “%(value)s” chỉ được gồm chữ không dấu, chữ số, “-” và “_”") % {"value": code}
            )
        return code

    return parse


def parse_username(value: Any) -> str:
    name = parse_text(150)(value)
    if not _USERNAME.match(name):
        raise ValueError(
            _("tên đăng nhập “%(value)s” chỉ được gồm chữ, chữ số và các ký tự @ . + - _")
            % {"value": name}
        )
    return name


def _labels(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


GENDERS = _labels(Gender)
LEADERSHIP_ROLES = _labels(LeadershipRole)
MANAGEMENT_SCOPES = _labels(ManagementScope)
#: SPEC §4's short names first (what the template's dropdown offers), then the product's labels
ROLE_NAMES = {
    "Cán bộ": Role.OFFICIAL,
    "Thư ký đơn vị": Role.UNIT_SECRETARY,
    "Lãnh đạo đơn vị": Role.UNIT_LEADERSHIP,
    "Cơ quan chủ trì": Role.ASSIGNING_AGENCY,
    "Thẩm định": Role.APPRAISER,
    "Cấp có thẩm quyền": Role.AUTHORITY,
    "Quản trị": Role.ADMINISTRATOR,
}
ROLE_LABELS = {**ROLE_NAMES, **_labels(Role)}
YES_NO = ["Có", "Không"]

UNIT_COLUMNS = [
    Column("Mã đơn vị", "code", parse_code(100), required=True),
    Column("Tên đơn vị", "name", parse_text(200), required=True),
    Column("Mã đơn vị cấp trên", "parent", parse_code(100)),
    Column("Khối", "block", parse_text(200)),
]
GROUP_COLUMNS = [
    Column("Mã nhóm", "code", parse_code(60), required=True),
    Column("Tên nhóm", "name", parse_text(200), required=True),
]
OFFICIAL_COLUMNS = [
    Column("Mã cán bộ", "code", parse_text(30), required=True),
    Column("Họ và tên", "full_name", parse_text(150), required=True),
    Column("Ngày sinh", "date_of_birth", parse_date, required=True),
    Column("Giới tính", "gender", parse_choice(GENDERS), required=True),
    Column("Dân tộc thiểu số", "ethnic_minority", parse_yes_no),
    Column("Chức vụ Đảng", "party_position", parse_text(200)),
    Column("Chức vụ chính quyền", "government_position", parse_text(200)),
    Column("Chức vụ đoàn thể", "mass_org_position", parse_text(200)),
    Column("Mã đơn vị", "unit", parse_code(100), required=True),
    Column("Vai trò trong tập thể lãnh đạo", "leadership_role", parse_choice(LEADERSHIP_ROLES)),
    Column("Diện quản lý", "management_scope", parse_choice(MANAGEMENT_SCOPES), required=True),
    Column("Mã nhóm so sánh", "group", parse_code(60)),
    Column("Ngày vào công tác", "service_start", parse_date, required=True),
    Column("Ngày nghỉ hưu dự kiến", "expected_retirement", parse_date),
    Column("Tên đăng nhập", "username", parse_username),
    Column("Email", "email", parse_email),
]
ROLE_COLUMNS = [
    Column("Tên đăng nhập", "username", parse_username, required=True),
    Column("Vai trò", "role", parse_choice(ROLE_LABELS, shown=ROLE_NAMES), required=True),
    Column("Mã đơn vị", "unit", parse_code(100), required=True),
    Column("Cả đơn vị cấp dưới", "include_subtree", parse_yes_no),
]

SHEETS = [
    (UNITS, UNIT_COLUMNS),
    (GROUPS, GROUP_COLUMNS),
    (OFFICIALS, OFFICIAL_COLUMNS),
    (ROLES, ROLE_COLUMNS),
]
#: the dropdowns of the template: (sheet, column key, options)
DROPDOWNS = [
    (OFFICIALS, "gender", list(GENDERS)),
    (OFFICIALS, "ethnic_minority", YES_NO),
    (OFFICIALS, "leadership_role", list(LEADERSHIP_ROLES)),
    (OFFICIALS, "management_scope", list(MANAGEMENT_SCOPES)),
    (ROLES, "role", list(ROLE_NAMES)),
    (ROLES, "include_subtree", YES_NO),
]

#: the header naming each compared value in the preview (the same key on every sheet)
FIELD_HEADERS = {
    **{c.key: c.header for c in OFFICIAL_COLUMNS},
    "name": "Tên",
    "parent": "Mã đơn vị cấp trên",
    "block": "Khối",
    "email": "Email",
    "include_subtree": "Cả đơn vị cấp dưới",
}
_VALUE_LABELS = {
    **{value: label for label, value in GENDERS.items()},
    **{value: label for label, value in LEADERSHIP_ROLES.items()},
    **{value: label for label, value in MANAGEMENT_SCOPES.items()},
}


def shown(value: Any) -> str:
    """A value as the preview shows it: dates dd/mm/yyyy, Có/Không, choices by their label."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    return str(_VALUE_LABELS.get(value, value))
