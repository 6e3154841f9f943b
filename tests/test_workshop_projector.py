"""Workshop mode on a projector: the map gets most of the room, the side column keeps one
width and never scrolls, the walk follows the journey, every stage is centred."""

from __future__ import annotations

import pytest
from journeyapp.models import operations as ops
from journeyapp.widgets.canvas.pinned_lane_names import pinned_lane_strips
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel


def _on_screen(window, monkeypatch, width, height):
    """Workshop mode as on a projector of this size: the test platform has one small screen,
    so the screen reports this size and full screen means the window takes all of it."""
    screen = window.screen()
    monkeypatch.setattr(type(screen), "geometry", lambda self: QRect(0, 0, width, height))
    monkeypatch.setattr(window, "showFullScreen", lambda: None)
    window.workshop.enter()
    QApplication.processEvents()
    window.workshop.go(window.workshop.index)
    return window.workshop


@pytest.fixture
def leave(window):
    yield
    window.workshop.leave()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_map_gets_most_of_the_window(window, monkeypatch, leave, size):
    _on_screen(window, monkeypatch, *size)
    assert window.size().toTuple() == size
    view = window.canvas.viewport()
    share = view.width() * view.height() / (size[0] * size[1])
    assert share >= 0.55


def test_the_column_keeps_its_width_and_fits_every_stage_without_scrolling(
    window, monkeypatch, leave
):
    workshop = _on_screen(window, monkeypatch, 1280, 720)
    panel = workshop.panel
    widths, map_widths = set(), set()
    for index in range(len(workshop.stage_ids)):
        workshop.go(index)
        QApplication.processEvents()
        widths.add(workshop.dock.width())
        map_widths.add(window.canvas.viewport().width())
        assert panel.needed_height() <= panel.height(), panel.stage_name
        # No text under the least a room reads (24 px on a 1080-line screen; 16 on 720).
        least = min(
            label.font().pixelSize()
            for label in panel.findChildren(QLabel)
            if label.isVisibleTo(panel) and label.text()
        )
        assert least >= round(24 * 720 / 1080), panel.stage_name
    assert len(widths) == 1 and len(map_widths) == 1
    scrolling = [
        area.objectName()
        for area in window.findChildren(QAbstractScrollArea)
        if area.isVisible()
        and (area.verticalScrollBar().isVisible() or area.horizontalScrollBar().isVisible())
    ]
    assert scrolling == []


def test_a_stage_with_more_than_fits_names_what_is_left_out(window, monkeypatch, leave):
    playbook = window.document.playbook
    stage = playbook.stages_in_journey_order()[4]
    window.apply_edit(
        ops.set_fields(playbook, ops.Kind.STAGE, stage.id, description="Long. " * 400)
    )
    workshop = _on_screen(window, monkeypatch, 1280, 720)
    workshop.go(workshop.stage_ids.index(stage.id))
    panel = workshop.panel
    assert panel.needed_height() <= panel.height()
    assert panel.left_out and panel.more.isVisible()
    assert panel.more.text().startswith("Also in the playbook: ")


def test_the_longest_stage_name_never_runs_into_the_timer(window, monkeypatch, leave):
    playbook = window.document.playbook
    longest = max(playbook.stages(), key=lambda s: len(s.name))
    workshop = _on_screen(window, monkeypatch, 1280, 720)
    for name in (longest.name, "Expansion, advocacy and the renewal conversation with " * 3):
        window.apply_edit(ops.rename(playbook, ops.Kind.STAGE, longest.id, name))
        workshop.go(workshop.stage_ids.index(longest.id))
        QApplication.processEvents()
        panel = workshop.panel
        assert not panel.title.geometry().intersects(panel.timer.geometry())
        metrics = panel.title.fontMetrics()
        lines = panel.title.text().split("\n")
        assert len(lines) <= 2
        assert all(metrics.horizontalAdvance(line) <= panel.title.width() for line in lines)
        shown = "".join(lines).replace(" ", "")
        assert shown.rstrip("…") and name.replace(" ", "").startswith(shown.rstrip("…"))
    assert panel.title.text().endswith("…")


def test_an_empty_parking_lot_takes_no_room(window, monkeypatch, leave, qtbot):
    workshop = _on_screen(window, monkeypatch, 1280, 720)
    panel = workshop.panel
    assert not panel.notes.isVisible() and not panel.parking.isVisible()
    qtbot.keyClick(window.canvas, Qt.Key.Key_W)
    qtbot.keyClicks(panel.capture, "Who owns the nurture content?")
    qtbot.keyClick(panel.capture, Qt.Key.Key_Return)
    assert panel.notes.isVisible() and panel.parking.isVisible()
    assert panel.notes.height() <= 0.3 * panel.height()
    assert panel.needed_height() <= panel.height()


def _notes_shown(panel) -> int:
    notes = panel.notes
    height = notes.viewport().height()
    return sum(
        1 for row in range(notes.count()) if notes.visualItemRect(notes.item(row)).bottom() < height
    )


def test_notes_more_than_fit_are_counted_in_the_parking_lot_heading(
    window, monkeypatch, leave, qtbot
):
    workshop = _on_screen(window, monkeypatch, 1280, 720)
    panel = workshop.panel
    for n in range(8):
        qtbot.keyClick(window.canvas, Qt.Key.Key_N)
        qtbot.keyClicks(panel.capture, f"Note {n}: ask finance earlier about the budget cycle")
        qtbot.keyClick(panel.capture, Qt.Key.Key_Return)
        if n == 2:  # each on two lines: sized as one line each, the third was out of sight
            assert _notes_shown(panel) == 3 and panel.parking.text() == "Parking lot"
    assert _notes_shown(panel) < 8
    assert panel.parking.text() == "Parking lot · 8 notes, J/K go through them"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_stage_the_last_included_is_centred(window, monkeypatch, leave, size):
    workshop = _on_screen(window, monkeypatch, *size)
    canvas = window.canvas
    assert canvas.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    for index in range(len(workshop.stage_ids)):
        workshop.go(index)
        centre = canvas.mapFromScene(window.scene.card_rect(workshop.stage_id).center())
        view = canvas.viewport().rect().center()
        assert abs(centre.x() - view.x()) <= 3 and abs(centre.y() - view.y()) <= 3, index
    workshop.leave()
    assert canvas.sceneRect() == window.scene.sceneRect()
    assert canvas.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded


def test_the_walk_follows_the_handoffs_on_a_map_drawn_against_its_columns(
    window, monkeypatch, leave
):
    playbook = window.document.playbook
    stages = {s.name: s for s in playbook.stages()}
    mql = stages["MQL"]
    decision = next(p.id for p in playbook.phases if p.name == "Decision")
    window.apply_edit(ops.move_stage(playbook, mql.id, decision, mql.lane, mql.x, mql.y))
    workshop = _on_screen(window, monkeypatch, 1280, 720)
    walk = workshop.stage_ids
    assert walk.index(stages["Lead"].id) < walk.index(mql.id) < walk.index(stages["SQL"].id)


def test_review_due_tags_leave_the_projector_and_come_back(window, monkeypatch, leave):
    scene, playbook = window.scene, window.document.playbook
    stage = next(s for s in playbook.stages() if not scene.stage_items[s.id]._data.stale)
    already = {i.stage_id for i in scene.stage_items.values() if i._data.stale}
    window.apply_edit(
        ops.set_fields(playbook, ops.Kind.STAGE, stage.id, last_reviewed="2001-01-01")
    )
    due = {i.stage_id for i in scene.stage_items.values() if i._data.stale}
    assert due == already | {stage.id}
    _on_screen(window, monkeypatch, 1280, 720)
    assert not any(i._data.stale for i in scene.stage_items.values())
    window.workshop.leave()
    assert {i.stage_id for i in scene.stage_items.values() if i._data.stale} == due


def test_lane_names_show_whole_or_cut_at_their_end(window, monkeypatch, leave):
    workshop = _on_screen(window, monkeypatch, 1280, 720)
    playbook = window.document.playbook
    marketing = next(lane for lane in playbook.lanes if lane.name == "Marketing")
    window.apply_edit(
        ops.rename(
            playbook, ops.Kind.LANE, marketing.id, "Marketing operations and demand generation"
        )
    )
    names = {lane.id: (lane.name, lane.color) for lane in playbook.lanes}
    for index in range(len(workshop.stage_ids)):
        workshop.go(index)
        canvas = window.canvas
        strips = pinned_lane_strips(canvas, window.scene.style, window.scene.grid, names)
        header = canvas.mapFromScene(0, 0).x()
        assert strips or header >= 0, "a lane header is cut and no name is pinned"
        for rect, text, _ in strips:
            assert rect.left() == 0
            shown = " ".join(text.split("\n")).rstrip("…")
            assert any(name.startswith(shown) for name, _ in names.values()), text
