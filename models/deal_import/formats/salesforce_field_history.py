"""Salesforce "Opportunity Field History" report (Reports → Export → Details Only, CSV): one row
per tracked change to any opportunity field, with its old and new value.

    "Opportunity Owner","Opportunity Name","Account Name","Edited By","Field / Event",
    "Old Value","New Value","Edit Date"

Only the rows whose Field / Event is "Stage" move the deal; the row "Created." is when it was
opened, in the stage its first stage change came from. Rows of other fields (Amount, Close
Date, Next Step…) are part of the report and are passed over, not skipped as errors.

As in the Opportunity History report, a deal is known by its "Opportunity ID" column where the
report has one, else by Opportunity Name and Account Name together; the owner is the
"Opportunity Owner", never "Edited By"; "Edit Date" is read in the column's own day/month order.
"""

from __future__ import annotations

from journeyapp.models.deal_import.formats.layout import Format, having, named_columns
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    row_time,
    visits_from_changes,
)
from journeyapp.models.deal_import.formats.salesforce_report import (
    ID_NAMES,
    NAME_NAMES,
    Change,
    OpportunityColumns,
    in_order,
    keyed_rows,
    stage_times,
)
from journeyapp.models.deal_import.table import Table

FIELD_NAMES = ("Field / Event", "Field/Event", "Field")
EDITED_AT_NAMES = ("Edit Date", "Edited Date")
STAGE_FIELDS = {"stage", "stagename"}
CREATED_EVENTS = {"created.", "created", "opportunity created."}


def read_field_history(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    opportunity = OpportunityColumns(columns)
    field_col = columns.find(*FIELD_NAMES)
    old_col, new_col = columns.find("Old Value"), columns.find("New Value")
    when_col = columns.find(*EDITED_AT_NAMES)
    changes: dict[str, list[Change]] = {}
    opened: dict[str, int] = {}
    rows: dict[str, list[tuple[int, list[str], int]]] = {}
    skipped: list[Skipped] = []
    for line, cells, key in keyed_rows(table, columns, skipped):
        field = cell(cells, field_col).casefold()
        stage_row, created_row = field in STAGE_FIELDS, field in CREATED_EVENTS
        when = None
        if stage_row or created_row:
            when = row_time(table, cells, when_col, line, skipped)
            if when is None:
                continue
            if stage_row and not cell(cells, new_col):
                skipped.append((line, "a Stage change with no New Value"))
                continue
        # Every row carries the opportunity's own columns (owner, account, amount…).
        rows.setdefault(key, []).append((when if when is not None else -1, cells, line))
        if created_row:
            opened[key] = min(when, opened.get(key, when))
        elif stage_row:
            changes.setdefault(key, []).append((when, cell(cells, old_col), cell(cells, new_col)))
    records = []
    for key, deal_rows in rows.items():
        record = DealRecord(key, min(line for _, _, line in deal_rows), name=key)
        skipped += opportunity.fill_in_order(record, deal_rows, table)
        record.visits = visits_from_changes(_opening(key, changes, opened, deal_rows, opportunity))
        if not record.visits:
            skipped.append((record.line, "no Stage change for this deal"))
            continue
        records.append(record)
    return records, skipped


def _opening(
    key: str,
    changes: dict[str, list[Change]],
    opened: dict[str, int],
    rows: list[tuple[int, list[str], int]],
    opportunity: OpportunityColumns,
) -> list[tuple[int, str]]:
    """The deal's stage changes, opened in the stage the first of them came from: at "Created."
    where the report has that row, else (a deal created before its stage was tracked) a second
    before the first change, as other change logs are read. A deal whose stage never changed
    has been in its current Stage since "Created.", where the report has both."""
    ordered = in_order(changes.get(key, []))
    if not ordered:
        current = next((cell(cells, opportunity.stage) for _, cells, _ in rows), "")
        return [(opened[key], current)] if key in opened and current else []
    first_when, initial, _ = ordered[0]
    reached = stage_times(ordered)
    if not initial:
        return reached
    return [(min(opened.get(key, first_when - 1), first_when), initial), *reached]


FORMAT = Format(
    name="salesforce-field-history",
    title="Salesforce Opportunity Field History report",
    needed=("Opportunity Name", "Field / Event", "New Value", "Edit Date"),
    fits=having(FIELD_NAMES[:2], ("New Value",), EDITED_AT_NAMES, NAME_NAMES + ID_NAMES[:2]),
    date_columns=named_columns(EDITED_AT_NAMES),
    amount_columns=named_columns(("Amount",)),
    read=read_field_history,
)
