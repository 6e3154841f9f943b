"""Exports as workbooks (.xlsx, .xls, .ods), and inside a .zip as downloaded, read as CSV does."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.deal_import.table import UnreadableFile
from journeyapp.models.entities import DealOutcome
from journeyapp.models.errors import PlaybookError
from journeyapp.models.replay import closed_at
from openpyxl import Workbook

from tests.crm_checks import CRM, at, without_deals

HEADER = ["OpportunityId", "StageName", "Amount", "CreatedDate", "CreatedById", "IsDeleted"]
# The rows of tests/data/crm/salesforce-history.xls and .ods (make_old_workbooks.py).
ROWS = [
    ["0061t00000AbCdE", "Prospecting", 12500.0, datetime(2024, 3, 1, 9, 15), "0051t000001", False],
    ["0061t00000AbCdE", "Needs Analysis", 12500.0, datetime(2024, 3, 8, 10), "0051t000001", False],
    ["0061t00000AbCdE", "Closed Lost", 12500.0, datetime(2024, 4, 2, 16, 30), "0051t000002", False],
    ["0061t00000FgHiJ", "Prospecting", 4000.5, datetime(2024, 3, 4, 8), "0051t000001", False],
    ["0061t00000FgHiJ", "Closed Won", 4000.5, datetime(2024, 3, 20, 12), "0051t000001", False],
]
MAPPING = {
    "Prospecting": "SQL",
    "Needs Analysis": "Opportunity: Discovery",
    "Closed Lost": "Lost",
    "Closed Won": "Won",
}


def csv_text(rows=ROWS) -> str:
    lines = [",".join(HEADER)]
    for row in rows:
        cells = [f"{v:%Y-%m-%dT%H:%M:%S}.000+0000" if isinstance(v, datetime) else v for v in row]
        lines.append(",".join(str(cell) for cell in cells))
    return "\r\n".join(lines) + "\r\n"


def xlsx(path: Path, rows=ROWS, above=(), sheets_before=(), header=HEADER) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, state in sheets_before:
        sheet = book.create_sheet(name)
        sheet.append(["not", "this", "one"])
        sheet.sheet_state = state
    sheet = book.create_sheet("Opportunity History")
    for line in above:
        sheet.append(line)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def deals_of(playbook, path, **kwargs):
    plan = read_export(playbook, path, overrides=MAPPING, **kwargs)
    playbook.apply(import_edit(playbook, plan))
    return plan, {
        d.source_id: (
            [playbook.stage(step.stage).name for step in d.path],
            [step.entered for step in d.path],
            d.outcome,
            d.amount,
        )
        for d in playbook.deals
    }


def test_an_xlsx_export_imports_the_same_deals_as_its_csv(tmp_path):
    csv_path = tmp_path / "OpportunityHistory.csv"
    csv_path.write_text(csv_text(), encoding="utf-8")
    _, from_csv = deals_of(without_deals(), csv_path)
    plan, from_xlsx = deals_of(without_deals(), xlsx(tmp_path / "OpportunityHistory.xlsx"))
    assert from_xlsx == from_csv
    assert plan.format == "salesforce"
    assert plan.read_as == "Excel workbook, sheet “Opportunity History”"
    stages, entered, outcome, amount = from_xlsx["0061t00000AbCdE"]
    assert stages == ["SQL", "Opportunity: Discovery", "Lost"]
    assert entered[1] == at("2024-03-08T10:00:00")
    assert (outcome, amount) == (DealOutcome.LOST, 12500.0)


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_old_excel_and_opendocument_workbooks_are_read(tmp_path, suffix):
    csv_path = tmp_path / "OpportunityHistory.csv"
    csv_path.write_text(csv_text(), encoding="utf-8")
    _, from_csv = deals_of(without_deals(), csv_path)
    plan, from_workbook = deals_of(without_deals(), CRM / f"salesforce-history.{suffix}")
    assert from_workbook == from_csv
    assert plan.format == "salesforce"


def test_a_formatted_report_with_title_rows_and_a_hidden_sheet_is_read_from_its_header(tmp_path):
    """Formatted report exports put the report's title and filters above the header, and
    Dynamics 365 keeps a hidden sheet of its own first."""
    path = xlsx(
        tmp_path / "report.xlsx",
        above=[["Opportunity History report"], ["Filtered By: Close Date = Current FY"], []],
        sheets_before=[("hiddenSheet", "hidden")],
    )
    playbook = without_deals()
    plan, deals = deals_of(playbook, path)
    assert len(deals) == 2 and plan.skipped == []
    lost = playbook.deals["deal-salesforce-0061t00000AbCdE"]
    assert playbook.stage(lost.path[closed_at(playbook, lost)].stage).name == (
        "Opportunity: Discovery"
    )


def test_dates_stored_as_dates_need_no_day_month_order(tmp_path):
    """Every day here is 12 or less: as text the order would be asked for; a workbook's date
    cells are dates, and there is nothing to ask."""
    rows = [[*row[:3], row[3].replace(day=min(row[3].day, 12)), *row[4:]] for row in ROWS]
    _, deals = deals_of(without_deals(), xlsx(tmp_path / "h.xlsx", rows=rows))
    assert len(deals) == 2
    assert deals["0061t00000FgHiJ"][1][0] == at("2024-03-04T08:00:00")


def test_a_bad_cell_in_a_workbook_names_its_row_as_the_sheet_shows_it(tmp_path):
    rows = [*ROWS[:3], ["0061t00000FgHiJ", "Prospecting", 1.0, "not a date", "005", False]]
    plan = read_export(without_deals(), xlsx(tmp_path / "h.xlsx", rows=rows, above=[["Title"]]))
    assert [line for line, _ in plan.skipped] == [6]  # title, header, three rows, then this


def test_a_damaged_workbook_is_refused_in_a_sentence(tmp_path):
    good = xlsx(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(good[: len(good) // 2])
    playbook = without_deals()
    with pytest.raises(UnreadableFile) as refusal:
        read_export(playbook, path)
    message = str(refusal.value)
    assert "damaged" in message and "\n" not in message
    assert len(playbook.deals) == 0


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


WEEKLY_EXPORT = {  # Salesforce's weekly Data Export: one CSV per object
    "Account.csv": b'"Id","Name","OwnerId"\r\n"0011t000001","Acme","0051t000001"\r\n',
    "User.csv": b'"Id","Name"\r\n"0051t000001","Ana Ruiz"\r\n',
    "Opportunity.csv": b'"Id","Name","StageName","OwnerId"\r\n'
    b'"0061t00000AbCdE","Acme","Closed Lost","0051t000001"\r\n',
    "OpportunityHistory.csv": csv_text().encode(),
    "__MACOSX/._OpportunityHistory.csv": b"\x00\x05\x16\x07",
}


def test_the_weekly_data_export_zip_is_read_from_its_opportunity_history(tmp_path):
    path = zipped(tmp_path / "WE_00D1t000000Example_1.zip", WEEKLY_EXPORT)
    playbook = without_deals()
    plan, deals = deals_of(playbook, path)
    assert plan.format == "salesforce" and len(deals) == 2
    assert plan.file_name == "OpportunityHistory.csv (in WE_00D1t000000Example_1.zip)"


def test_the_weekly_export_zip_joins_its_own_opportunity_csv_without_being_asked(tmp_path):
    """OpportunityHistory has no names or owners; the same download holds Opportunity.csv."""
    playbook = without_deals()
    plan, _ = deals_of(playbook, zipped(tmp_path / "WE_export.zip", WEEKLY_EXPORT))
    assert "Opportunity.csv (in WE_export.zip) for 1 of 2 deals" in plan.companion_rule
    acme = playbook.deals["deal-salesforce-0061t00000AbCdE"]
    assert (acme.name, acme.owner) == ("Acme", "0051t000001")
    alone = dict(WEEKLY_EXPORT)
    del alone["Opportunity.csv"]
    plan, _ = deals_of(without_deals(), zipped(tmp_path / "history_only.zip", alone))
    assert plan.companion_rule == ""


def test_a_zip_holding_two_exports_asks_which_and_member_chooses(tmp_path):
    members = {"history-2024.csv": csv_text().encode(), "history-2025.xlsx": b""}
    members["history-2025.xlsx"] = xlsx(tmp_path / "x.xlsx", rows=ROWS[3:]).read_bytes()
    path = zipped(tmp_path / "exports.zip", members)
    playbook = without_deals()
    with pytest.raises(PlaybookError) as question:
        read_export(playbook, path)
    message = str(question.value)
    assert "“history-2024.csv”" in message and "“history-2025.xlsx”" in message
    assert "--member" in message and "\n" not in message
    _, deals = deals_of(playbook, path, member="history-2025.xlsx")
    assert set(deals) == {"0061t00000FgHiJ"}
    with pytest.raises(PlaybookError, match=r"holds no table called “nope\.csv”"):
        read_export(playbook, path, member="nope.csv")


def test_a_zip_without_a_table_or_damaged_is_refused_in_a_sentence(tmp_path):
    empty = zipped(tmp_path / "photos.zip", {"a.png": b"\x89PNG"})
    with pytest.raises(UnreadableFile, match="holds no CSV or spreadsheet"):
        read_export(without_deals(), empty)
    whole = zipped(tmp_path / "w.zip", {"OpportunityHistory.csv": csv_text().encode() * 50})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[:-40])
    with pytest.raises(UnreadableFile, match="damaged zip archive"):
        read_export(without_deals(), cut)


def test_a_member_that_claims_to_unpack_past_the_limit_is_not_read(tmp_path, monkeypatch):
    from journeyapp.models.deal_import import archive

    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 100)
    path = zipped(tmp_path / "big.zip", {"OpportunityHistory.csv": csv_text().encode()})
    with pytest.raises(UnreadableFile, match="would unpack to"):
        read_export(without_deals(), path)


def test_the_command_line_reads_a_workbook_and_a_member_of_a_zip(tmp_path, capsys):
    from journeyapp.models.store import Store

    from journeyapp.cli import main

    file = tmp_path / "map.journey"
    store = Store.create(file, without_deals())
    store.close()
    maps = [arg for crm, target in MAPPING.items() for arg in ("--map", f"{crm}={target}")]
    path = zipped(tmp_path / "WE_export.zip", WEEKLY_EXPORT)
    assert main(["import-deals", str(file), str(path), *maps]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported 2 deals from OpportunityHistory.csv (in WE_export.zip)")
    book = xlsx(tmp_path / "more.xlsx")
    assert main(["import-deals", str(file), str(book), "--dry-run", *maps]) == 0
    assert "(salesforce, Excel workbook, sheet “Opportunity History”)" in capsys.readouterr().out
    two = zipped(tmp_path / "two.zip", {"a.csv": csv_text().encode(), "b.csv": csv_text().encode()})
    before = file.read_bytes()
    assert main(["import-deals", str(file), str(two), *maps]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--member" in err
    assert file.read_bytes() == before  # a refusal changes nothing in the playbook
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(book.read_bytes()[:500])
    assert main(["import-deals", str(file), str(damaged), *maps]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert file.read_bytes() == before


def test_a_workbook_that_claims_to_unpack_past_the_limit_is_not_read(tmp_path, monkeypatch):
    from journeyapp.models.deal_import import spreadsheet

    path = xlsx(tmp_path / "bomb.xlsx")
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(UnreadableFile, match=r"would unpack to .* it is not read"):
        read_export(without_deals(), path)
