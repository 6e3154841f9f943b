"""The main window on the sample playbook: menus, docks, canvas, inspector, undo, settings."""

from __future__ import annotations

from builders import tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.store import Store
from journeyapp.widgets.canvas.stage_item import StageItem
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from journeyapp.app import create_application, first_document
from journeyapp.document import Document
from journeyapp.main_window import MainWindow
from journeyapp.settings import AppSettings


def test_the_window_shows_the_sample_map(window):
    playbook = window.document.playbook
    assert window.findChild(type(window.canvas), "journey_canvas") is window.canvas
    assert set(window.scene.stage_items) == {s.id for s in playbook.stages()}
    assert set(window.scene.handoff_items) == {h.id for h in playbook.handoffs()}
    assert "B2B SaaS" in window.windowTitle()
    assert window.problem_label.text().startswith("0 errors")


def test_actions_and_docks_have_stable_names(window):
    names = {a.objectName() for a in window.findChildren(QAction)}
    for expected in (
        "action_new",
        "action_open",
        "action_save_as",
        "action_quit",
        "action_undo",
        "action_redo",
        "action_zoom_fit",
        "action_export_json",
        "action_toggle_inspector",
    ):
        assert expected in names
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}
    assert {"dock_inspector", "dock_history"} <= set(docks)
    assert all(d.accessibleName() for d in docks.values())
    assert window.canvas.accessibleName()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus[:4] == ["File", "Edit", "Map", "View"]


def test_undo_and_redo_use_standard_shortcuts_and_name_the_command(window):
    assert window.action_undo.shortcut().matches(Qt.Key.Key_Z | Qt.Modifier.CTRL)
    assert not window.action_undo.isEnabled()
    playbook = window.document.playbook
    stage = playbook.stages()[0]
    before = stage.name
    assert before != "Renamed"
    window.apply_edit(ops.rename(playbook, Kind.STAGE, stage.id, "Renamed"))
    assert window.action_undo.isEnabled()
    assert "Rename" in window.action_undo.text()
    assert window.isWindowModified()
    window.action_undo.trigger()
    assert playbook.stage(stage.id).name == before
    assert "Rename" in window.action_redo.text()
    window.action_redo.trigger()
    assert playbook.stage(stage.id).name == "Renamed"


def test_selecting_a_stage_shows_it_in_the_inspector_and_typing_renames_it(window, qtbot):
    playbook = window.document.playbook
    stage = next(s for s in playbook.stages() if s.name == "MQL")
    window.scene.select_stage(stage.id)
    inspector = window.inspector
    assert inspector.stage_id == stage.id
    assert inspector.name_edit.text() == "MQL"
    inspector.name_edit.selectAll()
    qtbot.keyClicks(inspector.name_edit, "Marketing qualified lead")
    qtbot.keyClick(inspector.name_edit, Qt.Key.Key_Return)
    assert playbook.stage(stage.id).name == "Marketing qualified lead"
    item = window.scene.stage_items[stage.id]
    assert item.data_shown.name == "Marketing qualified lead"
    window.action_undo.trigger()
    assert playbook.stage(stage.id).name == "MQL"
    assert inspector.name_edit.text() == "MQL"
    assert item.data_shown.name == "MQL"


def test_an_empty_name_is_refused_with_a_message(window, qtbot, messages):
    playbook = window.document.playbook
    stage = playbook.stages()[0]
    before = stage.name
    assert before.strip()
    window.scene.select_stage(stage.id)
    window.inspector.name_edit.clear()
    qtbot.keyClick(window.inspector.name_edit, Qt.Key.Key_Return)
    assert playbook.stage(stage.id).name == before
    assert messages and "cannot be empty" in messages[-1]
    assert window.inspector.name_edit.text() == before


def test_an_edit_redraws_only_the_items_it_names(window):
    playbook = window.document.playbook
    stage = next(s for s in playbook.stages() if s.name == "SQL")
    painted_data = {i: item.data_shown for i, item in window.scene.stage_items.items()}
    positions = {i: item.pos() for i, item in window.scene.stage_items.items()}
    window.apply_edit(ops.rename(playbook, Kind.STAGE, stage.id, "Sales accepted"))
    changed = {
        i
        for i, item in window.scene.stage_items.items()
        if item.data_shown != painted_data[i] or item.pos() != positions[i]
    }
    assert changed == {stage.id}


def test_opening_a_damaged_file_explains_and_keeps_the_current_map(window, tmp_path, messages):
    bad = tmp_path / "bad.journey"
    bad.write_text("not a playbook")
    current = window.document
    assert not window.open_file(bad)
    assert window.document is current
    assert "is not a journeyapp playbook" in messages[-1]


def test_open_records_recent_files_and_the_window_reopens_the_latest(window, tmp_path):
    path = tmp_path / "team.journey"
    Store.create(path, tiny_playbook()).close()
    assert window.open_file(path)
    assert AppSettings().recent_files()[0] == path.resolve()
    second = MainWindow(AppSettings())
    try:
        document = first_document(second, None, sample=False)
        assert document.path == path.resolve() or document.path == path
        document.close()
    finally:
        second.deleteLater()


def test_a_last_playbook_damaged_since_is_said_at_start_not_skipped_silently(
    window, tmp_path, messages
):
    """The file last worked on had been damaged since: the app opened a fresh sample without
    a word and dropped the file from Open Recent, as if it had never been."""
    path = tmp_path / "team.journey"
    Store.create(path, tiny_playbook()).close()
    assert window.open_file(path)
    window.set_document(Document.new_untitled("blank"))
    path.write_bytes(path.read_bytes()[:1000])  # cut short by a copy
    second = MainWindow(AppSettings())
    try:
        document = first_document(second, None, sample=False)
        assert document.is_untitled
        assert any("team.journey" in shown and "sample" in shown for shown in messages)
        document.close()
    finally:
        second.deleteLater()


def test_first_start_opens_a_copy_of_the_sample(qtbot, messages):
    create_application()
    main = MainWindow(AppSettings())
    qtbot.addWidget(main)
    document = first_document(main, None, sample=False)
    assert document.is_untitled
    assert document.playbook.meta.name == "B2B SaaS revenue playbook"
    document.close()


def test_a_newer_file_opens_read_only_with_a_notice(window, tmp_path, messages):
    import sqlite3

    path = tmp_path / "future.journey"
    Store.create(path, tiny_playbook()).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    assert window.open_file(path)
    assert window.document.read_only
    assert "future.journey — read-only" in window.windowTitle()
    assert "saved" not in window.windowTitle()
    assert "newer version" in messages[-1]


def test_window_geometry_is_kept_between_runs(window, qtbot):
    window.resize(701, 683)
    window.close()
    again = MainWindow(AppSettings())
    qtbot.addWidget(again)
    assert again.size().width() == 701
    assert again.size().height() == 683


def test_save_as_then_title_shows_the_file_name(window, tmp_path):
    window.apply_edit(ops.rename(window.document.playbook, Kind.META, "meta", "Q4 plan"))
    assert window.save_as(tmp_path / "q4")
    assert window.document.path.name == "q4.journey"
    assert "q4.journey" in window.windowTitle()
    assert not window.isWindowModified()


def test_save_as_a_name_without_its_suffix_asks_before_replacing_that_file(
    window, tmp_path, monkeypatch
):
    """The dialog asked about "plan", which does not exist; ".journey" added after it named
    plan.journey, replaced without a word."""
    from journeyapp import save_path

    kept = tmp_path / "plan.journey"
    kept.write_bytes(b"IMPORTANT WORK")
    asked = []
    monkeypatch.setattr(save_path, "replace_confirmed", lambda parent, path: asked.append(path))
    assert not window.save_as(tmp_path / "plan")
    assert asked == [kept] and kept.read_bytes() == b"IMPORTANT WORK"
    monkeypatch.setattr(save_path, "replace_confirmed", lambda parent, path: True)
    assert window.save_as(tmp_path / "plan") and window.document.path == kept


def test_opening_the_file_already_open_keeps_it_writable_with_its_history(window, tmp_path):
    """File → Open on the file the window has: it was opened again read-only, said to be
    open "in another journeyapp window", and the undo history was emptied."""
    path = tmp_path / "plan.journey"
    assert window.save_as(path)
    window.apply_edit(ops.rename(window.document.playbook, Kind.META, "meta", "Kept"))
    document = window.document
    assert window.open_file(path)
    assert window.document is document and not document.read_only
    assert document.undo_stack.canUndo()


def test_a_file_open_read_only_here_is_taken_up_for_editing_once_the_other_lets_go(
    window, tmp_path
):
    """Opened again, a file the window had read-only (another window held it) said it was
    open in this window: once the other closed, nothing could take it up for editing."""
    path = tmp_path / "shared.journey"
    Store.create(path, tiny_playbook()).close()
    holder = Store.open(path)
    assert window.open_file(path) and window.document.read_only
    holder.close()
    assert window.open_file(path)
    assert not window.document.read_only


def test_cards_show_team_colour_accountable_and_activity_count(window):
    playbook = window.document.playbook
    lane_colours = {lane.id: lane.color for lane in playbook.lanes}
    for stage in playbook.stages():
        item: StageItem = window.scene.stage_items[stage.id]
        assert item.data_shown.team_color == lane_colours[stage.lane]
        assert item.data_shown.activity_count == len(playbook.activities_of(stage.id))
    mql = next(s for s in playbook.stages() if s.name == "MQL")
    assert window.scene.stage_items[mql.id].data_shown.accountable


def test_next_start_offers_back_untitled_work_left_by_a_crash(qtbot, monkeypatch):
    import os

    create_application()
    lost = Document.new_untitled("blank")
    lost.apply(ops.add_stage(lost.playbook, "Idea from the workshop", "awareness", "marketing"))
    lost.store.close()  # the process dies here; its owner file says it edited
    owner = lost.path.with_name(lost.path.name + ".owner")
    owner.write_text(owner.read_text().replace(str(os.getpid()), "999999999"))

    from journeyapp import app

    asked: list[str] = []

    def recover(window, orphan, can_recover):
        asked.append(orphan.path.name)
        return app.RECOVER

    monkeypatch.setattr(app, "ask_about_unsaved", recover)
    main = MainWindow(AppSettings())
    qtbot.addWidget(main)
    document = first_document(main, None, sample=False)
    assert asked == [lost.path.name]
    assert [s.name for s in document.playbook.stages()] == ["Idea from the workshop"]
    assert document.has_unsaved_work()
    document.close()


def test_renaming_a_role_updates_the_cards_that_show_it(window):
    playbook = window.document.playbook
    mql = next(s for s in playbook.stages() if s.name == "MQL")
    card = window.scene.stage_items[mql.id]
    accountable_role = next(
        playbook.roles[r]
        for a in playbook.activities_of(mql.id)
        for r, v in a.raci.items()
        if v.value == "A"
    )
    window.apply_edit(ops.rename(playbook, Kind.ROLE, accountable_role.id, "Head of Demand"))
    assert "Head of Demand" in card.data_shown.accountable


def test_deleting_a_stage_removes_its_items_and_undo_brings_them_back(window):
    playbook = window.document.playbook
    sql = next(s for s in playbook.stages() if s.name == "SQL")
    arrows = {h.id for h in playbook.incoming(sql.id) + playbook.outgoing(sql.id)}
    window.apply_edit(ops.remove_stage(playbook, sql.id))
    assert sql.id not in window.scene.stage_items
    assert not arrows & set(window.scene.handoff_items)
    window.action_undo.trigger()
    assert sql.id in window.scene.stage_items
    assert arrows <= set(window.scene.handoff_items)
    assert set(window.scene.stage_items) == {s.id for s in playbook.stages()}


def test_problems_follow_an_edit_once_it_settles(window, qtbot):
    playbook = window.document.playbook
    handoff = next(h for h in playbook.handoffs() if h.kind.value == "cross_team")
    window.apply_edit(ops.set_fields(playbook, Kind.HANDOFF, handoff.id, sla_hours=None))
    card = window.scene.stage_items[handoff.source]
    qtbot.waitUntil(lambda: window.problem_label.text().startswith("1 error"), timeout=3000)
    assert any("has no SLA" in p for p in card.data_shown.problems)
    window.action_undo.trigger()
    qtbot.waitUntil(lambda: window.problem_label.text().startswith("0 error"), timeout=3000)
    assert card.data_shown.problems == ()


def test_on_the_sample_no_label_covers_a_card_or_another_label(window):
    scene = window.scene
    cards = [item.card_rect() for item in scene.stage_items.values()]
    labels = {hid: item.label_rect for hid, item in scene.handoff_items.items()}
    for handoff_id, label in labels.items():
        if label.isNull():
            continue
        assert not any(card.intersects(label) for card in cards), handoff_id
        others = [rect for other, rect in labels.items() if other != handoff_id]
        assert not any(rect.intersects(label) for rect in others), handoff_id
