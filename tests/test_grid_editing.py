"""Phases and lanes as the grid: add, rename, reorder, recolour and remove, each one undo step."""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_to_dict
from journeyapp.models.map_geometry import LANE_HEADER_WIDTH, PHASE_HEADER_HEIGHT
from journeyapp.widgets.canvas.map_scene import header_at
from PySide6.QtWidgets import QInputDialog


def test_headers_are_found_under_the_pointer(window):
    grid = window.scene.grid
    retention = grid.column("retention")
    assert header_at(grid, retention.start + 10, PHASE_HEADER_HEIGHT / 2) == (
        Kind.PHASE,
        "retention",
    )
    sales = grid.row("sales")
    assert header_at(grid, LANE_HEADER_WIDTH / 2, sales.start + 5) == (Kind.LANE, "sales")
    assert header_at(grid, retention.start + 10, sales.start + 5) is None


def test_add_rename_move_and_recolour_then_undo_all(window):
    editor, playbook = window.grid_editor, window.document.playbook
    original = playbook_to_dict(playbook)
    editor.add(Kind.PHASE, "Advocacy")
    assert [p.name for p in playbook.phases][-1] == "Advocacy"
    assert window.scene.grid.columns[-1].id == playbook.phases.ids()[-1]
    editor.rename(Kind.LANE, "shared", "Customer success")
    assert playbook.lanes["shared"].name == "Customer success"
    assert window.scene.grid_item is not None
    editor.move(Kind.LANE, "shared", -1)
    assert playbook.ids(Kind.LANE) == ["marketing", "shared", "sales"]
    editor.move(Kind.LANE, "marketing", -1)  # already first
    assert playbook.ids(Kind.LANE) == ["marketing", "shared", "sales"]
    editor.set_colour("sales", "#aa0000")
    sql = next(s for s in playbook.stages() if s.name == "SQL")
    assert window.scene.stage_items[sql.id].data_shown.team_color == "#aa0000"
    assert window.document.undo_stack.count() == 4
    while window.document.undo_stack.canUndo():
        window.document.undo_stack.undo()
    assert playbook_to_dict(playbook) == original
    assert window.scene.stage_items[sql.id].data_shown.team_color == "#d9822b"


def test_removing_a_lane_that_holds_stages_asks_where_they_go(window, monkeypatch):
    playbook = window.document.playbook
    asked = []

    def choose(dialog):
        asked.append((dialog.labelText(), dialog.comboBoxItems()))
        dialog.setTextValue("Sales")
        return QInputDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", choose)
    window.grid_editor.ask_remove(Kind.LANE, "shared")
    assert "holds 2 stages. Move them to:" in asked[0][0]
    assert asked[0][1] == ["Marketing", "Sales"]
    assert "shared" not in playbook.lanes
    onboarding = next(s for s in playbook.stages() if s.name == "Customer onboarding")
    assert onboarding.lane == "sales"
    assert window.scene.stage_items[onboarding.id].data_shown.team_color == "#d9822b"
    window.document.undo_stack.undo()
    assert playbook.stage(onboarding.id).lane == "shared"


def test_a_lane_name_in_the_removal_question_is_shown_as_typed(window, monkeypatch):
    """The question quotes the lane's name; markup in it must not be rendered."""
    from PySide6.QtGui import Qt

    window.grid_editor.rename(Kind.LANE, "shared", "<b>Success</b><img src='/etc/passwd'>")
    asked = []
    monkeypatch.setattr(QInputDialog, "exec", lambda dialog: asked.append(dialog.labelText()) or 0)
    window.grid_editor.ask_remove(Kind.LANE, "shared")
    assert len(asked) == 1
    assert "<img" not in asked[0]
    assert "&lt;b&gt;Success&lt;/b&gt;&lt;img" in asked[0]
    assert Qt.mightBeRichText(asked[0])  # the escaped text, which Qt shows literally
    assert "shared" in window.document.playbook.lanes  # cancelled: nothing removed


def test_an_empty_phase_is_removed_without_asking(window, monkeypatch):
    playbook = window.document.playbook
    window.grid_editor.add(Kind.PHASE, "Spare")
    spare = playbook.phases.ids()[-1]
    monkeypatch.setattr(QInputDialog, "exec", lambda *a: (_ for _ in ()).throw(AssertionError))
    window.grid_editor.ask_remove(Kind.PHASE, spare)
    assert spare not in playbook.phases


def test_an_empty_name_is_refused(window, messages):
    before = window.document.playbook.phases["awareness"].name
    window.grid_editor.rename(Kind.PHASE, "awareness", "  ")
    assert "cannot be empty" in messages[-1]
    assert window.document.playbook.phases["awareness"].name == before
    assert not window.document.undo_stack.canUndo()


def test_the_header_menu_offers_the_grid_actions(window):
    menu = window.grid_editor.menu_for(Kind.LANE, "sales")
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == [
        "Rename lane…",
        "Insert lane before…",
        "Insert lane after…",
        "Move Up",
        "Move Down",
        "Change colour…",
        "Delete lane…",
    ]
