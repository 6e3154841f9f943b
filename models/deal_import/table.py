"""An export as a header and rows of text, never a traceback: a CSV file, a workbook (.xlsx,
.xls, .ods), or either of them inside a .zip as downloaded.

CSV encodings: UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode Text"),
else Windows-1252, which Excel on Windows writes. Delimiters: comma, semicolon or tab,
whichever the header line uses most.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from itertools import chain, compress, islice, repeat
from operator import add, gt, itemgetter
from pathlib import Path
from typing import Any

from journeyapp.models.deal_import import archive, spreadsheet
from journeyapp.models.deal_import.refusal import UnreadableFile
from journeyapp.models.deal_import.text_encoding import decode
from journeyapp.models.deal_import.values import (
    DateOrder,
    parse_amount,
    parse_time,
    time_reader,
    times_reader,
)
from journeyapp.models.file_check import special_kind

DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
# The widest CRM exports (every HubSpot property, a "Date entered" column per stage) have a
# few thousand columns; a header wider than this is not one, and matching names across
# millions of cells would keep the user waiting for nothing.
MAX_COLUMNS = 20_000
# 20,000 column names of 400 bytes each: a header row longer than this is not a CRM's, and
# is refused from the file's first bytes, before the rest of the file is read.
MAX_HEADER_BYTES = 8 * 1024 * 1024


@dataclass
class Table:
    header: list[str]
    reader: Any  # rows after the header (csv reader or SheetRows); its line_num names the line
    name: str
    encoding: str  # or the kind of workbook
    delimiter: str  # "" in a workbook
    # The rows after the header once more, to look down some columns before they are read
    # (a workbook gives only those columns' cells as text).
    again: Callable[[set[int]], Iterator[list[str]]] | None = None
    sheet: str = ""  # the sheet read, in a workbook
    orders: dict[int, DateOrder] = field(default_factory=dict)  # by date column
    marks: dict[int, str] = field(default_factory=dict)  # decimal mark, by amount column
    zone: tzinfo = UTC  # what times written without a zone are in
    # What a date written without a time is the start of: the day in this zone (the
    # playbook's, whose calendar its periods are counted in); None: as ``zone``.
    day_zone: tzinfo | None = None
    footer_line: int | None = None  # where a report's closing lines start, if it has them
    # The columns a lead import keeps as scoring facts (lead_import.fact_columns.FactColumn).
    fact_columns: list[Any] = field(default_factory=list)
    # The rows from the first again, as ``reader`` gave them; None where they cannot be (a
    # workbook's ``again`` gives some columns only).
    rewound: Callable[[], Any] | None = None
    # Votes given each batch's values as ``batches`` reads them (see ``scan``), column by column;
    # once they show what makes the read worthless, ``batches`` stops with RulesShown.
    votes_while_reading: dict[int, Any] = field(default_factory=dict)
    stop_reading_when: Callable[[], bool] | None = None
    # Rows the table leaves out itself, with the reason (see ``too_wide``).
    set_aside: list[tuple[int, str]] = field(default_factory=list)
    unended_line: int | None = None  # a CSV's last line, where no line break ends it
    _last_blank_line: int = -1

    def set_zones(self, zone: tzinfo | None, calendar: tzinfo) -> None:
        """Times written without a zone are in ``zone`` (None: left as read, UTC); a date
        alone is a day of ``calendar``, the one the playbook's periods are counted in."""
        if zone is not None:
            self.zone = zone
        self.day_zone = calendar

    def scan(self, votes: dict[int, object]) -> None:
        """One look down the file before the rows are read: each column's values go to its
        vote (see ``DateOrderVote``), all columns in the same pass."""
        if not votes or self.again is None:
            return
        rows: list[list[str]] = []
        try:
            for cells in self.again(set(votes)):
                rows.append(cells)
                if len(rows) == _SCAN_ROWS:
                    _vote(votes, rows)
                    rows = []
        except csv.Error:
            pass  # the rows themselves will say where the file stops making sense
        _vote(votes, rows)

    def rewind(self) -> None:
        """Read the rows again from the first, as if none had been read."""
        assert self.rewound is not None, "only a CSV table is read twice"
        self.reader = self.rewound()
        self.footer_line, self._last_blank_line = None, -1
        self.set_aside = []

    @property
    def read_as(self) -> str:
        """How the file was read, for the summary: "UTF-8, commas" or "sheet “Deals”"."""
        if not self.delimiter:
            return f"{self.encoding}, sheet “{self.sheet}”"
        return f"{self.encoding}, {_DELIMITER_NAMES[self.delimiter]}"

    def time(self, text: str, column: int | None) -> int:
        """A date cell read in its column's day/month order."""
        return parse_time(text, self.orders.get(column, DateOrder.MDY), self.zone, self.day_zone)

    def time_reader(self, column: int | None) -> Callable[[str], int]:
        """``time`` for the cells of one column, its order and the zone looked up once."""
        return time_reader(self.orders.get(column, DateOrder.MDY), self.zone, self.day_zone)

    def times_reader(self, column: int | None) -> Callable[[Sequence[str]], list[int]]:
        """``time_reader`` for many cells of one column at once."""
        return times_reader(self.orders.get(column, DateOrder.MDY), self.zone, self.day_zone)

    def amount(self, text: str, column: int | None) -> tuple[float | None, str]:
        """An amount cell read with its column's decimal mark."""
        return parse_amount(text, self.marks.get(column))

    @property
    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number in the file, cells) for each non-empty row."""
        assert not self.votes_while_reading, "votes are given rows read in batches only"
        return _numbered(self)

    def batches(self, size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        """The rows ``rows`` gives, ``size`` at a time: their line numbers, and their cells."""
        reader, width = self.reader, len(self.header)
        try:
            while True:
                before = reader.line_num
                rows: list[list[str]] = list(islice(reader, size))
                if not rows:
                    return
                lines = _line_numbers(before, reader.line_num, rows, bool(self.delimiter))
                if max(map(len, rows)) > width and self.delimiter:
                    lines, rows = self._without_wide_rows(lines, rows)
                if rows and min(map(len, rows)) >= width:
                    self._vote(rows)
                    yield lines, rows
                    continue
                kept = self._without_short_rows(lines, rows)
                self._vote(kept[1])
                if kept[1]:
                    yield kept
                if self.footer_line is not None:
                    return
        except csv.Error as error:
            raise self.broken(error) from None

    def with_set_aside(self, skipped: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """A layout's skipped rows and those the table left out itself, in line order."""
        if not self.set_aside:
            return skipped
        return sorted([*skipped, *self.set_aside], key=itemgetter(0))

    def _vote(self, rows: list[list[str]]) -> None:
        _vote(self.votes_while_reading, rows)
        if self.stop_reading_when is not None and self.stop_reading_when():
            raise RulesShown

    def _without_wide_rows(
        self, lines: list[int], rows: list[list[str]]
    ) -> tuple[list[int], list[list[str]]]:
        width = len(self.header)
        wide = compress(range(len(rows)), map(gt, map(len, rows), repeat(width)))
        left_out = {n for n in wide if self.too_wide(rows[n], lines[n])}
        if not left_out:
            return lines, rows
        kept = [n for n in range(len(rows)) if n not in left_out]
        return [lines[n] for n in kept], [rows[n] for n in kept]

    def too_wide(self, cells: list[str], line: int) -> bool:
        """Whether a row of a CSV with more cells than its header is left out: when a cell
        past the header's holds something (a delimiter in a cell not in quotes shifts every
        cell after it), with the reason in ``set_aside``. Empty ones (a delimiter ending each
        line) are nothing."""
        if not self.delimiter or not any(cell.strip() for cell in cells[len(self.header) :]):
            return False
        mark = _DELIMITER_NAMES[self.delimiter][:-1]
        self.set_aside.append(
            (
                line,
                f"has {len(cells)} cells where the header has {len(self.header)} "
                f"(a {mark} in a cell without quotes around it?)",
            )
        )
        return True

    def _without_short_rows(
        self, lines: list[int], rows: list[list[str]]
    ) -> tuple[list[int], list[list[str]]]:
        """The rows up to a report's footer, without blank ones (see ``short_row``)."""
        kept_lines, kept_rows = [], []
        width = len(self.header)
        for n, (line, cells) in enumerate(zip(lines, rows, strict=True)):
            if len(cells) < width:
                said = self.short_row(cells, line, zip(lines[n + 1 :], rows[n + 1 :], strict=True))
                if said == FOOTER:
                    break
                if said == BLANK:
                    continue
            kept_lines.append(line)
            kept_rows.append(cells)
        return kept_lines, kept_rows

    def short_row(
        self, cells: list[str], line: int, read_ahead: Iterable[tuple[int, list[str]]] = ()
    ) -> str:
        """A row with fewer cells than the header: BLANK for a blank one (read on), FOOTER
        where a report's footer starts (the data has ended), KEPT for a row short of a few
        empty last cells, given them (Excel leaves the delimiters of empty cells at a line's
        end off some rows), and a refusal for a row cut short (the file's unended last line,
        or one short of more than a few cells). ``read_ahead``: the rows after it its caller
        has read already, with their lines.

        Report exports (Salesforce's among them) end with a blank line and lines of one cell
        each: the report's name, a copyright line, who generated it and when. Rows of data
        after such lines are refused, never left unread without a word."""
        filled = sum(1 for cell in cells if cell.strip())
        if filled == 0:
            self._last_blank_line = line
            return BLANK
        if filled == 1 and self._last_blank_line == line - 1 and cells[0].strip():
            self.footer_line = line
            self._refuse_rows_after_the_footer(chain(read_ahead, self._numbered_rest()))
            return FOOTER
        missing = len(self.header) - len(cells)
        if self.delimiter and missing <= MOST_LEFT_OFF and line != self.unended_line:
            cells.extend([""] * missing)
            return KEPT
        raise _cut_short(self.name, line, len(cells), len(self.header))

    def _numbered_rest(self) -> Iterator[tuple[int, list[str]]]:
        for cells in self.reader:
            yield self.reader.line_num, cells

    def _refuse_rows_after_the_footer(self, rows: Iterable[tuple[int, list[str]]]) -> None:
        width = len(self.header)
        try:
            found = next((line for line, cells in rows if len(cells) >= width), None)
        except csv.Error:
            return  # a footer's free text need not be CSV
        if found is not None:
            raise UnreadableFile(
                f"{self.name} has rows again at line {found}, after what reads as a report's "
                f"closing lines at line {self.footer_line}: a grouped report, or two exports "
                "one after the other. Export the report's details ungrouped, or each export "
                "on its own; nothing was imported."
            )

    def broken(self, error: csv.Error) -> UnreadableFile:
        line = self.reader.line_num
        if "field larger than field limit" in str(error):
            return UnreadableFile(
                f"{self.name} has a cell of over {csv.field_size_limit() // 1024:,} KB at line "
                f"{line}, as no CRM export has (a quote left open swallows the rows after it)."
            )
        return UnreadableFile(f"{self.name} stops making sense as CSV at line {line} ({error}).")


def _line_numbers(before: int, after: int, rows: list[list[str]], is_csv: bool) -> list[int]:
    """The line of the file each row ends on, the reader having gone from line ``before`` to
    ``after`` reading them: a line each (no Python per row), or where a quoted cell holds a
    line break, one more for each. A sheet's rows are a line each."""
    if after - before == len(rows) or not is_csv:
        return list(range(before + 1, before + len(rows) + 1))
    lines, line = [], before
    for cells in rows:
        line += 1 + sum(cell.count("\n") for cell in cells)
        lines.append(line)
    return lines


# What ``Table.short_row`` makes of a row with fewer cells than the header.
BLANK, FOOTER, KEPT = "blank", "footer", "kept"
MOST_LEFT_OFF = 3  # empty cells at a line's end a spreadsheet may leave unwritten


class RulesShown(Exception):
    """The values read so far show that the rules the rows are being read under are not the
    ones their columns will be read by (``Table.stop_reading_when``)."""


_SCAN_ROWS = 10_000  # rows looked at together, a column at a time


def _vote(votes: dict[int, Any], rows: list[list[str]]) -> None:
    if not votes:
        return
    columns = list(votes)
    if rows and min(map(len, rows)) > max(columns):  # every row long enough: columns in C
        picked = map(itemgetter(*columns), rows)
        values = zip(*picked, strict=True) if len(columns) > 1 else [list(picked)]
        for column, column_values in zip(columns, values, strict=True):
            votes[column].add_all(column_values)
        return
    for index, vote in votes.items():
        vote.add_all([cells[index] for cells in rows if index < len(cells)])


def read_table(
    path: str | Path,
    is_header: Callable[[list[str]], bool] = lambda header: False,
    member: str | None = None,
) -> Table:
    """The table in the file: a CSV, a workbook, or the one in a .zip that a layout knows
    (``member`` names it when the zip holds several). ``is_header`` tells a header a layout
    is known by, to find it below a report's title rows and to pick the sheet or member."""
    path = Path(path)
    kind = special_kind(path)
    if kind is not None:
        raise UnreadableFile(f"{path.name} is {kind}, not an export file.")
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_HEADER_BYTES + 1)
        if head.startswith(b"PK\x03\x04"):
            return _zipped_table(path, is_header, member)
        if not head.startswith(_OLE):
            _check_header_length(head, path.name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(f"{path.name} does not exist.") from None
    except IsADirectoryError:
        raise UnreadableFile(f"“{path}” is a folder, not an export file.") from None
    except OSError as error:
        raise UnreadableFile(f"{path.name} cannot be read: {error.strerror or error}.") from None
    return table_from_bytes(data, path.name, is_header)


_OLE = b"\xd0\xcf\x11\xe0"  # .xls, and workbooks saved with a password


def table_from_bytes(
    data: bytes, name: str, is_header: Callable[[list[str]], bool] = lambda header: False
) -> Table:
    if data.startswith((b"PK\x03\x04", _OLE)):
        return _workbook_table(data, name, is_header)
    _refuse_what_is_no_table(data, name)
    text, encoding = decode(data)
    return table_from_text(text, encoding, name)


def _zipped_table(path: Path, is_header, member: str | None) -> Table:
    try:
        with zipfile.ZipFile(path) as zipped:
            if archive.is_workbook_archive(zipped):
                return _workbook_table(path.read_bytes(), path.name, is_header)
            members = archive.table_members(zipped)

            def known(candidate: str) -> bool:
                return is_header(_member_header(zipped, candidate, path.name, is_header))

            chosen = archive.choose_member(path.name, members, member, known)
            data = archive.member_bytes(zipped, chosen, path.name)
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"{path.name} is a damaged zip archive ({error}).") from None
    return table_from_bytes(data, f"{chosen} (in {path.name})", is_header)


def _member_header(zipped: zipfile.ZipFile, member: str, name: str, is_header) -> list[str]:
    """A member's header, reading no more of it than needed."""
    try:
        if member.casefold().endswith((".csv", ".txt", ".tsv")):
            with zipped.open(member) as handle:
                head = handle.read(64 * 1024)
            text, _ = decode(head)
            first = text.splitlines()[0] if text.strip() else ""
            delimiter = max(DELIMITERS, key=first.count)
            return next(csv.reader([first], delimiter=delimiter), [])
        data = archive.member_bytes(zipped, member, name)
        return table_from_bytes(data, member, is_header).header
    except (UnreadableFile, zipfile.BadZipFile, csv.Error, OSError):
        return []


def _workbook_table(data: bytes, name: str, is_header) -> Table:
    workbook = spreadsheet.open_workbook(data, name)
    sheet = spreadsheet.pick_sheet(workbook, name, is_header)
    if not any(sheet.header):
        raise UnreadableFile(f"{name}'s sheet “{sheet.name}” has no header row.")
    if data.startswith(_OLE):
        kind = "Excel 97-2003 workbook"
    elif b"application/vnd.oasis.opendocument" in data[:200]:
        kind = "OpenDocument spreadsheet"
    else:
        kind = "Excel workbook"
    if len(sheet.header) > MAX_COLUMNS:
        raise UnreadableFile(
            f"{name} has {len(sheet.header):,} columns; a CRM export has at most {MAX_COLUMNS:,}."
        )
    return Table(
        sheet.header,
        sheet.rows(),
        name,
        kind,
        "",
        again=sheet.column_values,
        sheet=sheet.name,
    )


# What a file that is no table usually is, by its first bytes.
_KNOWN_BINARY = (
    (b"%PDF-", "a PDF document", ""),
    (b"\x89PNG", "a PNG image", ""),
    (b"\xff\xd8\xff", "a JPEG image", ""),
    (b"\x1f\x8b", "a gzip archive", "; unpack it first"),
    (b"SQLite format 3\x00", "an SQLite database (a playbook?)", ""),
)


def _refuse_what_is_no_table(data: bytes, name: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 text is full of zero bytes, and is text all the same
    for magic, what, advice in _KNOWN_BINARY:
        if data.startswith(magic):
            raise UnreadableFile(f"{name} is {what}, not a CRM export{advice}.")
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
    if "\r" in text and "\n" not in text:  # classic Mac line endings ("CSV (Macintosh)")
        text = text.replace("\r", "\n")
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

    _refuse_a_run_of_blank_lines(text, name)

    def rows_after_header(strict: bool = True) -> Any:
        rows = csv.reader(_lines(text), delimiter=delimiter, strict=strict)
        next(rows, None)
        return rows

    def again(columns: set[int]) -> Iterator[list[str]]:
        return rows_after_header(strict=False)  # a look down: where it breaks, the read says

    table = Table(header, reader, name, encoding, delimiter, again, rewound=rows_after_header)
    if text[-1] not in "\r\n":  # no line break after the last line: it may be cut short
        table.unended_line = text.count("\n") + 1
    return table


# No CRM export holds this many blank lines in a row; forty million of them (a made-up
# file) took longer to read than any export, each looked at twice.
MOST_BLANK_LINES = 100_000
# A line break, then only what reads as nothing: spaces (any str.strip takes away),
# delimiters and quotes.
_BLANK_LINE = r'\n(?:[^\S\n]|[,;"])*'
_SOME_BLANK_LINES = re.compile(f"(?:{_BLANK_LINE}){{1000}}")  # each try costs at most this
# From the line break that ends the line before them: one break more than the blank lines.
_TOO_MANY_BLANK_LINES = re.compile(f"(?:{_BLANK_LINE}){{{MOST_BLANK_LINES + 1}}}")
# Lines this short on average are what such a run makes of a file; an export's are longer.
SHORT_LINE_CHARS = 8


def _refuse_a_run_of_blank_lines(text: str, name: str) -> None:
    """Refuse a text with MOST_BLANK_LINES blank lines (or lines of delimiters and quotes
    only) in a row: looked for a thousand at a time, in C, in a text whose lines are short
    on average (counting them is quick; looking for the run is not)."""
    breaks = text.count("\n")
    if breaks < MOST_BLANK_LINES or len(text) > SHORT_LINE_CHARS * breaks:
        return
    found = _SOME_BLANK_LINES.search(text)
    while found is not None:
        if _TOO_MANY_BLANK_LINES.match(text, found.start()):
            line = text.count("\n", 0, found.start()) + 2
            raise UnreadableFile(
                f"{name} has {MOST_BLANK_LINES:,} or more blank lines in a row from line "
                f"{line:,}; no CRM export has so many. Nothing was imported."
            )
        found = _SOME_BLANK_LINES.search(text, found.end())


def _lines(text: str) -> Iterator[str]:
    """The text line by line, each with its line break, without a second copy of the whole
    text (io.StringIO would make one): split a megabyte at a time, so no Python code runs
    per line."""
    return chain.from_iterable(_line_batches(text))


_BATCH_CHARS = 1 << 20


def _line_batches(text: str) -> Iterator[list[str]]:
    start = 0
    while start < len(text):
        end = text.find("\n", start + _BATCH_CHARS)
        end = len(text) if end < 0 else end + 1
        lines = text[start:end].split("\n")
        last = lines.pop()  # "" after a closing line break
        lines = list(map(add, lines, repeat("\n")))
        if last:
            lines.append(last)
        yield lines
        start = end


def _cut_short(name: str, line: int, cells: int, width: int) -> UnreadableFile:
    return UnreadableFile(
        f"{name} has {cells} of its header's {width} cells at line {line}, as a file cut "
        "short does; nothing was imported."
    )


def _numbered(table: Table) -> Iterator[tuple[int, list[str]]]:
    reader, width = table.reader, len(table.header)
    try:
        for cells in reader:
            if len(cells) > width:
                if table.too_wide(cells, reader.line_num):
                    continue
            elif len(cells) < width:
                said = table.short_row(cells, reader.line_num)
                if said == FOOTER:
                    return
                if said == BLANK:
                    continue
            yield reader.line_num, cells
    except csv.Error as error:
        raise table.broken(error) from None
