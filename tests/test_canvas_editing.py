"""Drive the real canvas with mouse and keys: every action is one undo step through the Document."""

from __future__ import annotations

import pytest
from journeyapp.models.codec import playbook_to_dict
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtTest import QTest


@pytest.fixture
def canvas(window):
    canvas = window.canvas
    canvas.set_zoom(1.0)
    canvas.setFocus()
    return canvas


def _viewport_point(canvas, scene_point: QPointF) -> QPoint:
    canvas.centerOn(scene_point)
    return canvas.mapFromScene(scene_point)


def _card_centre(canvas, stage_id: str) -> QPoint:
    return _viewport_point(canvas, canvas.map_scene.card_rect(stage_id).center())


def _stage_named(playbook, name: str):
    return next(s for s in playbook.stages() if s.name == name)


def _click(canvas, point: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, modifier, point)


def _drag(canvas, start: QPoint, end: QPoint) -> None:
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    steps = 6
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def _empty_cell_centre(canvas, phase: str, lane: str) -> QPointF:
    grid = canvas.map_scene.grid
    column, row = grid.column(phase), grid.row(lane)
    return QPointF(column.start + column.size / 2, row.start + row.size / 2)


def test_build_on_the_canvas_then_undo_everything(window, canvas, qtbot):
    playbook = window.document.playbook
    stack = window.document.undo_stack
    original = playbook_to_dict(playbook)

    # Add: double-click an empty cell, type the name, Enter.
    spot = _empty_cell_centre(canvas, "retention", "marketing")
    QTest.mouseDClick(
        canvas.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        _viewport_point(canvas, spot),
    )
    assert canvas.name_editor.isVisible()
    QTest.keyClicks(canvas.name_editor, "Webinar attendee")
    QTest.keyClick(canvas.name_editor, Qt.Key.Key_Return)
    new = _stage_named(playbook, "Webinar attendee")
    assert (new.phase, new.lane) == ("retention", "marketing")
    assert stack.count() == 1 and stack.undoText() == "Add stage “Webinar attendee”"

    # Rename in place: select MQL, F2, type, Enter.
    mql = _stage_named(playbook, "MQL")
    _click(canvas, _card_centre(canvas, mql.id))
    QTest.keyClick(canvas, Qt.Key.Key_F2)
    assert canvas.name_editor.isVisible()
    QTest.keyClicks(canvas.name_editor, "Marketing qualified")
    QTest.keyClick(canvas.name_editor, Qt.Key.Key_Return)
    assert playbook.stage(mql.id).name == "Marketing qualified"
    assert stack.count() == 2

    # Esc cancels a rename.
    QTest.keyClick(canvas, Qt.Key.Key_F2)
    QTest.keyClicks(canvas.name_editor, "Oops")
    QTest.keyClick(canvas.name_editor, Qt.Key.Key_Escape)
    assert playbook.stage(mql.id).name == "Marketing qualified"
    assert stack.count() == 2

    # Connect: select the new stage, Ctrl+click MQL, press C.
    _click(canvas, _card_centre(canvas, new.id))
    _click(canvas, _card_centre(canvas, mql.id), Qt.KeyboardModifier.ControlModifier)
    assert canvas.selected_stage_ids() == [new.id, mql.id]
    QTest.keyClick(canvas, Qt.Key.Key_C)
    assert playbook.handoff_between(new.id, mql.id) is not None
    assert stack.count() == 3

    # Move: drag the new stage into the Shared lane of Retention, one undo step.
    _click(canvas, _card_centre(canvas, new.id))
    start = _card_centre(canvas, new.id)
    target = _viewport_point(canvas, _empty_cell_centre(canvas, "retention", "shared"))
    start = canvas.mapFromScene(canvas.map_scene.card_rect(new.id).center())
    _drag(canvas, start, target)
    moved = playbook.stage(new.id)
    assert (moved.phase, moved.lane) == ("retention", "shared")
    assert moved.x % 8 == 0 and moved.y % 8 == 0
    assert stack.count() == 4
    item = canvas.map_scene.stage_items[new.id]
    assert item.card_rect() == canvas.map_scene.model_card_rect(new.id)

    # Nudge with an arrow key.
    x_before = playbook.stage(new.id).x
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert playbook.stage(new.id).x == x_before + 8
    assert stack.count() == 5

    # Delete: select SQL and press Delete.
    sql = _stage_named(playbook, "SQL")
    _click(canvas, _card_centre(canvas, sql.id))
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert not playbook.has_stage(sql.id)
    assert sql.id not in canvas.map_scene.stage_items
    assert stack.count() == 6

    # Copy and paste MQL.
    _click(canvas, _card_centre(canvas, mql.id))
    QTest.keyClick(canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    copies = [s for s in playbook.stages() if s.name == "Marketing qualified"]
    assert len(copies) == 2
    assert stack.count() == 7
    assert canvas.selected_stage_ids() != [mql.id]

    while stack.canUndo():
        stack.undo()
    assert playbook_to_dict(playbook) == original
    assert set(canvas.map_scene.stage_items) == {s.id for s in playbook.stages()}
    assert set(canvas.map_scene.handoff_items) == {h.id for h in playbook.handoffs()}


def test_dragging_a_multi_selection_is_one_undo_step(window, canvas):
    playbook = window.document.playbook
    stack = window.document.undo_stack
    lead = _stage_named(playbook, "Lead")
    visitor = _stage_named(playbook, "Anonymous visitor")
    _click(canvas, _card_centre(canvas, visitor.id))
    _click(canvas, _card_centre(canvas, lead.id), Qt.KeyboardModifier.ControlModifier)
    start = _card_centre(canvas, lead.id)
    _drag(canvas, start, start + QPoint(0, 40))
    assert stack.count() == 1
    assert stack.undoText() == "Move 2 stages"
    assert playbook.stage(lead.id).y > 24 and playbook.stage(visitor.id).y > 24
    stack.undo()
    assert playbook.stage(lead.id).y == 24 and playbook.stage(visitor.id).y == 24


def test_connect_by_dragging_from_the_edge_handle(window, canvas):
    playbook = window.document.playbook
    disqualified = _stage_named(playbook, "Disqualified")
    won = _stage_named(playbook, "Won")
    assert playbook.handoff_between(disqualified.id, won.id) is None
    rect = canvas.map_scene.card_rect(disqualified.id)
    handle = _viewport_point(canvas, QPointF(rect.right(), rect.center().y()))
    end = canvas.mapFromScene(canvas.map_scene.card_rect(won.id).center())
    _drag(canvas, handle, end)
    assert playbook.handoff_between(disqualified.id, won.id) is not None
    assert window.document.undo_stack.count() == 1


def test_a_refused_connection_explains_why(window, canvas, messages):
    playbook = window.document.playbook
    mql, sql = _stage_named(playbook, "MQL"), _stage_named(playbook, "SQL")
    _click(canvas, _card_centre(canvas, mql.id))
    _click(canvas, _card_centre(canvas, sql.id), Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(canvas, Qt.Key.Key_C)
    assert "already connected" in messages[-1]
    assert window.document.undo_stack.count() == 0


def test_a_drop_outside_the_grid_puts_the_card_back(window, canvas):
    playbook = window.document.playbook
    lead = _stage_named(playbook, "Lead")
    before = canvas.map_scene.card_rect(lead.id)
    start = _card_centre(canvas, lead.id)
    outside = canvas.mapFromScene(QPointF(-60, -60))
    _drag(canvas, start, outside)
    assert window.document.undo_stack.count() == 0
    assert canvas.map_scene.card_rect(lead.id) == before


def test_select_all_and_delete_then_undo(window, canvas):
    playbook = window.document.playbook
    original = playbook_to_dict(playbook)
    QTest.keyClick(canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.selected_stage_ids()) == len(playbook.stages())
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert playbook.stages() == []
    window.document.undo_stack.undo()
    assert playbook_to_dict(playbook) == original


def test_selection_and_zoom_are_not_undo_steps(window, canvas):
    playbook = window.document.playbook
    _click(canvas, _card_centre(canvas, _stage_named(playbook, "Lead").id))
    canvas.zoom_in()
    canvas.zoom_to_fit()
    assert window.document.undo_stack.count() == 0


def test_drag_a_selected_arrow_end_onto_another_stage_to_reconnect(window, canvas):
    playbook = window.document.playbook
    handoff = playbook.handoff("ho-proposal-lost")
    lost, won = _stage_named(playbook, "Lost"), _stage_named(playbook, "Won")
    assert handoff.target == lost.id
    item = canvas.map_scene.handoff_items[handoff.id]
    item.setSelected(True)
    end = _viewport_point(canvas, item.path.pointAtPercent(1.0))
    target = canvas.mapFromScene(canvas.map_scene.card_rect(won.id).center())
    _drag(canvas, end, target)
    assert playbook.handoff(handoff.id).target == won.id
    assert window.document.undo_stack.undoText() == "Reconnect handoff"
    window.document.undo_stack.undo()
    assert playbook.handoff(handoff.id).target == lost.id


def test_rubber_band_selects_the_stages_inside_it(window, canvas):
    playbook = window.document.playbook
    lead, visitor = _stage_named(playbook, "Lead"), _stage_named(playbook, "Anonymous visitor")
    area = canvas.map_scene.card_rect(visitor.id).united(canvas.map_scene.card_rect(lead.id))
    canvas.centerOn(area.center())
    start = canvas.mapFromScene(area.topLeft() - QPointF(10, 10))
    end = canvas.mapFromScene(area.bottomRight() + QPointF(10, 10))
    _drag(canvas, start, end)
    assert set(canvas.selected_stage_ids()) == {lead.id, visitor.id}
    assert window.document.undo_stack.count() == 0


def test_space_drag_pans_and_ctrl_wheel_zooms(window, canvas):
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    canvas.set_zoom(2.0)
    canvas.centerOn(P(600, 300))
    before = canvas.mapToScene(canvas.viewport().rect().center())
    QTest.keyPress(canvas, Qt.Key.Key_Space)
    _drag(canvas, QPoint(400, 300), QPoint(300, 300))
    QTest.keyRelease(canvas, Qt.Key.Key_Space)
    after = canvas.mapToScene(canvas.viewport().rect().center())
    assert after.x() > before.x()
    assert window.document.undo_stack.count() == 0

    zoom = canvas.zoom()
    centre = P(canvas.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        P(canvas.viewport().mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas.viewport(), wheel)
    assert canvas.zoom() > zoom


def _arrows(scene):
    return [*scene.handoff_items.values(), *scene.recycle_items.values()]


def test_each_frame_of_a_select_all_drag_routes_each_arrow_once(window, canvas, monkeypatch):
    """A frame of a drag moved every card and rerouted its arrows card by card, each arrow
    twice, placing labels against half-moved arrows: 0.7 s a frame at 1,000 stages. Each
    arrow follows once a frame: routed on the first, moved along with its cards after."""
    from journeyapp.widgets.canvas.handoff_item import HandoffItem

    scene = canvas.map_scene
    for item in scene.stage_items.values():
        item.setSelected(True)
    start = _card_centre(canvas, _stage_named(window.document.playbook, "Lead").id)
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    routed = []
    original = HandoffItem.set_ends
    monkeypatch.setattr(
        HandoffItem, "set_ends", lambda self, *ends: routed.append(self) or original(self, *ends)
    )
    moved_along = []
    along = HandoffItem.move_along
    monkeypatch.setattr(
        HandoffItem,
        "move_along",
        lambda self, *step: moved_along.append(self) or along(self, *step),
    )
    QTest.mouseMove(viewport, start + QPoint(12, 6))
    assert sorted(map(id, routed)) == sorted(map(id, _arrows(scene)))
    assert moved_along == []
    QTest.mouseMove(viewport, start + QPoint(24, 12))
    assert sorted(map(id, routed)) == sorted(map(id, _arrows(scene)))
    assert sorted(map(id, moved_along)) == sorted(map(id, _arrows(scene)))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(24, 12)
    )


def _label_clashes(scene) -> tuple[int, int]:
    """How many labels cover a card, and how many pairs of labels overlap."""
    labels = [i.label_rect for i in _arrows(scene) if not i.label_rect.isEmpty()]
    cards = [scene.card_rect(stage_id) for stage_id in scene.stage_items]
    on_cards = sum(1 for label in labels if any(label.intersects(c) for c in cards))
    pairs = sum(
        1 for n, label in enumerate(labels) for other in labels[n + 1 :] if label.intersects(other)
    )
    return on_cards, pairs


def test_after_a_drag_the_labels_are_as_clear_as_on_a_freshly_drawn_map(window, canvas):
    """Labels ride along during a drag and find their places once it ends: no more of them
    on cards or on each other than when the same map is drawn afresh."""
    from journeyapp.widgets.canvas.map_scene import MapScene

    playbook = window.document.playbook
    lead = _stage_named(playbook, "Lead")
    start = _card_centre(canvas, lead.id)
    _drag(canvas, start, start + QPoint(30, 60))
    assert playbook.stage(lead.id).y > 24
    fresh = MapScene(canvas.map_scene.style)
    fresh.set_playbook(playbook, window.document.problems())
    shown, drawn_afresh = _label_clashes(canvas.map_scene), _label_clashes(fresh)
    assert shown[0] <= drawn_afresh[0] and shown[1] <= drawn_afresh[1]


def test_a_click_anywhere_along_an_arrow_selects_it_also_after_a_drag(window, canvas):
    """Along its whole length, wherever nothing is drawn over it, an arrow takes the click:
    before the cards it joins are dragged, and after, its line moved along with them."""
    scene = canvas.map_scene
    playbook = window.document.playbook
    lead = _stage_named(playbook, "Lead")
    handoff = playbook.outgoing(lead.id)[0]
    target = handoff.target

    def clicks_select_it() -> int:
        item = scene.handoff_items[handoff.id]
        hits = 0
        for fraction in (0.15, 0.3, 0.5, 0.7, 0.85):
            point = _viewport_point(canvas, item.path.pointAtPercent(fraction))
            if canvas.itemAt(point) is not item:
                continue  # under a card, a label or another arrow
            scene.clearSelection()
            _click(canvas, point)
            assert [i.handoff_id for i in scene.selectedItems()] == [handoff.id]
            hits += 1
        return hits

    assert clicks_select_it() >= 2
    _click(canvas, _card_centre(canvas, lead.id))
    _click(canvas, _card_centre(canvas, target), Qt.KeyboardModifier.ControlModifier)
    start = _card_centre(canvas, lead.id)
    _drag(canvas, start, start + QPoint(0, 40))
    assert playbook.stage(lead.id).y > 24
    assert clicks_select_it() >= 2


def _move_holding_the_button(viewport, point: QPoint) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    left = Qt.MouseButton.LeftButton
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(point),
        QPointF(viewport.mapToGlobal(point)),
        Qt.MouseButton.NoButton,
        left,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, move)


def _overview_as_drawn_and_afresh(canvas):
    """The cached far-out picture as the reported changes brought it up to date, and the
    same picture drawn from scratch."""
    overview = canvas.overview
    overview.refresh()
    kept = overview._ensure().copy()
    overview.reset()
    overview.refresh()
    return kept, overview._ensure()


@pytest.mark.parametrize("every", [2, 1], ids=["half the cards", "every card"])
def test_the_cached_picture_follows_every_frame_of_a_drag_of_many_cards(window, canvas, every):
    """The dragged cards and the arrows between them move as one and report the area they
    cover, not each its own (an arrow to a card left behind is routed and reports as before):
    the far-out picture still shows them where they are, mid-drag and after."""
    scene = canvas.map_scene
    playbook = window.document.playbook
    canvas.overview.refresh()
    lead = _stage_named(playbook, "Lead")
    start = _card_centre(canvas, lead.id)
    for n, (stage_id, item) in enumerate(scene.stage_items.items()):
        item.setSelected(stage_id == lead.id or n % every == 0)
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        _move_holding_the_button(viewport, start + QPoint(7 * step, 5 * step))
    assert scene._held  # the drag reports its cards and arrows as one area
    kept, afresh = _overview_as_drawn_and_afresh(canvas)
    assert kept == afresh
    end = start + QPoint(40, 30)
    _move_holding_the_button(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert not scene._held
    kept, afresh = _overview_as_drawn_and_afresh(canvas)
    assert kept == afresh
    moved = playbook.stage(lead.id)
    assert scene.card_rect(lead.id).topLeft() == scene._card_origin(moved)


def _release(viewport, point: QPoint) -> None:
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def _select_all_and_press(canvas, stage_name: str) -> QPoint:
    scene = canvas.map_scene
    for item in scene.stage_items.values():
        item.setSelected(True)
    start = _card_centre(canvas, _stage_named(canvas.window().document.playbook, stage_name).id)
    QTest.mousePress(
        canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start
    )
    return start


def test_mid_drag_an_arrow_moved_along_is_read_where_it_is_drawn(window, canvas):
    """Arrows moving along with their cards are moved by Qt as a whole each frame; asked for
    their line or label (to place labels, or to find what a line crosses) they answer where
    they are drawn now, in the scene's coordinates."""
    scene = canvas.map_scene
    before = {
        item: (QPointF(item.path.pointAtPercent(0.5)), QRectF(item.label_rect))
        for item in _arrows(scene)
    }
    lead = _stage_named(window.document.playbook, "Lead").id
    card_before = scene.card_rect(lead).topLeft()
    start = _select_all_and_press(canvas, "Lead")
    for step in range(1, 5):
        _move_holding_the_button(canvas.viewport(), start + QPoint(10 * step, 5 * step))
    assert scene._held  # past the first frame, the arrows move along
    offset = scene.card_rect(lead).topLeft() - card_before
    assert offset.x() > 0 and offset.y() > 0
    for item, (middle, label) in before.items():
        now = item.path.pointAtPercent(0.5)
        assert abs(now.x() - middle.x() - offset.x()) < 1e-6
        assert abs(now.y() - middle.y() - offset.y()) < 1e-6
        assert item.pos() == QPointF(0, 0)
        if not label.isNull():
            assert abs(item.label_rect.left() - label.left() - offset.x()) < 1e-6
            assert abs(item.label_rect.top() - label.top() - offset.y()) < 1e-6
    end = start + QPoint(40, 20)
    _release(canvas.viewport(), end)


def test_after_a_select_all_drag_cards_are_followed_and_found_where_they_landed(window, canvas):
    """While a select-all drag goes on, the cards are not told of each frame's move; once
    dropped, each card is found where it landed, and a card then dragged alone still takes
    its arrows with it."""
    scene = canvas.map_scene
    playbook = window.document.playbook
    start = _select_all_and_press(canvas, "Lead")
    end = start + QPoint(36, 24)
    for step in range(1, 7):
        _move_holding_the_button(canvas.viewport(), start + (end - start) * (step / 6))
    _release(canvas.viewport(), end)
    scene.clearSelection()
    for stage_id in scene.stage_items:
        inside = scene.card_rect(stage_id).adjusted(20, 20, -20, -20)
        assert scene.card_alone_over(inside) is scene.stage_items[stage_id]
    lead = _stage_named(playbook, "Lead")
    handoff = playbook.outgoing(lead.id)[0]
    arrow = scene.handoff_items[handoff.id]
    start = _card_centre(canvas, lead.id)
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    _move_holding_the_button(viewport, start + QPoint(0, 40))
    first = arrow.path.pointAtPercent(0)
    assert scene.card_rect(lead.id).adjusted(-2, -2, 2, 2).contains(first)
    _release(viewport, start + QPoint(0, 40))
