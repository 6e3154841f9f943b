"""The import wizard: preview, place unmapped CRM stages, read the report, import as one step."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QPushButton

from journeyapp.import_wizard import IGNORE, ImportWizard

CSV = (
    "deal_id,stage,entered_at,deal_name,amount,outcome\n"
    "w1,SQL,2026-01-01,Umbrella,5000,lost\n"
    "w1,Qualified to buy,2026-01-04,Umbrella,5000,lost\n"
    "w1,Closed Lost,2026-02-01,Umbrella,5000,lost\n"
    "w2,Demo done,2026-01-02,Hooli,,open\n"
    "bad,,2026-01-02,,,\n"
)


def test_the_wizard_previews_maps_reports_and_imports_as_one_undo_step(window, tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text(CSV, encoding="utf-8")
    playbook = window.document.playbook
    before = len(playbook.deals)
    wizard = ImportWizard(playbook, window.apply_edit, window)
    wizard.show()
    page = wizard.file_page
    page.path.setText(str(path))
    page.preview()
    assert page.isComplete()
    assert "Generic stage history (UTF-8, commas), 2 deals" in page.summary.text()
    assert page.table.rowCount() == 2
    wizard.next()
    mapping = wizard.mapping_page
    assert not mapping.isComplete()  # two CRM stages have no place yet
    rows = {mapping.table.item(r, 0).text(): r for r in range(mapping.table.rowCount())}
    assert mapping.table.cellWidget(rows["SQL"], 1).currentText() == "SQL"
    qualified = mapping.table.cellWidget(rows["Qualified to buy"], 1)
    qualified.setCurrentIndex(qualified.findText("MQL"))
    demo = mapping.table.cellWidget(rows["Demo done"], 1)
    demo.setCurrentIndex(demo.findText(IGNORE))
    assert mapping.isComplete()
    wizard.next()
    report = wizard.report_page
    assert "1 new deal and" in report.summary.text()
    assert "line 6: no deal_id or stage" in report.skipped.toPlainText()
    assert "every stage of this deal is ignored" in report.skipped.toPlainText()
    assert len(playbook.deals) == before  # nothing changes before Import
    wizard.accept()
    assert wizard.imported and len(playbook.deals) == before + 1
    umbrella = playbook.deals["deal-generic-w1"]
    assert [playbook.stage(s.stage).name for s in umbrella.path] == ["SQL", "MQL", "Lost"]
    window.action_undo.trigger()
    assert len(playbook.deals) == before


def test_a_file_that_cannot_be_read_says_why_and_cannot_go_on(window, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("just words\n", encoding="utf-8")
    wizard = ImportWizard(window.document.playbook, window.apply_edit, window)
    wizard.file_page.path.setText(str(path))
    wizard.file_page.preview()
    assert "single column" in wizard.file_page.summary.text()
    assert not wizard.file_page.isComplete()


def _uk_export(window, tmp_path, text: str, order: str = "") -> ImportWizard:
    """The wizard previewing ``text`` as a file, read with the order named under Dates."""
    path = tmp_path / "uk.csv"
    path.write_text(text)
    wizard = ImportWizard(window.document.playbook, window.apply_edit, window)
    page = wizard.file_page
    page.path.setText(str(path))
    if order:
        page.date_order.setCurrentIndex(page.date_order.findText(order))
    page.preview()
    return wizard


def test_dates_that_read_both_ways_are_shown_both_ways_and_the_order_chosen(window, tmp_path):
    text = "deal_id,stage,entered_at\nd1,MQL,03/02/2024\nd1,SQL,11/04/2024\n"
    wizard = _uk_export(window, tmp_path, text)
    page = wizard.file_page
    assert page.summary.text() == (
        "Dates such as 03/02/2024 (column “entered_at”) read as well day-first (3 February "
        "2024) as month-first (2 March 2024). Choose which under Dates."
    )
    assert not page.isComplete()
    page.date_order.setCurrentIndex(page.date_order.findText("Day first (31/12/2024)"))
    assert page.isComplete()
    steps = wizard.plan.records[0].visits
    london = ZoneInfo("Europe/London")  # the sample's calendar, which dates alone are days of
    assert [datetime.fromtimestamp(t, london).date().isoformat() for _, t, _ in steps] == [
        "2024-02-03",
        "2024-04-11",
    ]


def test_an_order_chosen_against_what_another_column_shows_is_refused_in_the_wizards_words(
    window, tmp_path
):
    text = "deal_id,stage,entered_at,exited_at\nd1,MQL,15/01/2024,03/02/2024\nd1,SQL,03/02/2024,\n"
    page = _uk_export(window, tmp_path, text, "Month first (12/31/2024)").file_page
    assert page.summary.text() == (
        "Column “entered_at” shows its dates are day-first (15/01/2024), so “exited_at” "
        "cannot be read month-first. Choose Day first under Dates."
    )
    assert not page.isComplete()
    page.date_order.setCurrentIndex(page.date_order.findText("Day first (31/12/2024)"))
    assert page.isComplete()


def test_the_wizard_lists_deals_it_would_shorten_and_replaces_them_when_ticked(window, tmp_path):
    playbook = window.document.playbook
    full, part = tmp_path / "full.csv", tmp_path / "part.csv"
    full.write_text("deal_id,stage,entered_at\nx1,MQL,2026-01-01\nx1,SQL,2026-01-05\n")
    part.write_text("deal_id,stage,entered_at\nx1,MQL,2026-01-01\nx2,MQL,2026-01-02\n")
    for path, tick in ((full, False), (part, False), (part, True)):
        wizard = ImportWizard(playbook, window.apply_edit, window)
        wizard.show()
        wizard.file_page.path.setText(str(path))
        wizard.file_page.preview()
        wizard.next()
        wizard.next()
        report = wizard.report_page
        if path is part and not tick:
            assert "“x1” (2 steps, 1 in the export)" in report.shorter.text()
            assert report.replace_shorter.isVisible()
        report.replace_shorter.setChecked(tick)
        wizard.accept()
        assert wizard.imported
    assert [playbook.stage(s.stage).name for s in playbook.deals["deal-generic-x1"].path] == ["MQL"]


def test_browse_offers_workbooks_and_zips_and_previews_the_deals_as_read(
    window, tmp_path, monkeypatch
):
    from openpyxl import Workbook
    from PySide6.QtWidgets import QFileDialog

    book = Workbook()
    book.active.append(["deal_id", "stage", "entered_at", "amount"])
    book.active.append(["x1", "MQL", datetime(2024, 3, 2, 9, 0), 1200])
    book.active.append(["x1", "SQL", datetime(2024, 3, 9, 9, 0), 1200])
    path = tmp_path / "deals.xlsx"
    book.save(path)
    offered = []

    def choose(parent, title, folder, filters):
        offered.append(filters)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    wizard = ImportWizard(window.document.playbook, window.apply_edit, window)
    page = wizard.file_page
    next(b for b in page.findChildren(QPushButton) if b.text() == "Browse…").click()
    first = offered[0].split(";;")[0]
    assert all(f"*.{kind}" in first for kind in ("csv", "xlsx", "xls", "ods", "zip"))
    assert "Excel workbook, sheet “Sheet”" in page.summary.text() and page.isComplete()
    cells = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert cells == ["x1", "x1", "1,200", "", "MQL (2 Mar 2024) → SQL (9 Mar 2024)"]


def test_a_zip_of_two_exports_asks_which_table_in_the_wizard(window, tmp_path):
    import zipfile

    path = tmp_path / "exports.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("q1.csv", "deal_id,stage,entered_at\na1,MQL,2026-01-01\n")
        archive.writestr(
            "q2.csv", "deal_id,stage,entered_at\nb1,MQL,2026-04-01\nb2,SQL,2026-04-02\n"
        )
    wizard = ImportWizard(window.document.playbook, window.apply_edit, window)
    wizard.show()
    page = wizard.file_page
    page.path.setText(str(path))
    page.path.editingFinished.emit()
    assert page.member.isVisible()
    assert [page.member.itemText(i) for i in range(page.member.count())] == ["q1.csv", "q2.csv"]
    assert "q1.csv (in exports.zip)" in page.summary.text() and page.table.rowCount() == 1
    page.member.setCurrentIndex(1)
    assert "q2.csv (in exports.zip)" in page.summary.text() and page.table.rowCount() == 2
    assert {r.source_id for r in wizard.plan.records} == {"b1", "b2"}


def test_times_without_a_zone_are_read_in_the_zone_chosen(window, tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("deal_id,stage,entered_at\nz1,MQL,2026-07-01 09:00\n", encoding="utf-8")
    wizard = ImportWizard(window.document.playbook, window.apply_edit, window)
    page = wizard.file_page
    page.path.setText(str(path))
    page.zone.setCurrentText("UTC")
    page.preview()
    utc = wizard.plan.records[0].visits[0][1]
    page.zone.setCurrentText("Europe/Berlin")
    assert "times without a zone read as Europe/Berlin" in page.summary.text()
    assert wizard.plan.records[0].visits[0][1] == utc - 2 * 3600  # summer time: UTC+2
    page.zone.setCurrentText("Mars/Olympus")
    assert page.summary.text().startswith("“Mars/Olympus” is not a time zone")
    assert not page.isComplete()


def test_ambiguous_dates_are_previewed_both_ways(window, tmp_path):
    path = tmp_path / "uk.csv"
    path.write_text("deal_id,stage,entered_at\nd1,MQL,03/02/2024\nd1,SQL,11/04/2024\n")
    wizard = ImportWizard(window.document.playbook, window.apply_edit, window)
    page = wizard.file_page
    page.path.setText(str(path))
    page.preview()
    rows = [
        tuple(page.table.item(r, c).text() for c in range(3)) for r in range(page.table.rowCount())
    ]
    assert rows == [
        ("03/02/2024", "3 February 2024", "2 March 2024"),
        ("11/04/2024", "11 April 2024", "4 November 2024"),
    ]


def test_the_wizard_imports_leads_through_their_lifecycle_as_one_undo_step(window, tmp_path):
    from journeyapp.import_kinds import lead_import
    from tests.crm_checks import CRM

    playbook = window.document.playbook
    wizard = ImportWizard(playbook, window.apply_edit, window, lead_import())
    wizard.show()
    assert wizard.windowTitle() == "Import leads from a CRM export"
    page = wizard.file_page
    page.path.setText(str(CRM / "sf_Lead.csv"))
    page.preview()
    assert page.isComplete()
    assert page.summary.text().startswith(
        "sf_Lead.csv: Salesforce leads (Lead object) (UTF-8, commas), 3 leads, 2 lifecycle stages"
    )
    assert page.form.isRowVisible(page.companion_row)  # campaign members can be joined
    page.companion.setText(str(CRM / "sf_CampaignMember.csv"))
    page.preview()
    assert "campaigns from sf_CampaignMember.csv for 2 leads" in page.summary.text()
    assert page.table.item(0, 1).text() == "Ana Silva"
    wizard.next()
    mapping = wizard.mapping_page
    assert mapping.title() == "Place each lifecycle stage on the map"
    assert not mapping.isComplete()  # "Converted" has no stage of its name
    rows = {mapping.table.item(r, 0).text(): r for r in range(mapping.table.rowCount())}
    converted = mapping.table.cellWidget(rows["Converted"], 1)
    converted.setCurrentIndex(converted.findText("SQL"))
    assert mapping.isComplete()
    wizard.next()
    assert wizard.report_page.summary.text().startswith("3 new leads and 0 updates")
    assert len(playbook.leads) == 0  # nothing changes before Import
    wizard.accept()
    assert wizard.imported
    ana = playbook.leads["lead-salesforce-leads-00Q5g00000AbCdEEAV"]
    assert [playbook.stage(s.stage).name for s in ana.path] == ["Lead", "SQL"]
    assert ana.campaign == "7015g000000AbcDAAS"
    assert window.action_undo.text().endswith("Import 3 leads from sf_Lead.csv")
    window.action_undo.trigger()
    assert len(playbook.leads) == 0


def test_file_import_leads_is_in_the_file_menu(window):
    assert window.action_import_leads.text() == "Import &Leads…"
    file_menu = window.menuBar().actions()[0].menu()
    assert window.action_import_leads in file_menu.actions()


def _lead_wizard_on_the_status_export(window) -> ImportWizard:
    """The lead wizard with HubSpot's contacts export of lead statuses chosen, at its mapping
    page."""
    from journeyapp.import_kinds import lead_import
    from tests.crm_checks import CRM

    wizard = ImportWizard(window.document.playbook, window.apply_edit, window, lead_import())
    wizard.show()
    wizard.file_page.path.setText(str(CRM / "hubspot_contacts_lead_status_engagement.csv"))
    wizard.file_page.preview()
    wizard.next()
    return wizard


def test_the_wizard_counts_the_verdicts_and_first_touches_before_importing(window):
    playbook = window.document.playbook
    wizard = _lead_wizard_on_the_status_export(window)
    assert wizard.mapping_page.isComplete()  # each lifecycle stage has a map stage of its name
    wizard.next()
    lines = wizard.report_page.summary.text().splitlines()
    assert lines[0].startswith("8 new leads and 0 updates")
    assert "From the lead status and first engagement:" in lines
    assert "• Verdicts at MQL → SQL: 2 accepted, 2 rejected, 1 recycled." in lines
    assert "• 3 first touches from HubSpot's first engagement." in lines
    assert (
        "• No verdict from a status this app does not know: “Hot lead” (1); "
        "say below what each means." in lines
    )
    assert all(not lead.verdicts for lead in playbook.leads)  # nothing changes before Import
    wizard.accept()
    ben = playbook.leads["lead-hubspot-contacts-202"]
    assert ben.verdicts["ho-mql-sql"].outcome.value == "rejected"


def test_the_wizard_asks_what_an_unknown_lead_status_means_and_imports_it_so(window, qtbot):
    playbook = window.document.playbook
    wizard = _lead_wizard_on_the_status_export(window)
    wizard.next()
    statuses = wizard.report_page.statuses
    assert list(statuses.choices) == ["Hot lead"]
    choice = statuses.choices["Hot lead"]
    choice.setCurrentIndex(choice.findText("Accepted"))
    qtbot.waitUntil(lambda: "3 accepted" in wizard.report_page.summary.text())
    assert "does not know" not in wizard.report_page.summary.text()
    assert statuses.choices["Hot lead"].currentText() == "Accepted"  # still offered, as chosen
    wizard.accept()
    hal = playbook.leads["lead-hubspot-contacts-208"]
    assert hal.verdicts["ho-mql-sql"].outcome.value == "accepted"


def test_the_report_says_which_closed_deals_close_after_today(window, tmp_path):
    """The command line warned of closed deals dated after today; the wizard said nothing."""
    from datetime import date, timedelta

    later = (date.today() + timedelta(days=29)).isoformat()
    path = tmp_path / "deals.csv"
    path.write_text(
        "deal_id,stage,entered_at,deal_name,outcome\n"
        f"f1,SQL,2026-01-05,Juliet,lost\nf1,Closed Lost,{later},Juliet,lost\n"
    )
    wizard = ImportWizard(window.document.playbook, window.apply_edit, window)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.file_page.preview()
    wizard.next()
    wizard.next()
    assert "1 closed deal has a close date still to come (“Juliet”)" in (
        wizard.report_page.summary.text()
    )
