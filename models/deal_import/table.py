"""A CSV file as a header and rows: encoding and delimiter found, never a traceback.

Encodings: UTF-8 (with or without a byte-order mark), else Windows-1252, which
Excel on Windows writes. Delimiters: comma, semicolon or tab, whichever the
header line uses most.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any

from journeyapp.models.deal_import.values import DateOrder, parse_amount, parse_time
from journeyapp.models.errors import PlaybookError

DELIMITERS = (",", ";", "\t")
# The widest CRM exports (every HubSpot property, a "Date entered" column per stage) have a
# few thousand columns; a header wider than this is not one, and matching names across
# millions of cells would keep the user waiting for nothing.
MAX_COLUMNS = 20_000
# 20,000 column names of 400 bytes each: a header row longer than this is not a CRM's, and
# is refused from the file's first bytes, before the rest of the file is read.
MAX_HEADER_BYTES = 8 * 1024 * 1024


class UnreadableFile(PlaybookError):
    """The file cannot be read as a table at all; the message says why in one sentence."""


@dataclass
class Table:
    header: list[str]
    reader: Any  # a csv reader positioned after the header; its line_num names the line
    name: str
    encoding: str
    delimiter: str
    text: str = ""  # the whole file, to look down one column before the rows are read
    orders: dict[int, DateOrder] = field(default_factory=dict)  # by date column
    marks: dict[int, str] = field(default_factory=dict)  # decimal mark, by amount column
    zone: tzinfo = UTC  # what times written without a zone are in
    footer_line: int | None = None  # where a report's closing lines start, if it has them
    _last_blank_line: int = -1

    def scan(self, votes: dict[int, object]) -> None:
        """One look down the file before the rows are read: each column's values go to its
        vote (see ``DateOrderVote``), all columns in the same pass."""
        if not votes:
            return
        reader = csv.reader(_lines(self.text), delimiter=self.delimiter)
        try:
            next(reader, None)
            for cells in reader:
                for index, vote in votes.items():
                    if index < len(cells):
                        vote.add(cells[index])
        except csv.Error:
            return  # the rows themselves will say where the file stops making sense

    def time(self, text: str, column: int | None) -> int:
        """A date cell read in its column's day/month order."""
        return parse_time(text, self.orders.get(column, DateOrder.MDY), self.zone)

    def amount(self, text: str, column: int | None) -> tuple[float | None, str]:
        """An amount cell read with its column's decimal mark."""
        return parse_amount(text, self.marks.get(column))

    @property
    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number in the file, cells) for each non-empty row."""
        return _numbered(self)

    def short_row(self, cells: list[str], line: int) -> bool:
        """A row with fewer cells than the header: False for a blank one (read on), True where
        a report's footer starts (the data has ended), and a refusal for a row cut short.

        Report exports (Salesforce's among them) end with a blank line and lines of one cell
        each: the report's name, a copyright line, who generated it and when."""
        filled = sum(1 for cell in cells if cell.strip())
        if filled == 0:
            self._last_blank_line = line
            return False
        if filled == 1 and self._last_blank_line == line - 1 and cells[0].strip():
            self.footer_line = line
            return True
        raise _cut_short(self.name, line, len(cells), len(self.header))

    def broken(self, error: csv.Error) -> UnreadableFile:
        return UnreadableFile(
            f"{self.name} stops making sense as CSV at line {self.reader.line_num} ({error})."
        )


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": UTF-16, tabs
        return data.decode("utf-16", errors="replace"), "UTF-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def read_table(path: str | Path) -> Table:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_HEADER_BYTES + 1)
        _check_header_length(head, path.name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(f"{path.name} does not exist.") from None
    except OSError as error:
        raise UnreadableFile(f"{path.name} cannot be read: {error.strerror or error}.") from None
    _refuse_what_is_no_table(data, path.name)
    text, encoding = decode(data)
    return table_from_text(text, encoding, path.name)


# What a file that is no table of text usually is, by its first bytes.
_KNOWN_BINARY = (
    (b"%PDF-", "a PDF document", ""),
    (b"PK\x03\x04", "a zip archive or an Excel workbook (.xlsx)", "; save the table as CSV"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)", "; save the table as CSV"),
)


def _refuse_what_is_no_table(data: bytes, name: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 text is full of zero bytes, and is text all the same
    for magic, what, advice in _KNOWN_BINARY:
        if data.startswith(magic):
            raise UnreadableFile(f"{name} is {what}, not a table of deals in text{advice}.")
    if b"\x00" in data[:4096]:
        raise UnreadableFile(f"{name} is not a text file (it holds binary data).")


def _check_header_length(head: bytes, name: str) -> None:
    if len(head) <= MAX_HEADER_BYTES or b"\n" in head or b"\r" in head:
        return
    columns = max(head.count(d.encode()) for d in DELIMITERS) + 1
    raise UnreadableFile(
        f"{name} has a header row over {MAX_HEADER_BYTES // 2**20} MB long, with more than "
        f"{columns:,} columns; a CRM export has at most {MAX_COLUMNS:,}."
    )


def table_from_text(text: str, encoding: str = "UTF-8", name: str = "The file") -> Table:
    end = text.find("\n", 0, MAX_HEADER_BYTES + 1)
    if end < 0 and len(text) > MAX_HEADER_BYTES:
        _check_header_length(text[: MAX_HEADER_BYTES + 1].encode("utf-8", "replace"), name)
    first_line = text[:end] if end >= 0 else text
    if not first_line.strip():
        raise UnreadableFile(f"{name} is empty: there is no header row.")
    delimiter = max(DELIMITERS, key=first_line.count)
    if first_line.count(delimiter) == 0:
        raise UnreadableFile(
            f"{name} has a single column; a CRM export is separated by commas, semicolons or tabs."
        )
    # strict: a quote left open (a file cut inside a quoted cell) is an error, not a cell that
    # swallows the rest of the file.
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as error:
        raise UnreadableFile(f"{name} has a header row that cannot be read ({error}).") from None
    if len(header) > MAX_COLUMNS:
        raise UnreadableFile(
            f"{name} has {len(header):,} columns; a CRM export has at most {MAX_COLUMNS:,}."
        )
    return Table(header, reader, name, encoding, delimiter, text)


def _lines(text: str) -> Iterator[str]:
    """The text line by line, without a second copy of it (io.StringIO would make one)."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            if start < len(text):
                yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _cut_short(name: str, line: int, cells: int, width: int) -> UnreadableFile:
    return UnreadableFile(
        f"{name} has {cells} of its header's {width} cells at line {line}, as a file cut "
        "short does; nothing was imported."
    )


def _numbered(table: Table) -> Iterator[tuple[int, list[str]]]:
    reader, width = table.reader, len(table.header)
    try:
        for cells in reader:
            if len(cells) < width:
                if table.short_row(cells, reader.line_num):
                    return
                continue
            yield reader.line_num, cells
    except csv.Error as error:
        raise table.broken(error) from None
