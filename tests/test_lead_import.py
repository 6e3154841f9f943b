"""Leads' lifecycle histories from HubSpot contacts, Salesforce leads (with their campaign
members) and the generic layout: each stage on the map, the dates, where each lead came from,
and the deal it converted to. One import is one undoable edit; importing again updates."""

from __future__ import annotations

import crm_checks
import pytest
from crm_checks import CRM, at, day_start, without_deals, write
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.refusal import UnreadableFile
from journeyapp.models.deal_import.values import DateOrder
from journeyapp.models.entities import Deal, DealStep, Touch
from journeyapp.models.errors import EditError
from journeyapp.models.lead_import.plan import lead_import_edit, linked_deals, read_leads
from journeyapp.models.store import Store
from journeyapp.models.verdicts import set_verdict

from journeyapp.cli import main

OPPORTUNITY = {"Opportunity": "Opportunity: Discovery"}

playbook_file = crm_checks.playbook_file  # the shared fixture, found by pytest by name


def imported(playbook, path, **kwargs):
    plan = read_leads(playbook, path, **kwargs)
    edit = lead_import_edit(playbook, plan)
    playbook.apply(edit)
    return plan, edit


def stage_names(playbook, lead) -> list[str]:
    return [playbook.stage(step.stage).name for step in lead.path]


def test_a_hubspot_contacts_export_brings_each_lead_through_its_lifecycle():
    playbook = without_deals()
    plan, edit = imported(playbook, CRM / "hubspot_contacts_lifecycle.csv", overrides=OPPORTUNITY)
    assert plan.format == "hubspot-contacts"
    assert edit.label == "Import 5 leads from hubspot_contacts_lifecycle.csv"
    ana = playbook.leads["lead-hubspot-contacts-101"]
    assert (ana.name, ana.account, ana.owner, ana.status) == (
        "Ana Silva",
        "Acme",
        "Dana Lee",
        "Open Deal",
    )
    assert stage_names(playbook, ana) == [
        "Lead", "MQL", "SQL", "Opportunity: Discovery", "Won",
    ]  # fmt: skip
    assert ana.path[0] == DealStep(
        "stage-lead", "Lead", at("2026-01-05T09:12"), at("2026-01-07T14:00")
    )
    assert ana.path[-1].exited is None
    assert (ana.lead_source, ana.campaign, ana.deal) == ("Paid search", "q1-webinar", "9001")
    chen = playbook.leads["lead-hubspot-contacts-103"]
    assert (chen.lead_source, chen.campaign) == ("Email marketing", "spring-nurture")
    ben = playbook.leads["lead-hubspot-contacts-102"]
    assert (ben.lead_source, ben.campaign) == ("Organic search", "")  # a search term, no campaign
    dee = playbook.leads["lead-hubspot-contacts-105"]
    assert (dee.lead_source, dee.campaign) == ("", "")  # none recorded
    assert playbook.leads["lead-hubspot-contacts-104"].name == "Umbrella"
    assert plan.skipped == [(7, "no lifecycle stage date")]
    mapping = playbook.stage_mappings["hubspot-contacts:marketing qualified lead"]
    assert mapping.stage == "stage-mql"  # saved: the next import maps it alike


def test_hubspot_sources_by_their_internal_values_and_older_labels_keep_their_campaigns(
    tmp_path,
):
    """An export of internal property names holds the source's internal value (PAID_SEARCH),
    and older accounts call organic social "Social media": each is read as HubSpot's label,
    with its campaign from the drill-down that holds it. Older exports name the Other
    stage's date "Became an Other Lifecycle Date"."""
    path = write(
        tmp_path,
        "contacts.csv",
        "hs_object_id,hs_lifecyclestage_lead_date,hs_lifecyclestage_other_date,"
        "hs_analytics_source,hs_analytics_source_data_1,hs_analytics_source_data_2\n"
        "51,2026-01-05 09:00,,PAID_SEARCH,spring-launch,google / cpc\n"
        "52,2026-01-06 09:00,,SOCIAL_MEDIA,LinkedIn,partner-week\n"
        "53,2026-01-07 09:00,,OFFLINE,IMPORT,leads.csv\n",
    )
    playbook = without_deals()
    imported(playbook, path)
    leads = [playbook.leads[f"lead-hubspot-contacts-{n}"] for n in (51, 52, 53)]
    found = [(lead.lead_source, lead.campaign) for lead in leads]
    assert found == [
        ("Paid search", "spring-launch"),
        ("Organic social", "partner-week"),
        ("Offline sources", ""),
    ]
    path = write(
        tmp_path,
        "older.csv",
        "Contact ID,Became a Lead Date,Became an Other Lifecycle Date,Original Source,"
        "Original Source Data 1,Original Source Data 2\n"
        "61,2026-01-05 09:00,2026-02-01 10:00,Social media,Twitter,launch-week\n",
    )
    playbook = without_deals()
    imported(playbook, path, overrides={"Other": "Nurture / could not reach"})
    older = playbook.leads["lead-hubspot-contacts-61"]
    assert (older.lead_source, older.campaign) == ("Social media", "launch-week")
    assert stage_names(playbook, older) == ["Lead", "Nurture / could not reach"]


def test_a_contact_with_several_associated_deals_is_linked_to_the_first_and_the_user_told(
    tmp_path,
):
    path = write(
        tmp_path,
        "contacts.csv",
        "Record ID,Became a Lead Date,Became an Opportunity Date,Associated Deal IDs\n"
        "71,2026-01-05 09:00,2026-01-20 10:00,9001;9002\n"
        "72,2026-01-06 09:00,2026-01-21 10:00,9003\n",
    )
    playbook = without_deals()
    plan, _ = imported(playbook, path, overrides=OPPORTUNITY)
    assert playbook.leads["lead-hubspot-contacts-71"].deal == "9001"
    assert plan.warnings == [
        (2, "lead 71 has 2 associated deals (9001;9002): linked to the first, 9001")
    ]


def test_a_salesforce_lead_export_with_its_campaign_members():
    playbook = without_deals()
    plan, _ = imported(
        playbook,
        CRM / "sf_Lead.csv",
        overrides={"Converted": "SQL"},
        companion=CRM / "sf_CampaignMember.csv",
    )
    assert plan.format == "salesforce-leads"
    assert plan.companion_rule == "campaigns from sf_CampaignMember.csv for 2 leads"
    ana = playbook.leads["lead-salesforce-leads-00Q5g00000AbCdEEAV"]
    assert stage_names(playbook, ana) == ["Lead", "SQL"]
    assert [step.crm_stage for step in ana.path] == ["Lead", "Converted"]
    assert ana.path[1].entered == at("2026-01-20T00:00")
    assert (ana.lead_source, ana.status) == ("Web", "Closed - Converted")
    # Member of two campaigns: the one responded to, named by a 15-character LeadId, counts.
    assert ana.campaign == "7015g000000AbcDAAS"
    assert ana.deal == "0065g00000QwErTAAV"
    ben = playbook.leads["lead-salesforce-leads-00Q5g00000AbCdFEAV"]
    assert (stage_names(playbook, ben), ben.campaign) == (["Lead"], "7015g000000XyzWAAS")
    chen = playbook.leads["lead-salesforce-leads-00Q5g00000AbCdGEAV"]
    assert (chen.lead_source, chen.campaign) == ("", "")


def test_campaign_members_count_the_first_response_else_the_first_joined_in_the_dates_order():
    """The campaign a lead came from: the one it responded to first, else the one it joined
    first, each date read in its column's order (or the order the user gave)."""
    playbook = without_deals()
    imported(
        playbook,
        CRM / "sf_Lead.csv",
        overrides={"Converted": "SQL"},
        companion=CRM / "sf_campaign_members_report.csv",
        date_order=DateOrder.DMY,
    )
    leads = playbook.leads
    # responded 3 April to Spring Webinar, 2 May to Winter Promo
    assert leads["lead-salesforce-leads-00Q5g00000AbCdEEAV"].campaign == "Spring Webinar"
    # responded to neither: joined Partner Day on 11 January, Winter Promo on 20 January
    assert leads["lead-salesforce-leads-00Q5g00000AbCdFEAV"].campaign == "Partner Day"


def test_campaign_member_dates_that_do_not_show_their_order_are_asked_for(tmp_path):
    path = write(
        tmp_path,
        "members.csv",
        "Campaign Name,Lead ID,Responded,First Responded Date\n"
        "Winter Promo,00Q5g00000AbCdE,1,02/05/2026\n"
        "Spring Webinar,00Q5g00000AbCdE,1,03/04/2026\n",
    )
    with pytest.raises(UnreadableFile, match="--date-order"):
        read_leads(without_deals(), CRM / "sf_Lead.csv", companion=path)


def test_campaign_member_dates_written_both_ways_are_refused_in_one_sentence(tmp_path):
    path = write(
        tmp_path,
        "members.csv",
        "Campaign Name,Lead ID,Responded,First Responded Date\n"
        "Winter Promo,00Q5g00000AbCdE,1,13/04/2026\n"
        "Spring Webinar,00Q5g00000AbCdF,1,04/14/2026\n",
    )
    with pytest.raises(UnreadableFile) as refused:
        read_leads(without_deals(), CRM / "sf_Lead.csv", companion=path)
    assert str(refused.value) == (
        "members.csv's column “First Responded Date” cannot be read: its dates are written "
        "day-first in some rows, month-first in others."
    )


def test_a_converted_lead_finds_its_deal_by_a_15_or_18_character_id():
    playbook = without_deals()
    imported(playbook, CRM / "sf_Lead.csv", overrides={"Converted": "SQL"})
    deal = Deal(
        "deal-sf-1", "Acme renewal", source_id="0065g00000QwErT", source_system="salesforce"
    )
    playbook.put_entities(Kind.DEAL, [deal])
    assert linked_deals(playbook) == {"lead-salesforce-leads-00Q5g00000AbCdEEAV": "deal-sf-1"}


def test_a_lead_converted_without_an_opportunity_is_not_said_to_have_become_one(tmp_path):
    """Salesforce converts a lead to an account and contact, and to an opportunity only when
    asked: with ConvertedOpportunityId empty the lead became no opportunity, and its step
    is a stage of its own, for the user to place; it is never counted as an opportunity."""
    path = write(
        tmp_path,
        "Lead.csv",
        "Id,LastName,Company,Status,IsConverted,ConvertedDate,ConvertedOpportunityId,CreatedDate\n"
        "00Q5g00000AbCdEEAV,Silva,Acme,Closed - Converted,true,2026-01-20,0065g00000QwErTAAV,"
        "2026-01-05T09:00:00.000Z\n"
        "00Q5g00000AbCdFEAV,Okafor,Globex,Closed - Converted,true,2026-01-21,,"
        "2026-01-06T09:00:00.000Z\n",
    )
    playbook = without_deals()
    converted = {"Converted": "Opportunity: Discovery"}
    plan = read_leads(playbook, path, overrides=converted)
    with pytest.raises(EditError, match="“Converted without opportunity”"):
        lead_import_edit(playbook, plan)
    imported(playbook, path, overrides=converted | {"Converted without opportunity": "SQL"})
    ana, ben = (playbook.leads[f"lead-salesforce-leads-00Q5g00000AbCd{c}EAV"] for c in "EF")
    assert stage_names(playbook, ana) == ["Lead", "Opportunity: Discovery"]
    assert stage_names(playbook, ben) == ["Lead", "SQL"]


def test_a_report_with_15_character_ids_updates_the_leads_the_data_export_brought():
    """The Data Export writes a lead's 18-character id, a report its 15: the same leads,
    updated by the second import, never brought in twice."""
    playbook = without_deals()
    imported(playbook, CRM / "sf_Lead.csv", overrides={"Converted": "SQL"})
    plan, _ = imported(
        playbook,
        CRM / "sf_lead_report.csv",
        overrides={"Converted": "SQL"},
        date_order=DateOrder.MDY,
    )
    assert (plan.deals_new, plan.deals_updated) == (0, 3)
    assert len(playbook.leads) == 3
    chen = playbook.leads["lead-salesforce-leads-00Q5g00000AbCdGEAV"]
    assert (chen.status, chen.owner) == ("Working - Contacted", "Sam Roy")
    # and the other way about: a report first, the Data Export after
    playbook = without_deals()
    imported(
        playbook,
        CRM / "sf_lead_report.csv",
        overrides={"Converted": "SQL"},
        date_order=DateOrder.MDY,
    )
    plan, _ = imported(playbook, CRM / "sf_Lead.csv", overrides={"Converted": "SQL"})
    assert (plan.deals_new, plan.deals_updated, len(playbook.leads)) == (0, 3, 3)


def test_a_lead_listed_twice_is_kept_once_from_its_last_row_and_the_other_is_named(tmp_path):
    """A lead on two rows (a report joining leads to their campaigns lists a lead once per
    campaign; or its id in both spellings) is one lead: counted once, its last row kept, and
    the earlier row named among those skipped."""
    path = write(
        tmp_path,
        "Lead.csv",
        "Id,LastName,Company,Status,LeadSource,IsConverted,ConvertedDate,CreatedDate\n"
        "00Q5g00000AbCdEEAV,Silva,Acme,Open - Not Contacted,Web,false,,2026-01-05T09:00:00.000Z\n"
        "00Q5g00000AbCdFEAV,Okafor,Globex,Working - Contacted,Web,false,,2026-01-06T09:00:00.000Z\n"
        "00Q5g00000AbCdE,Silva,Acme,Working - Contacted,Web,false,,2026-01-05T09:00:00.000Z\n",
    )
    playbook = without_deals()
    plan, _ = imported(playbook, path, overrides={"Converted": "SQL"})
    assert (plan.deals_new, len(playbook.leads)) == (2, 2)
    ana = playbook.leads["lead-salesforce-leads-00Q5g00000AbCdE"]  # as its last row names it
    assert ana.status == "Working - Contacted"
    assert plan.skipped == [(2, "lead 00Q5g00000AbCdEEAV is listed again at line 4, which is kept")]


def test_the_generic_layout_reads_a_date_column_per_stage():
    playbook = without_deals()
    plan, _ = imported(playbook, CRM / "generic_leads_lifecycle.csv", overrides=OPPORTUNITY)
    assert plan.format == "generic"
    ana = playbook.leads["lead-generic-L-1"]
    assert stage_names(playbook, ana) == ["Lead", "MQL", "SQL", "Opportunity: Discovery", "Won"]
    assert (ana.lead_source, ana.campaign, ana.deal, ana.status) == (
        "Webinar", "Q1 webinar", "D-77", "Converted",
    )  # fmt: skip
    ben = playbook.leads["lead-generic-L-2"]
    assert (stage_names(playbook, ben), ben.lead_source) == (["Lead", "MQL"], "")


def test_ambiguous_dates_are_read_in_the_order_their_own_column_shows(tmp_path):
    """03/04 is read day-first in a column where 25/04 shows that order, month-first in one
    where 04/25 shows the other: per column, never row by row."""
    text = (
        "id,name,Lead date,MQL date\nL-1,Ana,03/04/2026,04/05/2026\nL-2,Ben,25/04/2026,04/25/2026\n"
    )
    playbook = without_deals()
    imported(playbook, write(tmp_path, "dates.csv", text))
    ana = playbook.leads["lead-generic-L-1"]
    assert [step.entered for step in ana.path] == [day_start("2026-04-03"), day_start("2026-04-05")]


@pytest.mark.parametrize("batch_rows", [1, 4096])
def test_a_hubspot_column_read_in_batches_takes_the_order_a_later_row_shows(
    tmp_path, monkeypatch, batch_rows
):
    from journeyapp.models.lead_import import row_batches

    monkeypatch.setattr(row_batches, "BATCH_ROWS", batch_rows)
    text = (
        "Record ID,First Name,Became a Lead Date,Became a Marketing Qualified Lead Date\n"
        "1,Ana,03/04/2026,04/05/2026\n"
        "2,Ben,25/04/2026,04/25/2026\n"
    )
    playbook = without_deals()
    plan, _ = imported(playbook, write(tmp_path, "contacts.csv", text))
    assert plan.format == "hubspot-contacts"
    ana = playbook.leads["lead-hubspot-contacts-1"]
    assert [step.entered for step in ana.path] == [day_start("2026-04-03"), day_start("2026-04-05")]


def test_a_column_that_never_shows_its_date_order_is_refused_in_one_sentence(tmp_path):
    text = "id,Lead date\nL-1,03/04/2026\nL-2,05/06/2026\n"
    with pytest.raises(UnreadableFile) as refusal:
        read_leads(without_deals(), write(tmp_path, "unclear.csv", text))
    assert "day-first as month-first" in str(refusal.value) and "\n" not in str(refusal.value)


def test_a_file_that_is_no_lead_export_is_refused_in_one_sentence(tmp_path):
    with pytest.raises(UnreadableFile) as refusal:
        read_leads(without_deals(), CRM / "sf_Opportunity.csv")
    sentence = str(refusal.value)
    assert sentence.startswith("sf_Opportunity.csv is not a CRM export this app reads")
    assert "hubspot-contacts, salesforce-leads, generic" in sentence and "\n" not in sentence


def test_an_export_with_its_header_and_no_rows_says_so(tmp_path):
    """A Lead.csv of an org with no leads yet has every column the layout needs: the refusal
    says there are no rows, not that columns are missing."""
    path = write(tmp_path, "Lead.csv", "Id,LastName,Company,Status,IsConverted,CreatedDate\r\n")
    plan = read_leads(without_deals(), path)
    with pytest.raises(EditError) as refusal:
        lead_import_edit(without_deals(), plan)
    assert str(refusal.value) == "Lead.csv has its header and no rows: there is no lead to import."


def test_an_unmapped_lifecycle_stage_is_named_and_nothing_changes():
    playbook = without_deals()
    plan = read_leads(playbook, CRM / "hubspot_contacts_lifecycle.csv")
    with pytest.raises(EditError, match="no place on the map: “Opportunity”"):
        lead_import_edit(playbook, plan)
    assert len(playbook.leads) == 0


def test_importing_again_updates_by_crm_id_and_keeps_what_sales_recorded(tmp_path):
    playbook = without_deals()
    imported(playbook, CRM / "hubspot_contacts_lifecycle.csv", overrides=OPPORTUNITY)
    lead_id = "lead-hubspot-contacts-102"
    playbook.apply(set_verdict(playbook, lead_id, _mql_to_sql(playbook), "rejected", "No budget"))
    playbook.set_fields(Kind.LEAD, lead_id, {"touches": (Touch(at("2026-01-10T10:00"), "call"),)})
    changed = (
        (CRM / "hubspot_contacts_lifecycle.csv")
        .read_text()
        .replace("Unqualified,Marketing Qualified Lead", "Nurturing,Marketing Qualified Lead")
    )
    plan, edit = imported(playbook, write(tmp_path, "again.csv", changed))  # mapping was saved
    assert (plan.deals_new, plan.deals_updated) == (0, 5)
    assert len(playbook.leads) == 5
    ben = playbook.leads[lead_id]
    assert ben.status == "Nurturing"
    assert ben.verdicts[_mql_to_sql(playbook)].reason == "No budget"
    assert len(ben.touches) == 1
    playbook.revert(edit)
    assert playbook.leads[lead_id].status == "Unqualified"


def _mql_to_sql(playbook) -> str:
    return playbook.handoff_between("stage-mql", "stage-sql").id


def test_the_import_is_one_undoable_step_in_the_file(tmp_path):
    from journeyapp.models.edit_session import EditSession

    store = Store.create(tmp_path / "p.journey", without_deals())
    session = EditSession(store.load(), store)
    plan = read_leads(session.playbook, CRM / "generic_leads_lifecycle.csv", overrides=OPPORTUNITY)
    session.apply(lead_import_edit(session.playbook, plan))
    assert session.undo_label == "Import 2 leads from generic_leads_lifecycle.csv"
    session.undo()
    store.close()
    reopened = Store.open(tmp_path / "p.journey", read_only=True)
    assert len(reopened.load().leads) == 0
    reopened.close()


# -- the command line ---------------------------------------------------------------------


def test_import_leads_brings_them_into_the_file_and_says_what_it_did(capsys, playbook_file):
    export = CRM / "sf_Lead.csv"
    args = ["import-leads", str(playbook_file), str(export), "--map", "Converted=SQL"]
    code = main([*args, "--companion", str(CRM / "sf_CampaignMember.csv")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Imported 3 leads from sf_Lead.csv (salesforce-leads, UTF-8, commas)")
    assert "campaigns from sf_CampaignMember.csv for 2 leads" in out
    assert "  Converted → SQL" in out
    store = Store.open(playbook_file, read_only=True)
    leads = store.load().leads
    store.close()
    assert sorted(lead.name for lead in leads) == ["Ana Silva", "Ben Okafor", "Chen Wu"]


def test_a_dry_run_reports_and_leaves_the_file_as_it_was(capsys, playbook_file):
    before = playbook_file.read_bytes()
    export = CRM / "hubspot_contacts_lifecycle.csv"
    args = ["import-leads", str(playbook_file), str(export), "--dry-run"]
    assert main([*args, "--map", "Opportunity=Opportunity: Discovery"]) == 0
    assert capsys.readouterr().out.startswith("Would import 5 leads")
    assert playbook_file.read_bytes() == before


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--format", "hubspot"], "argument --format: invalid choice: 'hubspot'"),
        (["--map", "Opportunity"], '--map takes "CRM stage=Map stage"'),
        ([], "no place on the map: “Opportunity”"),
        (["--map", "Opportunity=Nowhere"], "There is no stage called “Nowhere” on the map."),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, playbook_file, extra, words):
    before = playbook_file.read_bytes()
    export = CRM / "hubspot_contacts_lifecycle.csv"
    assert main(["import-leads", str(playbook_file), str(export), *extra]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert playbook_file.read_bytes() == before


def test_a_deal_export_given_to_import_leads_exits_2_naming_the_lead_layouts(capsys, playbook_file):
    assert main(["import-leads", str(playbook_file), str(CRM / "sf_Opportunity.csv")]) == 2
    err = capsys.readouterr().err
    assert "choose a format: hubspot-contacts, salesforce-leads, generic" in err
    assert err.count("\n") == 1


def test_lifecycle_dates_alone_are_days_of_the_playbooks_calendar(tmp_path):
    """A Salesforce ConvertedDate of 2025-04-01 in a New York playbook counted as a Q1 SQL:
    read as midnight UTC, it was 31 March there."""
    from journeyapp.models.operations import set_fields

    playbook = without_deals()
    playbook.apply(set_fields(playbook, Kind.META, "meta", time_zone="America/New_York"))
    text = "id,name,Lead date,MQL date\nL-1,Ana,2025-03-30,2025-04-01\n"
    plan, _ = imported(playbook, write(tmp_path, "leads.csv", text))
    ana = playbook.leads["lead-generic-L-1"]
    new_york = crm_checks.ZoneInfo("America/New_York")
    assert [step.entered for step in ana.path] == [
        day_start("2025-03-30", new_york),
        day_start("2025-04-01", new_york),
    ]
    assert "dates alone as days in America/New_York" in plan.time_rule


def test_a_view_with_fewer_columns_updates_leads_and_keeps_what_it_has_no_column_for(tmp_path):
    """A saved view without the later lifecycle dates, the source or the deals: the leads
    keep their later stages, source, campaign and deal; what the view has is updated."""
    playbook = without_deals()
    imported(playbook, CRM / "hubspot_contacts_lifecycle.csv", overrides=OPPORTUNITY)
    before = {lead.source_id: lead for lead in playbook.leads}
    lines = (CRM / "hubspot_contacts_lifecycle.csv").read_text(encoding="utf-8").splitlines()
    kept = (0, 1, 2, 3, 4, 5, 6, 10, 11)  # Record ID … Lifecycle Stage, Lead and MQL dates
    view = [",".join(line.split(",")[n] for n in kept) for line in lines]
    view[1] = view[1].replace("Open Deal", "Connected")  # a status the view brings anew
    plan, _ = imported(playbook, write(tmp_path, "view.csv", "\n".join(view) + "\n"))
    assert (plan.deals_new, plan.deals_updated) == (0, len(before))
    ana, was = playbook.leads[before["101"].id], before["101"]
    assert ana.path == was.path  # Lead … Customer, not cut to Lead and MQL
    assert (ana.lead_source, ana.campaign, ana.deal) == (was.lead_source, was.campaign, was.deal)
    assert ana.deal == "9001" and ana.lead_source == "Paid search"
    assert ana.status == "Connected"


def test_converted_leads_an_export_gives_no_conversion_date_are_said_to_be_dated_at_creation(
    tmp_path,
):
    path = write(
        tmp_path,
        "Lead.csv",
        "Id,LastName,Company,Status,IsConverted,ConvertedOpportunityId,CreatedDate\n"
        "00Q5g00000AbCdEEAV,Silva,Acme,Closed - Converted,true,0065g00000QwErTAAV,"
        "2026-01-05T09:00:00.000Z\n"
        "00Q5g00000AbCdFEAV,Okafor,Globex,Working,false,,2026-01-06T09:00:00.000Z\n"
        "00Q5g00000AbCdGEAV,Ruiz,Initech,Closed - Converted,true,0065g00000QwEsTAAV,"
        "2026-01-07T09:00:00.000Z\n",
    )
    plan = read_leads(without_deals(), path, overrides=OPPORTUNITY | {"Converted": "SQL"})
    assert plan.warnings == [
        (
            2,
            "2 converted leads with no ConvertedDate column to date the conversion: each is "
            "dated converted when it was created, so its time as a lead reads as none (export "
            "ConvertedDate too for the real dates)",
        )
    ]


def test_leads_deleted_or_merged_away_in_salesforce_are_left_out_and_said(tmp_path):
    path = write(
        tmp_path,
        "Lead_extract_all.csv",
        '"Id","IsDeleted","MasterRecordId","Name","Company","Status","LeadSource","IsConverted",'
        '"ConvertedDate","CreatedDate"\n'
        '"00Q5g00000MrgAAEAZ","false","","Petr Novák","Škoda Digital","Working","Web","false",'
        '"","2024-01-05T09:12:00.000Z"\n'
        '"00Q5g00000MrgBBEAZ","true","00Q5g00000MrgAAEAZ","Petr Novak","Skoda Digital","Open",'
        '"Trade Show","false","","2024-01-09T14:30:00.000Z"\n'
        '"00Q5g00000DelCCEAZ","true","","Test Spam","asdf","Open","Web","false","",'
        '"2024-01-10T10:00:00.000Z"\n',
    )
    playbook = without_deals()
    plan, _ = imported(playbook, path, overrides={"Lead": "Lead"})
    assert [lead.source_id for lead in playbook.leads] == ["00Q5g00000MrgAAEAZ"]
    assert plan.skipped == [
        (
            3,
            "lead 00Q5g00000MrgBBEAZ was merged into lead 00Q5g00000MrgAAEAZ in Salesforce "
            "(IsDeleted)",
        ),
        (4, "lead 00Q5g00000DelCCEAZ was deleted in Salesforce (IsDeleted)"),
    ]
