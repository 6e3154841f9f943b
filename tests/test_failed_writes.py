"""In the window: an undo or redo the file refuses is told once, and the history stays true."""

from __future__ import annotations

from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_to_dict
from journeyapp.models.store import Store
from PySide6.QtCore import Qt


def _writes_refused(window, refused: bool) -> None:
    """Make the file refuse writes (as a full disk or a lost network share would) or take them."""
    window.document.store.db.conn.execute(f"PRAGMA query_only={'ON' if refused else 'OFF'}")


def _file_agrees(window) -> bool:
    store = Store.open(window.document.path, read_only=True)
    try:
        return playbook_to_dict(store.load()) == playbook_to_dict(window.document.playbook)
    finally:
        store.close()


def _mql(window) -> str:
    return next(s.id for s in window.document.playbook.stages() if s.name == "MQL")


def _ctrl_z(window, qtbot, shift: bool = False) -> None:
    window.activateWindow()
    modifiers = Qt.KeyboardModifier.ControlModifier
    if shift:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, modifiers)


def test_ctrl_z_the_file_refuses_says_so_once_and_works_later(window, qtbot, messages):
    playbook = window.document.playbook
    stage_id = _mql(window)
    window.apply_edit(ops.rename(playbook, Kind.STAGE, stage_id, "Renamed"))
    _writes_refused(window, True)
    _ctrl_z(window, qtbot)
    assert len(messages) == 1
    assert messages[0].startswith("warning: The change could not be saved")
    assert playbook.stage(stage_id).name == "Renamed"
    assert window.undo_group.canUndo()
    assert window.action_undo.isEnabled()
    assert window.action_undo.text() == "&Undo Rename “MQL” to “Renamed”"
    assert _file_agrees(window)

    _writes_refused(window, False)
    _ctrl_z(window, qtbot)
    assert playbook.stage(stage_id).name == "MQL"
    assert not window.action_undo.isEnabled()
    assert window.action_redo.text() == "&Redo Rename “MQL” to “Renamed”"
    assert _file_agrees(window)
    assert len(messages) == 1


def test_a_redo_the_file_refuses_leaves_it_to_redo(window, qtbot, messages):
    playbook = window.document.playbook
    stage_id = _mql(window)
    window.apply_edit(ops.rename(playbook, Kind.STAGE, stage_id, "Renamed"))
    window.action_undo.trigger()
    _writes_refused(window, True)
    window.action_redo.trigger()
    assert len(messages) == 1
    assert playbook.stage(stage_id).name == "MQL"
    assert window.action_redo.isEnabled()
    assert _file_agrees(window)

    _writes_refused(window, False)
    window.action_redo.trigger()
    assert playbook.stage(stage_id).name == "Renamed"
    assert not window.action_redo.isEnabled()
    assert _file_agrees(window)


def test_a_history_click_the_file_refuses_goes_back_to_where_the_file_is(window, qtbot, messages):
    playbook = window.document.playbook
    stage_id = _mql(window)
    window.apply_edit(ops.rename(playbook, Kind.STAGE, stage_id, "Renamed"))
    view = window.undo_view
    _writes_refused(window, True)
    view.setCurrentIndex(view.model().index(0, 0))  # the "Opened" row
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert playbook.stage(stage_id).name == "Renamed"
    assert window.document.undo_stack.index() == 1
    assert view.currentIndex().row() == 1
    assert window.action_undo.isEnabled()
    assert _file_agrees(window)

    _writes_refused(window, False)
    view.setCurrentIndex(view.model().index(0, 0))
    assert playbook.stage(stage_id).name == "MQL"
    assert window.document.undo_stack.index() == 0
    assert _file_agrees(window)
    assert len(messages) == 1


HOLDS_A_READ = """
import select, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
conn.execute("SELECT count(*) FROM stages").fetchone()  # a reader's lock, as a long check holds
print("reading", flush=True)
select.select([sys.stdin], [], [], float(sys.argv[2]))  # until told (a slow machine's stall
conn.execute("COMMIT")  # must not end the read before the app has given up waiting)
"""


def test_an_undo_blocked_by_a_long_read_elsewhere_leaves_the_file_openable(window, qtbot, messages):
    """`journeyapp check` on a 200k-deal playbook blocked an edit in the app for 5 s; the undo
    that failed moved the stack anyway, and the next undo removed a phase a stage was still
    in, so the file was then called damaged."""
    import subprocess
    import sys

    from journeyapp.models.store import Store

    playbook = window.document.playbook
    stage_id = _mql(window)
    home = playbook.stage(stage_id).phase
    add = ops.add_phase(playbook, "Evaluation")
    window.apply_edit(add)
    window.apply_edit(ops.move_stage(playbook, stage_id, add.entity.id, "marketing", 24, 24))
    reader = subprocess.Popen(
        [sys.executable, "-c", HOLDS_A_READ, str(window.document.path), "60"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "reading"
        _ctrl_z(window, qtbot)  # waits for the reader, then gives up
        assert len(messages) == 1 and "busy" in messages[0]
        assert playbook.stage(stage_id).phase == add.entity.id
        assert window.action_undo.text().startswith("&Undo Move")
    finally:
        reader.stdin.write("done\n")
        reader.stdin.flush()
        reader.wait(timeout=30)
    _ctrl_z(window, qtbot)
    _ctrl_z(window, qtbot)
    assert playbook.stage(stage_id).phase == home
    assert add.entity.id not in playbook.phases
    store = Store.open(window.document.path, read_only=True)
    try:
        assert store.load().stage(stage_id).phase == home
        assert store.repairs == []
    finally:
        store.close()
    assert len(messages) == 1
