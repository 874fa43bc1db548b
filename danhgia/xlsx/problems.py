"""A problem of an uploaded workbook, named by sheet and cell (``Cán bộ!C5: …``)."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter


def cell_ref(row: int, column: int) -> str:
    """(5, 3) → "C5"."""
    return f"{get_column_letter(column)}{row}"


@dataclass(frozen=True)
class Problem:
    """One problem: the sheet, the cell (or "" for the whole sheet or file) and a message."""

    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{where}: {self.message}"


class WorkbookInvalid(Exception):
    """The workbook cannot be taken as it is: nothing was changed. ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]
