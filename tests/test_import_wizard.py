"""The import wizard: preview, place unmapped CRM stages, read the report, import as one step."""

from __future__ import annotations

from datetime import UTC, datetime

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
    assert "generic export" in page.summary.text() and "2 deal(s)" in page.summary.text()
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
    assert "1 new deal(s)" in report.summary.text()
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


def test_dates_that_read_both_ways_are_shown_both_ways_and_the_order_chosen(window, tmp_path):
    path = tmp_path / "uk.csv"
    path.write_text("deal_id,stage,entered_at\nd1,MQL,03/02/2024\nd1,SQL,11/04/2024\n")
    wizard = ImportWizard(window.document.playbook, window.apply_edit, window)
    page = wizard.file_page
    page.path.setText(str(path))
    page.preview()
    assert page.summary.text() == (
        "Dates such as 03/02/2024 (column “entered_at”) read as well day-first (3 February "
        "2024) as month-first (2 March 2024). Choose which under Dates."
    )
    assert not page.isComplete()
    page.date_order.setCurrentIndex(page.date_order.findText("Day first (31/12/2024)"))
    assert page.isComplete()
    steps = wizard.plan.records[0].visits
    assert [datetime.fromtimestamp(t, UTC).date().isoformat() for _, t, _ in steps] == [
        "2024-02-03",
        "2024-04-11",
    ]


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
