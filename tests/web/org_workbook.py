"""Organisation workbooks for the import tests: the template's sheets with rows of text."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from danhgia.organisation.importing.columns import SHEETS

HEADERS = {name: [c.header for c in columns] for name, columns in SHEETS}

UNITS = [
    ["tinh", "Tỉnh Thử Nghiệm", None, None],
    # a child before its parent: the tree is resolved, not read top-down
    ["so-tc-phong-1", "Phòng Ngân sách", "so-tc", "Khối chính quyền"],
    ["so-tc", "Sở Tài chính", "tinh", "Khối chính quyền"],
    ["ban-tc", "Ban Tổ chức Tỉnh ủy", "tinh", "Khối Đảng"],
]
GROUPS = [["gd-so", "Giám đốc sở"], ["pho-gd-so", "Phó giám đốc sở"]]


def official(code, name, unit, **extra):
    row = {
        "Mã cán bộ": code,
        "Họ và tên": name,
        "Ngày sinh": "12/03/1975",
        "Giới tính": "Nam",
        "Dân tộc thiểu số": "Không",
        "Chức vụ Đảng": "",
        "Chức vụ chính quyền": "Phó Giám đốc",
        "Chức vụ đoàn thể": "",
        "Mã đơn vị": unit,
        "Vai trò trong tập thể lãnh đạo": "Cấp phó",
        "Diện quản lý": "Ban Thường vụ Tỉnh ủy quản lý",
        "Mã nhóm so sánh": "pho-gd-so",
        "Ngày vào công tác": "01/08/1998",
        "Ngày nghỉ hưu dự kiến": "",
        "Tên đăng nhập": "",
        "Email": "",
    }
    row.update(extra)
    return [row[h] or None for h in HEADERS["Cán bộ"]]


OFFICIALS = [
    official(
        "CB001",
        "Trần Văn An",
        "so-tc",
        **{
            "Vai trò trong tập thể lãnh đạo": "Người đứng đầu",
            "Chức vụ chính quyền": "Giám đốc",
            "Mã nhóm so sánh": "gd-so",
            "Tên đăng nhập": "an.tv",
            "Email": "an.tv@example.vn",
        },
    ),
    official("CB002", "Nguyễn Thị Bình", "so-tc", **{"Giới tính": "Nữ", "Tên đăng nhập": "binh"}),
    official("CB003", "Lê Văn Cường", "so-tc-phong-1", **{"Vai trò trong tập thể lãnh đạo": ""}),
    official("CB004", "Phạm Thu Dung", "ban-tc", **{"Giới tính": "Nữ", "Tên đăng nhập": "dung"}),
]
ROLES = [
    ["an.tv", "Lãnh đạo đơn vị", "so-tc", "Có"],
    ["binh", "Thư ký tổng hợp của đơn vị", "so-tc", None],
    ["dung", "Thẩm định", "tinh", "Có"],
    ["an.tv", "Cán bộ", "so-tc", None],
]


def workbook(units=None, groups=None, officials=None, roles=None, *, sheets=None) -> Workbook:
    data = {
        "Đơn vị": UNITS if units is None else units,
        "Nhóm so sánh": GROUPS if groups is None else groups,
        "Cán bộ": OFFICIALS if officials is None else officials,
        "Phân quyền": ROLES if roles is None else roles,
    }
    book = Workbook()
    book.remove(book.active)
    for name in sheets or data:
        sheet = book.create_sheet(name)
        sheet.append(HEADERS[name])
        for row in data[name]:
            sheet.append(list(row))
    return book


def upload(book: Workbook | None = None, name: str = "to-chuc.xlsx", **parts) -> SimpleUploadedFile:
    buffer = BytesIO()
    (book or workbook(**parts)).save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
