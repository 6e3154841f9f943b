"""Pipedrive's deals list export (Deals → list view → Export): one row per deal, "Deal - …"
columns, no stage history; each deal a short path to its current stage and its close."""

from __future__ import annotations

from pathlib import Path

import pytest
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.deal_import.table import UnreadableFile
from journeyapp.models.entities import DealOutcome
from journeyapp.models.replay import closed_at

from tests import crm_checks
from tests.crm_checks import CRM, at, days, imported, stage_names, without_deals, write

sample = crm_checks.sample  # the shared fixture, found by pytest under this name

DEALS = str(CRM / "pipedrive_deals.csv")
SEMICOLONS = str(CRM / "pipedrive_deals_semicolons.csv")
ON_THE_MAP = {
    "Qualified (Sales)": "SQL",
    "Proposal Made (Sales)": "Opportunity: Proposal",
    "Negotiations Started (Sales)": "Opportunity: Negotiation",
}


def test_a_lost_deal_by_hand_is_lost_in_its_stage_at_its_lost_time(sample):
    """Globex pilot: created 8 Jan, in Proposal Made since 15 Jan, lost 1 Feb."""
    plan = imported(sample, DEALS, overrides=ON_THE_MAP)
    assert (plan.format, plan.encoding) == ("pipedrive-deals", "UTF-8 with BOM")
    deal = sample.deals["deal-pipedrive-deals-102"]
    assert stage_names(sample, deal) == ["Opportunity: Proposal", "Lost"]
    assert deal.path[0].entered == at("2026-01-15T08:00:00")  # its last stage change
    assert days(deal) == [17.0, None]
    assert deal.outcome is DealOutcome.LOST
    assert stage_names(sample, deal)[closed_at(sample, deal)] == "Opportunity: Proposal"
    assert (deal.name, deal.owner, deal.account) == ("Globex pilot", "Erin Owner", "Globex")
    assert (deal.amount, deal.currency, deal.stated_reason) == (5000.0, "EUR", "Chose a competitor")
    assert deal.lead_source == "Chatbot"
    assert deal.snapshot_only


def test_a_won_deal_closes_at_its_won_time_and_an_open_one_starts_at_its_creation(sample):
    plan = imported(sample, DEALS, overrides=ON_THE_MAP)
    won = sample.deals["deal-pipedrive-deals-101"]
    assert stage_names(sample, won) == ["Opportunity: Negotiation", "Won"]
    assert days(won) == [21.0, None]  # 20 Jan 10:00 to 10 Feb 10:00
    assert won.outcome is DealOutcome.WON
    assert (won.name, won.owner) == ("Acme, Inc. renewal", "Dana Owner")  # never the creator
    assert won.stated_reason == ""
    still_open = sample.deals["deal-pipedrive-deals-103"]
    assert stage_names(sample, still_open) == ["SQL"]
    assert still_open.path[0].entered == at("2026-02-01T12:00:00")  # no last stage change
    assert (still_open.outcome, closed_at(sample, still_open)) == (DealOutcome.OPEN, None)
    assert plan.skipped == [(5, "Deal - Deal created: “not a date” is not a date")]
    assert len(sample.deals) == 3


def test_the_layout_is_found_by_its_columns_and_by_its_name(sample):
    assert read_export(sample, DEALS).format == "pipedrive-deals"
    explicit = read_export(sample, DEALS, format="pipedrive-deals")
    assert [r.source_id for r in explicit.records] == ["101", "102", "103"]


def test_a_file_of_another_layout_named_as_this_one_is_refused_in_a_sentence(sample, tmp_path):
    before = len(sample.deals)
    with pytest.raises(UnreadableFile) as refusal:
        read_export(sample, str(CRM / "pipedrive_deal_flow.csv"), format="pipedrive-deals")
    message = str(refusal.value)
    assert message.count(". ") == 0 and message.endswith(".")
    assert "Deal - Stage" in message and "pipedrive format best" in message
    with pytest.raises(UnreadableFile):
        read_export(sample, DEALS, format="pipedrive")
    assert len(sample.deals) == before


def test_semicolons_day_first_dates_and_decimal_commas_as_a_european_account_writes(sample):
    imported(
        sample, SEMICOLONS, overrides={"Proposal Made": "Opportunity: Proposal", "Qualified": "SQL"}
    )
    deal = sample.deals["deal-pipedrive-deals-501"]
    assert deal.path[0].entered == at("2026-02-10T09:00:00")  # 10.02.2026
    assert days(deal) == [14.0, None]
    assert (deal.amount, deal.currency, deal.outcome) == (1234.5, "EUR", DealOutcome.LOST)
    assert deal.stated_reason == "Budget gestrichen"


def test_two_pipelines_with_a_stage_of_one_name_stay_apart(sample, tmp_path):
    text = (
        "Deal - ID,Deal - Title,Deal - Pipeline,Deal - Stage,Deal - Status,Deal - Deal created\n"
        "1,New logo,Sales,Demo,Open,2026-01-02 09:00:00\n"
        "2,Via partner,Partners,Demo,Open,2026-01-05 09:00:00\n"
    )
    plan = read_export(sample, write(tmp_path, "deals.csv", text))
    assert set(plan.unmapped) == {"Demo (Sales)", "Demo (Partners)"}


def test_a_status_after_a_later_stage_edit_keeps_the_deal_from_its_creation(sample, tmp_path):
    """A stage edited on a closed deal: the last stage change is after the close, so it does
    not say when the deal got there; it is in its stage from its creation to its close."""
    text = (
        "Deal - ID,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Last stage change,"
        "Deal - Lost time\n"
        "7,Qualified,Lost,2026-01-01 09:00:00,2026-03-01 09:00:00,2026-01-11 09:00:00\n"
    )
    imported(sample, write(tmp_path, "deals.csv", text), overrides={"Qualified": "SQL"})
    deal = sample.deals["deal-pipedrive-deals-7"]
    assert stage_names(sample, deal) == ["SQL", "Lost"]
    assert days(deal) == [10.0, None]


def test_rows_in_any_order_give_the_same_deals(sample, tmp_path):
    lines = Path(DEALS).read_bytes().decode("utf-8-sig").split("\r\n")
    header, rows = lines[0], [line for line in lines[1:] if line]
    reversed_file = write(tmp_path, "reversed.csv", "\r\n".join([header, *reversed(rows)]) + "\r\n")

    def deals(path):
        plan = read_export(without_deals(), path, overrides=ON_THE_MAP)
        return sorted(
            (r.source_id, r.name, r.visits, r.outcome, r.owner, r.amount) for r in plan.records
        )

    assert deals(reversed_file) == deals(DEALS)


def test_translated_headers_are_refused_naming_the_english_columns(sample, tmp_path):
    """No export with translated headers was found to build to: such a file is refused."""
    text = "Obchod - ID,Obchod - Název,Obchod - Fáze,Obchod - Stav\n1,Test,Kvalifikováno,Otevřeno\n"
    with pytest.raises(UnreadableFile):
        read_export(sample, write(tmp_path, "obchody.csv", text))
    with pytest.raises(UnreadableFile) as refusal:
        read_export(sample, write(tmp_path, "obchody.csv", text), format="pipedrive-deals")
    assert "Deal - Stage" in str(refusal.value)


def test_import_edit_puts_the_deals_on_the_map_in_one_step(sample):
    plan = read_export(sample, DEALS, overrides=ON_THE_MAP)
    edit = import_edit(sample, plan)
    sample.apply(edit)
    assert {d.id for d in sample.deals} == {
        "deal-pipedrive-deals-101",
        "deal-pipedrive-deals-102",
        "deal-pipedrive-deals-103",
    }


def test_a_deal_listed_twice_is_counted_once_from_its_last_row(tmp_path, sample):
    """A deals list saved after a filter that joins deals to something else lists a deal
    twice: one deal, read from its last row, counted once, the earlier row named."""
    text = Path(DEALS).read_text("utf-8-sig")
    header, first, *rest = text.splitlines()
    path = tmp_path / "deals.csv"
    path.write_text("\n".join([header, first, *rest, first.replace("12000", "13000")]) + "\n")
    plan = read_export(sample, str(path), overrides=ON_THE_MAP)
    sample.apply(import_edit(sample, plan))
    assert plan.deals_new == len(sample.deals)
    assert next(d for d in sample.deals if d.source_id == "101").amount == 13000
    last = len(rest) + 3
    assert (2, f"deal 101 is listed again at line {last}, which is kept") in plan.skipped
