"""Reading an uploaded workbook: every problem of the file at once, as ``Sheet!Cell: message``.

A sheet is read against its ``Column``s: the header row (row 1) must carry their headers in
order (extra columns may follow, data from row 2); each cell goes through its column's parser,
which returns the value or raises ``ValueError`` with a Vietnamese message. The file is opened
read-only and streamed, so a workbook of 100,000 empty formatted rows costs little: data ends
after ``EMPTY_RUN_END`` empty rows in a row, and a sheet with more than ``max_rows`` rows of data
is refused as a whole.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from .problems import Problem, WorkbookInvalid, cell_ref

#: an upload larger than this is refused before it is opened (setting ``WORKBOOK_MAX_BYTES``)
MAX_BYTES = 10 * 1024 * 1024
#: a workbook whose parts unpack to more than this is refused (a "zip bomb")
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
#: rows of data per sheet
MAX_ROWS = 50_000
#: this many empty rows in a row end a sheet's data (formatted but empty rows below a table)
EMPTY_RUN_END = 1_000

Parser = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """A column a sheet must have: its header, the key of its value, how a cell is read."""

    header: str
    key: str
    parse: Parser
    required: bool = False


@dataclass
class RowData:
    """One row of data: its row number, the parsed values by key and each value's cell."""

    number: int
    values: dict[str, Any]
    cells: dict[str, str]

    def ref(self, key: str) -> str:
        return self.cells[key]


@dataclass
class SheetData:
    name: str
    rows: list[RowData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    present: bool = True


def _size_limit() -> int:
    return int(getattr(settings, "WORKBOOK_MAX_BYTES", MAX_BYTES))


def open_upload(upload, *, max_bytes: int | None = None) -> Workbook:
    """The uploaded file as a read-only workbook, or ``WorkbookInvalid`` saying why not."""
    limit = max_bytes or _size_limit()
    name = getattr(upload, "name", "") or _("tệp tải lên")
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise WorkbookInvalid(
            [
                Problem(
                    "",
                    "",
                    _("Tệp “%(name)s” quá lớn (%(size)s MB; tối đa %(limit)s MB).")
                    % {
                        "name": name,
                        "size": f"{size / 1048576:.1f}".replace(".", ","),
                        "limit": limit // 1048576,
                    },
                )
            ]
        )
    not_a_workbook = WorkbookInvalid(
        [
            Problem(
                "",
                "",
                _(
                    "Tệp “%(name)s” không phải bảng tính Excel (.xlsx). Hãy mở tệp bằng Excel và "
                    "lưu lại dưới dạng “Excel Workbook (*.xlsx)”."
                )
                % {"name": name},
            )
        ]
    )
    try:
        upload.seek(0)
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise not_a_workbook
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        upload.seek(0)
        if unpacked > MAX_UNPACKED_BYTES:
            raise WorkbookInvalid(
                [Problem("", "", _("Tệp “%(name)s” quá lớn khi giải nén.") % {"name": name})]
            )
        return load_workbook(upload, read_only=True, data_only=False)
    except WorkbookInvalid:
        raise
    except Exception:  # any unreadable file: a clear message, never a 500
        raise not_a_workbook from None


def _normal(text: Any) -> str:
    """A header or a choice as compared: NFC, spaces collapsed, case-folded."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(
    workbook: Workbook,
    name: str,
    columns: list[Column],
    *,
    required: bool = True,
    max_rows: int = MAX_ROWS,
) -> SheetData:
    """The rows of sheet ``name`` read against ``columns``, with every problem found."""
    data = SheetData(name)
    if name not in workbook.sheetnames:
        data.present = False
        if required:
            data.problems.append(
                Problem(
                    name,
                    "",
                    _("thiếu trang tính này (tệp có: %(names)s)")
                    % {"names": ", ".join(workbook.sheetnames) or "—"},
                )
            )
        return data
    sheet = workbook[name]
    rows = sheet.iter_rows(min_row=1, max_col=len(columns))
    header = next(rows, ())
    for index, column in enumerate(columns, start=1):
        found = header[index - 1].value if index <= len(header) else None
        if _normal(found) != _normal(column.header):
            data.problems.append(
                Problem(
                    name,
                    cell_ref(1, index),
                    _("tiêu đề cột phải là “%(header)s” (đang là “%(found)s”)")
                    % {"header": column.header, "found": found if found is not None else ""},
                )
            )
    if data.problems:
        return data
    empty_run = 0
    for number, cells in enumerate(rows, start=2):
        values = [c.value for c in cells]
        if all(_blank(v) for v in values):
            empty_run += 1
            if empty_run >= EMPTY_RUN_END:
                break
            continue
        empty_run = 0
        if len(data.rows) >= max_rows:
            data.problems.append(
                Problem(
                    name,
                    "",
                    _("quá %(max)s dòng dữ liệu; hãy chia thành nhiều tệp")
                    % {"max": f"{max_rows:,}".replace(",", ".")},
                )
            )
            break
        data.rows.append(_read_row(name, number, cells, columns, data.problems))
    return data


def _read_row(
    sheet: str, number: int, cells: tuple, columns: list[Column], problems: list[Problem]
) -> RowData:
    row = RowData(number, {}, {})
    for index, column in enumerate(columns, start=1):
        ref = cell_ref(number, index)
        row.cells[column.key] = ref
        cell = cells[index - 1] if index <= len(cells) else None
        raw = cell.value if cell is not None else None
        if cell is not None and getattr(cell, "data_type", None) == "f":
            problems.append(
                Problem(
                    sheet,
                    ref,
                    _("%(header)s: ô chứa công thức; hãy dán giá trị (Dán đặc biệt → Giá trị)")
                    % {"header": column.header},
                )
            )
            row.values[column.key] = None
            continue
        if _blank(raw):
            row.values[column.key] = None
            if column.required:
                problems.append(
                    Problem(sheet, ref, _("chưa nhập “%(header)s”") % {"header": column.header})
                )
            continue
        try:
            row.values[column.key] = column.parse(raw)
        except ValueError as exc:
            row.values[column.key] = None
            problems.append(Problem(sheet, ref, f"{column.header}: {exc}"))
    return row


# --- Parsers: a cell's value → a Python value, or ValueError with a Vietnamese message -----


_NEUTRALISED = re.compile(r"^'(?=[=+\-@])")


def unquote(text: str) -> str:
    """Text without the apostrophe that older downloads put before ``=``, ``+``, ``-``, ``@``
    (one apostrophe only: "''=x" keeps one)."""
    return _NEUTRALISED.sub("", text, count=1)


def parse_text(max_length: int | None = None) -> Parser:
    def parse(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime | date):
            raise ValueError(_("cần một đoạn chữ, không phải ngày tháng"))
        text = unquote(" ".join(unicodedata.normalize("NFC", str(value)).split()))
        if max_length is not None and len(text) > max_length:
            raise ValueError(
                _("dài quá %(max)s ký tự (đang có %(length)s)")
                % {"max": max_length, "length": len(text)}
            )
        return text

    return parse


_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: Any) -> date:
    """A real Excel date, or text dd/mm/yyyy."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value).strip())
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise ValueError(
        _("ngày “%(value)s” không hợp lệ; ghi theo dạng dd/mm/yyyy") % {"value": value}
    )


YES = {"có", "co", "x", "yes", "true", "1"}
NO = {"không", "khong", "no", "false", "0"}


def parse_yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _normal(value)
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(_("ghi “Có” hoặc “Không” (đang là “%(value)s”)") % {"value": value})


def parse_choice(choices: Mapping[str, Any], shown: Iterable[str] | None = None) -> Parser:
    """A value among ``choices`` (label → value), compared without case or extra spaces."""
    table = {_normal(label): result for label, result in choices.items()}
    listed = list(shown) if shown is not None else list(choices)

    def parse(value: Any) -> Any:
        try:
            return table[_normal(value)]
        except KeyError:
            raise ValueError(
                _("“%(value)s” không phải một giá trị được chấp nhận (%(choices)s)")
                % {"value": value, "choices": "; ".join(listed)}
            ) from None

    return parse


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^[+-]?[\d.,]*\d[\d.,]*$")


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(_("cần một số"))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if not _PLAIN.match(text):  # digits, one sign, dots and commas: not "1e3", "nan"
        raise ValueError(_("“%(value)s” không phải là số") % {"value": value})
    if "," in text:  # Vietnamese: "1.234,5"
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):  # "1.000" is one thousand
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” không phải là số") % {"value": value}) from None
    if not number.is_finite():
        raise ValueError(_("“%(value)s” không phải là số") % {"value": value})
    return number


def _bounds(minimum: Decimal | int | None, maximum: Decimal | int | None) -> str:
    """The allowed range in words: "phải từ 0,01 trở lên", "không quá 100", "phải từ 1 đến 5"."""
    low, high = (str(b).replace(".", ",") if b is not None else None for b in (minimum, maximum))
    if high is None:
        return _("phải từ %(min)s trở lên") % {"min": low}
    if low is None:
        return _("không quá %(max)s") % {"max": high}
    return _("phải từ %(min)s đến %(max)s") % {"min": low, "max": high}


def parse_decimal(
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
    places: int | None = None,
) -> Parser:
    def parse(value: Any) -> Decimal:
        number = _decimal(value)
        if places is not None and number != round(number, places):
            raise ValueError(_("tối đa %(places)s chữ số thập phân") % {"places": places})
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise ValueError(_bounds(minimum, maximum))
        return number

    return parse


def parse_int(minimum: int | None = None, maximum: int | None = None) -> Parser:
    def parse(value: Any) -> int:
        number = _decimal(value)
        if number != number.to_integral_value():
            raise ValueError(_("cần một số nguyên"))
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise ValueError(_bounds(minimum, maximum))
        return int(number)

    return parse


def parse_email(value: Any) -> str:
    text = str(value).strip()
    try:
        validate_email(text)
    except ValidationError:
        raise ValueError(_("“%(value)s” không phải địa chỉ email") % {"value": text}) from None
    return text.lower()
