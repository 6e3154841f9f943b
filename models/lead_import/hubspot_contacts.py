"""HubSpot contacts (or companies) export: one row per record, with a "Became a … Date" column
per lifecycle stage (https://knowledge.hubspot.com/properties/hubspots-default-contact-properties),
the record's Lead Status, and its Original Source with two drill-downs
(https://knowledge.hubspot.com/properties/understand-source-properties). The same properties
under their internal names (hs_lifecyclestage_lead_date, hs_analytics_source, …) are read too.

HubSpot keeps only the date a record first entered each stage; the path is those dates in
time order. The campaign is where the source documentation puts the utm_campaign: drill-down
1 for paid search, email marketing and other campaigns, drill-down 2 for social. A source
given by its internal value (PAID_SEARCH, SOCIAL_MEDIA, as an export of internal names or
the API writes it) is read as its label; older accounts' "Social media" is organic social."""

from __future__ import annotations

from itertools import repeat

from journeyapp.models.deal_import.formats.records import (
    Columns,
    Skipped,
    picked_columns,
    picker,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.lead_import import row_batches
from journeyapp.models.lead_import.lifecycle_dates import LifecycleDates
from journeyapp.models.lead_import.records import LeadRecord, first_id, lifecycle_format
from journeyapp.models.lead_import.row_extras import RowExtras, extra_dates
from journeyapp.models.lead_import.verdict_columns import HUBSPOT

# Each default lifecycle stage: its label, and its date property by label and internal name.
LIFECYCLE = (
    ("Subscriber", "Became a Subscriber Date", "hs_lifecyclestage_subscriber_date"),
    ("Lead", "Became a Lead Date", "hs_lifecyclestage_lead_date"),
    (
        "Marketing Qualified Lead",
        "Became a Marketing Qualified Lead Date",
        "hs_lifecyclestage_marketingqualifiedlead_date",
    ),
    (
        "Sales Qualified Lead",
        "Became a Sales Qualified Lead Date",
        "hs_lifecyclestage_salesqualifiedlead_date",
    ),
    ("Opportunity", "Became an Opportunity Date", "hs_lifecyclestage_opportunity_date"),
    ("Customer", "Became a Customer Date", "hs_lifecyclestage_customer_date"),
    ("Evangelist", "Became an Evangelist Date", "hs_lifecyclestage_evangelist_date"),
    ("Other", "Became an Other Lifecycle Date", "hs_lifecyclestage_other_date"),
)
# Other labels a stage's date property is exported under.
OTHER_LABELS = {"Other": ("Became an Other Lifecycle Stage Date",)}
ID_NAMES = ("Record ID", "Contact ID", "Company ID", "hs_object_id")
SOURCE = ("Original Source", "Original Traffic Source", "hs_analytics_source")
DRILL_1 = ("Original Source Drill-Down 1", "Original Source Data 1", "hs_analytics_source_data_1")
DRILL_2 = ("Original Source Drill-Down 2", "Original Source Data 2", "hs_analytics_source_data_2")
# The sources whose drill-down holds the campaign (1 or 2), as HubSpot documents them.
CAMPAIGN_DRILL = {
    "paid search": 1,
    "email marketing": 1,
    "other campaigns": 1,
    "organic social": 2,
    "social media": 2,  # organic social's label in older accounts
    "paid social": 2,
}
# The Original Source's internal values (hs_analytics_source), each with its label.
SOURCE_LABELS = {
    "ORGANIC_SEARCH": "Organic search",
    "PAID_SEARCH": "Paid search",
    "EMAIL_MARKETING": "Email marketing",
    "SOCIAL_MEDIA": "Organic social",
    "REFERRALS": "Referrals",
    "OTHER_CAMPAIGNS": "Other campaigns",
    "DIRECT_TRAFFIC": "Direct traffic",
    "OFFLINE": "Offline sources",
    "PAID_SOCIAL": "Paid social",
}


def _lead_name(name: str, person: str, account: str, record_id: str) -> str:
    """What a lead is called: a companies export's name, else the person, else the company,
    else its id."""
    return name or person or account or record_id


def _campaign(campaign: str, which: int | None, drill_1: str, drill_2: str) -> str:
    """The record's campaign, else the drill-down ``which`` (CAMPAIGN_DRILL) names."""
    return campaign or ((drill_1, drill_2)[which - 1] if which else "")


def stage_columns(header: list[str]) -> list[tuple[str, int]]:
    columns = Columns(header)
    found = [
        (stage, columns.find(label, *OTHER_LABELS.get(stage, ()), internal))
        for stage, label, internal in LIFECYCLE
    ]
    return [(stage, index) for stage, index in found if index is not None]


def read_contacts(table: Table) -> tuple[list[LeadRecord], list[Skipped]]:
    columns = Columns(table.header)
    stages = stage_columns(table.header)
    id_col = columns.find(*ID_NAMES)
    first, last = columns.find("First Name", "firstname"), columns.find("Last Name", "lastname")
    name_col = columns.find("Name", "Full Name")  # a companies export names the company
    account_col = columns.find("Company Name", "Associated Company", "company")
    owner_col = columns.find("Contact owner", "Company owner", "HubSpot Owner", "hubspot_owner_id")
    status_col = columns.find("Lead Status", "hs_lead_status")
    source_col, drill = columns.find(*SOURCE), (columns.find(*DRILL_1), columns.find(*DRILL_2))
    campaign_col = columns.find("Campaign", "Original Campaign")
    deal_col = columns.find("Associated Deal IDs", "Associated Deal", "Associated Deals")
    extras = RowExtras(table.header, HUBSPOT)
    picked = (
        id_col, first, last, name_col, account_col, owner_col, status_col, source_col,
        *drill, campaign_col, deal_col,
    )  # fmt: skip
    pick = picker(*picked)
    dates = LifecycleDates(table, stages)
    records: list[LeadRecord] = []
    skipped: list[Skipped] = []

    def read_row(line: int, cells: list[str]) -> None:
        (
            record_id, first_name, last_name, name, account, owner, status, source,
            drill_1, drill_2, campaign, deal,
        ) = pick(cells)  # fmt: skip
        if not record_id:
            skipped.append((line, "no Record ID"))
            return
        visits = dates.visits(cells, line, skipped)
        if visits is None:
            return
        person = f"{first_name} {last_name}".strip()
        source = SOURCE_LABELS.get(source, source)
        which = CAMPAIGN_DRILL.get(source.casefold())
        campaign = _campaign(campaign, which, drill_1, drill_2)
        records.append(
            LeadRecord(
                record_id,
                line,
                name=_lead_name(name, person, account, record_id),
                owner=owner,
                account=account,
                visits=visits,
                lead_source=source,
                campaign=campaign,
                status=status,
                converted=first_id(deal),
            )
        )
        extras.fill(records[-1], table, cells)

    date_columns = [column for _, column in stages]
    for lines, rows in table.batches(row_batches.BATCH_ROWS):
        start = len(records)
        (
            ids, first_names, last_names, names, accounts, owners, statuses, sources,
            drills_1, drills_2, campaigns, deals,
        ) = picked_columns(rows, picked)  # fmt: skip
        visits = dates.column_visits(picked_columns(rows, date_columns))
        parts = extras.column_parts(table, rows)
        persons = map(str.strip, map(" ".join, zip(first_names, last_names, strict=True)))
        names = list(map(_lead_name, names, persons, accounts, ids))
        labels = {source: SOURCE_LABELS.get(source, source) for source in set(sources)}
        sources = list(map(labels.__getitem__, sources))
        drilled = {label: CAMPAIGN_DRILL.get(label.casefold()) for label in labels.values()}
        whiches = map(drilled.__getitem__, sources)
        campaigns = list(map(_campaign, campaigns, whiches, drills_1, drills_2))
        converted = {deal: first_id(deal) for deal in set(deals)}
        made = map(
            LeadRecord,
            ids, lines, names, repeat(None), repeat(""), owners, accounts, repeat(None),
            repeat(""), repeat(""), visits, repeat(False), sources, campaigns, repeat(()),
            statuses, map(converted.__getitem__, deals), *parts.values,
        )  # fmt: skip
        unusual = parts.unusual
        if "" in ids or None in visits or unusual:
            for n, record in enumerate(made):
                if n in unusual or not ids[n] or visits[n] is None:
                    read_row(lines[n], rows[n])
                else:
                    records.append(record)
        else:
            records += made
        several = {deal for deal, first in converted.items() if first and first != deal.strip()}
        if several:
            _warn_of_several_deals(records[start:], dict(zip(ids, deals, strict=True)), several)
    return records, skipped


def _warn_of_several_deals(records: list[LeadRecord], deals: dict[str, str], several: set) -> None:
    """A record associated with several deals is linked to the first; the user is told which
    (the others may be renewals, or deals it never became)."""
    for record in records:
        listed = deals.get(record.source_id)
        if listed in several:
            count = len([part for part in listed.replace(",", ";").split(";") if part.strip()])
            record.warnings = (
                (
                    record.line,
                    f"lead {record.source_id} has {count} associated deals ({listed}): "
                    f"linked to the first, {record.converted}",
                ),
            )


FORMAT = lifecycle_format(
    "hubspot-contacts",
    "HubSpot contacts or companies (lifecycle stage dates)",
    ("Record ID", "Became a Lead Date (or another Became a … Date)"),
    ID_NAMES,
    stage_columns,
    read_contacts,
    extra_dates(HUBSPOT),
    batched=True,
)
