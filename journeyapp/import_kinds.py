"""What the import wizard imports: deals' stage histories or leads' lifecycle stages. Each kind
names its records, lists its layouts, reads an export, builds the one import edit, and says
which of its layouts take a companion export and what that export adds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from journeyapp.models.deal_import.formats.layout import Catalogue
from journeyapp.models.frozen_records import frozen_record


@frozen_record
class ImportKind:
    noun: str  # "deal", "lead"
    window_title: str
    source_words: str  # which CRMs, for the first page
    catalogue: Catalogue
    read: Callable  # (playbook, path, format, overrides, order, zone, member, companion) → plan
    edit: Callable  # (playbook, plan, replace_shorter) → the import edit
    columns: tuple[str, ...]  # the preview's headings
    row: Callable  # a record as a preview row
    joins: frozenset[str]  # the layouts a companion export is read beside
    companion_label: str
    companion_name: str
    companion_hint: str
    stage_words: str  # "CRM stage", "lifecycle stage"
    reads_statuses: bool = False  # lead statuses become verdicts; the user may say what one means


def _day(seconds: int) -> str:
    day = datetime.fromtimestamp(seconds, UTC)
    return f"{day.day} {day:%b %Y}"


def _stages(record) -> str:
    return " → ".join(f"{crm} ({_day(entered)})" for crm, entered, _ in record.visits)


def _deal_row(record) -> tuple[str, ...]:
    amount = "" if record.amount is None else f"{record.currency} {record.amount:,.0f}".strip()
    outcome = record.outcome.value if record.outcome else ""
    return (record.source_id, record.name, amount, outcome, _stages(record))


def _lead_row(record) -> tuple[str, ...]:
    return (record.source_id, record.name, record.lead_source, record.campaign, _stages(record))


def deal_import() -> ImportKind:
    from journeyapp.models.deal_import.formats import DEALS
    from journeyapp.models.deal_import.formats.salesforce_companion import JOINS
    from journeyapp.models.deal_import.plan import import_edit, read_export

    return ImportKind(
        "deal",
        "Import deals from a CRM export",
        "Salesforce, HubSpot, Pipedrive, Zoho, Dynamics 365 or Close",
        DEALS,
        read_export,
        import_edit,
        ("Deal", "Name", "Amount", "Outcome", "Stages as read"),
        _deal_row,
        frozenset(JOINS),
        "Opportunities",
        "Opportunity export to join",
        "Optional: Opportunity.csv, for the deals' names, owners and outcomes",
        "CRM stage",
    )


def lead_import() -> ImportKind:
    from journeyapp.models.lead_import.plan import LEADS, lead_import_edit, read_leads

    return ImportKind(
        "lead",
        "Import leads from a CRM export",
        "HubSpot (contacts or companies) or Salesforce (leads)",
        LEADS,
        read_leads,
        lambda playbook, plan, replace_shorter=False: lead_import_edit(playbook, plan),
        ("Lead", "Name", "Source", "Campaign", "Lifecycle stages as read"),
        _lead_row,
        frozenset({"salesforce-leads"}),
        "Campaign members",
        "CampaignMember export to join",
        "Optional: CampaignMember.csv, for the campaign each lead came from",
        "lifecycle stage",
        reads_statuses=True,
    )
