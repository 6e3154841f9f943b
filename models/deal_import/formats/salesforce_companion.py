"""Salesforce's Opportunity export read beside a stage history: OpportunityHistory has no deal
names, owners, accounts, loss reasons or outcomes, and Opportunity.csv (Data Loader, the weekly
Data Export, or a SOQL query's export with relationship columns such as Owner.Name) has them.

    Id,Name,AccountId,OwnerId,StageName,IsClosed,IsWon,Amount,CurrencyIsoCode,LeadSource,
    CampaignId,CloseDate[,Loss_Reason__c][,Owner.Name][,Account.Name]

Joined on Id = OpportunityId. A Salesforce id is written with 15 case-sensitive characters or
18 (the same 15 and three characters that spell out their case), so the two of one record
join: ids are compared by their first 15 characters.
"""

from __future__ import annotations

from journeyapp.models.deal_import.formats.records import Columns, DealRecord, cell, source_columns
from journeyapp.models.deal_import.table import Table, UnreadableFile
from journeyapp.models.deal_import.values import BadValue, DecimalMarkVote
from journeyapp.models.entities import DealOutcome

# The formats whose deals are known by an opportunity's Salesforce id.
JOINS = ("salesforce", "salesforce-report", "salesforce-field-history")
TRUE_WORDS = {"1", "true"}
REASON_NAMES = (
    "Loss_Reason__c",
    "Reason_Lost__c",
    "Lost_Reason__c",
    "Closed_Lost_Reason__c",
    "Loss Reason",
)


def same_record(salesforce_id: str) -> str:
    """The id as its 15 case-sensitive characters: an 18-character id's suffix only repeats
    their case."""
    salesforce_id = salesforce_id.strip()
    return salesforce_id[:15] if len(salesforce_id) == 18 else salesforce_id


def fill_from_opportunities(records: list[DealRecord], table: Table) -> int:
    """Fill the records from the Opportunity export's rows of the same Id: name, owner
    (Owner.Name, else OwnerId), account (Account.Name, else AccountId), loss reason, lead
    source, campaign, and the outcome from IsClosed and IsWon; an amount where the history had
    none. Returns how many records were joined. Refuses an export with no Id column."""
    columns = Columns(table.header)
    id_col = columns.find("Id", "Opportunity ID", "OpportunityId")
    if id_col is None:
        raise UnreadableFile(
            f"{table.name} has no Id column, so its opportunities cannot be joined to the "
            "deals' histories; export Opportunity with its Id."
        )
    amount_col = columns.find("Amount")
    if amount_col is not None:
        vote = DecimalMarkVote()
        table.scan({amount_col: vote})
        table.marks[amount_col] = vote.result()
    wanted = {same_record(record.source_id): record for record in records}
    joined: set[str] = set()
    where = {
        "name": columns.find("Name", "Opportunity Name"),
        "owner": columns.find("Owner.Name", "Opportunity Owner", "OwnerId"),
        "account": columns.find("Account.Name", "Account Name", "AccountId"),
        "reason": columns.find(*REASON_NAMES),
        "currency": columns.find("CurrencyIsoCode"),
        "closed": columns.find("IsClosed"),
        "won": columns.find("IsWon"),
    }
    sources = source_columns(columns)
    campaign_name = columns.find("Campaign.Name")
    for _, cells in table.rows:
        key = same_record(cell(cells, id_col))
        record = wanted.get(key)
        if record is None or key in joined:
            continue
        joined.add(key)
        record.name = cell(cells, where["name"]) or record.name
        record.owner = cell(cells, where["owner"]) or record.owner
        record.account = cell(cells, where["account"]) or record.account
        record.reason = cell(cells, where["reason"]) or record.reason
        record.take_sources(cells, sources)
        record.campaign = cell(cells, campaign_name) or record.campaign
        record.outcome = _outcome(cells, where["closed"], where["won"]) or record.outcome
        if record.amount is None and cell(cells, amount_col):
            try:
                record.amount, currency = table.amount(cell(cells, amount_col), amount_col)
                record.currency = record.currency or currency
            except BadValue:
                pass  # the history's own amount (none) stands; the join is about the rest
        record.currency = record.currency or cell(cells, where["currency"])
    return len(joined)


def _outcome(cells: list[str], closed_col: int | None, won_col: int | None) -> DealOutcome | None:
    closed, won = cell(cells, closed_col).casefold(), cell(cells, won_col).casefold()
    if closed and closed not in TRUE_WORDS:
        return DealOutcome.OPEN
    if won in TRUE_WORDS:
        return DealOutcome.WON
    if closed and won:
        return DealOutcome.LOST
    return None


def companion_rule(records: list[DealRecord], table: Table, file_name: str) -> str:
    """Joins the export to the records and says so, for the plan's summary."""
    joined = fill_from_opportunities(records, table)
    return f"names, owners and outcomes from {file_name} for {joined} of {len(records)} deals"


def is_opportunity_header(header: list[str]) -> bool:
    """The Opportunity export's header (Id and a stage, no OpportunityId): picks its
    Opportunity.csv out of the weekly Data Export's .zip, beside OpportunityHistory.csv."""
    columns = Columns(header)
    return (
        columns.find("Id") is not None
        and columns.find("StageName", "IsWon", "IsClosed") is not None
        and columns.find("OpportunityId") is None
    )
