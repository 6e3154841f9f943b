"""A workbook's sheet as rows of text, so every layout reads .xlsx, .xls and .ods as it reads CSV.

The workbook is read by python-calamine (Rust): the same 200,000-row export takes about
1.2 s with it and 19 s with openpyxl (benchmarks/bench_deals.py measures both).
Dates the CRM stored as dates come out in ISO form, so no day/month order is guessed for
them; whole numbers stored as floats (ids, amounts) come out without a ".0".
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

from journeyapp.models.deal_import.refusal import UnreadableFile
from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

# Formatted report exports put a title, filters and blank lines above the header.
HEADER_SEARCH_ROWS = 30
WORKBOOK_KINDS = {b"PK\x03\x04": "Excel workbook", b"\xd0\xcf\x11\xe0": "Excel 97-2003 workbook"}


class WorkbookError(UnreadableFile):
    """The workbook cannot be read; the message says why in words."""


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return str(value)


class SheetRows:
    """A sheet's rows after its header, as lists of text; ``line_num`` is the row number of
    the last row given, as the sheet shows it (1 for its first row), like a csv reader's."""

    def __init__(self, rows: Iterator[list], first_line: int) -> None:
        self._rows = rows
        self.line_num = first_line - 1

    def __iter__(self) -> SheetRows:
        return self

    def __next__(self) -> list[str]:
        row = next(self._rows)
        self.line_num += 1
        while row and (row[-1] is None or row[-1] == ""):
            row = row[:-1]  # trailing empty cells: as a CSV line ends
        return [cell_text(value) for value in row]


class Sheet:
    """One sheet of a workbook: its name, header row, and a way to read the rows below it
    again (once to decide each column's conventions, once to read the deals)."""

    def __init__(self, workbook: CalamineWorkbook, index: int, name: str) -> None:
        self.name = name
        self._sheet = workbook.get_sheet_by_index(index)
        self.top = self._sheet.start[0] + 1 if self._sheet.start else 1
        self.header: list[str] = []
        self.header_offset = 0  # rows above the header, inside the used range

    def is_empty(self) -> bool:
        return self._sheet.height == 0

    def find_header(self, is_header: Callable[[list[str]], bool]) -> None:
        """The header is the first of the top rows a layout is known by; failing that, the
        first row with two cells filled."""
        first_filled = None
        for offset, row in enumerate(self._sheet.iter_rows()):
            if offset >= HEADER_SEARCH_ROWS:
                break
            cells = [cell_text(value).strip() for value in row]
            if first_filled is None and sum(1 for c in cells if c) >= 2:
                first_filled = (offset, cells)
            if is_header(cells):
                self.header_offset, self.header = offset, cells
                return
        if first_filled is not None:
            self.header_offset, self.header = first_filled

    def rows(self) -> SheetRows:
        rows = self._sheet.iter_rows()
        for _ in range(self.header_offset + 1):
            next(rows, None)
        return SheetRows(rows, self.top + self.header_offset + 1)


def open_workbook(data: bytes, name: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError as error:
        raise WorkbookError(_why(name, error)) from None
    except Exception as error:  # calamine raises plain errors for some damage
        raise WorkbookError(_why(name, error)) from None


def _why(name: str, error: Exception) -> str:
    text = str(error).casefold()
    if "password" in text or "encrypt" in text:
        return f"{name} is a password-protected workbook; save it without a password first."
    return f"{name} is a damaged workbook and cannot be read ({str(error)[:120]})."


def pick_sheet(
    workbook: CalamineWorkbook, name: str, is_header: Callable[[list[str]], bool]
) -> Sheet:
    """The first visible sheet with a header a layout is known by, else the first visible
    sheet with anything in it. Hidden sheets (Dynamics 365 keeps its own in one) are not
    the user's table."""
    found = []
    try:
        for index, meta in enumerate(workbook.sheets_metadata):
            if meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = Sheet(workbook, index, meta.name)
            if sheet.is_empty():
                continue
            sheet.find_header(is_header)
            if is_header(sheet.header):
                return sheet
            found.append(sheet)
    except CalamineError as error:
        raise WorkbookError(_why(name, error)) from None
    if not found:
        raise WorkbookError(f"{name} is a workbook with no filled sheet.")
    return found[0]
