"""Prefilled workbooks for offline work (SPEC §13.2 "round trips").

A workbook downloaded to be filled and uploaded back carries: dropdowns (data validation) whose
options live on a hidden sheet (Excel limits an inline list to 255 characters); code columns
locked (the sheet is protected without a password, only the cells to fill are unlocked); and a
hidden version stamp (sheet ``_phien_ban``: what the workbook is for and each record's
``lock_version`` at download), so that an upload whose records changed since is refused,
naming what changed, instead of overwriting newer data. Text that a spreadsheet could read
as a formula (``=``, ``+``, ``-``, ``@``) is written as a text cell as it is (``keep_text``), not
neutralised with a visible apostrophe as list exports do: what is read back is what was written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _
from openpyxl.styles import PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .problems import Problem, WorkbookInvalid
from .writing import FORMULA_STARTS

STAMP_SHEET = "_phien_ban"
LISTS_SHEET = "_danh_muc"
EDITABLE_FILL = PatternFill("solid", fgColor="FFF7D6")
#: the stamp's row naming the download (a record key is never this word)
DOWNLOAD_KEY = "download"
#: the stamp's rows holding a row's fingerprint at download (key, row name, fingerprint)
FINGERPRINT_KEY = "row"


def keep_text(cell) -> None:
    """Keep a cell's text that starts like a formula as text: a string cell with Excel's hidden
    quote prefix (no visible apostrophe; editing the cell in Excel keeps it text)."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _lists_sheet(workbook: Workbook) -> Worksheet:
    if LISTS_SHEET in workbook.sheetnames:
        return workbook[LISTS_SHEET]
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    return sheet


def add_dropdown(
    sheet: Worksheet, cells: str, options: Sequence[str], *, title: str = "", strict: bool = True
) -> None:
    """A dropdown of ``options`` on ``cells`` (e.g. "D2:D200"), listed on the hidden sheet."""
    lists = _lists_sheet(sheet.parent)
    column = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
    letter = get_column_letter(column)
    for row, option in enumerate(options, start=1):
        lists.cell(row=row, column=column, value=option)
    source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${max(1, len(options))}"
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=strict,
        errorStyle="stop" if strict else "warning",
        errorTitle=title or _("Giá trị không hợp lệ"),
        error=_("Hãy chọn một giá trị trong danh sách."),
        promptTitle=title,
        prompt=_("Chọn trong danh sách") if title else None,
        showInputMessage=bool(title),
    )
    validation.add(cells)
    sheet.add_data_validation(validation)


def unlock(sheet: Worksheet, cells: str) -> None:
    """Let the user fill ``cells`` (e.g. "E2:H40") of a protected sheet; shade them."""
    selected = sheet[cells]  # a cell ("G2"), a row of cells or rows of cells ("E2:H40")
    for row in selected if isinstance(selected, tuple) else (selected,):
        for cell in row if isinstance(row, tuple) else (row,):
            cell.protection = Protection(locked=False)
            cell.fill = EDITABLE_FILL


def protect(sheet: Worksheet) -> None:
    """Lock every cell not ``unlock``ed (no password: a guard against slips, not a secret)."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    sheet.protection.sort = False


def stamp(
    workbook: Workbook,
    kind: str,
    versions: Mapping[str, int],
    *,
    download: str = "",
    fingerprints: Mapping[str, str] | None = None,
) -> None:
    """Record what the workbook is for and each record's version at download (hidden);
    ``download``, if given, names this download (one workbook, used once to create records);
    ``fingerprints`` what each row held at download (a row left as downloaded is left alone,
    whatever happened to its record since)."""
    sheet = workbook.create_sheet(STAMP_SHEET)
    sheet.sheet_state = "veryHidden"
    sheet.append(["kind", kind])
    if download:
        sheet.append([DOWNLOAD_KEY, download])
    for key, version in versions.items():
        sheet.append([str(key), int(version)])
    for key, fingerprint in (fingerprints or {}).items():
        sheet.append([FINGERPRINT_KEY, str(key), str(fingerprint)])


def read_stamp(workbook: Workbook, kind: str) -> dict[str, int]:
    """The versions recorded at download; ``WorkbookInvalid`` if the stamp is not ``kind``'s."""
    wrong = WorkbookInvalid(
        [
            Problem(
                "",
                "",
                _(
                    "Tệp này không phải bảng tính tải về từ trang này (thiếu hoặc sai dấu phiên "
                    "bản). Hãy tải bảng tính mới từ hệ thống, điền rồi tải lên."
                ),
            )
        ]
    )
    if STAMP_SHEET not in workbook.sheetnames:
        raise wrong
    rows = [tuple(c.value for c in row[:2]) for row in workbook[STAMP_SHEET].iter_rows()]
    if not rows or rows[0] != ("kind", kind):
        raise wrong
    versions: dict[str, int] = {}
    for key, version in rows[1:]:
        if key is None or key in (DOWNLOAD_KEY, FINGERPRINT_KEY):
            continue
        try:
            versions[str(key)] = int(version)
        except (TypeError, ValueError):
            raise wrong from None
    return versions


def read_download(workbook: Workbook) -> str:
    """The id ``stamp`` gave the download, or "" (a workbook stamped without one)."""
    if STAMP_SHEET not in workbook.sheetnames:
        return ""
    for row in workbook[STAMP_SHEET].iter_rows(max_col=2, values_only=True):
        if len(row) == 2 and row[0] == DOWNLOAD_KEY and isinstance(row[1], str):
            return row[1]
    return ""


def read_fingerprints(workbook: Workbook) -> dict[str, str]:
    """The rows' fingerprints ``stamp`` recorded, by row name ({} for an older workbook)."""
    if STAMP_SHEET not in workbook.sheetnames:
        return {}
    return {
        str(row[1]): str(row[2])
        for row in workbook[STAMP_SHEET].iter_rows(max_col=3, values_only=True)
        if len(row) == 3 and row[0] == FINGERPRINT_KEY and row[1] is not None and row[2]
    }


def stale(recorded: Mapping[str, int], current: Mapping[str, int]) -> list[str]:
    """Keys whose record changed (or disappeared) since download."""
    return [key for key, version in recorded.items() if current.get(key) != version]
