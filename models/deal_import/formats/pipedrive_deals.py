"""Pipedrive deals list export (Deals → list view → Export, CSV or Excel): one row per deal,
its columns named "Deal - <field>" ("Deal - ID", "Deal - Title", "Deal - Stage",
"Deal - Status", "Deal - Deal created", "Deal - Last stage change", "Deal - Won time", …).

It holds each deal's current stage and no stage history, so a deal becomes a short path,
as a pipeline snapshot does: its current stage, entered at its last stage change (at its
creation when the export has no such column or cell), then, for a won or lost deal, a
"Won" or "Lost" step from its won or lost time. Won and lost are statuses in Pipedrive,
not stages: a lost deal stays in the stage it was lost in, which is where it was lost.

Only the current status is in the file: a deal that was lost, reopened and won is here a
won deal, closed at its won time; its earlier loss is in the deal changes export.

The English headers are read. Pipedrive writes its own field names in the account's
language in the app, but no export with translated headers was found to build to; a
translated export is refused naming the English columns it needs.
"""

from __future__ import annotations

from journeyapp.models.deal_import.formats.layout import Format, named_columns
from journeyapp.models.deal_import.formats.pipedrive_changes import LOST_STAGE, WON_STAGE
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    cell_time,
    source_columns,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import DealOutcome

ID = ("Deal - ID", "Deal - Pipedrive System ID")
TITLE = ("Deal - Title",)
STAGE = ("Deal - Stage", "Deal - Stage (pipeline)")
STATUS = ("Deal - Status",)
CREATED = ("Deal - Deal created", "Deal - Creation date", "Deal - Add time")
STAGE_CHANGED = ("Deal - Last stage change", "Deal - Stage change time")
WON = ("Deal - Won time",)
LOST = ("Deal - Lost time",)
CLOSED = ("Deal - Deal closed on", "Deal - Closed on", "Deal - Close time")
VALUE = ("Deal - Value",)
CURRENCY = ("Deal - Currency of Value", "Deal - Currency")
# Pipedrive's own source fields: the channel (web forms, chatbot, import…) and the origin
# (created by hand, by API…); a custom "Deal - Source" field comes first where there is one.
SOURCE = ("Deal - Source channel", "Deal - Source origin")


def read_pipedrive_deals(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    source, campaign = source_columns(columns)
    sources = (source if source is not None else columns.find(*SOURCE), campaign)
    id_col, title_col = columns.find(*ID), columns.find(*TITLE)
    stage_col, pipeline_col = columns.find(*STAGE), columns.find("Deal - Pipeline")
    status_col, reason_col = columns.find(*STATUS), columns.find("Deal - Lost reason")
    created_col, changed_col = columns.find(*CREATED), columns.find(*STAGE_CHANGED)
    won_col, lost_col, closed_col = columns.find(*WON), columns.find(*LOST), columns.find(*CLOSED)
    value_col, currency_col = columns.find(*VALUE), columns.find(*CURRENCY)
    owner_col = columns.find("Deal - Owner")  # the owner; "Deal - Creator" made the deal
    account_col = columns.find("Deal - Organization", "Organization - Name", "Organization")
    records, skipped = [], []
    for line, cells in table.rows:
        deal_id = cell(cells, id_col) or cell(cells, title_col)
        stage = cell(cells, stage_col)
        if not deal_id or not stage:
            skipped.append((line, "no Deal - ID or Deal - Stage"))
            continue
        status = cell(cells, status_col).casefold()
        if status == "deleted":
            skipped.append((line, f"deal {deal_id} was deleted in Pipedrive"))
            continue
        pipeline = cell(cells, pipeline_col)
        if pipeline and not stage.endswith(f"({pipeline})"):
            # Two pipelines may each have a stage of one name: kept apart, and mapped apart.
            stage = f"{stage} ({pipeline})"
        record = DealRecord(deal_id, line, name=cell(cells, title_col) or deal_id)
        record.snapshot_only = True
        record.take_sources(cells, sources)
        record.owner, record.account = cell(cells, owner_col), cell(cells, account_col)
        record.reason = cell(cells, reason_col) if status == "lost" else ""
        if status in ("open", "won", "lost"):
            record.outcome = DealOutcome(status)
        try:
            record.amount, record.currency = table.amount(cell(cells, value_col), value_col)
            record.currency = cell(cells, currency_col) or record.currency
            created = cell_time(table, cells, created_col)
            changed = cell_time(table, cells, changed_col)
            close_col = {"won": won_col, "lost": lost_col}.get(status)
            closed = cell_time(table, cells, close_col) if close_col is not None else None
            if status in ("won", "lost") and closed is None:
                closed = cell_time(table, cells, closed_col)
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        # In its stage since its last stage change; a change after the close (the stage
        # edited on a closed deal) does not say when it got there, its creation does.
        entered = changed
        if entered is None or (closed is not None and entered > closed):
            entered = created
        if entered is None:
            skipped.append((line, "no Deal - Deal created or Last stage change: no date to place"))
            continue
        if closed is not None and entered > closed:
            skipped.append((line, "closed before it was created"))
            continue
        record.visits = [(stage, entered, closed)]
        if closed is not None:
            record.visits.append((WON_STAGE if status == "won" else LOST_STAGE, closed, None))
        records.append(record)
    return records, skipped


def _fits(header: list[str]) -> bool:
    columns = Columns(header)
    return (
        columns.find(*ID, *TITLE) is not None
        and columns.find(*STAGE) is not None
        and columns.find(*CREATED, *STAGE_CHANGED) is not None
    )


FORMAT = Format(
    name="pipedrive-deals",
    title="Pipedrive deals list export",
    needed=("Deal - ID", "Deal - Stage", "Deal - Status", "Deal - Deal created"),
    fits=_fits,
    date_columns=named_columns(CREATED, STAGE_CHANGED, WON, LOST, CLOSED),
    amount_columns=named_columns(VALUE),
    read=read_pipedrive_deals,
    held=lambda header: sum(
        Columns(header).find(*names) is not None
        for names in (ID + TITLE, STAGE, STATUS, CREATED + STAGE_CHANGED)
    ),
)
