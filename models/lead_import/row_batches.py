"""A lead export read a batch of rows at a time (``Table.batches``), each batch's cells a column
at a time (``records.picked_columns``): a million rows read with a few calls per column
instead of a dozen per row. A layout's batch reader makes what it can of each row from its
columns, and hands any row with something unusual to its row-by-row code."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

BATCH_ROWS = 4096


def keys(rows: Sequence[list[str]], picked: Sequence[int]) -> list[tuple[str, ...]]:
    """Each row's cells in the ``picked`` columns as one tuple: what a row's part depends on,
    to read each different one once."""
    if not picked:
        return [()] * len(rows)
    get = itemgetter(*picked, picked[0])  # a tuple even for one column
    return list(map(get, rows))
