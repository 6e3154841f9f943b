"""What a lead row says besides its lifecycle: the receiving team's verdict and the first
touch. Each layout finds these columns once per file and fills each record from its row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from journeyapp.models.deal_import.table import Table
from journeyapp.models.entities import LeadFact
from journeyapp.models.lead_import.engagement import engagement_columns
from journeyapp.models.lead_import.row_batches import keys
from journeyapp.models.lead_import.verdict_columns import VerdictNames, verdict_columns

_UNUSUAL = object()  # a verdict whose reading warned: its row is read on its own
_MISSING = object()


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

    def column_parts(self, table: Table, rows: tuple[list[str], ...], lines) -> ColumnParts:
        """What ``fill`` gives each of a batch of rows, each different set of cells read once;
        every row reaches every column."""
        blank: list[Any] = [None] * len(rows)
        parts = ColumnParts((blank, blank, [()] * len(rows)))
        said, touches, facts = parts.values
        if self.verdict is not None:
            said = self._verdicts(table, rows, lines, parts.unusual)
        if self.engagement is not None:
            found: dict[tuple[str, ...], Any] = {}
            touches = []
            for key, cells in zip(keys(rows, self._touch_cells), rows, strict=True):
                touch = found.get(key, _MISSING)
                if touch is _MISSING:
                    touch = found[key] = self.engagement.touch(table, cells)
                touches.append(touch)
        if table.fact_columns:
            picked = [where.column for where in table.fact_columns]
            found = {}
            for key, cells in zip(keys(rows, picked), rows, strict=True):
                if key not in found:
                    found[key] = self._facts_of(table.fact_columns, cells)
            facts = list(map(found.__getitem__, keys(rows, picked)))
        parts.values = (said, touches, facts)
        return parts

    def _verdicts(self, table: Table, rows, lines, unusual: set[int]) -> list[Any]:
        found: dict[tuple[str, ...], Any] = {}
        said = []
        for n, key in enumerate(keys(rows, self._verdict_cells)):
            verdict = found.get(key, _MISSING)
            if verdict is _MISSING:
                warned: list[tuple[int, str]] = []
                verdict = self.verdict.read(table, rows[n], warned, lines[n])
                verdict = found[key] = _UNUSUAL if warned else verdict
            if verdict is _UNUSUAL:
                unusual.add(n)
            said.append(verdict)
        return said

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
            record.said = self.verdict.read(table, cells, record.warnings, record.line)
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
