"""What a lead row says besides its lifecycle: the receiving team's verdict and the first
touch. Each layout finds these columns once per file and fills each record from its row."""

from __future__ import annotations

from journeyapp.models.deal_import.table import Table
from journeyapp.models.entities import LeadFact
from journeyapp.models.lead_import.engagement import engagement_columns
from journeyapp.models.lead_import.verdict_columns import VerdictNames, verdict_columns


class RowExtras:
    def __init__(self, header: list[str], names: VerdictNames) -> None:
        self.verdict = verdict_columns(names)(header)
        self.engagement = engagement_columns(header)
        self._facts: dict[tuple[tuple[str, str], ...], tuple[LeadFact, ...]] = {}

    def fill(self, record, table: Table, cells: list[str]) -> None:
        if self.verdict is not None:
            record.said = self.verdict.read(table, cells, record.warnings, record.line)
        if self.engagement is not None:
            record.first_touch = self.engagement.touch(table, cells)
        if not table.fact_columns:
            return
        said = tuple(
            (where.attribute, value)
            for where in table.fact_columns
            if where.column < len(cells) and (value := where.read(cells[where.column]))
        )
        facts = self._facts.get(said)
        if facts is None:  # a million leads say a few hundred things: each kept once
            facts = self._facts[said] = tuple(LeadFact(a, value) for a, value in said)
        record.facts = facts


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
