"""What an arrow says it draws (its line, pen, arrowhead and label box): what the canvas
benchmark's bare scene draws for it, so the baseline strokes the same lines the same way."""

from __future__ import annotations

from journeyapp.models.entities import HandoffKind
from journeyapp.models.map_geometry import CARD_HEIGHT, CARD_WIDTH
from journeyapp.widgets.canvas.handoff_item import HandoffArrowData, HandoffItem
from journeyapp.widgets.canvas.map_style import MapStyle
from PySide6.QtCore import QRectF

SOURCE = QRectF(400, 400, CARD_WIDTH, CARD_HEIGHT)
TARGET = SOURCE.translated(460, 210)


def _arrow(kind: HandoffKind) -> HandoffItem:
    item = HandoffItem("h", HandoffArrowData(kind, "Lead accepted", 24), MapStyle.light_style())
    item.set_ends(SOURCE, TARGET)
    return item


def test_a_cross_team_arrow_is_stroked_thicker_than_a_progression(qapp):
    _, progression, _, _ = _arrow(HandoffKind.PROGRESSION).drawn_parts()
    _, cross_team, _, _ = _arrow(HandoffKind.CROSS_TEAM).drawn_parts()
    assert cross_team.widthF() > progression.widthF() >= 2
    assert cross_team.color() != progression.color()


def test_the_parts_follow_the_arrow_as_a_drag_moves_it(qapp):
    item = _arrow(HandoffKind.PROGRESSION)
    line, _, head, label = item.drawn_parts()
    assert head[0] == line.currentPosition()  # the arrowhead's tip is where the line ends
    assert label.contains(line.pointAtPercent(0.5))

    item.move_along((30.0, -20.0))  # a drag frame moves it by its position alone
    moved_line, _, moved_head, moved_label = item.drawn_parts()
    step = moved_head[0] - head[0]
    assert (step.x(), step.y()) == (30.0, -20.0)
    assert moved_line.currentPosition() - line.currentPosition() == step
    assert moved_label.topLeft() - label.topLeft() == step
