"""What every lead layout reads into: a deal record (the visits are lifecycle stages) with
the lead's status and the deal it converted to, and the lifecycle dates made visits."""

from __future__ import annotations

from dataclasses import dataclass

from journeyapp.models.deal_import.formats.records import DealRecord, Skipped, cell
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue


@dataclass
class LeadRecord(DealRecord):
    status: str = ""  # the CRM's lead status, as it says it
    converted: str | None = None  # the deal (opportunity) id it converted to, as exported


def lifecycle_visits(
    table: Table,
    cells: list[str],
    stage_columns: list[tuple[str, int]],
    line: int,
    skipped: list[Skipped],
) -> list[tuple[str, int, int | None]] | None:
    """The lifecycle stages the row has a date for, in time order, each left when the next
    was entered; None (and the row skipped, naming the column) where a date cannot be read."""
    entered: list[tuple[int, int, str]] = []
    for order, (stage, column) in enumerate(stage_columns):
        text = cell(cells, column)
        if not text:
            continue
        try:
            entered.append((table.time(text, column), order, stage))
        except BadValue as error:
            skipped.append((line, f"{table.header[column]}: {error}"))
            return None
    entered.sort()
    return [
        (stage, when, entered[n + 1][0] if n + 1 < len(entered) else None)
        for n, (when, _, stage) in enumerate(entered)
    ]


def first_id(text: str) -> str | None:
    """The first of a cell's ids ("123;456" lists two associated records), or None."""
    for separator in (";", ","):
        text = text.split(separator)[0]
    return text.strip() or None
