"""A CSV file as a header and rows: encoding and delimiter found, never a traceback.

Encodings: UTF-8 (with or without a byte-order mark), else Windows-1252, which
Excel on Windows writes. Delimiters: comma, semicolon or tab, whichever the
header line uses most.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from models.errors import PlaybookError

DELIMITERS = (",", ";", "\t")


class UnreadableFile(PlaybookError):
    """The file cannot be read as a table at all; the message says why in one sentence."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number in the file, cells)
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def read_table(path: str | Path) -> Table:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(f"{path.name} does not exist.") from None
    except OSError as error:
        raise UnreadableFile(f"{path.name} cannot be read: {error.strerror or error}.") from None
    if b"\x00" in data[:4096]:
        raise UnreadableFile(f"{path.name} is not a text file (it holds binary data).")
    text, encoding = decode(data)
    return table_from_text(text, encoding, path.name)


def table_from_text(text: str, encoding: str = "UTF-8", name: str = "The file") -> Table:
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise UnreadableFile(f"{name} is empty: there is no header row.")
    delimiter = max(DELIMITERS, key=first_line.count)
    if first_line.count(delimiter) == 0:
        raise UnreadableFile(
            f"{name} has a single column; a CRM export is separated by commas, semicolons or tabs."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as error:
        raise UnreadableFile(f"{name} has a header row that cannot be read ({error}).") from None
    return Table(header, _numbered(reader, name), encoding, delimiter)


def _numbered(reader, name: str) -> Iterator[tuple[int, list[str]]]:
    try:
        for cells in reader:
            if cells:
                yield reader.line_num, cells
    except csv.Error as error:
        raise UnreadableFile(
            f"{name} stops making sense as CSV at line {reader.line_num} ({error})."
        ) from None
