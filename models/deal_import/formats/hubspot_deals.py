"""HubSpot deals export: one row per deal, a `Date entered "<Stage> (<Pipeline>)"` and
`Date exited …` column per stage."""

from __future__ import annotations

import re

from journeyapp.models.deal_import.formats.layout import Format, named_columns
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    outcome_of_stage,
    source_columns,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue

_HUBSPOT_DATE = re.compile(r'^date (entered|exited) ["“”\'](.+?)["“”\']$', re.IGNORECASE)


def read_hubspot(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    entered: dict[str, int] = {}
    exited: dict[str, int] = {}
    for i, name in enumerate(table.header):
        match = _HUBSPOT_DATE.match(name.strip())
        if match:
            # "Won (Sales Pipeline)": the pipeline is kept, so two pipelines' stages of one
            # name stay apart (and are mapped apart).
            stage = " ".join(match.group(2).split())
            (entered if match.group(1).lower() == "entered" else exited)[stage] = i
    id_col = columns.find("Record ID", "Deal ID", "hs_object_id")
    name_col, amount_col = columns.find("Deal Name", "dealname"), columns.find("Amount")
    owner_col, reason_col = (
        columns.find("Deal owner", "Deal Owner"),
        columns.find("Closed Lost Reason", "closed_lost_reason"),
    )
    stage_col = columns.find("Deal Stage", "dealstage")
    account_col = columns.find("Associated Company", "Company name")
    records, skipped = [], []
    for line, cells in table.rows:
        deal_id = cell(cells, id_col) or cell(cells, name_col)
        if not deal_id:
            skipped.append((line, "no Record ID or Deal Name"))
            continue
        record = DealRecord(deal_id, line, name=cell(cells, name_col) or deal_id)
        record.take_sources(cells, sources)
        record.owner, record.reason = cell(cells, owner_col), cell(cells, reason_col)
        record.account = cell(cells, account_col)
        try:
            record.amount, record.currency = table.amount(cell(cells, amount_col), amount_col)
            visits = []
            for stage, column in entered.items():
                start = cell(cells, column)
                if start:
                    end = cell(cells, exited.get(stage))
                    end_at = table.time(end, exited[stage]) if end else None
                    visits.append((stage, table.time(start, column), end_at))
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        record.visits = sorted(visits, key=lambda visit: visit[1])
        record.outcome = outcome_of_stage(cell(cells, stage_col)) if stage_col else None
        if not record.visits:
            skipped.append((line, "no stage has a date entered"))
            continue
        records.append(record)
    return records, skipped


def _fits(header: list[str]) -> bool:
    return any(_HUBSPOT_DATE.match(name.strip()) for name in header)


def _date_columns(header: list[str]) -> list[int]:
    return [i for i, name in enumerate(header) if _HUBSPOT_DATE.match(name.strip())]


FORMAT = Format(
    name="hubspot",
    title="HubSpot deals export",
    needed=("Record ID", 'Date entered "<stage>"'),
    fits=_fits,
    date_columns=_date_columns,
    amount_columns=named_columns(("Amount",)),
    read=read_hubspot,
    held=lambda header: _fits(header) + Columns(header).has("Record ID"),
)
