"""Salesforce's Lead object export (the Data Export's Lead.csv, or Data Loader's): one row per
lead with Id, Name (or FirstName and LastName), Company, Status, LeadSource, CreatedDate,
IsConverted, ConvertedDate, ConvertedOpportunityId and OwnerId, as the Lead object reference
names its fields (https://developer.salesforce.com/docs/atlas.en-us.api.meta/object_ref/
sforce_api_objects_lead.htm). A lead report's labels (Lead ID, Create Date, Converted Date,
Lead Status, Lead Source, Lead Owner) are read as well.

Salesforce keeps when a lead was created and, once converted, the date it became an account
and contact, and an opportunity unless the user chose none: the path is "Lead" from
CreatedDate, then "Converted" from ConvertedDate; a lead converted with ConvertedOpportunityId
empty became no opportunity, and its step is "Converted without opportunity", a stage of its
own for the user to place (an export without that column cannot tell the two apart). Its
campaign comes from a CampaignMember export given beside it (campaign_members.py)."""

from __future__ import annotations

from journeyapp.models.deal_import.formats.layout import Format, having, named_columns
from journeyapp.models.deal_import.formats.records import (
    DELETED_COLUMN,
    Columns,
    Skipped,
    cell,
    deleted_row,
    row_time,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.lead_import.records import LeadRecord, first_id
from journeyapp.models.lead_import.row_extras import RowExtras, extra_dates
from journeyapp.models.lead_import.verdict_columns import SALESFORCE

CREATED = "Lead"
CONVERTED = "Converted"
CONVERTED_ALONE = "Converted without opportunity"
ID_NAMES = ("Id", "Lead ID")
CREATED_NAMES = ("CreatedDate", "Create Date", "Created Date")
CONVERTED_NAMES = ("ConvertedDate", "Converted Date")
IS_CONVERTED = ("IsConverted", "Converted")
TRUE_WORDS = frozenset({"true", "1", "yes"})


def read_leads(table: Table) -> tuple[list[LeadRecord], list[Skipped]]:
    columns = Columns(table.header)
    id_col, created_col = columns.find(*ID_NAMES), columns.find(*CREATED_NAMES)
    converted_col, is_converted = columns.find(*CONVERTED_NAMES), columns.find(*IS_CONVERTED)
    name_col = columns.find("Name", "Full Name")
    first, last = columns.find("FirstName", "First Name"), columns.find("LastName", "Last Name")
    company_col = columns.find("Company", "Company / Account")
    owner_col = columns.find("Owner", "Lead Owner", "Owner.Name", "OwnerId")
    status_col = columns.find("Status", "Lead Status")
    source_col = columns.find("LeadSource", "Lead Source")
    campaign_col = columns.find("Campaign", "Campaign Name", "Primary Campaign Source")
    opportunity_col = columns.find("ConvertedOpportunityId", "Converted Opportunity ID")
    extras = RowExtras(table.header, SALESFORCE)
    records: list[LeadRecord] = []
    skipped: list[Skipped] = []
    undated: list[LeadRecord] = []  # converted, with no ConvertedDate column to say when
    deleted_col, master_col = columns.find(DELETED_COLUMN), columns.find("MasterRecordId")
    for line, cells in table.rows:
        lead_id = cell(cells, id_col)
        if not lead_id:
            skipped.append((line, "no lead Id"))
            continue
        if deleted_row(cells, deleted_col):
            master = cell(cells, master_col)
            why = f"merged into lead {master}" if master else "deleted"
            skipped.append((line, f"lead {lead_id} was {why} in Salesforce (IsDeleted)"))
            continue
        created = row_time(table, cells, created_col, line, skipped)
        if created is None:
            continue
        visits: list[tuple[str, int, int | None]] = [(CREATED, created, None)]
        if cell(cells, converted_col) or cell(cells, is_converted).casefold() in TRUE_WORDS:
            converted = (
                row_time(table, cells, converted_col, line, skipped)
                if cell(cells, converted_col)
                else created
            )
            if converted is None:
                continue
            converted = max(converted, created)  # ConvertedDate has no time of day
            alone = opportunity_col is not None and not cell(cells, opportunity_col)
            visits = [
                (CREATED, created, converted),
                (CONVERTED_ALONE if alone else CONVERTED, converted, None),
            ]
        person = " ".join(part for part in (cell(cells, first), cell(cells, last)) if part)
        company = cell(cells, company_col)
        records.append(
            LeadRecord(
                lead_id,
                line,
                name=cell(cells, name_col) or person or company or lead_id,
                owner=cell(cells, owner_col),
                account=company,
                visits=visits,
                lead_source=cell(cells, source_col),
                campaign=cell(cells, campaign_col),
                status=cell(cells, status_col),
                converted=first_id(cell(cells, opportunity_col)),
            )
        )
        extras.fill(records[-1], table, cells)
        if len(visits) > 1 and converted_col is None:
            undated.append(records[-1])
    if undated:
        undated[0].warnings = (*undated[0].warnings, _undated_sentence(undated))
    return records, skipped


def _undated_sentence(undated: list[LeadRecord]) -> tuple[int, str]:
    leads = "converted lead" if len(undated) == 1 else "converted leads"
    return (
        undated[0].line,
        f"{len(undated):,} {leads} with no ConvertedDate column to date the conversion: "
        "each is dated converted when it was created, so its time as a lead reads as none "
        "(export ConvertedDate too for the real dates)",
    )


_DATES = named_columns(CREATED_NAMES, CONVERTED_NAMES)
_VERDICT_DATES = extra_dates(SALESFORCE)
FORMAT = Format(
    name="salesforce-leads",
    title="Salesforce leads (Lead object)",
    needed=("Id", "CreatedDate", "ConvertedDate or IsConverted"),
    fits=having(ID_NAMES, CREATED_NAMES, CONVERTED_NAMES + IS_CONVERTED),
    date_columns=lambda header: _DATES(header) + _VERDICT_DATES(header),
    amount_columns=lambda header: [],
    read=read_leads,
)
