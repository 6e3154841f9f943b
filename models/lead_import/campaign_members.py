"""Salesforce's CampaignMember export beside a Lead export: the campaign each lead came from.

A CampaignMember row ties a lead (LeadId) to a campaign (CampaignId), with Status,
HasResponded, FirstRespondedDate and CreatedDate, as the object reference lists them
(https://developer.salesforce.com/docs/atlas.en-us.api.meta/object_ref/
sforce_api_objects_campaignmember.htm). A report of campaign members may also name the
campaign ("Campaign Name"); otherwise the campaign is known by its id. Where a lead is a
member of several campaigns, the first it responded to counts (FirstRespondedDate), else the
first it joined (CreatedDate); each date column is read in the day/month order all its values
show, or the one the user gave for the lead export."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from journeyapp.models.deal_import.formats.records import (
    DELETED_COLUMN,
    Columns,
    cell,
    cell_time,
    deleted_row,
)
from journeyapp.models.deal_import.plan import decide_date_orders
from journeyapp.models.deal_import.refusal import UnreadableFile
from journeyapp.models.deal_import.table import Table, read_table
from journeyapp.models.deal_import.values import BadValue, DateOrder, DateOrderVote
from journeyapp.models.lead_import.records import LeadRecord
from journeyapp.models.lead_import.salesforce_ids import id_key
from journeyapp.models.words import count

LEAD = ("LeadId", "Lead ID")
CAMPAIGN = ("CampaignId", "Campaign ID")
CAMPAIGN_NAME = ("Campaign Name", "Campaign.Name", "Campaign")
RESPONDED = ("HasResponded", "Responded")
FIRST_RESPONDED = ("FirstRespondedDate", "First Responded Date")
JOINED = ("CreatedDate", "Created Date")
LATEST = 2**62  # a member with no date comes after every dated one


def is_member_header(header: list[str]) -> bool:
    columns = Columns(header)
    return columns.find(*LEAD) is not None and (
        columns.find(*CAMPAIGN) is not None or columns.find(*CAMPAIGN_NAME) is not None
    )


def join(
    records: list[LeadRecord],
    path: str | Path,
    date_order: DateOrder | None = None,
    zone: ZoneInfo | None = None,
) -> str:
    """Give each lead the campaign the CampaignMember export names for it; say how many.
    ``date_order`` and ``zone``: as given for the lead export, for dates that need them."""
    table = read_table(path, is_member_header)
    if not is_member_header(table.header):
        raise UnreadableFile(
            f"{table.name} is not a CampaignMember export: it needs the columns LeadId and "
            "CampaignId (or Campaign Name)."
        )
    if zone is not None:
        table.zone = zone
    columns = Columns(table.header)
    lead_col = columns.find(*LEAD)
    name_col, id_col = columns.find(*CAMPAIGN_NAME), columns.find(*CAMPAIGN)
    responded_col = columns.find(*RESPONDED)
    responded_at, joined_at = columns.find(*FIRST_RESPONDED), columns.find(*JOINED)
    votes = {column: DateOrderVote() for column in (responded_at, joined_at) if column is not None}
    table.scan(votes)
    decide_date_orders(table, votes, table.name, date_order)
    best: dict[str, tuple[tuple[bool, int, int], str]] = {}
    deleted = columns.find(DELETED_COLUMN)
    for line, cells in table.rows:
        lead, campaign = cell(cells, lead_col), cell(cells, name_col) or cell(cells, id_col)
        if not lead or not campaign or deleted_row(cells, deleted):
            continue  # a member removed from the campaign (Export All keeps it) is none
        responded = cell(cells, responded_col).casefold() in ("true", "1", "yes")
        when = _time(table, cells, responded_at if responded else None) or _time(
            table, cells, joined_at
        )
        rank = (not responded, when or LATEST, line)
        key = id_key(lead)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, campaign)
    joined = 0
    for record in records:
        found = best.get(id_key(record.source_id))
        if found is not None:
            record.campaign = found[1]
            joined += 1
    return f"campaigns from {table.name} for {count(joined, 'lead')}"


def _time(table: Table, cells: list[str], column: int | None) -> int | None:
    """The time in the row's ``column``, if it holds one."""
    try:
        return cell_time(table, cells, column)
    except BadValue:
        return None
