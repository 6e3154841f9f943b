"""What the user typed but has not confirmed yet (a note in workshop mode, a stage's new name
on its card) is kept when the window closes, as leaving the field keeps it."""

from __future__ import annotations

from journeyapp.models.store import Store
from journeyapp.models.templates import load_template
from PySide6.QtCore import Qt

from journeyapp.document import Document


def _saved(window, tmp_path):
    path = tmp_path / "workshop.journey"
    Store.create(path, load_template("b2b-saas")).close()
    window.set_document(Document.open(path))
    return path


def _reopened(path):
    store = Store.open(path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def test_a_note_typed_in_workshop_mode_is_parked_when_the_window_closes(window, qtbot, tmp_path):
    path = _saved(window, tmp_path)
    window.workshop.enter()
    qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)
    here = window.workshop.stage_id
    qtbot.keyClick(window.canvas, Qt.Key.Key_N)
    qtbot.keyClicks(window.workshop.panel.capture, "Important idea from VP Sales")
    window.close()
    assert [(n.text, n.stage) for n in _reopened(path).notes] == [
        ("Important idea from VP Sales", here)
    ]


def test_a_name_typed_on_a_card_is_kept_when_the_window_closes(window, qtbot, tmp_path):
    path = _saved(window, tmp_path)
    won = next(s for s in window.document.playbook.stages() if s.name == "Won")
    window.scene.select_stage(won.id)
    window.canvas.start_rename()
    editor = window.canvas.name_editor
    assert editor.active
    editor.selectAll()
    qtbot.keyClicks(editor, "Closed won")
    window.close()
    assert _reopened(path).stage(won.id).name == "Closed won"


def test_a_note_being_typed_is_parked_when_f5_leaves_workshop_mode(window, qtbot, tmp_path):
    _saved(window, tmp_path)
    window.workshop.enter()
    qtbot.keyClick(window.canvas, Qt.Key.Key_W)
    qtbot.keyClicks(window.workshop.panel.capture, "Agree what qualified means")
    window.action_workshop.trigger()  # F5 from the menu's shortcut
    assert not window.workshop.active
    assert [n.text for n in window.document.playbook.notes] == ["Agree what qualified means"]


def test_a_scoring_threshold_typed_is_kept_when_the_window_closes(window, qtbot, tmp_path):
    path = _saved(window, tmp_path)
    window.panel_bar.open(window.panels.dock_scoring)
    scoring = window.panels.scoring
    handoff = scoring.handoff_choice.currentData()
    scoring.threshold_edit.setFocus()
    scoring.threshold_edit.clear()
    qtbot.keyClicks(scoring.threshold_edit, "71")
    window.close()
    assert _reopened(path).handoff(handoff).score_threshold == 71


def test_a_table_cell_being_edited_is_kept_when_the_window_closes(window, qtbot, tmp_path):
    from journeyapp.widgets.panels.scoring_rules_model import FIELDS
    from PySide6.QtWidgets import QApplication

    path = _saved(window, tmp_path)
    window.panel_bar.open(window.panels.dock_scoring)
    table = window.panels.scoring.table
    model = table.model()
    index = model.index(0, FIELDS.index("reasoning"))
    table.setFocus()
    table.setCurrentIndex(index)
    table.edit(index)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Seniority reasoning")
    rule_id = next(iter(_reopened(path).scoring_rules)).id
    window.close()
    assert _reopened(path).scoring_rules[rule_id].reasoning == "Seniority reasoning"


def test_a_name_typed_is_in_the_file_after_a_pause_without_enter(window, qtbot, tmp_path):
    """A meeting's title is sent once the typing stops, as the description is: a crash
    after it loses nothing. A date half typed is kept in the field, unsaid and unrefused."""
    from journeyapp.widgets.forms.field_binding import TYPING_PAUSE_MS

    path = _saved(window, tmp_path)
    window.panel_bar.open(window.panels.dock_meetings)
    meetings = window.panels.meetings
    meeting_id = next(iter(window.document.playbook.meetings)).id
    meetings.title_edit.setFocus()
    meetings.title_edit.selectAll()
    qtbot.keyClicks(meetings.title_edit, "Quarterly review with the CFO")
    # Still in the field, no Enter: saved once typing pauses.
    qtbot.waitUntil(
        lambda: _reopened(path).meetings[meeting_id].title == "Quarterly review with the CFO"
    )
    meetings.held_edit.setFocus()
    meetings.held_edit.selectAll()
    qtbot.keyClicks(meetings.held_edit, "2026-1")
    qtbot.wait(TYPING_PAUSE_MS * 3)
    assert meetings.held_edit.text() == "2026-1"  # not reset to the saved date mid-typing


def test_typing_then_putting_the_text_back_leaves_no_step_to_undo(window, qtbot):

    stage = window.document.playbook.stages_in_journey_order()[1]
    window.scene.select_stage(stage.id)
    inspector = window.panels.inspectors.stage
    field = inspector.findChild(type(inspector.name_edit), "stage_name")
    steps = window.document.undo_stack.count()
    field.setFocus()
    field.end(False)
    qtbot.keyClicks(field, " draft")
    qtbot.waitUntil(lambda: window.document.playbook.stage(stage.id).name == stage.name + " draft")
    for _ in range(len(" draft")):
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: window.document.playbook.stage(stage.id).name == stage.name)

    assert window.document.undo_stack.count() == steps
    assert window.document.undo_stack.index() == steps
