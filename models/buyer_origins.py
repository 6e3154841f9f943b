"""Where each deal's buyer came from: the source and campaign of the lead it converted from,
as the funnel counts the buyer, else the deal's own. A deal export often has no source
column (Salesforce's OpportunityHistory, HubSpot's deals, the generic layout), and the
lead export that has it names the deal each lead became."""

from __future__ import annotations

import dataclasses

from journeyapp.models.entities import Deal, Lead
from journeyapp.models.lead_import.plan import linked_deals
from journeyapp.models.playbook import Playbook


def lead_deals(playbook: Playbook) -> dict[str, str]:
    """Each lead that became a deal in the playbook, with that deal's id: the export's
    opportunity id matched as the importer matches it, else the deal id it names."""
    linked = linked_deals(playbook)
    found = {}
    for lead in playbook.leads:
        deal_id = linked.get(lead.id) or (lead.deal if lead.deal in playbook.deals else None)
        if deal_id:
            found[lead.id] = deal_id
    return found


def deal_leads(playbook: Playbook) -> dict[str, Lead]:
    """Each deal a lead became, with that lead (the first, where several name it)."""
    found: dict[str, Lead] = {}
    for lead_id, deal_id in lead_deals(playbook).items():
        found.setdefault(deal_id, playbook.leads[lead_id])
    return found


def with_buyer_origins(playbook: Playbook) -> list[Deal]:
    """The playbook's deals, each with the source and campaign of the lead it came from
    where that lead has them (as the funnel has them), else its own."""
    leads = deal_leads(playbook)
    return [buyer_origin(deal, leads.get(deal.id)) for deal in playbook.deals]


def buyer_origin(deal: Deal, lead: Lead | None) -> Deal:
    """The deal with its lead's source and campaign, where the lead has them."""
    source = (lead.lead_source if lead else "") or deal.lead_source
    campaign = (lead.campaign if lead else "") or deal.campaign
    if (source, campaign) == (deal.lead_source, deal.campaign):
        return deal
    return dataclasses.replace(deal, lead_source=source, campaign=campaign)
