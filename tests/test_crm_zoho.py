"""Zoho CRM Stage History exports become deals: one row per stage reached, visits from the
rows in time order, Zoho's closed stages (Closed Lost to Competition among them) closing."""

from __future__ import annotations

import pytest
from journeyapp.models.deal_import.formats import detect
from journeyapp.models.deal_import.plan import read_export
from journeyapp.models.deal_import.table import UnreadableFile
from journeyapp.models.entities import DealOutcome
from journeyapp.models.replay import closed_at

from tests import crm_checks
from tests.crm_checks import CRM, at, days_in, imported, stage_names, without_deals

sample = crm_checks.sample  # the shared fixture, found by pytest under this name

# Zoho's standard Deal stages, placed on the sample map.
STAGES = {
    "Qualification": "SQL",
    "Needs Analysis": "Opportunity: Discovery",
    "Value Proposition": "Opportunity: Discovery",
    "Proposal/Price Quote": "Opportunity: Proposal",
    "Negotiation/Review": "Opportunity: Negotiation",
    "Closed Lost": "Lost",
    "Closed Lost to Competition": "Lost",
}


def test_a_lost_deal_by_hand_stages_days_outcome_and_where_it_was_lost(sample):
    """Acme renewal: Qualification 5 Jan, Needs Analysis 12 Jan, Proposal/Price Quote 26 Jan,
    Closed Lost to Competition 9 Feb (rows out of order in the file)."""
    plan = imported(sample, CRM / "zoho_stage_history.csv", overrides=STAGES)
    assert (plan.format, plan.encoding) == ("zoho", "UTF-8 with BOM")
    deal = sample.deals["deal-zoho-zcrm_100"]
    assert deal.name == "Acme renewal"
    assert stage_names(sample, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Opportunity: Proposal",
        "Lost",
    ]
    assert deal.path[0].entered == at("2026-01-05T09:00:00")
    assert [days_in(step) for step in deal.path[:3]] == [7, 14, 14]
    assert deal.path[3].entered == at("2026-02-09T09:00:00")
    assert deal.outcome is DealOutcome.LOST
    lost_at = closed_at(sample, deal)
    assert sample.stage(deal.path[lost_at].stage).name == "Opportunity: Proposal"
    assert (deal.amount, deal.owner) == (12000.0, "")  # Modified By moved it; no owner column


def test_won_reopened_and_unreadable_rows(sample):
    plan = imported(sample, CRM / "zoho_stage_history.csv", overrides=STAGES)
    won = sample.deals["deal-zoho-zcrm_200"]
    assert stage_names(sample, won) == ["SQL", "Won"]
    assert won.outcome is DealOutcome.WON
    reopened = sample.deals["deal-zoho-zcrm_300"]
    assert reopened.name == "Umbrella, phase 2"
    assert stage_names(sample, reopened) == ["SQL", "Lost", "Opportunity: Negotiation", "Won"]
    assert reopened.outcome is DealOutcome.WON
    assert closed_at(sample, reopened) == 2
    assert plan.skipped == [(12, "Modified Time: “not recorded” is not a date")]
    assert len(sample.deals) == 3


def test_the_deals_report_gives_owner_account_sources_and_loss_reason(sample):
    """A Deals report with Stage History: the deal's owner, never who moved the stage."""
    plan = imported(sample, CRM / "zoho_deals_stage_history_report.csv", overrides=STAGES)
    assert plan.format == "zoho"
    lost = sample.deals["deal-zoho-Initech expansion"]
    assert stage_names(sample, lost) == ["SQL", "Lost"]
    assert lost.path[0].entered == at("2026-01-15T16:00:00")  # 01/15/2026 04:00 PM
    assert days_in(lost.path[0]) == 14
    assert lost.outcome is DealOutcome.LOST
    assert closed_at(sample, lost) == 0
    assert (lost.owner, lost.account, lost.stated_reason) == ("Carla Diaz", "Initech", "Price")
    assert (lost.lead_source, lost.campaign) == ("Trade Show", "Spring Expo 2026")
    assert (lost.amount, lost.currency) == (15000.0, "USD")
    still_open = sample.deals["deal-zoho-Vandelay imports"]
    assert stage_names(sample, still_open) == ["SQL", "Opportunity: Discovery"]
    assert days_in(still_open.path[0]) == 3
    assert still_open.outcome is DealOutcome.OPEN
    assert closed_at(sample, still_open) is None


def test_rows_in_any_order_give_the_same_deals(tmp_path):
    text = (CRM / "zoho_stage_history.csv").read_text(encoding="utf-8-sig")
    header, *rows = text.splitlines()
    backwards = tmp_path / "reversed.csv"
    backwards.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
    first, second = without_deals(), without_deals()
    imported(first, CRM / "zoho_stage_history.csv", overrides=STAGES)
    imported(second, backwards, overrides=STAGES)
    for deal in first.deals:
        other = second.deals[deal.id]
        assert (other.path, other.outcome, other.amount) == (deal.path, deal.outcome, deal.amount)


def test_detected_by_its_columns_and_chosen_by_name(sample):
    header = (CRM / "zoho_stage_history.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert detect(header.split(",")) == "zoho"
    # A plain Deals export (one row per deal, no history columns) is no stage history.
    plain = ["Deal Name", "Deal Owner", "Stage", "Amount", "Probability (%)", "Modified Time"]
    assert detect([*plain, "Stage Duration (Calendar Days)"]) == "zoho"
    assert detect(plain) is None
    plan = read_export(sample, CRM / "zoho_stage_history.csv", format="zoho", overrides=STAGES)
    assert {r.source_id for r in plan.records} == {"zcrm_100", "zcrm_200", "zcrm_300"}


def test_another_vendors_file_named_as_zoho_is_refused_in_one_sentence(sample):
    with pytest.raises(UnreadableFile) as refusal:
        read_export(sample, CRM / "dynamics_opportunities.csv", format="zoho")
    message = str(refusal.value)
    assert message.startswith("No deal could be read from dynamics_opportunities.csv as a zoho")
    assert "fit the dynamics format best" in message
    assert message.count(".") >= 1 and "\n" not in message
    assert len(sample.deals) == 0


@pytest.mark.parametrize("backwards", [False, True])
def test_stages_set_in_the_same_minute_follow_their_moved_to(tmp_path, backwards):
    """A report shows minutes only: two moves in one minute are put in the order "Moved To"
    chains them (Qualification → Needs Analysis → Proposal/Price Quote), in any row order."""
    rows = [
        "Acme,zcrm_1,Qualification,0,Needs Analysis,2026-01-05 09:00",
        "Acme,zcrm_1,Needs Analysis,2,Proposal/Price Quote,2026-01-05 09:00",
        "Acme,zcrm_1,Proposal/Price Quote,,,2026-01-07 09:00",
    ]
    path = tmp_path / "stage_history.csv"
    path.write_text(
        "Deal Name,Deal Name.id,Stage,Stage Duration (Calendar Days),Moved To,Modified Time\n"
        + "\n".join(reversed(rows) if backwards else rows)
        + "\n"
    )
    playbook = without_deals()
    imported(playbook, path, overrides=STAGES)
    deal = playbook.deals["deal-zoho-zcrm_1"]
    assert stage_names(playbook, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Opportunity: Proposal",
    ]
    assert days_in(deal.path[1]) == 2


def test_a_report_s_deals_of_one_name_at_two_accounts_stay_two_deals(sample, tmp_path):
    """A "Deals with Stage History" report has no record ids: "Renewal 2024" at Acme and at
    Globex are two deals, each with its own stages, owner and outcome."""
    export = tmp_path / "zoho_report_same_name.csv"
    export.write_text(
        '"Deal Name","Deal Owner","Account Name","Stage","Stage (Stage History)",'
        '"Amount (Stage History)","Stage Duration (Calendar Days)",'
        '"Modified Time (Stage History)"\n'
        '"Renewal 2024","Carla Diaz","Acme GmbH","Closed Won","Qualification","12000","10",'
        '"2024-01-08 09:00"\n'
        '"Renewal 2024","Carla Diaz","Acme GmbH","Closed Won","Closed Won","12000","",'
        '"2024-02-07 11:30"\n'
        '"Renewal 2024","Dan Ortiz","Globex SARL","Closed Lost","Qualification","4500","12",'
        '"2024-01-15 10:00"\n'
        '"Renewal 2024","Dan Ortiz","Globex SARL","Closed Lost","Closed Lost","4500","",'
        '"2024-01-27 17:00"\n',
        encoding="utf-8",
    )
    imported(sample, export, overrides={"Qualification": "SQL"})
    acme = sample.deals["deal-zoho-Renewal 2024 (Acme GmbH)"]
    globex = sample.deals["deal-zoho-Renewal 2024 (Globex SARL)"]
    assert (acme.outcome, acme.owner, acme.amount) == (DealOutcome.WON, "Carla Diaz", 12000)
    assert (globex.outcome, globex.owner, globex.amount) == (DealOutcome.LOST, "Dan Ortiz", 4500)
    assert [s.crm_stage for s in globex.path] == ["Qualification", "Closed Lost"]
