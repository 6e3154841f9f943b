"""File → Import Touches…: an activity export read and summed up before anything changes,
then attached as one undo step; unclear dates are asked about, never guessed."""

from __future__ import annotations

from conftest import DATA_DIR

from journeyapp.touch_dialog import TouchImportDialog

CRM = DATA_DIR / "crm"


def _import_with(window, monkeypatch, prepare) -> bool:
    """Run File → Import Touches… with ``prepare(dialog)`` standing in for the user."""

    def exec_(dialog):
        prepare(dialog)
        if not dialog.import_button.isEnabled():
            return TouchImportDialog.DialogCode.Rejected
        dialog.import_button.click()
        return dialog.result()

    monkeypatch.setattr(TouchImportDialog, "exec", exec_)
    return window.import_touches()


def _choose_file(dialog, path) -> None:
    dialog.path.setText(str(path))
    dialog.preview()


def test_a_salesforce_task_export_is_summed_up_then_imported_as_one_undo_step(window, monkeypatch):
    playbook, stack = window.document.playbook, window.document.undo_stack
    summaries = []

    def prepare(dialog):
        _choose_file(dialog, CRM / "sf_Task.csv")
        summaries.append(dialog.summary.text())
        assert not playbook.deals["deal-sample-wingtip"].touches  # nothing changed yet

    steps = stack.count()
    assert _import_with(window, monkeypatch, prepare)
    assert summaries[0].startswith("sf_Task.csv: Salesforce")
    assert "onto" in summaries[0] and "skipped" in summaries[0]
    assert playbook.deals["deal-sample-wingtip"].touches
    assert stack.count() == steps + 1
    assert stack.text(stack.index() - 1).startswith("Import ")
    window.action_undo.trigger()
    assert not playbook.deals["deal-sample-wingtip"].touches


def test_the_same_export_twice_offers_nothing_to_import(window, monkeypatch):
    assert _import_with(window, monkeypatch, lambda d: _choose_file(d, CRM / "sf_Task.csv"))
    said = []

    def again(dialog):
        _choose_file(dialog, CRM / "sf_Task.csv")
        said.append(dialog.summary.text())

    assert not _import_with(window, monkeypatch, again)
    assert "recorded already" in said[0]


def test_dates_that_read_both_ways_are_asked_about_and_read_as_chosen(
    window, monkeypatch, tmp_path
):
    export = tmp_path / "touches.csv"
    export.write_text(
        "record_id,touched_at,kind\n0061x00000ADT04,03/04/2026 13:00,call\n", encoding="utf-8"
    )
    said = []

    def prepare(dialog):
        _choose_file(dialog, export)
        said.append(dialog.summary.text())
        dialog.date_order.setCurrentIndex(dialog.date_order.findText("Day first (31/12/2024)"))
        said.append(dialog.summary.text())

    assert _import_with(window, monkeypatch, prepare)
    assert "read as well day-first (3 April 2026) as month-first (4 March 2026)" in said[0]
    assert said[1].startswith("touches.csv:")
    (touch,) = window.document.playbook.deals["deal-sample-adatum"].touches
    assert touch.kind == "call"


def test_a_file_that_is_no_activity_export_is_refused_in_a_sentence(window, monkeypatch):
    said = []

    def prepare(dialog):
        _choose_file(dialog, CRM / "pipedrive_deals.csv")
        said.append(dialog.summary.text())

    assert not _import_with(window, monkeypatch, prepare)
    assert "is not an activity export" in said[0]
    assert said[0].count(".") >= 1 and "\n" not in said[0]


def test_the_question_about_dates_names_the_column_that_shows_the_order(
    window, monkeypatch, tmp_path
):
    export = tmp_path / "Task.csv"
    export.write_text(
        '"Id","WhoId","WhatId","Subject","ActivityDate","Status","Type","TaskSubtype",'
        '"CreatedDate","IsClosed"\n'
        '"00T1","","0061x00000CTL02AAH","Call","03/04/2026","Completed","Call","Call",'
        '"26/03/2026 09:30","true"\n',
        encoding="utf-8",
    )
    said = []

    def prepare(dialog):
        _choose_file(dialog, export)
        said.append(dialog.summary.text())

    assert not _import_with(window, monkeypatch, prepare)
    assert "Column “CreatedDate” shows day-first dates (26/03/2026 09:30)." in said[0]
