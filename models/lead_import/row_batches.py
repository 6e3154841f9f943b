"""A lead export's rows a batch at a time, each batch's cells a column at a time: a million
rows read with a few calls per column instead of a dozen per row.

A batch goes through the same rows, in the same order, as ``Table.rows`` gives them; only how
they are looked at changes. A layout's batch reader makes what it can of each row from its
columns, and hands any row with something unusual to its row-by-row code."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice
from operator import itemgetter

from journeyapp.models.deal_import.table import Table

BATCH_ROWS = 4096


def batches(table: Table) -> Iterator[tuple[tuple[int, ...], tuple[list[str], ...]]]:
    """(line numbers, rows) of the table's rows, ``BATCH_ROWS`` of them at a time."""
    rows = table.rows
    while True:
        batch = list(islice(rows, BATCH_ROWS))
        if not batch:
            return
        lines, cells = zip(*batch, strict=True)
        yield lines, cells


def raw_columns(rows: Sequence[list[str]], picked: Sequence[int]) -> list[tuple[str, ...]]:
    """The cells of each of the ``picked`` columns, as they are; every row reaches them."""
    if not picked:
        return []
    get = itemgetter(*picked)
    if len(picked) == 1:
        return [tuple(map(get, rows))]
    return list(zip(*map(get, rows), strict=True))


def columns(rows: Sequence[list[str]], picked: Sequence[int | None]) -> list[list[str]]:
    """Each picked column's cells stripped, as ``records.cell`` gives them: all "" for a
    column the file lacks (None)."""
    found = [column for column in picked if column is not None]
    stripped = iter([list(map(str.strip, cells)) for cells in raw_columns(rows, found)])
    blank = [""] * len(rows)
    return [blank if column is None else next(stripped) for column in picked]


def keys(rows: Sequence[list[str]], picked: Sequence[int]) -> list[tuple[str, ...]]:
    """Each row's cells in the ``picked`` columns as one tuple: what a row's part depends on,
    to read each different one once."""
    if not picked:
        return [()] * len(rows)
    get = itemgetter(*picked, picked[0])  # a tuple even for one column
    return list(map(get, rows))
