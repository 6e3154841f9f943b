"""Salesforce report exports (Reports → Export → Details Only, CSV), as anyone who can run
reports gets them: the "Opportunity History" report and the "Opportunity Field History"
report, in US and day-first locales, with the report's closing lines."""

# ruff: noqa: E501 - the CSV samples keep the exports' own long lines

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from journeyapp.models.deal_import.formats import detect
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.deal_import.table import UnreadableFile, read_table
from journeyapp.models.entities import DealOutcome
from journeyapp.models.errors import PlaybookError

from tests import crm_checks
from tests.crm_checks import CRM, at, days, imported, lost_at, stage_names, without_deals

sample = crm_checks.sample  # the shared fixture, found by pytest under this name

HISTORY_REPORT = CRM / "sf_opportunity_history_report.csv"
HISTORY_REPORT_DMY = CRM / "sf_opportunity_history_report_dmy.csv"
FIELD_HISTORY = CRM / "sf_opportunity_field_history_report.csv"
FIELD_HISTORY_DMY = CRM / "sf_opportunity_field_history_report_dmy.csv"


def copied(tmp_path, source: Path, name: str | None = None) -> str:
    target = tmp_path / (name or source.name)
    shutil.copyfile(source, target)
    return str(target)


# --- the Opportunity History report ---------------------------------------------------------


def test_opportunity_history_report_hand_checked_lost_deal(sample):
    """Acme - Platform at Acme Corp: SQL on 5 Jan 9:00, an amount change on 7 Jan (no new
    visit), Discovery on 12 Jan, Proposal on 26 Jan, Closed Lost on 20 Feb; rows out of order."""
    plan = imported(sample, str(HISTORY_REPORT))
    assert plan.format == "salesforce-report"
    deal = sample.deals["deal-salesforce-report-Acme - Platform (Acme Corp)"]
    assert stage_names(sample, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Opportunity: Proposal",
        "Lost",
    ]
    assert days(deal) == [7, 14, 25, None]
    assert deal.path[0].entered == at("2026-01-05T09:00:00")
    assert deal.outcome is DealOutcome.LOST
    assert lost_at(sample, deal) == "Opportunity: Proposal"
    # The opportunity's owner, not "Last Modified By" (Ben Okafor made the first and last change).
    assert (deal.name, deal.owner, deal.account) == ("Acme - Platform", "Ana Ruiz", "Acme Corp")
    assert (deal.amount, deal.currency) == (15000.0, "USD")


def test_opportunity_history_report_keys_deals_by_name_and_account_and_skips_bad_dates(sample):
    plan = imported(sample, str(HISTORY_REPORT))
    assert plan.encoding == "UTF-8 with BOM"
    assert {d.id for d in sample.deals} == {
        "deal-salesforce-report-Acme - Platform (Acme Corp)",
        "deal-salesforce-report-Acme - Platform (Initech)",  # same name, another account
        "deal-salesforce-report-Globex renewal (Globex)",
    }
    assert plan.skipped == [(12, "Last Modified: “next Tuesday” is not a date")]
    other = sample.deals["deal-salesforce-report-Acme - Platform (Initech)"]
    assert stage_names(sample, other) == ["MQL", "SQL"]
    assert (other.outcome, lost_at(sample, other), other.amount) == (DealOutcome.OPEN, None, 3000.0)


def test_two_changes_in_one_minute_are_ordered_by_their_stages_not_the_rows(sample, tmp_path):
    """Globex: SQL → Negotiation and Negotiation → Closed Won both at 2/1/2026 4:30 PM, the
    close written first. The report's times go to the minute."""
    imported(sample, str(HISTORY_REPORT))
    won = sample.deals["deal-salesforce-report-Globex renewal (Globex)"]
    assert stage_names(sample, won) == ["SQL", "Opportunity: Negotiation", "Won"]
    assert won.outcome is DealOutcome.WON
    assert won.path[1].entered == won.path[2].entered == at("2026-02-01T16:30:00")
    assert lost_at(sample, won) == "Opportunity: Negotiation"  # where it was won
    lines = Path(HISTORY_REPORT).read_bytes().split(b"\r\n")
    lines[6], lines[7] = lines[7], lines[6]
    path = tmp_path / "swapped.csv"
    path.write_bytes(b"\r\n".join(lines))
    again = without_deals()
    imported(again, str(path))
    assert [
        (s.stage, s.entered, s.exited)
        for s in again.deals["deal-salesforce-report-Globex renewal (Globex)"].path
    ] == [(s.stage, s.entered, s.exited) for s in won.path]


def test_opportunity_history_report_in_a_day_first_locale_keys_deals_by_opportunity_id(sample):
    """A user with a French locale: 13/01/2026 10:15, and the Opportunity ID column added, so
    two deals of one name at one account stay apart."""
    imported(sample, str(HISTORY_REPORT_DMY))
    assert {d.id for d in sample.deals} == {
        "deal-salesforce-report-0065g00000dQwXy",
        "deal-salesforce-report-0065g00000dQWXY",
    }
    deal = sample.deals["deal-salesforce-report-0065g00000dQwXy"]
    assert stage_names(sample, deal) == ["SQL", "Opportunity: Negotiation"]
    assert deal.path[0].entered == at("2026-01-13T10:15:00")
    assert deal.path[0].exited == at("2026-02-02T14:00:00")  # 2 February, not 2 Feb read as 2 Feb
    assert (deal.name, deal.owner, deal.outcome) == (
        "Renouvellement",
        "Chloé Martin",
        DealOutcome.OPEN,
    )


def test_report_with_won_and_closed_columns_takes_the_outcome_from_them(sample, tmp_path):
    """The Won and Closed checkboxes say how a deal ended, whatever stage it ended in."""
    text = (
        '"Opportunity Name","Account Name","From Stage","To Stage","Won","Closed","Loss Reason","Lead Source","Last Modified"\r\n'
        '"Big one","Umbrella","","SQL","0","0","","Web","1/5/2026 9:00 AM"\r\n'
        '"Big one","Umbrella","SQL","Opportunity: Proposal","0","1","Went with a competitor","Web","1/15/2026 9:00 AM"\r\n'
        '"Small one","Umbrella","","SQL","1","1","","Partner","1/6/2026 9:00 AM"\r\n'
    )
    path = tmp_path / "report.csv"
    path.write_text(text, encoding="utf-8")
    imported(sample, str(path))
    lost = sample.deals["deal-salesforce-report-Big one (Umbrella)"]
    assert (lost.outcome, lost.stated_reason, lost.lead_source) == (
        DealOutcome.LOST,
        "Went with a competitor",
        "Web",
    )
    assert lost_at(sample, lost) == "Opportunity: Proposal"
    assert sample.deals["deal-salesforce-report-Small one (Umbrella)"].outcome is DealOutcome.WON


# --- the Opportunity Field History report ---------------------------------------------------


def test_field_history_report_hand_checked_lost_deal(sample):
    """Acme - Platform: Created. on 5 Jan 9:00 in SQL (where its first Stage change came
    from), Discovery on 12 Jan, Closed Lost on 20 Feb; its Amount and Close Date rows are
    passed over, not skipped."""
    plan = imported(sample, str(FIELD_HISTORY))
    assert plan.format == "salesforce-field-history"
    deal = sample.deals["deal-salesforce-field-history-Acme - Platform (Acme Corp)"]
    assert stage_names(sample, deal) == ["SQL", "Opportunity: Discovery", "Lost"]
    assert days(deal) == [7, 39, None]
    assert deal.path[0].entered == at("2026-01-05T09:00:00")
    assert deal.outcome is DealOutcome.LOST
    assert lost_at(sample, deal) == "Opportunity: Discovery"
    assert (deal.owner, deal.account, deal.amount) == ("Ana Ruiz", "Acme Corp", 15000.0)


def test_field_history_report_reads_created_only_deals_and_skips_a_stage_row_with_no_value(
    sample,
):
    plan = imported(sample, str(FIELD_HISTORY))
    assert plan.skipped == [(10, "a Stage change with no New Value")]  # every other row is read
    assert len(sample.deals) == 3
    pilot = sample.deals["deal-salesforce-field-history-Hooli pilot (Hooli)"]
    assert stage_names(sample, pilot) == ["MQL"]  # created, its stage never changed
    assert pilot.path[0].entered == at("2026-02-10T08:00:00")
    assert pilot.outcome is DealOutcome.OPEN
    renewal = sample.deals["deal-salesforce-field-history-Globex renewal (Globex)"]
    assert stage_names(sample, renewal) == ["Opportunity: Proposal", "Won"]  # no Created. row
    assert renewal.outcome is DealOutcome.WON
    assert renewal.path[-1].entered == at("2026-03-02T16:30:00")


def test_field_history_report_day_first_with_field_event_written_without_spaces(sample):
    plan = imported(sample, str(FIELD_HISTORY_DMY))
    assert (plan.format, plan.encoding, plan.skipped) == ("salesforce-field-history", "UTF-8", [])
    deal = sample.deals["deal-salesforce-field-history-0065g00000pLmNo"]
    assert stage_names(sample, deal) == ["SQL", "Opportunity: Proposal", "Lost"]
    assert deal.path[1].entered == at("2026-01-20T10:15:00")
    assert deal.path[1].exited == at("2026-02-03T17:45:00")
    assert deal.owner == "Chloé Martin"  # not Jean Roux, who closed it
    assert lost_at(sample, deal) == "Opportunity: Proposal"


def test_field_history_results_do_not_depend_on_row_order(sample, tmp_path):
    text = FIELD_HISTORY.read_bytes().decode("utf-8-sig")
    header, *rest = text.split("\r\n")
    rows, footer = rest[: rest.index("")], rest[rest.index("") :]
    path = tmp_path / "reversed.csv"
    path.write_text("\r\n".join([header, *reversed(rows), *footer]), encoding="utf-8")
    imported(sample, str(FIELD_HISTORY))
    again = without_deals()
    imported(again, str(path))

    def seen(playbook):
        return {
            d.id: (d.name, d.owner, d.outcome, [(s.stage, s.entered, s.exited) for s in d.path])
            for d in playbook.deals
        }

    assert seen(again) == seen(sample)


# --- detection, choice by name, refusal -----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (HISTORY_REPORT, "salesforce-report"),
        (HISTORY_REPORT_DMY, "salesforce-report"),
        (FIELD_HISTORY, "salesforce-field-history"),
        (FIELD_HISTORY_DMY, "salesforce-field-history"),
    ],
)
def test_each_report_is_detected_and_can_be_named(path, fmt):
    assert detect(read_table(path).header) == fmt
    for chosen in ("auto", fmt):
        assert read_export(without_deals(), str(path), format=chosen).format == fmt


def test_the_reports_and_the_other_layouts_are_each_known_as_themselves():
    """The reports' "Opportunity ID" and "New Value" are also columns of the OpportunityHistory
    and Pipedrive layouts; each header is known as its own layout all the same."""
    assert detect(["Opportunity ID", "From Stage", "To Stage", "Last Modified"]) == (
        "salesforce-report"
    )
    assert detect(["Opportunity ID", "Field / Event", "New Value", "Edit Date"]) == (
        "salesforce-field-history"
    )
    assert detect(["Id", "OpportunityId", "CreatedDate", "StageName", "Amount"]) == "salesforce"
    assert detect(["deal_id", "field_key", "old_value", "new_value", "log_time"]) == "pipedrive"
    assert detect(["deal_id", "stage", "entered_at"]) == "generic"


@pytest.mark.parametrize(
    ("path", "wrong"),
    [(HISTORY_REPORT, "salesforce-field-history"), (FIELD_HISTORY, "salesforce-report")],
)
def test_a_report_read_as_the_other_report_is_refused_in_one_sentence(sample, path, wrong):
    before = sample.deals.ids()
    with pytest.raises(UnreadableFile) as refused:
        read_export(sample, str(path), format=wrong)
    message = str(refused.value)
    assert message.startswith(f"No deal could be read from {path.name} as a {wrong} export")
    assert message.count(". ") == 0 and "\n" not in message
    assert sample.deals.ids() == before


def test_a_field_history_report_with_no_stage_change_imports_nothing(sample, tmp_path):
    path = tmp_path / "fields.csv"
    path.write_text(
        '"Opportunity Name","Field / Event","Old Value","New Value","Edit Date"\n'
        '"Quiet deal","Amount","100","200","1/15/2026 9:00 AM"\n',
        encoding="utf-8",
    )
    plan = read_export(sample, str(path))
    assert plan.skipped == [(2, "no Stage change for this deal")]
    with pytest.raises(PlaybookError, match=r"No deal could be read from fields\.csv"):
        import_edit(sample, plan)


def test_a_formatted_report_saved_as_a_workbook_reads_as_its_csv(sample, tmp_path):
    """Lightning's "Formatted Report" export is an .xlsx with the report's title and filters
    above the header, and dates as date cells."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Opportunity History"])
    sheet.append(["Filtered By:", "Stage Change equals True"])
    sheet.append([])
    sheet.append(
        [
            "Opportunity Owner",
            "Opportunity Name",
            "Account Name",
            "From Stage",
            "To Stage",
            "Amount",
            "Last Modified",
        ]
    )
    sheet.append(
        ["Ana Ruiz", "Acme - Platform", "Acme Corp", None, "SQL", 12000, datetime(2026, 1, 5, 9, 0)]
    )
    sheet.append(
        [
            "Ana Ruiz",
            "Acme - Platform",
            "Acme Corp",
            "SQL",
            "Opportunity: Discovery",
            15000,
            datetime(2026, 1, 12, 9, 0),
        ]
    )
    sheet.append(
        [
            "Ana Ruiz",
            "Acme - Platform",
            "Acme Corp",
            "Opportunity: Discovery",
            "Opportunity: Proposal",
            15000,
            datetime(2026, 1, 26, 9, 0),
        ]
    )
    sheet.append(
        [
            "Ana Ruiz",
            "Acme - Platform",
            "Acme Corp",
            "Opportunity: Proposal",
            "Closed Lost",
            15000,
            datetime(2026, 2, 20, 9, 0),
        ]
    )
    path = tmp_path / "Opportunity History.xlsx"
    book.save(path)
    plan = imported(sample, str(path))
    assert plan.format == "salesforce-report"
    from_xlsx = sample.deals["deal-salesforce-report-Acme - Platform (Acme Corp)"]
    from_csv = without_deals()
    imported(from_csv, str(HISTORY_REPORT))
    expected = from_csv.deals["deal-salesforce-report-Acme - Platform (Acme Corp)"]
    assert [(s.stage, s.entered, s.exited) for s in from_xlsx.path] == [
        (s.stage, s.entered, s.exited) for s in expected.path
    ]
    assert (from_xlsx.owner, from_xlsx.amount, lost_at(sample, from_xlsx)) == (
        "Ana Ruiz",
        15000.0,
        "Opportunity: Proposal",
    )


def test_two_changes_in_one_minute_keep_the_closing_change_s_amount(sample, tmp_path):
    """A rep discounts to 48,000, then closes at 45,000, both at 3:45 PM: the report's rows
    chain Proposal → Negotiation → Closed Won, and the won amount is the closing row's."""
    export = tmp_path / "report.csv"
    export.write_text(
        "\ufeff"
        '"Opportunity Owner","Opportunity Name","Account Name","From Stage","To Stage",'
        '"Amount Currency","Amount","Last Modified"\r\n'
        '"Ana Ruiz","Contoso - Expansion","Contoso Ltd","","Prospecting","USD","50,000.00",'
        '"1/8/2024 9:00 AM"\r\n'
        '"Ana Ruiz","Contoso - Expansion","Contoso Ltd","Prospecting","Proposal/Price Quote",'
        '"USD","50,000.00","1/15/2024 2:10 PM"\r\n'
        '"Ana Ruiz","Contoso - Expansion","Contoso Ltd","Proposal/Price Quote",'
        '"Negotiation/Review","USD","48,000.00","2/2/2024 3:45 PM"\r\n'
        '"Ana Ruiz","Contoso - Expansion","Contoso Ltd","Negotiation/Review","Closed Won","USD",'
        '"45,000.00","2/2/2024 3:45 PM"\r\n',
        encoding="utf-8",
    )
    stages = {
        "Prospecting": "SQL",
        "Proposal/Price Quote": "Opportunity: Proposal",
        "Negotiation/Review": "Opportunity: Negotiation",
    }
    imported(sample, export, overrides=stages)
    (deal,) = [d for d in sample.deals if d.name.startswith("Contoso - Expansion")]
    assert (deal.amount, deal.outcome) == (45000.0, DealOutcome.WON)
