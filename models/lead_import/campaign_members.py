"""Salesforce's CampaignMember export beside a Lead export: the campaign each lead came from.

A CampaignMember row ties a lead (LeadId) to a campaign (CampaignId), with Status,
HasResponded, FirstRespondedDate and CreatedDate, as the object reference lists them
(https://developer.salesforce.com/docs/atlas.en-us.api.meta/object_ref/
sforce_api_objects_campaignmember.htm). A report of campaign members may also name the
campaign ("Campaign Name"); otherwise the campaign is known by its id. Where a lead is a
member of several campaigns, the first it responded to counts, else the first it joined."""

from __future__ import annotations

from pathlib import Path

from journeyapp.models.deal_import.formats.records import Columns, cell
from journeyapp.models.deal_import.refusal import UnreadableFile
from journeyapp.models.deal_import.table import read_table
from journeyapp.models.deal_import.values import BadValue, DateOrder, DateOrderVote
from journeyapp.models.lead_import.records import LeadRecord
from journeyapp.models.lead_import.salesforce_ids import id_key
from journeyapp.models.words import count

LEAD = ("LeadId", "Lead ID")
CAMPAIGN = ("CampaignId", "Campaign ID")
CAMPAIGN_NAME = ("Campaign Name", "Campaign.Name", "Campaign")
RESPONDED = ("HasResponded", "Responded")
WHEN = ("FirstRespondedDate", "First Responded Date", "CreatedDate", "Created Date")
LATEST = 2**62  # a member with no date comes after every dated one


def is_member_header(header: list[str]) -> bool:
    columns = Columns(header)
    return columns.find(*LEAD) is not None and (
        columns.find(*CAMPAIGN) is not None or columns.find(*CAMPAIGN_NAME) is not None
    )


def join(records: list[LeadRecord], path: str | Path) -> str:
    """Give each lead the campaign the CampaignMember export names for it; say how many."""
    table = read_table(path, is_member_header)
    if not is_member_header(table.header):
        raise UnreadableFile(
            f"{table.name} is not a CampaignMember export: it needs the columns LeadId and "
            "CampaignId (or Campaign Name)."
        )
    columns = Columns(table.header)
    lead_col = columns.find(*LEAD)
    name_col, id_col = columns.find(*CAMPAIGN_NAME), columns.find(*CAMPAIGN)
    responded_col, when_col = columns.find(*RESPONDED), columns.find(*WHEN)
    if when_col is not None:  # the day/month order from the whole column, never row by row
        vote = DateOrderVote()
        table.scan({when_col: vote})
        table.orders[when_col] = vote.result() or DateOrder.MDY
    best: dict[str, tuple[tuple[bool, int, int], str]] = {}
    for line, cells in table.rows:
        lead, campaign = cell(cells, lead_col), cell(cells, name_col) or cell(cells, id_col)
        if not lead or not campaign:
            continue
        try:
            when = table.time(cell(cells, when_col), when_col) if cell(cells, when_col) else LATEST
        except BadValue:
            when = LATEST
        responded = cell(cells, responded_col).casefold() in ("true", "1", "yes")
        rank = (not responded, when, line)
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
