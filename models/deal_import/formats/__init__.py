"""The CRM export layouts we read, in the order ``detect`` tries them: the most particular
header first, so a layout whose columns another's also has is known as itself."""

from __future__ import annotations

from journeyapp.models.deal_import.formats import (
    close_status_changes,
    dynamics_opportunities,
    generic,
    hubspot_deals,
    hubspot_history,
    pipedrive_changes,
    pipedrive_deals,
    salesforce_field_history,
    salesforce_history,
    salesforce_report,
    snapshot,
    zoho_stage_history,
)
from journeyapp.models.deal_import.formats.layout import Catalogue, Format

LAYOUTS: dict[str, Format] = {
    layout.name: layout
    for layout in (
        # Salesforce's two report layouts before the rest: "To Stage" and "Field / Event"
        # belong to no other layout, while their "Opportunity ID" and "New Value" columns
        # are also named by the OpportunityHistory and Pipedrive layouts.
        salesforce_report.FORMAT,
        salesforce_field_history.FORMAT,
        salesforce_history.FORMAT,
        hubspot_deals.FORMAT,
        hubspot_history.FORMAT,
        pipedrive_changes.FORMAT,
        pipedrive_deals.FORMAT,
        close_status_changes.FORMAT,
        zoho_stage_history.FORMAT,
        dynamics_opportunities.FORMAT,
        generic.FORMAT,
        snapshot.FORMAT,
    )
}
FORMATS = tuple(LAYOUTS)
DEALS = Catalogue(LAYOUTS)


def detect(header: list[str]) -> str | None:
    return DEALS.detect(header)


def fits(fmt: str, header: list[str]) -> bool:
    """Whether the header has the columns the format is read by."""
    return DEALS.fits(fmt, header)


def closest_format(header: list[str]) -> tuple[str, int]:
    """The format whose needed columns the header holds most of, and how many it holds."""
    return DEALS.closest(header)
