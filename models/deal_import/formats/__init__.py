"""The CRM export layouts we read, in the order ``detect`` tries them: the most particular
header first, so a layout whose columns another's also has is known as itself."""

from __future__ import annotations

from journeyapp.models.deal_import.formats import (
    close_status_changes,
    dynamics_opportunities,
    generic,
    hubspot_deals,
    pipedrive_changes,
    salesforce_history,
    snapshot,
    zoho_stage_history,
)
from journeyapp.models.deal_import.formats.layout import Format

LAYOUTS: dict[str, Format] = {
    layout.name: layout
    for layout in (
        salesforce_history.FORMAT,
        hubspot_deals.FORMAT,
        pipedrive_changes.FORMAT,
        close_status_changes.FORMAT,
        zoho_stage_history.FORMAT,
        dynamics_opportunities.FORMAT,
        generic.FORMAT,
        snapshot.FORMAT,
    )
}
FORMATS = tuple(LAYOUTS)


def detect(header: list[str]) -> str | None:
    return next((name for name, layout in LAYOUTS.items() if layout.fits(header)), None)


def fits(fmt: str, header: list[str]) -> bool:
    """Whether the header has the columns the format is read by."""
    return LAYOUTS[fmt].fits(header)


def closest_format(header: list[str]) -> tuple[str, int]:
    """The format whose needed columns the header holds most of, and how many it holds."""
    best = max(LAYOUTS.values(), key=lambda layout: layout.holds(header))
    return best.name, best.holds(header)
