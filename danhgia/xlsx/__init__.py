"""Workbooks in and out (SPEC §13.2): the shared reading and writing of .xlsx files.

Reading (``reading``): an upload is opened only when it is a real workbook under the size limit;
a sheet is read against the columns it must have (row 1, in order, extra columns may follow);
each cell is parsed by its column's parser; every problem of the file is collected as
``Sheet!CellRef: message`` in Vietnamese (``Problem``), never only the first, and the caller
changes nothing unless there are none (``WorkbookInvalid``). Formulas are refused (values are
expected), long runs of empty formatted rows end the data, and a sheet with too many rows is
refused.

Writing (``writing``): lists and prefilled workbooks, with text that could be read as a formula
neutralised (``neutralise``) and the download response (``xlsx_response``).
"""

from .problems import Problem, WorkbookInvalid, cell_ref
from .reading import (
    Column,
    RowData,
    SheetData,
    open_upload,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_email,
    parse_int,
    parse_text,
    parse_yes_no,
    read_sheet,
    unquote,
)
from .writing import XLSX_CONTENT_TYPE, neutralise, table_workbook, workbook_bytes, xlsx_response

__all__ = [
    "XLSX_CONTENT_TYPE",
    "Column",
    "Problem",
    "RowData",
    "SheetData",
    "WorkbookInvalid",
    "cell_ref",
    "neutralise",
    "open_upload",
    "parse_choice",
    "parse_date",
    "parse_decimal",
    "parse_email",
    "parse_int",
    "parse_text",
    "parse_yes_no",
    "read_sheet",
    "table_workbook",
    "unquote",
    "workbook_bytes",
    "xlsx_response",
]
