"""HubSpot deals export (one row per deal, a "Date entered"/"Date exited" column per stage of
each pipeline): pipelines kept apart, stages visited twice flagged, outcomes from Deal Stage."""

from __future__ import annotations

import shutil

import pytest
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.formats import detect
from journeyapp.models.deal_import.formats.records import stages_by_pipeline
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.deal_import.table import UnreadableFile
from journeyapp.models.entities import DealOutcome
from journeyapp.models.replay import closed_at
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

from journeyapp.cli import main
from tests import crm_checks
from tests.crm_checks import CRM, at, days, imported, stage_names

sample = crm_checks.sample  # the shared fixture, found by pytest under this name

PIPELINES = CRM / "hubspot_deals_pipelines.csv"
NO_CLOSED_COLUMNS = CRM / "hubspot_deals_lost_without_closed_columns.csv"

# The sample map's stages for HubSpot's default stages, in both pipelines.
SALES = {
    "Appointment Scheduled (Sales Pipeline)": "SQL",
    "Qualified To Buy (Sales Pipeline)": "Opportunity: Discovery",
    "Presentation Scheduled (Sales Pipeline)": "Opportunity: Proposal",
}
PARTNER = {"Appointment Scheduled (Partner Pipeline)": "MQL"}


def test_the_hand_checked_lost_deal_has_its_stages_days_outcome_and_where_it_was_lost(sample):
    """Acme renewal, read by hand from the file: Appointment Scheduled 2 Jan 09:15 → Qualified
    To Buy 9 Jan → Presentation Scheduled 19 Jan → Closed Lost 5 Feb 09:15."""
    plan = imported(sample, PIPELINES, overrides={**SALES, **PARTNER})
    assert plan.format == "hubspot"
    assert plan.encoding == "UTF-8 with BOM"
    deal = sample.deals["deal-hubspot-901"]
    assert stage_names(sample, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Opportunity: Proposal",
        "Lost",
    ]
    assert days(deal) == [7, 10, 17, None]
    assert deal.path[0].entered == at("2024-01-02T09:15")
    assert deal.outcome is DealOutcome.LOST
    assert stage_names(sample, deal)[closed_at(sample, deal)] == "Opportunity: Proposal"
    assert (deal.name, deal.amount, deal.owner, deal.account) == (
        "Acme renewal",
        40000.0,
        "Dana Kim",
        "Acme Corp",
    )
    assert (deal.stated_reason, deal.lead_source) == ("Chose a competitor", "Paid Search")


def test_a_lost_deal_without_a_closed_lost_column_is_lost_at_its_last_stage_on_its_close_date(
    sample,
):
    """The same deal exported with only "Date entered" columns, day-first dates and comma
    decimals: lost by its Deal Stage (HubSpot's id closedlost), in the stage it was last in,
    which it left on the Close Date."""
    plan = imported(sample, NO_CLOSED_COLUMNS, overrides=SALES)
    assert plan.format == "hubspot"
    deal = sample.deals["deal-hubspot-901"]
    assert stage_names(sample, deal) == ["SQL", "Opportunity: Discovery", "Opportunity: Proposal"]
    assert days(deal) == [7, 10, 17]
    assert deal.outcome is DealOutcome.LOST
    assert closed_at(sample, deal) == 2
    assert (deal.amount, deal.account) == (40000.0, "Acme Corp")
    won = sample.deals["deal-hubspot-906"]
    assert won.outcome is DealOutcome.WON  # "Closed won", lower-case w
    assert won.amount == 7500.5
    assert days(won) == [7, 8]  # left Qualified To Buy when it closed, 28 Feb
    assert stage_names(sample, won)[closed_at(sample, won)] == "Opportunity: Discovery"
    still_open = sample.deals["deal-hubspot-907"]
    assert (still_open.outcome, days(still_open)) == (DealOutcome.OPEN, [3, None])


def test_outcomes_come_from_the_deal_stage_in_any_pipeline(sample):
    imported(sample, PIPELINES, overrides={**SALES, **PARTNER})
    outcomes = {d.source_id: d.outcome for d in sample.deals}
    assert outcomes == {
        "901": DealOutcome.LOST,
        "902": DealOutcome.WON,
        "903": DealOutcome.OPEN,
        "904": DealOutcome.WON,  # "Closed won" in the Partner Pipeline
        "905": DealOutcome.OPEN,
    }
    plan = read_export(sample, NO_CLOSED_COLUMNS, overrides=SALES)  # HubSpot's id closedlost
    assert {r.source_id: r.outcome for r in plan.records} == {
        "901": DealOutcome.LOST,
        "906": DealOutcome.WON,
        "907": None,  # open: the mapping's last stage decides
    }


def test_two_pipelines_stages_of_one_name_are_two_crm_stages_listed_per_pipeline(sample):
    plan = read_export(sample, PIPELINES)
    grouped = stages_by_pipeline(plan.crm_stages)
    assert set(grouped) == {"Sales Pipeline", "Partner Pipeline"}
    assert sorted(grouped["Partner Pipeline"]) == [
        "Appointment Scheduled (Partner Pipeline)",
        "Closed Won (Partner Pipeline)",
    ]
    assert "Appointment Scheduled (Sales Pipeline)" in grouped["Sales Pipeline"]
    assert set(plan.unmapped) == {*SALES, *PARTNER}


def test_stages_by_pipeline_keeps_the_order_given_and_puts_stages_without_a_pipeline_apart():
    assert stages_by_pipeline(["Demo (A)", "Lead", "Won (B)", "Won (A)", "Demo"]) == {
        "A": ["Demo (A)", "Won (A)"],
        "": ["Lead", "Demo"],
        "B": ["Won (B)"],
    }


def test_each_pipelines_stage_is_mapped_on_its_own_and_remembered_next_import(tmp_path):
    file = tmp_path / "p.journey"
    playbook = load_template("b2b-saas")
    playbook.drop_entities(Kind.DEAL, playbook.deals.ids())
    store = Store.create(file, playbook)
    playbook = store.load()
    plan = read_export(playbook, PIPELINES, overrides={**SALES, **PARTNER})
    store.commit(playbook, playbook.apply(import_edit(playbook, plan)))
    store.close()
    store = Store.open(file)
    playbook = store.load()
    again = read_export(playbook, PIPELINES)
    store.close()
    assert again.unmapped == [] and again.new_mappings == []
    sales = playbook.stage(again.mapping["Appointment Scheduled (Sales Pipeline)"]).name
    partner = playbook.stage(again.mapping["Appointment Scheduled (Partner Pipeline)"]).name
    assert (sales, partner) == ("SQL", "MQL")


def test_a_deal_moved_between_pipelines_keeps_both_in_time_order(sample):
    imported(sample, PIPELINES, overrides={**SALES, **PARTNER})
    moved = sample.deals["deal-hubspot-904"]
    assert [s.crm_stage for s in moved.path] == [
        "Appointment Scheduled (Sales Pipeline)",
        "Appointment Scheduled (Partner Pipeline)",
        "Closed Won (Partner Pipeline)",
    ]
    assert stage_names(sample, moved) == ["SQL", "MQL", "Won"]
    assert days(moved) == [7, 19, None]
    partner_only = sample.deals["deal-hubspot-903"]
    assert [s.crm_stage for s in partner_only.path] == ["Appointment Scheduled (Partner Pipeline)"]


def test_stage_columns_without_a_pipeline_take_the_deals_pipeline_column(sample, tmp_path):
    """A header naming stages without their pipeline: each deal's "Pipeline" says which
    pipeline's stage it was (the default pipeline's id "default" is the Sales Pipeline)."""
    path = tmp_path / "deals.csv"
    path.write_text(
        'Record ID,Deal Name,Pipeline,Deal Stage,Date entered "Demo",Date entered "Closed Won"\n'
        "1,Direct,default,Closed Won,2024-01-02,2024-01-09\n"
        "2,Via partner,Partner Pipeline,Demo,2024-01-05,\n"
    )
    plan = imported(
        sample, path, overrides={"Demo (Sales Pipeline)": "SQL", "Demo (Partner Pipeline)": "MQL"}
    )
    assert [s.crm_stage for s in sample.deals["deal-hubspot-1"].path] == [
        "Demo (Sales Pipeline)",
        "Closed Won (Sales Pipeline)",
    ]
    assert stage_names(sample, sample.deals["deal-hubspot-2"]) == ["MQL"]
    assert stages_by_pipeline(plan.crm_stages)["Partner Pipeline"] == ["Demo (Partner Pipeline)"]


def test_a_stage_visited_twice_is_flagged_where_the_times_in_it_show_it(sample):
    plan = imported(sample, PIPELINES, overrides={**SALES, **PARTNER})
    assert plan.warnings == [
        (
            3,
            "“Globex expansion” entered “Qualified To Buy (Sales Pipeline)” more than once; "
            "HubSpot keeps only the latest visit, so the earlier one is missing",
        ),
        (
            6,
            "“Stark pilot” entered “Qualified To Buy (Sales Pipeline)” more than once; "
            "HubSpot keeps only the latest visit, so the earlier one is missing",
        ),
    ]
    globex = sample.deals["deal-hubspot-902"]  # what HubSpot kept: the later visit
    assert [s.crm_stage.split(" (")[0] for s in globex.path] == [
        "Appointment Scheduled",
        "Presentation Scheduled",
        "Qualified To Buy",
        "Closed Won",
    ]
    stark = sample.deals["deal-hubspot-905"]  # in it now: the exit is an earlier visit's
    assert stark.path[-1].crm_stage == "Qualified To Buy (Sales Pipeline)"
    assert stark.path[-1].exited is None


@pytest.mark.parametrize(
    ("cumulative", "latest", "exited", "flagged"),
    [
        ("120:00:00", "48:00:00", "2024-01-09 00:00", True),  # time over visits > the latest
        ("432000000", "172800000", "2024-01-09 00:00", True),  # the same as plain numbers
        ("48:00:00", "48:00:00", "2024-01-09 00:00", False),  # one visit
        ("", "", "2024-01-03 00:00", True),  # exited before it was (last) entered
        ("", "", "2024-01-09 00:00", False),
    ],
)
def test_each_sign_of_an_earlier_visit_is_read(
    sample, tmp_path, cumulative, latest, exited, flagged
):
    path = tmp_path / "deals.csv"
    path.write_text(
        'Record ID,Deal Name,Date entered "Demo (Sales Pipeline)",'
        'Date exited "Demo (Sales Pipeline)",Cumulative time in "Demo (Sales Pipeline)",'
        'Latest time in "Demo (Sales Pipeline)",Date entered "Proposal (Sales Pipeline)"\n'
        f"7,Acme,2024-01-07 00:00,{exited},{cumulative},{latest},2024-01-09 00:00\n"
    )
    plan = read_export(sample, path)
    assert [line for line, _ in plan.warnings] == ([2] if flagged else [])
    demo = plan.records[0].visits[0]
    assert demo[2] == at("2024-01-09T00:00")  # a stale exit gives way to the next entry


def test_a_latest_time_in_the_stage_a_deal_is_in_now_is_an_earlier_visits(sample, tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text(
        'Record ID,Deal Name,Date entered "Demo (Sales Pipeline)",'
        'Date exited "Demo (Sales Pipeline)",Latest time in "Demo (Sales Pipeline)" (HH:mm:ss)\n'
        "7,Acme,2024-01-07 00:00,,12:00:00\n"
        "8,Initech,2024-01-07 00:00,,\n"
    )
    plan = read_export(sample, path)
    assert [line for line, _ in plan.warnings] == [2]


def test_the_import_command_prints_the_warnings_after_the_skipped_rows(tmp_path, capsys):
    file = tmp_path / "p.journey"
    Store.create(file, load_template("b2b-saas")).close()
    csv = tmp_path / "deals.csv"
    shutil.copy(PIPELINES, csv)
    maps = [f"--map={crm}={stage}" for crm, stage in {**SALES, **PARTNER}.items()]
    assert main(["import-deals", str(file), str(csv), "--dry-run", *maps]) == 0
    out = capsys.readouterr().out
    assert (
        "  line 3: “Globex expansion” entered “Qualified To Buy (Sales Pipeline)” more than "
        "once; HubSpot keeps only the latest visit, so the earlier one is missing\n" in out
    )


def test_auto_detection_and_the_named_format_read_alike(sample):
    from journeyapp.models.deal_import.table import read_table

    assert detect(read_table(PIPELINES).header) == "hubspot"
    assert detect(read_table(NO_CLOSED_COLUMNS).header) == "hubspot"
    named = read_export(sample, PIPELINES, format="hubspot")
    auto = read_export(sample, PIPELINES)
    assert [(r.source_id, r.visits) for r in named.records] == [
        (r.source_id, r.visits) for r in auto.records
    ]


def test_the_export_named_as_another_layout_is_refused_in_one_sentence(sample):
    before = len(sample.deals)
    with pytest.raises(UnreadableFile) as refused:
        read_export(sample, PIPELINES, format="salesforce")
    message = str(refused.value)
    assert message.count(". ") == 0 and message.endswith(".")
    assert "fit the hubspot format best" in message
    assert len(sample.deals) == before


def test_results_never_depend_on_the_order_of_the_rows(sample, tmp_path):
    lines = PIPELINES.read_bytes().decode("utf-8-sig").split("\r\n")
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text("\r\n".join([lines[0], *reversed([x for x in lines[1:] if x])]) + "\r\n")
    first = read_export(sample, PIPELINES)
    second = read_export(sample, shuffled)
    assert {r.source_id: r.visits for r in first.records} == {
        r.source_id: r.visits for r in second.records
    }
    assert sorted(w for _, w in first.warnings) == sorted(w for _, w in second.warnings)
