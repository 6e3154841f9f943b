"""Close OpportunityStatusChange activities become deals: each change moves the deal into its
new status, the latest change's new_status_type (active/won/lost) says how it ended."""

from __future__ import annotations

import pytest
from journeyapp.models.deal_import.formats import detect
from journeyapp.models.deal_import.plan import read_export
from journeyapp.models.deal_import.table import UnreadableFile
from journeyapp.models.entities import DealOutcome
from journeyapp.models.replay import closed_at

from tests import crm_checks
from tests.crm_checks import CRM, DAY, at, imported, stage_names, without_deals

sample = crm_checks.sample  # the shared fixture, found by pytest under this name

STATUSES = {
    "Active": "SQL",
    "Demo Scheduled": "Opportunity: Discovery",
    "Proposal Sent": "Opportunity: Proposal",
}


def test_a_lost_opportunity_by_hand(sample):
    """Wayne Enterprises: Active until 10 Jan, Demo Scheduled until 24 Jan, Proposal Sent
    until 7 Feb, then Lost (rows out of order in the file)."""
    plan = imported(sample, CRM / "close_opportunity_status_changes.csv", overrides=STATUSES)
    assert plan.format == "close"
    deal = sample.deals["deal-close-oppo_A"]
    assert (deal.name, deal.account) == ("Wayne Enterprises", "Wayne Enterprises")
    assert stage_names(sample, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Opportunity: Proposal",
        "Lost",
    ]
    # When it became Active the export does not say: just before its first change.
    assert deal.path[0].exited == at("2026-01-10T15:00:00")
    assert [(s.exited - s.entered) / DAY for s in deal.path[1:3]] == [14, 14]
    assert deal.path[3].entered == at("2026-02-07T15:00:00")
    assert deal.outcome is DealOutcome.LOST
    assert sample.stage(deal.path[closed_at(sample, deal)].stage).name == "Opportunity: Proposal"
    assert (deal.amount, deal.currency) == (3000.0, "USD")  # "$3,000", not 300000 cents
    assert deal.owner == ""  # user_name is whoever changed the status


def test_a_reopened_opportunity_carries_on_and_a_bad_date_is_skipped(sample):
    plan = imported(sample, CRM / "close_opportunity_status_changes.csv", overrides=STATUSES)
    reopened = sample.deals["deal-close-oppo_B"]
    assert stage_names(sample, reopened) == ["SQL", "Lost", "SQL", "Won"]
    assert (reopened.outcome, reopened.amount) == (DealOutcome.WON, 500.0)
    assert plan.skipped == [(8, "date_created: “yesterday” is not a date")]
    assert len(sample.deals) == 2


def test_the_owner_is_the_opportunitys_user_and_cents_become_the_amount(sample):
    imported(sample, CRM / "close_status_changes_with_owner.csv", overrides=STATUSES)
    deal = sample.deals["deal-close-oppo_D"]
    assert deal.owner == "Dwight Schrute"  # not Jim Halpert or Michael Scott
    assert (deal.amount, deal.currency) == (12500.5, "USD")  # 1250050 cents
    assert stage_names(sample, deal) == ["SQL", "Opportunity: Discovery", "Lost"]
    assert (deal.path[1].exited - deal.path[1].entered) / DAY == 10
    assert deal.outcome is DealOutcome.LOST


def test_rows_in_any_order_give_the_same_deals(tmp_path):
    header, *rows = (CRM / "close_opportunity_status_changes.csv").read_text().splitlines()
    backwards = tmp_path / "reversed.csv"
    backwards.write_text("\n".join([header, *reversed(rows)]) + "\n")
    first, second = without_deals(), without_deals()
    imported(first, CRM / "close_opportunity_status_changes.csv", overrides=STATUSES)
    imported(second, backwards, overrides=STATUSES)
    assert {d.id: (d.path, d.outcome, d.amount) for d in first.deals} == {
        d.id: (d.path, d.outcome, d.amount) for d in second.deals
    }


def test_other_activities_in_a_wider_export_are_left_out(sample, tmp_path):
    path = tmp_path / "activities.csv"
    path.write_text(
        "id,_type,date_created,lead_name,opportunity_id,old_status_label,new_status_label,"
        "new_status_type\n"
        "acti_1,Call,2026-01-02T10:00:00+00:00,Acme,,,,\n"
        "acti_2,OpportunityStatusChange,2026-01-03T10:00:00+00:00,Acme,oppo_X,Active,Won,won\n"
    )
    plan = imported(sample, path, overrides=STATUSES)
    assert plan.skipped == []
    assert stage_names(sample, sample.deals["deal-close-oppo_X"]) == ["SQL", "Won"]


def test_detected_by_its_columns_and_chosen_by_name(sample):
    header = (CRM / "close_opportunity_status_changes.csv").read_text().splitlines()[0]
    assert detect(header.split(",")) == "close"
    plan = read_export(sample, CRM / "close_opportunity_status_changes.csv", format="close")
    assert {r.source_id for r in plan.records} == {"oppo_A", "oppo_B"}


def test_another_vendors_file_named_as_close_is_refused_in_one_sentence(sample):
    with pytest.raises(UnreadableFile) as refusal:
        read_export(sample, CRM / "zoho_stage_history.csv", format="close")
    message = str(refusal.value)
    assert message.startswith("No deal could be read from zoho_stage_history.csv as a close")
    assert "opportunity_id, new_status_label, date_created" in message
    assert "\n" not in message
    assert len(sample.deals) == 0


@pytest.mark.parametrize("backwards", [False, True])
def test_changes_in_the_same_second_follow_their_old_and_new_status(tmp_path, backwards):
    rows = [
        "oppo_Q,Acme,Qualified,Demo Scheduled,active,2026-01-05T09:00:00+00:00",
        "oppo_Q,Acme,Demo Scheduled,Proposal Sent,active,2026-01-05T09:00:00+00:00",
        "oppo_Q,Acme,Proposal Sent,Won,won,2026-01-09T09:00:00+00:00",
    ]
    path = tmp_path / "status_changes.csv"
    path.write_text(
        "opportunity_id,lead_name,old_status_label,new_status_label,new_status_type,date_created\n"
        + "\n".join(reversed(rows) if backwards else rows)
        + "\n"
    )
    playbook = without_deals()
    imported(playbook, path, overrides={**STATUSES, "Qualified": "SQL"})
    deal = playbook.deals["deal-close-oppo_Q"]
    assert stage_names(playbook, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Opportunity: Proposal",
        "Won",
    ]
    assert (deal.path[2].exited - deal.path[2].entered) / DAY == 4
    assert deal.outcome is DealOutcome.WON


def test_a_monthly_value_counts_as_a_year_of_it_as_close_totals_it(sample, tmp_path):
    head = (CRM / "close_opportunity_status_changes.csv").read_text(encoding="utf-8")
    header = head.splitlines()[0]
    export = tmp_path / "values.csv"
    export.write_text(
        header + "\n"
        "acti_21,OpportunityStatusChange,2024-02-01T16:00:00.000000+00:00,"
        "2024-02-01T16:00:00.000000+00:00,lead_M1,Mono SaaS Ltd,oppo_M,stat_demo,"
        "Demo Scheduled,active,stat_won,Won,won,user_2,Zofia Nowak,50000,$500,USD,monthly\n"
        "acti_22,OpportunityStatusChange,2024-02-02T16:00:00.000000+00:00,"
        "2024-02-02T16:00:00.000000+00:00,lead_O1,OneShot GmbH,oppo_O,stat_demo,"
        'Demo Scheduled,active,stat_won,Won,won,user_2,Zofia Nowak,600000,"$6,000",USD,one_time\n',
        encoding="utf-8",
    )
    plan = imported(sample, export, overrides=STATUSES)
    assert sample.deals["deal-close-oppo_M"].amount == 6000.0
    assert sample.deals["deal-close-oppo_O"].amount == 6000.0
    assert (2, "a monthly value of 500 is counted as 6,000 a year") in plan.warnings


def test_the_status_a_deal_was_in_before_the_export_begins_adds_no_time_to_it(sample):
    from journeyapp.models.deal_stats import stage_figures

    imported(sample, CRM / "close_opportunity_status_changes.csv", overrides=STATUSES)
    deals = [d for d in sample.deals if d.source_system == "close"]
    figures = stage_figures(sample, deals)
    first = {d.path[0].stage for d in deals}
    for stage in first:
        assert 0 not in [round(days, 3) for days in figures[stage].days], stage
