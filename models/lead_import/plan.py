"""From a lead lifecycle export to one import edit: the deal importer's reading, date rules and
stage mapping, with the lead layouts; leads are kept by their CRM id, so importing again
updates them, and what the receiving team recorded stays: its touches, and the verdicts
entered in the app (those read from the lead status are updated; crm_verdicts.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from operator import attrgetter
from pathlib import Path
from zoneinfo import ZoneInfo

from journeyapp.models.bulk import collector_paused
from journeyapp.models.calendar_days import calendar_zone
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.formats.layout import Catalogue
from journeyapp.models.deal_import.mapped_paths import mapped_paths
from journeyapp.models.deal_import.plan import (
    ImportPlan,
    import_macro,
    keep_last_of_each,
    plan_table,
    refuse_unmapped,
)
from journeyapp.models.deal_import.table import read_table
from journeyapp.models.deal_import.values import DateOrder
from journeyapp.models.edits import Macro
from journeyapp.models.entities import DealStep, Lead
from journeyapp.models.fields import EMPTY_MAP
from journeyapp.models.lead_import import (
    campaign_members,
    generic,
    hubspot_contacts,
    salesforce_leads,
)
from journeyapp.models.lead_import.crm_verdicts import LeadFeedback, status_outcomes
from journeyapp.models.lead_import.fact_columns import fact_columns
from journeyapp.models.lead_import.salesforce_ids import id_key
from journeyapp.models.lead_rows import maker
from journeyapp.models.playbook import Playbook
from journeyapp.models.scoring import attributes

# Other names a lifecycle stage goes by on a map.
ALIASES = {
    "marketing qualified lead": ("MQL",),
    "sales qualified lead": ("SQL",),
    "converted": ("Opportunity",),
    "customer": ("Won", "Closed Won"),
}


_SOURCE_ID = attrgetter("source_id")


def _aliases(crm_stage: str) -> tuple[str, ...]:
    return ALIASES.get(" ".join(crm_stage.split()).casefold(), ())


LEADS = Catalogue(
    {
        layout.name: layout
        for layout in (hubspot_contacts.FORMAT, salesforce_leads.FORMAT, generic.FORMAT)
    },
    what="lead",
    aliases=_aliases,
)
FORMATS = LEADS.names


def read_leads(
    playbook: Playbook,
    path: str | Path,
    format: str = "auto",
    overrides: dict[str, str | None] | None = None,
    date_order: DateOrder | None = None,
    zone: ZoneInfo | None = None,
    member: str | None = None,
    companion: str | Path | None = None,
    verdicts: dict[str, str] | None = None,
) -> ImportPlan:
    """Read a lead export and place each lifecycle stage on the map, as ``read_export`` does
    for deals; ``companion`` is Salesforce's CampaignMember export, for each lead's campaign;
    ``verdicts`` says what a lead status means ("Bad Timing" → "recycled")."""
    feedback = LeadFeedback(status_outcomes(verdicts))
    table = read_table(path, lambda header: LEADS.detect(header) is not None, member)
    table.set_zones(zone, calendar_zone(playbook.meta))
    table.fact_columns = fact_columns(table.header, attributes(playbook.scoring_rules))
    with collector_paused():
        plan = plan_table(
            playbook, table, table.name, format, overrides or {}, date_order, catalogue=LEADS
        )
    keep_last_of_each(plan, _id_key(plan.format), "lead")
    if companion is not None:
        plan.companion_rule = campaign_members.join(plan.records, companion, date_order, zone)
    plan.feedback = feedback
    return plan


def _id_key(system: str) -> Callable[[str], str]:
    """How a layout's lead ids are compared: Salesforce's 15- and 18-character spellings of
    one id alike; other CRMs' as written."""
    return id_key if system == salesforce_leads.FORMAT.name else str.strip


def lead_import_edit(playbook: Playbook, plan: ImportPlan) -> Macro:
    """The edit that brings the plan's leads in; refuses while lifecycle stages are unmapped."""
    with collector_paused():
        return _lead_import_edit(playbook, plan)


def _lead_import_edit(playbook: Playbook, plan: ImportPlan) -> Macro:
    refuse_unmapped(plan)
    existing = playbook.leads
    leads, previous = [], []
    system = plan.format
    feedback = plan.feedback or LeadFeedback()
    feedback.start(playbook)
    make = maker(Lead)
    records = plan.records
    ids = list(map(f"lead-{system}-".__add__, map(_SOURCE_ID, records)))
    key = _id_key(system)
    if key is id_key and existing:
        # a lead brought by an export in one spelling of its id, updated by the other
        known = {key(lead.source_id): lead.id for lead in existing if lead.source_system == system}
        ids = [
            known.get(key(record.source_id), lead_id)
            for record, lead_id in zip(records, ids, strict=True)
        ]
    # What the receiving team recorded stays; a first import has nothing to look up.
    befores = list(map(existing.get, ids)) if existing else [None] * len(ids)
    for record, path, lead_id, before in zip(
        records, mapped_paths(records, plan.mapping), ids, befores, strict=True
    ):
        if not path:
            plan.skipped.append((record.line, "every lifecycle stage of this lead is ignored"))
            continue
        had = before.verdicts if before is not None else EMPTY_MAP
        # Every value is text, a tuple or a FrozenMap, as a lead keeps it: no checks per lead
        # here, the import checks them all at once when applied (Playbook.put_entities).
        lead = make(
            (
                lead_id,
                record.name or record.source_id,
                record.source_id,
                system,
                record.account,
                record.owner,
                record.lead_source,
                record.campaign,
                record.status,
                path,
                record.converted,
                feedback.touches_of(record, before),
                feedback.verdicts_of(record, path, had),
                record.facts,
            )
        )
        if before is not None:
            previous.append(before)
            lead = _filled_from(lead, before, plan.mapping)
        leads.append(lead)
    return import_macro(playbook, plan, Kind.LEAD, leads, previous, LEADS)


def _filled_from(lead: Lead, before: Lead, mapping: dict[str, str | None]) -> Lead:
    """The lead as the export has it, with what the export has no value for as the lead
    already here has it: a saved view without some columns updates the rest. A lifecycle
    stage the export holds no date for stays (a lifecycle only goes on); one it maps or
    ignores is as it says."""
    unknown = [step for step in before.path if step.crm_stage not in mapping]
    path = _in_time_order([*lead.path, *unknown]) if unknown else lead.path
    return replace(
        lead,
        name=lead.name if lead.name != lead.source_id else before.name,
        account=lead.account or before.account,
        owner=lead.owner or before.owner,
        lead_source=lead.lead_source or before.lead_source,
        campaign=lead.campaign or before.campaign,
        status=lead.status or before.status,
        path=path,
        deal=lead.deal or before.deal,
    )


def _in_time_order(steps: list[DealStep]) -> tuple[DealStep, ...]:
    """Steps in the order entered, each left when the next was entered (the last as it was)."""
    steps = sorted(steps, key=attrgetter("entered"))
    ended = [step._replace(exited=later.entered) for step, later in pairwise(steps)]
    return (*ended, steps[-1])


def linked_deals(playbook: Playbook) -> dict[str, str]:
    """Each lead that converted to a deal in the playbook, with that deal's id: the export's
    opportunity id matched to a deal's CRM id, 15- and 18-character Salesforce ids alike."""
    by_source = {id_key(deal.source_id): deal.id for deal in playbook.deals if deal.source_id}
    return {
        lead.id: by_source[id_key(lead.deal)]
        for lead in playbook.leads
        if lead.deal and id_key(lead.deal) in by_source
    }
