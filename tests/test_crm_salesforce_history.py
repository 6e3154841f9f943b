"""Salesforce OpportunityHistory (Data Loader, weekly Data Export) in other encodings and with
localized stage names, and joined to the Opportunity export (Opportunity.csv) for the deals'
names, owners, accounts and outcomes."""

# ruff: noqa: E501 - the CSV samples keep the exports' own long lines

from __future__ import annotations

import shutil
import zipfile

import pytest
from journeyapp.models.deal_import.formats.records import DealRecord
from journeyapp.models.deal_import.formats.salesforce_companion import (
    fill_from_opportunities,
    same_record,
)
from journeyapp.models.deal_import.plan import read_export
from journeyapp.models.deal_import.table import UnreadableFile, read_table
from journeyapp.models.entities import DealOutcome
from journeyapp.models.store import Store

from journeyapp.cli import main
from tests import crm_checks
from tests.crm_checks import CRM, DAY, at, imported, lost_at, stage_names, without_deals

sample = crm_checks.sample  # the shared fixture, found by pytest under this name

HISTORY = CRM / "sf_OpportunityHistory_cp1252.csv"
OPPORTUNITIES = CRM / "sf_Opportunity.csv"
FRENCH = {
    "Qualifié": "SQL",
    "Proposition/Devis": "Opportunity: Proposal",
    "Négociation/Révision": "Opportunity: Negotiation",
    "Fermée gagnée": "Won",
    "Fermée perdue": "Lost",
}
LOST_ID = "deal-salesforce-0065g00000dQwXyAAK"
WON_ID = "deal-salesforce-0065g00000AbCdE"
OPEN_ID = "deal-salesforce-0065g00000pLmNoAAK"


# --- encodings and localized stage names ----------------------------------------------------


def test_the_fixture_is_windows_1252_and_not_utf8():
    data = HISTORY.read_bytes()
    assert "Qualifié".encode("cp1252") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_a_windows_1252_history_with_french_stages_is_read_and_mapped_by_overrides(sample):
    """Data Loader writes in the computer's encoding unless told to write UTF-8; a French org's
    stages are "Qualifié", "Fermée perdue"… and are mapped onto the map by the user."""
    plan = read_export(sample, str(HISTORY))
    assert (plan.format, plan.encoding) == ("salesforce", "Windows-1252")
    assert set(plan.unmapped) == set(FRENCH)  # read as accented words, not mojibake
    imported(sample, str(HISTORY), overrides=FRENCH)
    deal = sample.deals[LOST_ID]
    assert stage_names(sample, deal) == [
        "SQL",
        "Opportunity: Proposal",
        "Opportunity: Negotiation",
        "Lost",
    ]
    assert [s.crm_stage for s in deal.path] == [*list(FRENCH)[:3], "Fermée perdue"]
    assert [(s.exited - s.entered) / DAY for s in deal.path[:-1]] == [14, 14, 14]
    assert deal.path[0].entered == at("2026-01-05T09:00:00")
    # No outcome column in OpportunityHistory: "Fermée perdue" is lost because it is mapped to Lost.
    assert deal.outcome is DealOutcome.LOST
    assert lost_at(sample, deal) == "Opportunity: Negotiation"
    assert sample.deals[WON_ID].outcome is DealOutcome.WON
    assert sample.deals[OPEN_ID].outcome is DealOutcome.OPEN


def test_french_stage_mappings_are_remembered_for_the_next_export(sample):
    imported(sample, str(HISTORY), overrides=FRENCH)
    again = read_export(sample, str(HISTORY))
    assert again.unmapped == []
    assert sample.stage(again.mapping["Négociation/Révision"]).name == "Opportunity: Negotiation"


def test_the_same_history_in_utf8_with_a_bom_reads_the_same(sample, tmp_path):
    text = HISTORY.read_bytes().decode("cp1252")
    path = tmp_path / "OpportunityHistory.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    plan = imported(sample, str(path), overrides=FRENCH)
    assert plan.encoding == "UTF-8 with BOM"
    other = without_deals()
    imported(other, str(HISTORY), overrides=FRENCH)
    assert [(d.id, d.path) for d in sample.deals] == [(d.id, d.path) for d in other.deals]


# --- the companion Opportunity export -------------------------------------------------------


def test_same_record_joins_15_and_18_character_ids_and_keeps_case_apart():
    assert same_record("0065g00000dQwXyAAK") == same_record("0065g00000dQwXy")
    assert same_record("0065g00000dQWXYAA4") != same_record("0065g00000dQwXy")


def test_companion_hand_checked_lost_deal(sample):
    """0065g00000dQwXyAAK (18 characters in the history, 15 in Opportunity.csv): its name,
    owner (Owner.Name, not the CreatedById of its changes), account, loss reason, lead source
    and campaign come from Opportunity.csv; it is lost at Négociation/Révision after 14 days."""
    plan = imported(sample, str(HISTORY), overrides=FRENCH, companion=str(OPPORTUNITIES))
    assert (
        plan.companion_rule == "names, owners and outcomes from sf_Opportunity.csv for 2 of 3 deals"
    )
    deal = sample.deals[LOST_ID]
    assert deal.name == "Aéroports de Lyon – flotte"
    assert (deal.owner, deal.account) == ("Chloé Martin", "Aéroports de Lyon")
    assert (deal.stated_reason, deal.lead_source, deal.campaign) == (
        "Prix trop élevé",
        "Salon professionnel",
        "7015g00000CaMp1",
    )
    assert (deal.outcome, lost_at(sample, deal)) == (DealOutcome.LOST, "Opportunity: Negotiation")
    assert (deal.path[-2].exited - deal.path[-2].entered) / DAY == 14
    assert (deal.amount, deal.currency) == (12000.0, "EUR")  # the history's own


def test_companion_joins_an_18_character_id_to_a_15_character_one_and_not_its_case_twin(sample):
    imported(sample, str(HISTORY), overrides=FRENCH, companion=str(OPPORTUNITIES))
    won = sample.deals[WON_ID]  # 15 characters in the history, 18 in Opportunity.csv
    assert (won.name, won.owner, won.account, won.outcome) == (
        "Brasserie Dupont",
        "Jean Roux",
        "Brasserie Dupont SA",
        DealOutcome.WON,
    )
    # 0065g00000dQWXY ("Un autre dossier") is another record: its name went to no deal.
    assert "Un autre dossier" not in {d.name for d in sample.deals}
    unjoined = sample.deals[OPEN_ID]
    assert (unjoined.name, unjoined.owner) == ("0065g00000pLmNoAAK", "")


def test_companion_outcome_overrides_the_mapping_and_open_means_open(sample, tmp_path):
    """IsClosed false: the deal is open again, though its history's last stage is mapped to
    Lost; IsClosed true and IsWon true: won. The weekly export writes only OwnerId, and its
    checkboxes as 1 and 0."""
    weekly = tmp_path / "Opportunity.csv"
    weekly.write_text(
        '"Id","IsDeleted","AccountId","Name","StageName","Amount","IsClosed","IsWon","OwnerId","Reason_Lost__c"\n'
        '"0065g00000dQwXyAAK","0","0015g00000AcMeAAAV","Lyon","Négociation/Révision","12000","0","0","0055g00000UsEr1AAF",""\n'
        '"0065g00000pLmNoAAK","0","0015g00000AcMeAAAV","Pilote","Fermée gagnée","2500","1","1","0055g00000UsEr2AAF",""\n',
        encoding="utf-8",
    )
    plan = imported(sample, str(HISTORY), overrides=FRENCH, companion=str(weekly))
    assert plan.companion_rule.endswith("for 2 of 3 deals")
    reopened = sample.deals[LOST_ID]
    assert (reopened.outcome, reopened.owner, reopened.account) == (
        DealOutcome.OPEN,
        "0055g00000UsEr1AAF",
        "0015g00000AcMeAAAV",
    )
    assert sample.deals[OPEN_ID].outcome is DealOutcome.WON


def test_companion_fills_records_without_the_plan():
    records = [DealRecord("0065g00000AbCdE", 2), DealRecord("0065g00000ZzZzZ", 3)]
    assert fill_from_opportunities(records, read_table(OPPORTUNITIES)) == 1
    assert (records[0].name, records[0].outcome) == ("Brasserie Dupont", DealOutcome.WON)
    assert records[1].name == ""


def test_companion_with_no_id_column_is_refused_in_one_sentence(sample, tmp_path):
    accounts = tmp_path / "Account.csv"
    accounts.write_text("Name,Industry\nAcme,Retail\n", encoding="utf-8")
    before = sample.deals.ids()
    with pytest.raises(UnreadableFile) as refused:
        read_export(sample, str(HISTORY), overrides=FRENCH, companion=str(accounts))
    assert str(refused.value) == (
        "Account.csv has no Id column, so its opportunities cannot be joined to the deals' "
        "histories; export Opportunity with its Id."
    )
    assert sample.deals.ids() == before


def test_companion_beside_a_non_salesforce_export_is_refused(sample, tmp_path):
    generic = tmp_path / "deals.csv"
    generic.write_text("deal_id,stage,entered_at\nd1,SQL,2026-01-05\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="can only be joined to a Salesforce export"):
        read_export(sample, str(generic), companion=str(OPPORTUNITIES))


def test_companion_joins_a_report_that_has_the_opportunity_id_column(sample, tmp_path):
    report = tmp_path / "report.csv"
    report.write_text(
        '"Opportunity ID","Opportunity Name","From Stage","To Stage","Last Modified"\n'
        '"0065g00000AbCdEAAV","Brasserie","","SQL","1/15/2026 9:00 AM"\n',
        encoding="utf-8",
    )
    plan = imported(sample, str(report), companion=str(OPPORTUNITIES))
    assert plan.format == "salesforce-report"
    assert plan.companion_rule.endswith("for 1 of 1 deals")
    deal = sample.deals["deal-salesforce-report-0065g00000AbCdEAAV"]
    assert (deal.name, deal.owner, deal.outcome) == (
        "Brasserie Dupont",
        "Jean Roux",
        DealOutcome.WON,
    )


# --- the command line -----------------------------------------------------------------------


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_deals_with_companion_says_how_many_deals_were_joined(capsys, tmp_path):
    path = tmp_path / "sample.journey"
    assert run(capsys, "new", path)[0] == 0
    history = tmp_path / "OpportunityHistory.csv"
    shutil.copyfile(HISTORY, history)
    maps = [f"--map={crm}={stage}" for crm, stage in FRENCH.items()]
    code, out, err = run(capsys, "import-deals", path, history, *maps, "--companion", OPPORTUNITIES)
    assert code == 0, err
    summary = out.splitlines()[0]
    assert summary.startswith(
        "Imported 3 deals from OpportunityHistory.csv (salesforce, Windows-1252"
    )
    assert summary.endswith(
        "; names, owners and outcomes from sf_Opportunity.csv for 2 of 3 deals."
    )
    store = Store.open(path, read_only=True)
    try:
        deal = store.load().deals[LOST_ID]
    finally:
        store.close()
    assert (deal.name, deal.owner, deal.stated_reason) == (
        "Aéroports de Lyon – flotte",
        "Chloé Martin",
        "Prix trop élevé",
    )


def test_import_deals_refuses_a_companion_with_no_id_in_one_line(capsys, tmp_path):
    path = tmp_path / "sample.journey"
    run(capsys, "new", path)
    before = path.read_bytes()
    accounts = tmp_path / "Account.csv"
    accounts.write_text("Name,Industry\nAcme,Retail\n", encoding="utf-8")
    maps = [f"--map={crm}={stage}" for crm, stage in FRENCH.items()]
    code, out, err = run(capsys, "import-deals", path, HISTORY, *maps, "--companion", accounts)
    assert code == 2 and out == ""
    assert err.strip() == (
        "journeyapp: Account.csv has no Id column, so its opportunities cannot be joined to "
        "the deals' histories; export Opportunity with its Id."
    )
    assert path.read_bytes() == before


def test_companion_is_found_in_the_weekly_export_zip_beside_the_history(sample, tmp_path):
    """The weekly Data Export is one .zip of one CSV per object: the same file given as the
    history and as the companion gives OpportunityHistory.csv and Opportunity.csv."""
    export = tmp_path / "WE_00D5g000004ABCD_1.zip"
    with zipfile.ZipFile(export, "w") as zipped:
        zipped.writestr("OpportunityHistory.csv", HISTORY.read_bytes())
        zipped.writestr("Opportunity.csv", OPPORTUNITIES.read_bytes())
        zipped.writestr("Account.csv", b'"Id","Name"\r\n"0015g00000AcMeA","Acme"\r\n')
    plan = imported(
        sample,
        str(export),
        overrides=FRENCH,
        member="OpportunityHistory.csv",
        companion=str(export),
    )
    assert plan.companion_rule == (
        "names, owners and outcomes from Opportunity.csv (in WE_00D5g000004ABCD_1.zip) for 2 of 3 deals"
    )
    assert sample.deals[LOST_ID].owner == "Chloé Martin"


def test_a_report_s_15_character_ids_and_the_data_loader_s_18_name_the_same_deals():
    """Salesforce reports write 15-character ids, Data Loader and the Data Export 18: the
    opportunity a report brought is updated by the export, not brought in a second time."""
    playbook = without_deals()
    imported(playbook, str(CRM / "sf_opportunity_history_report_dmy.csv"))
    before = {deal.id for deal in playbook.deals}
    plan = imported(playbook, str(HISTORY), overrides=FRENCH)
    hooli = [deal for deal in playbook.deals if deal.source_id.startswith("0065g00000dQwXy")]
    assert len(hooli) == 1
    assert hooli[0].id in before and hooli[0].source_id == "0065g00000dQwXyAAK"
    assert hooli[0].outcome is DealOutcome.LOST  # as the newer export says
    # what the export has no column for stays as the report gave it
    assert (hooli[0].name, hooli[0].account, hooli[0].owner) == (
        "Renouvellement",
        "Hooli",
        "Chloé Martin",
    )
    assert plan.deals_updated == 1
    assert "deal-salesforce-report-0065g00000dQWXY" in playbook.deals  # another case: another
