"""The app's own lead layout, one row per lead: ``id`` and one date column per lifecycle stage,
named ``<stage> date`` or ``<stage>_date`` ("Lead date", "MQL date", "SQL_date"); and, where
known, ``name``, ``account``, ``owner``, ``source``, ``campaign``, ``status`` and ``deal_id``
(the deal it converted to)."""

from __future__ import annotations

import re

from journeyapp.models.deal_import.formats.records import Columns, Skipped, cell
from journeyapp.models.deal_import.table import Table
from journeyapp.models.lead_import.lifecycle_dates import LifecycleDates
from journeyapp.models.lead_import.records import LeadRecord, first_id, lifecycle_format
from journeyapp.models.lead_import.row_extras import RowExtras, extra_dates
from journeyapp.models.lead_import.verdict_columns import GENERIC

_STAGE_DATE = re.compile(r"^\s*(.+?)[\s_]+date\s*$", re.IGNORECASE)


def stage_columns(header: list[str]) -> list[tuple[str, int]]:
    found = []
    for index, name in enumerate(header):
        match = _STAGE_DATE.match(name)
        if match:
            found.append((match.group(1).strip(), index))
    return found


def read_generic(table: Table) -> tuple[list[LeadRecord], list[Skipped]]:
    columns = Columns(table.header)
    stages = stage_columns(table.header)
    found = {
        name: columns.find(name)
        for name in ("id", "name", "account", "owner", "source", "campaign", "status", "deal_id")
    }
    extras = RowExtras(table.header, GENERIC)
    dates = LifecycleDates(table, stages)
    records: list[LeadRecord] = []
    skipped: list[Skipped] = []
    for line, cells in table.rows:
        lead_id = cell(cells, found["id"])
        if not lead_id:
            skipped.append((line, "no id"))
            continue
        visits = dates.visits(cells, line, skipped)
        if visits is None:
            continue
        records.append(
            LeadRecord(
                lead_id,
                line,
                name=cell(cells, found["name"]) or lead_id,
                owner=cell(cells, found["owner"]),
                account=cell(cells, found["account"]),
                visits=visits,
                lead_source=cell(cells, found["source"]),
                campaign=cell(cells, found["campaign"]),
                status=cell(cells, found["status"]),
                converted=first_id(cell(cells, found["deal_id"])),
            )
        )
        extras.fill(records[-1], table, cells)
    return records, skipped


FORMAT = lifecycle_format(
    "generic",
    "Generic lead lifecycle (one date column per stage)",
    ("id", "<stage> date"),
    ("id",),
    stage_columns,
    read_generic,
    extra_dates(GENERIC),
)
