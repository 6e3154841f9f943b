"""Leads kept in blocks: each lead's id picks one of ``BLOCKS`` rows of the ``lead_blocks``
table, and a block holds its leads as one JSON array of rows, each lead's fields in their
declared order (the lists, maps and records among them as JSON values, as the codec writes
them).

SQLite takes about 6 µs to write a row of a table with an id key and a dozen columns, so
one row per lead could not write a million leads in a few seconds; a million in a thousand
blocks can. A change to one lead rewrites its block alone; an import rewrites each block once.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from collections.abc import Iterable
from json import encoder as json_encoder
from operator import attrgetter
from typing import Any

from journeyapp.models import fields
from journeyapp.models.change import Kind
from journeyapp.models.codec import entity_from_dict, entity_to_dict, field_writers
from journeyapp.models.entities import ENTITY_TYPES
from journeyapp.models.errors import FormatError
from journeyapp.models.fields import structured_fields
from journeyapp.models.lead_rows import SHARED_SPECS, RowReader

BLOCKS = 1024
TABLE = "lead_blocks"
LEAD = ENTITY_TYPES[Kind.LEAD]
NAMES = tuple(name for name, _, _ in field_writers(LEAD))
WHERE = "leads row"


def block_of(lead_id: str) -> int:
    """The block that keeps the lead with this id (the same on every machine and run)."""
    return zlib.crc32(lead_id.encode("utf-8", "surrogatepass")) % BLOCKS


def _compact_writer():
    make = json_encoder.c_make_encoder
    if make is None:  # a Python built without the C accelerator
        return lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    encode = make(
        None, None, json_encoder.encode_basestring, None, ":", ",", False, False, True
    )  # fmt: skip
    return lambda value: "".join(encode(value, 0))


_to_json = _compact_writer()
_values = attrgetter(*NAMES)
# The verdicts and facts: many leads have the same, kept once in the block's shared list.
SHARED = tuple(
    index for index, (_, spec) in enumerate(fields.declared(LEAD)) if type(spec) in SHARED_SPECS
)


def block_text(leads: Iterable[Any]) -> str:
    """One block's leads as the JSON text it is kept as: ``[shared, rows]``, the rows in id
    order, each holding the index in ``shared`` of its verdicts and of its facts."""
    rows = list(map(list, map(_values, sorted(leads, key=attrgetter("id")))))
    shared: list[Any] = []
    index: dict[int, int] = {}  # by the identity of the value: an import shares them
    for row in rows:
        for column in SHARED:
            value = row[column]
            n = index.get(id(value))
            if n is None:
                n = index[id(value)] = len(shared)
                shared.append(_written(value))
            row[column] = n
    return _to_json([shared, rows])


def _written(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: entity_to_dict(record) for key, record in sorted(value.items())}
    return [entity_to_dict(record) for record in value]


# A surrogate written as an escape: JSON reads it, and it is no text (the codec refuses it).
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def leads_of_block(block: Any, text: Any, reader: RowReader) -> list[Any]:
    """The leads one block keeps; FormatError naming the first problem where it is damaged."""
    if type(block) is not int or not 0 <= block < BLOCKS:
        raise FormatError(f"a row of the {TABLE} table has no block number from 0 to {BLOCKS - 1}")
    if type(text) is not str:
        raise FormatError(f"lead block {block} holds no text")
    try:
        parsed = reader.parse(text)
    except (ValueError, RecursionError):
        raise FormatError(f"lead block {block} is not readable JSON") from None
    if type(parsed) is not list or len(parsed) != 2 or not all(type(p) is list for p in parsed):
        raise FormatError(f"lead block {block} is not a list of shared values and leads")
    shared, rows = parsed
    if not all(type(row) is list for row in rows):
        raise FormatError(f"lead block {block} is not a list of leads")
    leads = None
    if not _ESCAPED_SURROGATE.search(text):
        leads = reader.read(rows, shared)
    if leads is None:  # something a quick look cannot vouch for: each value checked in turn
        leads = [_checked(row, shared) for row in rows]
    if any(block_of(lead.id) != block for lead in leads):
        raise FormatError(f"lead block {block} holds a lead that belongs in another block")
    return leads


def _checked(row: list[Any], shared: list[Any]) -> Any:
    if len(row) != len(NAMES):
        raise FormatError(f"{WHERE} has {len(row)} values, not {len(NAMES)}")
    values = dict(zip(NAMES, row, strict=True))
    for column in SHARED:
        n = row[column]
        if type(n) is not int or not 0 <= n < len(shared):
            raise FormatError(f"{WHERE}.{NAMES[column]} is no place in its block's shared list")
        values[NAMES[column]] = shared[n]
    return entity_from_dict(LEAD, values, WHERE)


def ids_of_block(text: Any) -> set[str]:
    """The ids of the leads a block holds, for a block just read back from the file."""
    try:
        return {row[0] for row in json.loads(text)[1]}
    except (ValueError, TypeError, IndexError, KeyError, RecursionError):
        return set()


def leads_into_blocks(conn: sqlite3.Connection) -> None:
    """Move a version-9 file's ``leads`` table into blocks (the migration to version 10).

    The values are moved as they are, unchecked: opening the file checks them, and refuses a
    damaged one in a sentence as it did before."""
    found = {row[1] for row in conn.execute("PRAGMA table_info(leads)")}
    missing = [name for name in NAMES if name not in found]
    if missing:
        raise sqlite3.DatabaseError(f"its leads table has no column {missing[0]}")
    structured = set(structured_fields(LEAD))
    blocks: dict[int, tuple[list[Any], list[list[Any]]]] = {}
    columns = ", ".join(NAMES)
    for values in conn.execute(f"SELECT {columns} FROM leads ORDER BY id"):
        row = [
            _parsed(value) if name in structured and isinstance(value, str) else value
            for name, value in zip(NAMES, values, strict=True)
        ]
        if any(isinstance(value, bytes) for value in row):
            raise sqlite3.DatabaseError("a lead in it holds bytes where text belongs")
        lead_id = row[0]
        shared, rows = blocks.setdefault(
            block_of(lead_id) if isinstance(lead_id, str) else 0, ([], [])
        )
        for column in SHARED:
            shared.append(row[column])
            row[column] = len(shared) - 1
        rows.append(row)
    conn.executemany(
        f"INSERT INTO {TABLE} (block, leads) VALUES (?, ?)",
        ((block, _to_json(parts)) for block, parts in sorted(blocks.items())),
    )


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text  # left as it was: opening the file says what is wrong with it


class HeldIds:
    """Which leads each block in the file holds, as this store last read or wrote them: a
    changed lead's block is rewritten with the others it holds, as they now are."""

    def __init__(self) -> None:
        self._ids: dict[int, set[str]] | None = None

    def keep(self, ids: dict[int, set[str]], every: bool = False) -> None:
        if every:
            self._ids = dict(ids)
        elif self._ids is not None:
            self._ids.update(ids)

    def forget(self) -> None:
        self._ids = None

    def of(self, conn: sqlite3.Connection) -> dict[int, set[str]]:
        if self._ids is None:
            self._ids = {
                block: ids_of_block(text)
                for block, text in conn.execute(f"SELECT block, leads FROM {TABLE}")
            }
        return self._ids


def write_blocks(
    conn: sqlite3.Connection, leads: Any, changed: Iterable[str], held: dict[int, set[str]]
) -> dict[int, set[str]]:
    """Rewrite the blocks of the ``changed`` leads from ``leads`` (the playbook's, by id), a
    block no lead is left in removed; returns the ids each rewritten block now holds."""
    by_block: dict[int, list[str]] = {}
    for lead_id, block in zip(changed := list(changed), map(block_of, changed), strict=True):
        by_block.setdefault(block, []).append(lead_id)
    written: dict[int, set[str]] = {}
    emptied = []

    def texts():
        for block, ids in sorted(by_block.items()):
            members = [lead for lead in map(leads.get, held.get(block, set()).union(ids)) if lead]
            written[block] = {lead.id for lead in members}
            if members:
                yield block, block_text(members)
            else:
                emptied.append((block,))

    conn.executemany(
        f"INSERT INTO {TABLE} (block, leads) VALUES (?, ?) "
        "ON CONFLICT(block) DO UPDATE SET leads = excluded.leads",
        texts(),
    )
    conn.executemany(f"DELETE FROM {TABLE} WHERE block = ?", emptied)
    return written
