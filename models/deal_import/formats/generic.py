"""The app's own layout: deal_id, stage, entered_at[, exited_at, deal_name, amount, outcome,
loss_reason, loss_type], one row per stage visit."""

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
from journeyapp.models.entities import DealOutcome


def read_generic(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    cols = {
        name: columns.find(name)
        for name in ("deal_id", "stage", "entered_at", "exited_at", "deal_name", "amount")
    }
    outcome_col, reason_col = columns.find("outcome"), columns.find("loss_reason", "reason")
    loss_col = columns.find("loss_type", "loss type")
    records: dict[str, DealRecord] = {}
    skipped: list[Skipped] = []
    for line, cells in table.rows:
        deal_id, stage = cell(cells, cols["deal_id"]), cell(cells, cols["stage"])
        if not deal_id or not stage:
            skipped.append((line, "no deal_id or stage"))
            continue
        try:
            start = table.time(cell(cells, cols["entered_at"]), cols["entered_at"])
            end_text = cell(cells, cols["exited_at"])
            end = table.time(end_text, cols["exited_at"]) if end_text else None
            amount = table.amount(cell(cells, cols["amount"]), cols["amount"])
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        record = records.setdefault(deal_id, DealRecord(deal_id, line, name=deal_id))
        record.take_sources(cells, sources)
        record.name = cell(cells, cols["deal_name"]) or record.name
        if amount[0] is not None:
            record.amount, record.currency = amount
        outcome = cell(cells, outcome_col).casefold()
        if outcome in ("won", "lost", "open"):
            record.outcome = DealOutcome(outcome)
        record.reason = cell(cells, reason_col) or record.reason
        record.loss_type = cell(cells, loss_col) or record.loss_type
        record.visits.append((stage, start, end))
    for record in records.values():
        record.visits.sort(key=lambda visit: visit[1])
    return list(records.values()), skipped


FORMAT = Format(
    name="generic",
    title="Generic stage history",
    needed=("deal_id", "stage", "entered_at"),
    fits=having(("deal_id",), ("stage",), ("entered_at",)),
    date_columns=named_columns(("entered_at",), ("exited_at",)),
    amount_columns=named_columns(("amount",)),
    read=read_generic,
)
