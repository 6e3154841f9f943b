"""A pipeline snapshot: each deal's current stage with its engage and close dates, no history
(paths of two points)."""

from __future__ import annotations

from journeyapp.models.deal_import.formats.layout import Format, having, named_columns
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    source_columns,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue


def read_snapshot(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    id_col = columns.find("opportunity_id", "deal_id", "id")
    stage_col, engage_col = columns.find("deal_stage"), columns.find("engage_date")
    close_col, value_col = columns.find("close_date"), columns.find("close_value", "amount")
    owner_col, account_col = columns.find("sales_agent", "owner"), columns.find("account")
    records, skipped = [], []
    for line, cells in table.rows:
        deal_id, stage = cell(cells, id_col), cell(cells, stage_col)
        if not deal_id or not stage:
            skipped.append((line, "no id or deal_stage"))
            continue
        record = DealRecord(deal_id, line, name=deal_id, snapshot_only=True)
        record.take_sources(cells, sources)
        record.owner, record.account = cell(cells, owner_col), cell(cells, account_col)
        try:
            record.amount, record.currency = table.amount(cell(cells, value_col), value_col)
            engaged = cell(cells, engage_col)
            closed = cell(cells, close_col)
            if engaged and stage.casefold() not in ("engaging", "prospecting") and closed:
                engaged_at = table.time(engaged, engage_col)
                closed_at = table.time(closed, close_col)
                record.visits = [("Engaging", engaged_at, closed_at)]
                record.visits.append((stage, closed_at, None))
            elif engaged:
                record.visits = [(stage, table.time(engaged, engage_col), None)]
            else:
                skipped.append((line, "no engage_date: nothing to place on a timeline"))
                continue
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        records.append(record)
    return records, skipped


FORMAT = Format(
    name="snapshot",
    title="Pipeline snapshot",
    needed=("deal_stage", "engage_date"),
    fits=having(("deal_stage",), ("engage_date",)),
    date_columns=named_columns(("engage_date",), ("close_date",)),
    amount_columns=named_columns(("close_value", "amount")),
    read=read_snapshot,
)
