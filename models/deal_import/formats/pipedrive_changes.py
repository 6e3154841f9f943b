"""Pipedrive deal changes: one row per changed field, with its old and new value."""

from __future__ import annotations

from journeyapp.models.deal_import.formats.layout import Format, having, named_columns
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    source_columns,
    visits_from_changes,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import DealOutcome


def read_pipedrive(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    deal_col, field_col = columns.find("deal_id"), columns.find("field_key", "field")
    old_col, new_col = columns.find("old_value"), columns.find("new_value")
    time_col = columns.find("log_time", "time", "update_time")
    name_col, amount_col = columns.find("deal_title", "title"), columns.find("value", "amount")
    changes: dict[str, list[tuple[int, str]]] = {}
    status: dict[str, tuple[int, str]] = {}
    records: dict[str, DealRecord] = {}
    skipped: list[Skipped] = []
    for line, cells in table.rows:
        deal_id, changed = cell(cells, deal_col), cell(cells, field_col).casefold()
        if not deal_id:
            skipped.append((line, "no deal_id"))
            continue
        try:
            when = table.time(cell(cells, time_col), time_col)
        except BadValue as error:
            skipped.append((line, f"log_time: {error}"))
            continue
        record = records.setdefault(deal_id, DealRecord(deal_id, line, name=deal_id))
        record.take_sources(cells, sources)
        record.name = cell(cells, name_col) or record.name
        if amount_col is not None and cell(cells, amount_col):
            try:
                record.amount, record.currency = table.amount(cell(cells, amount_col), amount_col)
            except BadValue as error:
                skipped.append((line, f"value: {error}"))
        if changed in ("stage_id", "stage"):
            history = changes.setdefault(deal_id, [])
            old = cell(cells, old_col)
            if not history and old:
                history.append((when - 1, old))  # where it was before the first change
            history.append((when, cell(cells, new_col)))
        elif changed == "status":
            status[deal_id] = (when, cell(cells, new_col).casefold())
    for deal_id, record in records.items():
        record.visits = visits_from_changes(changes.get(deal_id, []))
        if deal_id in status and status[deal_id][1] in ("won", "lost"):
            record.outcome = DealOutcome(status[deal_id][1])
    kept = [r for r in records.values() if r.visits]
    skipped += [(r.line, "no stage change for this deal") for r in records.values() if not r.visits]
    return kept, skipped


FORMAT = Format(
    name="pipedrive",
    title="Pipedrive deal changes",
    needed=("deal_id", "field_key", "new_value"),
    fits=lambda header: having(("deal_id",), ("new_value", "field_key"))(header),
    date_columns=named_columns(("log_time", "time", "update_time")),
    amount_columns=named_columns(("value", "amount")),
    read=read_pipedrive,
)
