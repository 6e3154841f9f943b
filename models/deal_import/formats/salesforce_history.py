"""Salesforce OpportunityHistory (Data Loader, weekly Data Export): one row per change, with
the values after it."""

from __future__ import annotations

import csv

from journeyapp.models.deal_import.formats.layout import Format, having, named_columns
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    source_columns,
    visits_from_changes,
)
from journeyapp.models.deal_import.table import BLANK, FOOTER, Table
from journeyapp.models.deal_import.values import BadValue


def read_salesforce(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    deal_col, stage_col = columns.find("OpportunityId"), columns.find("StageName")
    created_col, amount_col = columns.find("CreatedDate"), columns.find("Amount")
    deleted_col, currency_col = columns.find("IsDeleted"), columns.find("CurrencyIsoCode")
    # No owner: CreatedById is whoever made each stage change, not the opportunity's owner
    # (that is in Opportunity.csv, beside the history).
    owner_col = columns.find("OwnerId")
    changes: dict[str, list[tuple[int, str]]] = {}
    latest: dict[str, tuple[int, int, list[str]]] = {}  # deal: (time, line, cells)
    skipped: list[Skipped] = []
    deleted_values = {"1", "true", "TRUE", "True"}
    names: dict[str, str] = {}  # one string per stage name, not one per row
    width = len(table.header)
    reader = table.reader
    try:
        for cells in reader:  # a million rows: read inline, not through helpers
            line = reader.line_num
            if len(cells) > width:
                if table.too_wide(cells, line):
                    continue
            elif len(cells) < width:
                said = table.short_row(cells, line)
                if said == FOOTER:
                    break
                if said == BLANK:
                    continue
            deal_id = cells[deal_col].strip()
            stage = cells[stage_col].strip()
            if not deal_id or not stage:
                skipped.append((line, "no OpportunityId or StageName"))
                continue
            if (
                deleted_col is not None
                and deleted_col < len(cells)
                and cells[deleted_col].strip() in deleted_values
            ):
                continue  # deleted in Salesforce: not part of the history
            try:
                when = table.time(cells[created_col], created_col)
            except BadValue as error:
                skipped.append((line, f"CreatedDate: {error}"))
                continue
            stage = names.setdefault(stage, stage)
            history = changes.get(deal_id)
            if history is None:
                changes[deal_id] = [(when, stage)]
                latest[deal_id] = (when, line, cells)
            else:
                history.append((when, stage))
                if when >= latest[deal_id][0]:
                    latest[deal_id] = (when, line, cells)
    except csv.Error as error:
        raise table.broken(error) from None
    records = []
    for deal_id, deal_changes in changes.items():
        _, line, cells = latest[deal_id]
        record = DealRecord(deal_id, line, name=deal_id, owner=cell(cells, owner_col))
        record.take_sources(cells, sources)
        try:
            record.amount, record.currency = table.amount(cell(cells, amount_col), amount_col)
        except BadValue as error:
            skipped.append((line, f"Amount: {error}"))
        record.currency = cell(cells, currency_col) or record.currency
        record.visits = visits_from_changes(deal_changes)
        records.append(record)
    return records, skipped


FORMAT = Format(
    name="salesforce",
    title="Salesforce OpportunityHistory",
    needed=("OpportunityId", "StageName", "CreatedDate"),
    fits=having(("OpportunityId",), ("StageName",), ("CreatedDate",)),
    date_columns=named_columns(("CreatedDate",)),
    amount_columns=named_columns(("Amount",)),
    read=read_salesforce,
)
