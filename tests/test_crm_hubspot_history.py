"""HubSpot deal property history (one row per value a property took): the deal stage's rows
become visits, every one of them, whatever the rows' order."""

from __future__ import annotations

import random

import pytest
from journeyapp.models.deal_import.formats import detect
from journeyapp.models.deal_import.formats.hubspot_deals import stage_label
from journeyapp.models.deal_import.plan import read_export
from journeyapp.models.deal_import.table import UnreadableFile, read_table
from journeyapp.models.entities import DealOutcome
from journeyapp.models.replay import closed_at

from tests import crm_checks
from tests.crm_checks import CRM, at, days, imported, stage_names

sample = crm_checks.sample  # the shared fixture, found by pytest under this name

HISTORY = CRM / "hubspot_deal_property_history.csv"
API_HISTORY = CRM / "hubspot_deals_property_history_api.csv"
SALES = {
    "Appointment Scheduled (Sales Pipeline)": "SQL",
    "Qualified To Buy (Sales Pipeline)": "Opportunity: Discovery",
    "Presentation Scheduled (Sales Pipeline)": "Opportunity: Proposal",
    "Contract Sent (Sales Pipeline)": "Opportunity: Negotiation",
    "1234567": "MQL",
    "1234568": "SQL",
}


def test_the_hand_checked_lost_deal_has_its_stages_days_outcome_and_where_it_was_lost(sample):
    """Acme renewal, read by hand from the shuffled rows: appointmentscheduled 2 Jan 09:15,
    qualifiedtobuy 9 Jan, presentationscheduled 19 Jan, closedlost 5 Feb 09:15; amount 30000
    then 40000; lost to a competitor."""
    plan = imported(sample, HISTORY, overrides=SALES)
    assert (plan.format, plan.encoding) == ("hubspot-history", "UTF-8 with BOM")
    deal = sample.deals["deal-hubspot-history-1001"]
    assert stage_names(sample, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Opportunity: Proposal",
        "Lost",
    ]
    assert [s.crm_stage for s in deal.path][-1] == "Closed Lost (Sales Pipeline)"
    assert days(deal) == [7, 10, 17, None]
    assert deal.path[0].entered == at("2024-01-02T09:15")
    assert deal.outcome is DealOutcome.LOST
    assert stage_names(sample, deal)[closed_at(sample, deal)] == "Opportunity: Proposal"
    assert (deal.name, deal.amount, deal.stated_reason) == (
        "Acme renewal",
        40000.0,
        "Chose a competitor",
    )


def test_a_reopened_deal_carries_on_past_its_first_close(sample):
    imported(sample, HISTORY, overrides=SALES)
    deal = sample.deals["deal-hubspot-history-1002"]
    assert stage_names(sample, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Lost",
        "Opportunity: Discovery",
        "Opportunity: Negotiation",
        "Won",
    ]
    assert days(deal) == [2, 5, 10, 5, 7, None]
    assert (deal.outcome, deal.amount) == (DealOutcome.WON, 85000.5)


def test_internal_stage_ids_show_as_hubspots_labels_and_custom_ids_stay():
    assert [stage_label(v) for v in ("appointmentscheduled", "decisionmakerboughtin")] == [
        "Appointment Scheduled",
        "Decision Maker Bought-In",
    ]
    assert stage_label("closedwon") == "Closed Won"
    assert stage_label("1234567") == "1234567"


def test_only_deal_stage_rows_give_visits_and_a_bad_time_skips_its_row(sample):
    plan = read_export(sample, HISTORY, overrides=SALES)
    custom = next(r for r in plan.records if r.source_id == "1003")
    assert [v[0] for v in custom.visits] == ["1234567", "1234568"]
    stages = {v[0] for r in plan.records for v in r.visits}
    assert not any("2024" in s or s in ("40000", "Globex") for s in stages)
    assert plan.skipped == [(23, "Timestamp: “not a date” is not a date")]


def test_the_apis_field_names_read_the_same(sample):
    plan = imported(
        sample,
        API_HISTORY,
        overrides={"Appointment Scheduled": "MQL", "Decision Maker Bought-In": "SQL"},
    )
    assert plan.format == "hubspot-history"
    deal = sample.deals["deal-hubspot-history-2001"]
    assert deal.name == "Soylent renewal"
    assert [s.crm_stage for s in deal.path] == [
        "Appointment Scheduled",
        "Decision Maker Bought-In",
        "Closed Won",
    ]
    assert (deal.outcome, days(deal)) == (DealOutcome.WON, [3, 7, None])


def test_results_never_depend_on_the_order_of_the_rows(sample, tmp_path):
    text = HISTORY.read_bytes().decode("utf-8-sig")
    header, *rows = [line for line in text.split("\r\n") if line]
    first = read_export(sample, HISTORY)
    for seed in range(5):
        random.Random(seed).shuffle(rows)
        shuffled = tmp_path / f"shuffled{seed}.csv"
        shuffled.write_text("\n".join([header, *rows]) + "\n")
        again = read_export(sample, shuffled)
        assert [(r.source_id, r.name, r.amount, r.reason, r.visits) for r in again.records] == [
            (r.source_id, r.name, r.amount, r.reason, r.visits) for r in first.records
        ]


def test_a_pipeline_change_names_the_stages_entered_after_it(sample, tmp_path):
    path = tmp_path / "history.csv"
    path.write_text(
        "Record ID,Property,Value,Timestamp\n"
        "5,dealstage,appointmentscheduled,2024-01-01 00:00\n"
        "5,pipeline,default,2024-01-01 00:00\n"
        "5,pipeline,Partner Pipeline,2024-01-05 00:00\n"
        "5,dealstage,Demo,2024-01-05 00:00\n"
    )
    plan = read_export(sample, path)
    assert [v[0] for v in plan.records[0].visits] == [
        "Appointment Scheduled (Sales Pipeline)",
        "Demo (Partner Pipeline)",
    ]


def test_auto_detection_and_explicit_format(sample):
    assert detect(read_table(HISTORY).header) == "hubspot-history"
    assert detect(read_table(API_HISTORY).header) == "hubspot-history"
    named = read_export(sample, HISTORY, format="hubspot-history")
    auto = read_export(sample, HISTORY)
    assert [r.visits for r in named.records] == [r.visits for r in auto.records]


def test_a_history_named_as_another_layout_is_refused_in_one_sentence(sample):
    before = len(sample.deals)
    with pytest.raises(UnreadableFile) as refused:
        read_export(sample, HISTORY, format="hubspot")
    message = str(refused.value)
    assert message.endswith(".") and ". " not in message
    assert "fit the hubspot-history format best" in message
    assert len(sample.deals) == before


def test_the_change_s_source_column_is_no_lead_source(sample, tmp_path):
    """The export's "Source" says what made each change (CRM_UI, IMPORT): where a deal came
    from is its hs_analytics_source property, when the export has that property's rows."""
    imported(sample, HISTORY, overrides=SALES)
    assert {d.lead_source for d in sample.deals if d.id.startswith("deal-hubspot-history")} == {""}
    with_origin = tmp_path / "history.csv"
    rows = HISTORY.read_text(encoding="utf-8-sig").splitlines()
    rows.append("1001,Acme renewal,hs_analytics_source,ORGANIC_SEARCH,2024-01-02 09:15,CRM_UI")
    with_origin.write_text("\n".join(rows) + "\n", encoding="utf-8")
    imported(sample, with_origin, overrides=SALES)
    assert sample.deals["deal-hubspot-history-1001"].lead_source == "ORGANIC_SEARCH"


def test_a_deal_from_the_deals_export_and_then_its_stage_history_is_one_deal(sample, tmp_path):
    """The same Record ID in HubSpot's deals export and its deal-stage history: the history
    updates the deal the export brought, keeping the name and amount it lacks."""
    deals = tmp_path / "deals.csv"
    deals.write_text(
        '"Record ID","Deal Name","Deal Stage","Pipeline","Amount","Create Date",'
        '"Date entered ""Appointment Scheduled (Sales Pipeline)""",'
        '"Date entered ""Closed Won (Sales Pipeline)"""\n'
        '"5501","Northwind annual","Closed Won","Sales Pipeline","30000","2024-01-08 09:00",'
        '"2024-01-08 09:00","2024-02-20 10:00"\n',
        encoding="utf-8",
    )
    history = tmp_path / "history.csv"
    history.write_text(
        "Record ID,Property,Value,Timestamp\n"
        "5501,dealstage,appointmentscheduled,2024-01-08 09:00\n"
        "5501,dealstage,qualifiedtobuy,2024-01-22 11:00\n"
        "5501,dealstage,closedwon,2024-02-20 10:00\n",
        encoding="utf-8",
    )
    before = len(sample.deals)
    imported(sample, deals, overrides={"Appointment Scheduled (Sales Pipeline)": "SQL"})
    stages = {"Appointment Scheduled": "SQL", "Qualified To Buy": "Opportunity: Discovery"}
    plan = imported(sample, history, overrides=stages)
    assert (plan.deals_new, plan.deals_updated) == (0, 1)
    assert len(sample.deals) == before + 1
    (deal,) = [d for d in sample.deals if d.source_id == "5501"]
    assert (deal.name, deal.amount) == ("Northwind annual", 30000.0)
    assert len(deal.path) == 3
