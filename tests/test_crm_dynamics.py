"""Dynamics 365 Opportunities views exported to Excel and saved as CSV, in English and from a
German user interface (semicolons, Windows-1252, 12.500,00 € and 05.01.2026), become deals
of a short path: the current Pipeline Phase from Created On to the Actual Close Date."""

from __future__ import annotations

from datetime import datetime

import pytest
from journeyapp.models.deal_import.formats import detect
from journeyapp.models.deal_import.plan import read_export
from journeyapp.models.deal_import.table import UnreadableFile
from journeyapp.models.entities import DealOutcome
from journeyapp.models.replay import closed_at
from openpyxl import Workbook

from tests import crm_checks
from tests.crm_checks import CRM, DAY, at, imported, stage_names, without_deals

sample = crm_checks.sample  # the shared fixture, found by pytest under this name

PHASES = {
    "1-Qualify": "SQL",
    "2-Develop": "Opportunity: Discovery",
    "3-Propose": "Opportunity: Proposal",
    "4-Close": "Opportunity: Negotiation",
}
GUID = "3a4f7c2e-1b2d-4e8f-9a10-0c1d2e3f4a0"
GERMAN_GUID = "7d0c1e55-2f3a-4b6c-8d9e-1a2b3c4d5e0"


def test_a_lost_opportunity_by_hand_from_the_english_excel_export(sample):
    """50 Café Tables: created 6 Jan 2026 9:15 AM in 2-Develop, Lost (Out-Sold) on 17 Feb."""
    plan = imported(sample, CRM / "dynamics_opportunities.csv", overrides=PHASES)
    assert (plan.format, plan.encoding, plan.delimiter) == ("dynamics", "UTF-8 with BOM", ",")
    deal = sample.deals[f"deal-dynamics-{GUID}1"]  # the hidden "(Do Not Modify) Opportunity"
    assert deal.name == "50 Café Tables"
    assert stage_names(sample, deal) == ["Opportunity: Discovery"]
    assert deal.path[0].entered == at("2026-01-06T09:15:00")
    assert deal.path[0].exited == at("2026-02-17T00:00:00")
    assert (deal.path[0].exited - deal.path[0].entered) / DAY == 41 + 14.75 / 24
    assert (deal.outcome, deal.stated_reason) == (DealOutcome.LOST, "Out-Sold")
    assert sample.stage(deal.path[closed_at(sample, deal)].stage).name == "Opportunity: Discovery"
    assert (deal.owner, deal.account) == ("Nancy Anderson", "Fourth Coffee")
    assert (deal.amount, deal.currency) == (25000.0, "USD")
    assert deal.snapshot_only


def test_won_open_and_a_row_without_created_on(sample):
    plan = imported(sample, CRM / "dynamics_opportunities.csv", overrides=PHASES)
    won = sample.deals[f"deal-dynamics-{GUID}2"]
    assert stage_names(sample, won) == ["Opportunity: Negotiation"]
    assert won.path[0].exited == at("2026-03-20T00:00:00")
    assert (won.outcome, won.stated_reason) == (DealOutcome.WON, "")
    still_open = sample.deals[f"deal-dynamics-{GUID}3"]
    assert stage_names(sample, still_open) == ["SQL"]
    assert still_open.path[0].entered == at("2026-01-26T16:45:00")
    assert still_open.path[0].exited is None
    assert still_open.outcome is DealOutcome.OPEN
    assert closed_at(sample, still_open) is None
    assert plan.skipped == [(5, "no Created On date: nothing to place on a timeline")]


def test_the_german_excel_csv_reads_euro_amounts_and_day_first_dates(sample):
    plan = imported(sample, CRM / "dynamics_verkaufschancen_de.csv", overrides=PHASES)
    assert (plan.format, plan.encoding, plan.delimiter) == ("dynamics", "Windows-1252", ";")
    lost = sample.deals[f"deal-dynamics-{GERMAN_GUID}1"]
    assert lost.name == "Kaffeevollautomaten Zentrale"
    assert (lost.amount, lost.currency) == (12500.0, "EUR")  # 12.500,00 €, not 12.5
    assert lost.path[0].entered == at("2026-01-05T09:30:00")  # 05.01.2026: 5 January
    assert lost.path[0].exited == at("2026-02-03T00:00:00")  # 03.02.2026: 3 February
    assert stage_names(sample, lost) == ["Opportunity: Proposal"]
    assert (lost.outcome, lost.stated_reason) == (DealOutcome.LOST, "Storniert")
    assert closed_at(sample, lost) == 0
    assert (lost.owner, lost.account) == ("Jürgen Weiß", "Müller & Söhne GmbH")
    won = sample.deals[f"deal-dynamics-{GERMAN_GUID}2"]
    assert won.amount == 1250000.5
    assert won.path[0].entered == at("2026-01-12T14:00:00")  # 12.01.2026, not 1 December
    assert won.outcome is DealOutcome.WON
    still_open = sample.deals[f"deal-dynamics-{GERMAN_GUID}3"]
    assert (still_open.outcome, still_open.amount) == (DealOutcome.OPEN, 980.0)
    assert plan.skipped == []


def test_rows_in_any_order_give_the_same_deals(tmp_path):
    text = (CRM / "dynamics_verkaufschancen_de.csv").read_bytes().decode("cp1252")
    header, *rows = text.splitlines()
    backwards = tmp_path / "umgekehrt.csv"
    backwards.write_bytes(("\r\n".join([header, *reversed(rows)]) + "\r\n").encode("cp1252"))
    first, second = without_deals(), without_deals()
    imported(first, CRM / "dynamics_verkaufschancen_de.csv", overrides=PHASES)
    imported(second, backwards, overrides=PHASES)
    assert {d.id: (d.path, d.outcome, d.amount) for d in first.deals} == {
        d.id: (d.path, d.outcome, d.amount) for d in second.deals
    }


def test_detected_by_its_columns_in_either_language_and_chosen_by_name(sample):
    english = (CRM / "dynamics_opportunities.csv").read_text(encoding="utf-8-sig")
    german = (CRM / "dynamics_verkaufschancen_de.csv").read_bytes().decode("cp1252")
    assert detect(english.splitlines()[0].split(",")) == "dynamics"
    assert detect(german.splitlines()[0].split(";")) == "dynamics"
    plan = read_export(sample, CRM / "dynamics_opportunities.csv", format="dynamics")
    assert len(plan.records) == 3


def test_without_the_hidden_key_the_topic_names_the_deal(sample, tmp_path):
    path = tmp_path / "opportunities.csv"
    path.write_text(
        "Topic,Potential Customer,Est. Revenue,Status,Sales Stage,Created On\n"
        "Coffee grinders,Adventure Works,$700.00,Open,Qualify,2026-01-26\n",
        encoding="utf-8",
    )
    imported(sample, path, overrides={"Qualify": "SQL"})
    deal = sample.deals["deal-dynamics-Coffee grinders"]
    assert stage_names(sample, deal) == ["SQL"]  # Sales Stage where there is no Pipeline Phase


def test_another_vendors_file_named_as_dynamics_is_refused_in_one_sentence(sample):
    with pytest.raises(UnreadableFile) as refusal:
        read_export(sample, CRM / "zoho_stage_history.csv", format="dynamics")
    message = str(refusal.value)
    assert message.startswith("No deal could be read from zoho_stage_history.csv as a dynamics")
    assert "Topic, Pipeline Phase, Created On, Status" in message
    assert "\n" not in message
    assert len(sample.deals) == 0


def test_the_excel_workbook_itself_reads_as_its_csv_does(sample, tmp_path):
    """Export to Excel gives an .xlsx: the view on a visible sheet (the key columns hidden),
    Dynamics' own data on a hidden sheet, dates and amounts as typed cells."""
    book = Workbook()
    view = book.active
    view.title = "My Open Opportunities"
    view.append(
        [
            "(Do Not Modify) Opportunity",
            "(Do Not Modify) Row Checksum",
            "(Do Not Modify) Modified On",
            "Topic",
            "Potential Customer",
            "Est. Revenue",
            "Owner",
            "Status",
            "Status Reason",
            "Pipeline Phase",
            "Created On",
            "Actual Close Date",
        ]
    )
    view.append(
        [
            f"{GUID}1",
            "kX2z+Q==",
            datetime(2026, 2, 17, 10, 2, 11),
            "50 Café Tables",
            "Fourth Coffee",
            25000,
            "Nancy Anderson",
            "Lost",
            "Out-Sold",
            "2-Develop",
            datetime(2026, 1, 6, 9, 15),
            datetime(2026, 2, 17),
        ]
    )
    for column in "ABC":
        view.column_dimensions[column].hidden = True
    hidden = book.create_sheet("hiddenSheet")
    hidden.append(["opportunity", "{entity metadata}"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "My Open Opportunities 2-17-2026 10-02-11 AM.xlsx"
    book.save(path)
    plan = imported(sample, path, overrides=PHASES)
    assert plan.format == "dynamics"
    deal = sample.deals[f"deal-dynamics-{GUID}1"]
    assert stage_names(sample, deal) == ["Opportunity: Discovery"]
    assert (deal.path[0].entered, deal.path[0].exited) == (
        at("2026-01-06T09:15:00"),
        at("2026-02-17T00:00:00"),
    )
    assert (deal.outcome, deal.amount, deal.owner) == (DealOutcome.LOST, 25000.0, "Nancy Anderson")


def test_a_won_opportunity_is_worth_its_actual_revenue(tmp_path, sample):
    """Dynamics keeps the estimate (Est. Revenue) and, once won, what was booked (Actual
    Revenue): a won deal is worth the booked amount; an open or lost one its estimate."""
    path = tmp_path / "opportunities.csv"
    path.write_text(
        "Topic,Potential Customer,Est. Revenue,Actual Revenue,Status,Pipeline Phase,"
        "Created On,Actual Close Date\n"
        'Espresso machines,Contoso,"$48,500.00","$45,000.00",Won,4-Close,1/13/2026 2:00 PM,'
        "3/20/2026\n"
        'Café tables,Fourth Coffee,"$25,000.00",,Open,2-Develop,1/6/2026 9:15 AM,\n',
        "utf-8",
    )
    imported(sample, path, overrides=PHASES)
    won = sample.deals["deal-dynamics-Espresso machines"]
    assert (won.amount, won.currency) == (45000.0, "USD")
    assert sample.deals["deal-dynamics-Café tables"].amount == 25000.0


def test_deals_closed_by_their_status_alone_count_as_moving_on_to_won_or_lost(sample):
    """A Dynamics view keeps no Won or Lost stage in a deal's path, only its Status: the won
    deal in 4-Close (Negotiation) went on to Won, the lost one in 2-Develop (Discovery) to
    Lost. The handoff figures said \"Negotiation → Won: 0% of 1\"."""
    from journeyapp.models.deal_stats import handoff_figures

    imported(sample, CRM / "dynamics_opportunities.csv", overrides=PHASES)
    figures = handoff_figures(sample, sample.deals)
    won, lost = figures["ho-negotiation-won"], figures["ho-discovery-lost"]
    assert (won.moved, won.reached_source) == (1, 1)
    assert (lost.moved, lost.reached_source) == (1, 1)
    assert figures["ho-negotiation-lost"].moved == 0
    assert stage_names(sample, sample.deals[f"deal-dynamics-{GUID}2"]) == [
        "Opportunity: Negotiation"
    ]  # the stored path is as the export gives it
