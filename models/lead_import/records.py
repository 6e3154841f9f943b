"""What every lead layout reads into: a deal record (the visits are lifecycle stages) with
the lead's status and the deal it converted to, and the lifecycle dates made visits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from journeyapp.models.deal_import.formats.layout import Format
from journeyapp.models.deal_import.formats.records import Columns, DealRecord, Skipped, cell
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import Touch
from journeyapp.models.lead_import.verdict_columns import CrmVerdict


@dataclass
class LeadRecord(DealRecord):
    status: str = ""  # the CRM's lead status, as it says it
    converted: str | None = None  # the deal (opportunity) id it converted to, as exported
    said: CrmVerdict | None = None  # the receiving team's word on it, as the CRM says it
    first_touch: Touch | str | None = None  # HubSpot's first engagement, or why it is no touch


StageColumns = Callable[[list[str]], list[tuple[str, int]]]  # header → (stage, column) each


def lifecycle_format(
    name: str,
    title: str,
    needed: tuple[str, ...],
    id_names: tuple[str, ...],
    stage_columns: StageColumns,
    read: Callable,
    extra_dates: Callable[[list[str]], list[int]] = lambda header: [],
) -> Format:
    """A layout of one row per record: an id column and a date column per lifecycle stage."""

    def held(header: list[str]) -> int:
        return (Columns(header).find(*id_names) is not None) + bool(stage_columns(header))

    return Format(
        name=name,
        title=title,
        needed=needed,
        fits=lambda header: held(header) == 2,
        date_columns=lambda header: (
            [index for _, index in stage_columns(header)] + extra_dates(header)
        ),
        amount_columns=lambda header: [],
        read=read,
        held=held,
    )


def lifecycle_visits(
    table: Table,
    cells: list[str],
    stage_columns: list[tuple[str, int]],
    line: int,
    skipped: list[Skipped],
) -> list[tuple[str, int, int | None]] | None:
    """The lifecycle stages the row has a date for, in time order, each left when the next
    was entered; None (and the row skipped, saying why) where a date cannot be read or the
    row has none."""
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
    if not entered:
        skipped.append((line, "no lifecycle stage date"))
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
