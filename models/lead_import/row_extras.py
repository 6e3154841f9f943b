"""What a lead row says besides its lifecycle: the receiving team's verdict and the first
touch. Each layout finds these columns once per file and fills each record from its row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from journeyapp.models.deal_import.table import Table
from journeyapp.models.entities import LeadFact
from journeyapp.models.lead_import.engagement import engagement_columns
from journeyapp.models.lead_import.row_batches import keys
from journeyapp.models.lead_import.verdict_columns import VerdictNames, verdict_columns

_UNUSUAL = object()  # a verdict whose reading warned: its row is read on its own


def _once_per_key(rows: tuple[list[str], ...], picked: list[int], make: Callable) -> list[Any]:
    """``make(cells)`` for each row, made once for the rows alike in the ``picked`` columns
    (all ``make`` looks at)."""
    row_keys = keys(rows, picked)
    made = {key: make(cells) for key, cells in dict(zip(row_keys, rows, strict=True)).items()}
    return list(map(made.__getitem__, row_keys))


@dataclass
class ColumnParts:
    """A batch's verdicts, first touches and facts, a list each in the record's order, and
    the rows whose verdict the row-by-row code must read (it warns of something)."""

    values: tuple[list[Any], list[Any], list[Any]]
    unusual: set[int] = field(default_factory=set)


class RowExtras:
    def __init__(self, header: list[str], names: VerdictNames) -> None:
        self.verdict = verdict_columns(names)(header)
        self.engagement = engagement_columns(header)
        self._facts: dict[tuple[tuple[str, str], ...], tuple[LeadFact, ...]] = {}
        verdict, engagement = self.verdict, self.engagement
        self._verdict_cells = [] if verdict is None else verdict.columns_read
        self._touch_cells = (
            []
            if engagement is None
            else [column for column in (engagement.date, engagement.kind) if column is not None]
        )

    def column_parts(self, table: Table, rows: tuple[list[str], ...]) -> ColumnParts:
        """What ``fill`` gives each of a batch of rows, each different set of cells read once;
        every row reaches every column."""
        blank: list[Any] = [None] * len(rows)
        parts = ColumnParts((blank, blank, [()] * len(rows)))
        said, touches, facts = parts.values
        if self.verdict is not None:

            def verdict(cells: list[str]) -> Any:
                warned: list[tuple[int, str]] = []
                found = self.verdict.read(table, cells, warned, 0)
                return _UNUSUAL if warned else found

            said = _once_per_key(rows, self._verdict_cells, verdict)
            if _UNUSUAL in said:
                parts.unusual = {n for n, found in enumerate(said) if found is _UNUSUAL}
        if self.engagement is not None:
            touches = _once_per_key(
                rows, self._touch_cells, lambda cells: self.engagement.touch(table, cells)
            )
        if table.fact_columns:
            picked = [where.column for where in table.fact_columns]
            facts = _once_per_key(
                rows, picked, lambda cells: self._facts_of(table.fact_columns, cells)
            )
        parts.values = (said, touches, facts)
        return parts

    def _facts_of(self, fact_columns: list[Any], cells: list[str]) -> tuple[LeadFact, ...]:
        said = tuple(
            (where.attribute, value)
            for where in fact_columns
            if where.column < len(cells) and (value := where.read(cells[where.column]))
        )
        facts = self._facts.get(said)
        if facts is None:  # a million leads say a few hundred things: each kept once
            facts = self._facts[said] = tuple(LeadFact(a, value) for a, value in said)
        return facts

    def fill(self, record, table: Table, cells: list[str]) -> None:
        if self.verdict is not None:
            warned: list[tuple[int, str]] = []  # a record's warnings start as a tuple
            record.said = self.verdict.read(table, cells, warned, record.line)
            if warned:
                record.warnings = [*record.warnings, *warned]
        if self.engagement is not None:
            record.first_touch = self.engagement.touch(table, cells)
        if not table.fact_columns:
            return
        record.facts = self._facts_of(table.fact_columns, cells)


def extra_dates(names: VerdictNames):
    """The extra date columns of a header, for the import to decide their day/month order
    with the lifecycle dates, in the same look down the file."""

    def find(header: list[str]) -> list[int]:
        verdict, engagement = verdict_columns(names)(header), engagement_columns(header)
        found = verdict.date_columns if verdict is not None else []
        if engagement is not None:
            found = [*found, engagement.date]
        return found

    return find
