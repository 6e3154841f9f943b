"""Guidance in the window: the keyboard shortcuts list made from the actions, Getting
Started, About with the version, and a title bar that says the work is saved."""

from __future__ import annotations

from importlib.metadata import version

from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.widgets.canvas.keyboard_walk import WALK_KEYS
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from journeyapp.workshop_keys import WORKSHOP_KEYS

NATIVE = QKeySequence.SequenceFormat.NativeText


def keys(text: str) -> str:
    return QKeySequence(text).toString(NATIVE)


def test_the_shortcuts_window_lists_every_action_that_has_a_shortcut(window):
    window.action_shortcuts.trigger()
    shown = window.shortcuts_window
    assert shown.isVisible()
    listed = shown.listed()
    with_keys = {a for a in window.findChildren(QAction) if a.shortcuts() and a.text()}
    assert len(listed) == len(with_keys) + len(WALK_KEYS) + len(WORKSHOP_KEYS)
    assert ("Select the previous stage or handoff", keys("Shift+Tab")) in listed
    assert ("Add Stage", "N") in listed
    assert ("Undo", QKeySequence(QKeySequence.StandardKey.Undo).toString(NATIVE)) in listed
    assert (
        "Delete",
        " or ".join(k.toString(NATIVE) for k in window.map_actions.delete.shortcuts()),
    ) in listed
    names = [name for name, _ in listed]
    assert all("&" not in name and not name.endswith("…") for name in names)


def test_redo_answers_both_keys_people_use(window):
    window.apply_edit(ops.rename(window.document.playbook, Kind.META, "meta", "Q4 plan"))
    redo_keys = {k.toString() for k in window.action_redo.shortcuts()}
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= redo_keys
    window.action_undo.trigger()
    assert window.document.playbook.meta.name != "Q4 plan"
    QTest.keySequence(window, QKeySequence("Ctrl+Shift+Z"))
    assert window.document.playbook.meta.name == "Q4 plan"


def test_the_shortcuts_window_lists_the_keys_of_workshop_mode(window):
    window.action_shortcuts.trigger()
    listed = window.shortcuts_window.listed()
    assert ("Next stage", " or ".join(keys(k) for k in ("PgDown", "Right", "Down"))) in listed
    assert ("Set the timer", keys("Ctrl+T")) in listed
    assert ("Leave workshop mode", keys("F5")) in listed
    away = "Put away the invitation or the voting results; else leave workshop mode"
    assert (away, keys("Esc")) in listed
    groups = [
        window.shortcuts_window.tree.topLevelItem(n).text(0)
        for n in range(window.shortcuts_window.tree.topLevelItemCount())
    ]
    assert groups[-1] == "In workshop mode"


def test_every_listed_workshop_key_does_what_its_line_says(window, qtbot):
    window.canvas.zoom_to_fit()
    mode = window.workshop
    mode.enter()
    try:
        stages = len(mode.stage_ids)
        walks = {"Last stage": stages - 1, "First stage": 0, "Next stage": 1}
        for name, index in walks.items():
            binding = next(b for b in WORKSHOP_KEYS if b.name == name)
            for pressed in binding.keys:
                mode.go(0 if index else stages - 1)
                qtbot.keyClick(window.canvas, pressed)
                assert mode.index == index, (name, pressed)
        qtbot.keyClick(window.canvas, Qt.Key.Key_L)
        assert mode.locked
        qtbot.keyClick(window.canvas, Qt.Key.Key_F5)
        assert not mode.active
    finally:
        mode.leave()


def test_the_shortcuts_window_follows_a_changed_and_an_added_action(window):
    window.action_shortcuts.trigger()
    assert ("Find Stage", keys("Ctrl+F")) in window.shortcuts_window.listed()
    window.action_find.setShortcut(QKeySequence("Ctrl+Shift+G"))
    added = QAction("&Tidy Lanes…", window)
    added.setShortcut(QKeySequence("Ctrl+Alt+T"))
    window.menuBar().actions()[2].menu().addAction(added)  # the Map menu
    window.action_shortcuts.trigger()
    listed = window.shortcuts_window.listed()
    assert ("Find Stage", keys("Ctrl+Shift+G")) in listed
    assert ("Find Stage", keys("Ctrl+F")) not in listed
    assert ("Tidy Lanes", keys("Ctrl+Alt+T")) in listed


def test_getting_started_walks_from_stages_to_the_published_playbook(window):
    window.action_getting_started.trigger()
    page = window.getting_started_window.page.toPlainText()
    for step in ("Add stages", "Connect them", "Agree on roles", "Import deals", "workshop"):
        assert step in page
    assert "Export PDF Playbook" in page
    assert f"press {window.map_actions.add_stage.shortcut().toString(NATIVE)}" in page
    assert window.action_workshop.shortcut().toString(NATIVE) in page


def test_about_shows_the_installed_version(window, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: said.append(text))
    window.action_about.trigger()
    assert version("journeyapp") in said[0]


def test_a_named_file_is_saved_after_every_edit_and_shows_no_asterisk(window, tmp_path):
    playbook = window.document.playbook
    window.apply_edit(ops.rename(playbook, Kind.META, "meta", "Q4 plan"))
    assert window.save_as(tmp_path / "q4")
    stage = window.document.playbook.stages()[0]
    window.apply_edit(ops.rename(window.document.playbook, Kind.STAGE, stage.id, "Renamed"))
    title = window.shown_title()
    assert title.startswith("Q4 plan — q4.journey — saved")
    assert "*" not in title and not window.isWindowModified()


def test_untitled_work_shows_an_asterisk_once_edited(window):
    assert "Untitled" in window.shown_title() and "*" not in window.shown_title()
    assert "saved" not in window.shown_title()
    stage = window.document.playbook.stages()[0]
    window.apply_edit(ops.rename(window.document.playbook, Kind.STAGE, stage.id, "Renamed"))
    title = window.shown_title()
    assert title.startswith(f"{window.document.playbook.meta.name} — Untitled*")
    assert "saved" not in title


def test_no_action_s_name_is_cut_short_in_the_shortcuts_window(window, qtbot):
    """The window widens to its longest name, as far as the screen allows; a name still cut
    on a narrow screen is whole in its tip."""
    window.action_shortcuts.trigger()
    shown = window.shortcuts_window
    qtbot.waitExposed(shown)
    tree = shown.tree
    metrics = tree.fontMetrics()
    room = tree.columnWidth(0) - tree.indentation()
    screen_full = shown.width() >= int(shown.screen().availableGeometry().width() * 0.9)
    cut = []
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        for c in range(group.childCount()):
            item = group.child(c)
            assert item.toolTip(0) == item.text(0)
            if metrics.horizontalAdvance(item.text(0)) > room:
                cut.append(item.text(0))
    assert not cut or screen_full, cut
    assert shown.width() > 560  # wider than it opened before, for the longest names
