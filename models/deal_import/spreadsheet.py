"""A workbook's sheet as rows of text, so every layout reads .xlsx, .xls and .ods as it reads CSV.

The workbook is read by python-calamine (Rust): the same 200,000-row export takes about
1.2 s with it and 19 s with openpyxl (benchmarks/bench_deals.py measures both).
Dates the CRM stored as dates come out in ISO form, so no day/month order is guessed for
them; whole numbers stored as floats (ids, amounts) come out without a ".0".
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

from journeyapp.models.deal_import.refusal import UnreadableFile
from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

# Formatted report exports put a title, filters and blank lines above the header.
HEADER_SEARCH_ROWS = 30
WORKBOOK_KINDS = {b"PK\x03\x04": "Excel workbook", b"\xd0\xcf\x11\xe0": "Excel 97-2003 workbook"}


class WorkbookError(UnreadableFile):
    """The workbook cannot be read; the message says why in words."""


def _number_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _duration_text(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


# By the cell's exact type: a dictionary look-up, as every cell of the sheet comes through.
_TEXT_OF = {
    float: _number_text,
    int: str,
    bool: lambda value: "true" if value else "false",
    datetime: datetime.isoformat,
    date: date.isoformat,
    time: time.isoformat,
    timedelta: _duration_text,
    type(None): lambda value: "",
}


def cell_text(value) -> str:
    if value.__class__ is str:
        return value
    return _TEXT_OF.get(value.__class__, str)(value)


def row_text(row: list) -> list[str]:
    end = len(row)
    while end and (row[end - 1] == "" or row[end - 1] is None):
        end -= 1  # trailing empty cells: as a CSV line ends
    if end < len(row):
        row = row[:end]
    text_of = _TEXT_OF
    return [
        value if value.__class__ is str else text_of.get(value.__class__, str)(value)
        for value in row
    ]


class SheetRows:
    """A sheet's rows after its header, as lists of text; ``line_num`` is the row number of
    the last row given, as the sheet shows it (1 for its first row), like a csv reader's.

    A sheet has no row cut short: a row whose last cells are empty is as wide as the header.
    An empty row comes out empty, and a one-cell row after it as one cell, so a report's
    closing lines end the rows as they do in a CSV."""

    def __init__(self, rows: list[list], start: int, first_line: int, width: int) -> None:
        self.line_num = first_line - 1
        self._rows = self._text_rows(rows, start, width)

    def _text_rows(self, rows: list[list], start: int, width: int) -> Iterator[list[str]]:
        blank_before = False
        for index in range(start, len(rows)):
            self.line_num += 1
            cells = row_text(rows[index])
            if len(cells) < width and cells:
                one_cell = sum(1 for cell in cells if cell.strip()) == 1
                if not (blank_before and one_cell):
                    cells += [""] * (width - len(cells))
            blank_before = not any(cell.strip() for cell in cells)
            yield [] if blank_before else cells

    def __iter__(self) -> Iterator[list[str]]:
        return self._rows

    def __next__(self) -> list[str]:
        return next(self._rows)


class Sheet:
    """One sheet of a workbook: its name, header row, and its rows below it, read as often as
    needed (once to decide each column's conventions, once to read the deals).

    The values are held as calamine gives them, which is what its own bare read holds, and
    turned into text one row at a time as the rows are read."""

    def __init__(self, workbook: CalamineWorkbook, index: int, name: str) -> None:
        self.name = name
        sheet = workbook.get_sheet_by_index(index)
        self.top = sheet.start[0] + 1 if sheet.start else 1
        self._values: list[list] = sheet.to_python()
        self.header: list[str] = []
        self.header_offset = 0  # rows above the header, inside the used range

    def is_empty(self) -> bool:
        return not self._values

    def find_header(self, is_header: Callable[[list[str]], bool]) -> None:
        """The header is the first of the top rows a layout is known by; failing that, the
        first row with two cells filled."""
        first_filled = None
        for offset, row in enumerate(self._values[:HEADER_SEARCH_ROWS]):
            cells = [cell.strip() for cell in row_text(row)]
            if first_filled is None and sum(1 for c in cells if c) >= 2:
                first_filled = (offset, cells)
            if is_header(cells):
                self.header_offset, self.header = offset, cells
                return
        if first_filled is not None:
            self.header_offset, self.header = first_filled

    def rows(self) -> SheetRows:
        first = self.header_offset + 1
        return SheetRows(self._values, first, self.top + first, len(self.header))

    def column_values(self, columns: set[int]) -> Iterator[list[str]]:
        """The rows below the header with only ``columns`` as text (the others empty): to look
        down a few columns without turning every cell of a wide sheet into text."""
        width = max(columns, default=-1) + 1
        for row in self._values[self.header_offset + 1 :]:
            cells = [""] * min(width, len(row))
            for index in columns:
                if index < len(row) and not isinstance(row[index], date | time):
                    cells[index] = cell_text(row[index])  # a date cell has no order to show
            yield cells


# An .xlsx or .ods is a zip of XML; a CRM export's unpacks to a few hundred megabytes at most.
MAX_UNPACKED_BYTES = 2 * 1024**3


def open_workbook(data: bytes, name: str) -> CalamineWorkbook:
    _refuse_a_bomb(data, name)
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError as error:
        raise WorkbookError(_why(name, error)) from None
    except Exception as error:  # calamine raises plain errors for some damage
        raise WorkbookError(_why(name, error)) from None


def _refuse_a_bomb(data: bytes, name: str) -> None:
    """A workbook whose parts would unpack past the limit is refused before it is read: a
    few kilobytes can claim gigabytes, and the reader would try to hold them."""
    if not data.startswith(b"PK"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as parts:
            unpacked = sum(info.file_size for info in parts.infolist())
    except zipfile.BadZipFile as error:
        raise WorkbookError(f"{name} is a damaged workbook and cannot be read ({error}).") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError(
            f"{name} would unpack to {unpacked / 1024**3:.1f} GB, far more than a CRM "
            "export; it is not read."
        )


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
