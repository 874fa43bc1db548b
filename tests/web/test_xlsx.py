"""The shared reading and writing of workbooks (danhgia.xlsx): every problem as Sheet!Cell."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from danhgia.xlsx import (
    Column,
    WorkbookInvalid,
    neutralise,
    open_upload,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
    parse_yes_no,
    read_sheet,
    reading,
    table_workbook,
    workbook_bytes,
    xlsx_response,
)

COLUMNS = [
    Column("Mã đơn vị", "code", parse_text(20), required=True),
    Column("Ngày", "day", parse_date),
    Column("Có/Không", "flag", parse_yes_no),
    Column("Điểm", "points", parse_decimal(0, 10, 2)),
    Column("Giới tính", "gender", parse_choice({"Nam": "male", "Nữ": "female"})),
]
HEADERS = [c.header for c in COLUMNS]


def upload(rows, *, headers=HEADERS, title="Đơn vị", name="to-chuc.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def read(file) -> reading.SheetData:
    return read_sheet(open_upload(file), "Đơn vị", COLUMNS)


def test_values_are_parsed_from_vietnamese_text_and_real_excel_values():
    data = read(
        upload(
            [
                ["so-tc", "05/09/2026", "Có", "7,5", "nữ"],
                ["so-ct", datetime(2026, 9, 6), "Không", 8, "Nam"],
            ]
        )
    )
    assert data.problems == []
    assert [r.values for r in data.rows] == [
        {
            "code": "so-tc",
            "day": date(2026, 9, 5),
            "flag": True,
            "points": Decimal("7.5"),
            "gender": "female",
        },
        {
            "code": "so-ct",
            "day": date(2026, 9, 6),
            "flag": False,
            "points": Decimal(8),
            "gender": "male",
        },
    ]
    assert data.rows[1].ref("points") == "D3"


def test_every_problem_of_the_sheet_is_reported_with_its_cell():
    data = read(
        upload(
            [
                ["", "31/02/2026", "có lẽ", "11", "Khác"],
                ["so-tc", "=TODAY()", "Có", "1,234", "Nam"],
            ]
        )
    )
    assert [str(p) for p in data.problems] == [
        "Đơn vị!A2: chưa nhập “Mã đơn vị”",
        "Đơn vị!B2: Ngày: ngày “31/02/2026” không hợp lệ; ghi theo dạng dd/mm/yyyy",
        "Đơn vị!C2: Có/Không: ghi “Có” hoặc “Không” (đang là “có lẽ”)",
        "Đơn vị!D2: Điểm: phải từ 0 đến 10",
        "Đơn vị!E2: Giới tính: “Khác” không phải một giá trị được chấp nhận (Nam; Nữ)",
        "Đơn vị!B3: Ngày: ô chứa công thức; hãy dán giá trị (Dán đặc biệt → Giá trị)",
        "Đơn vị!D3: Điểm: tối đa 2 chữ số thập phân",
    ]


def test_a_renamed_header_or_a_missing_sheet_is_named():
    renamed = read(upload([["so-tc"]], headers=["Mã đơn vị", "Ngày lập", *HEADERS[2:]]))
    assert [str(p) for p in renamed.problems] == [
        "Đơn vị!B1: tiêu đề cột phải là “Ngày” (đang là “Ngày lập”)"
    ]
    assert renamed.rows == []
    missing = read_sheet(open_upload(upload([], title="Sheet1")), "Đơn vị", COLUMNS)
    assert [str(p) for p in missing.problems] == ["Đơn vị: thiếu trang tính này (tệp có: Sheet1)"]


def test_extra_columns_may_follow_and_headers_ignore_case_and_spaces():
    data = read(
        upload(
            [["so-tc", None, None, None, None, "ghi chú"]],
            headers=[" mã  đơn vị", *HEADERS[1:], "Ghi chú"],
        )
    )
    assert data.problems == [] and data.rows[0].values["code"] == "so-tc"


@pytest.mark.parametrize(
    "content",
    [b"", b"not a workbook", b"PK\x03\x04 broken zip", "Mã đơn vị;Tên\n".encode()],
)
def test_a_file_that_is_not_a_workbook_is_refused_in_vietnamese(content):
    with pytest.raises(WorkbookInvalid) as refused:
        open_upload(SimpleUploadedFile("danh-sach.csv", content))
    assert refused.value.messages == [
        "Tệp “danh-sach.csv” không phải bảng tính Excel (.xlsx). Hãy mở tệp bằng Excel và lưu "
        "lại dưới dạng “Excel Workbook (*.xlsx)”."
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(settings):
    settings.WORKBOOK_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"0" * (2 * 1024 * 1024))
    with pytest.raises(WorkbookInvalid) as refused:
        open_upload(big)
    assert refused.value.messages == ["Tệp “lon.xlsx” quá lớn (2,0 MB; tối đa 1 MB)."]


def test_empty_formatted_rows_end_the_data_and_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "EMPTY_RUN_END", 5)
    rows = [["a", None, None, None, None]] + [[None] * 5] * 5 + [["b", None, None, None, None]]
    data = read(upload(rows))
    assert [r.values["code"] for r in data.rows] == ["a"]  # "b" lies below the end of the data
    many = read_sheet(open_upload(upload([["x"]] * 4)), "Đơn vị", COLUMNS, max_rows=3)
    assert [str(p) for p in many.problems] == [
        "Đơn vị: quá 3 dòng dữ liệu; hãy chia thành nhiều tệp"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Nguyễn Văn A", "Nguyễn Văn A"),
        (5, 5),
        (None, None),
    ],
)
def test_text_that_would_run_as_a_formula_is_neutralised(value, expected):
    assert neutralise(value) == expected


def test_a_list_is_written_with_its_header_dates_and_neutralised_text():
    workbook = table_workbook(
        "Cán bộ",
        ["Họ và tên", "Ngày sinh", "Điểm"],
        [['=HYPERLINK("x")', date(1975, 3, 2), Decimal("92.50")]],
    )
    book = load_workbook(BytesIO(workbook_bytes(workbook)))
    sheet = book["Cán bộ"]
    assert [c.value for c in sheet[1]] == ["Họ và tên", "Ngày sinh", "Điểm"]
    assert sheet["A2"].value == '\'=HYPERLINK("x")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == datetime(1975, 3, 2) and sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["C2"].value == 92.5
    assert sheet.freeze_panes == "A2"


def test_the_download_keeps_a_vietnamese_file_name():
    response = xlsx_response(table_workbook("Danh sách", ["A"], []), "Cán bộ quý III.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        "filename*=utf-8''C%C3%A1n%20b%E1%BB%99%20qu%C3%BD%20III.xlsx"
        in response["Content-Disposition"]
    )
    assert response["Cache-Control"] == "private, no-store"


def test_a_prefilled_workbook_keeps_its_dropdowns_locks_and_version_stamp():
    from danhgia.xlsx.prefilled import (
        add_dropdown,
        protect,
        read_stamp,
        stale,
        stamp,
        unlock,
    )

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tự đánh giá"
    sheet.append(["Mã tiêu chí", "Kết quả"])
    sheet.append(["B.1.1", None])
    add_dropdown(sheet, "B2:B3", ["Mức 1 – Hoàn thành", "Mức 2 – Cơ bản đạt"], title="Mức")
    unlock(sheet, "B2:B3")
    sheet["C2"] = "ghi chú"
    unlock(sheet, "C2")  # one cell
    protect(sheet)
    stamp(workbook, "self-assessment:7", {"evaluation:7": 3})
    book = load_workbook(BytesIO(workbook_bytes(workbook)))

    sheet = book["Tự đánh giá"]
    assert sheet.protection.sheet and sheet["A2"].protection.locked
    assert not sheet["B2"].protection.locked and not sheet["C2"].protection.locked
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == "'_danh_muc'!$A$1:$A$2" and str(validation.sqref) == "B2:B3"
    assert book["_danh_muc"]["A2"].value == "Mức 2 – Cơ bản đạt"
    assert book["_phien_ban"].sheet_state == "veryHidden"
    recorded = read_stamp(book, "self-assessment:7")
    assert recorded == {"evaluation:7": 3}
    assert stale(recorded, {"evaluation:7": 3}) == []
    assert stale(recorded, {"evaluation:7": 4}) == ["evaluation:7"]
    with pytest.raises(WorkbookInvalid):
        read_stamp(book, "self-assessment:8")  # another evaluation's workbook


@pytest.mark.parametrize(
    ("parser", "value", "message"),
    [
        (parse_decimal(Decimal("0.01")), "0", "phải từ 0,01 trở lên"),
        (parse_decimal(maximum=Decimal("1.5")), "2", "không quá 1,5"),
        (parse_decimal(0, 100), "101", "phải từ 0 đến 100"),
        (parse_int(1), "0", "phải từ 1 trở lên"),
        (parse_int(maximum=12), "13", "không quá 12"),
    ],
)
def test_a_number_out_of_range_names_only_the_bounds_it_has(parser, value, message):
    with pytest.raises(ValueError) as error:
        parser(value)
    assert str(error.value) == message


@pytest.mark.parametrize("text", ["1e3", "nan", "Infinity", "0x10", "12,5 điểm"])
def test_a_number_in_a_cell_is_digits_with_a_decimal_comma_only(text):
    with pytest.raises(ValueError, match="không phải là số"):
        parse_decimal()(text)
