"""A deal's replay drawn over the map: a token on the current stage, days against expected
on each visited stage, breached SLAs, and moves the map has no path for.

The overlay's items sit above the cards and are not part of the model: they
come and go with the replay and never enter the undo history.
"""

from __future__ import annotations

from journeyapp.models.replay import Pace, Replay, ReplayStep
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.plain_text import as_typed
from PySide6.QtCore import QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

OVERLAY_Z = 5
TOKEN_RADIUS = 13.0
PACE_COLOURS = {
    Pace.ON_TIME: QColor("#2e9d57"),
    Pace.SLOW: QColor("#d98a06"),
    Pace.STUCK: QColor("#d13b3b"),
    Pace.UNKNOWN: QColor("#6b7280"),
}
OFF_MAP = QColor("#d13b3b")
BACK = QColor("#b7791f")  # a step back along a path the map has
GLIDE_MS = 350


def _days(step: ReplayStep) -> str:
    if step.days is None:
        return "now"
    shown = f"{step.days:.0f} d" if step.days >= 1 else f"{step.days * 24:.0f} h"
    return f"{shown} / {step.expected_days}" if step.expected_days else shown


class Badge(QGraphicsRectItem):
    """A small rounded label with white text on a colour."""

    def __init__(self, text: str, colour: QColor, font) -> None:
        super().__init__()
        self.label = QGraphicsSimpleTextItem(text, self)
        self.label.setFont(font)
        self.label.setBrush(QBrush(QColor("white")))
        box = self.label.boundingRect()
        self.setRect(QRectF(0, 0, box.width() + 14, box.height() + 6))
        self.label.setPos(7, 3)
        self.setBrush(QBrush(colour))
        self.setPen(QPen(colour.darker(130), 1))
        self.setZValue(OVERLAY_Z)
        self.setToolTip(as_typed(text))


class ReplayOverlay:
    def __init__(self, scene: MapScene) -> None:
        self.scene = scene
        self.replay: Replay | None = None
        self._items: list[QGraphicsItem] = []
        self.token = QGraphicsEllipseItem(
            -TOKEN_RADIUS, -TOKEN_RADIUS, 2 * TOKEN_RADIUS, 2 * TOKEN_RADIUS
        )
        self.token.setZValue(OVERLAY_Z + 1)
        self.token.setPen(QPen(QColor("white"), 3))
        self.token.setBrush(QBrush(QColor("#1a73e8")))
        self.token.setVisible(False)
        scene.addItem(self.token)
        self._glide = QVariantAnimation()
        self._glide.setDuration(GLIDE_MS)
        self._glide.valueChanged.connect(self.token.setPos)

    # -- showing ------------------------------------------------------------------

    def show(self, replay: Replay | None, upto: int) -> None:
        """Draw the deal's steps 0..``upto``; the token stands on step ``upto``."""
        self.clear()
        self.replay = replay
        if replay is None or not replay.steps:
            return
        font = self.scene.style.font(13, bold=True)
        upto = max(0, min(upto, len(replay.steps) - 1))
        visits: dict[str, float] = {}  # where the next badge on a card must end
        for step in replay.steps[: upto + 1]:
            if not step.on_map:
                continue
            card = self.scene.card_rect(step.stage)
            badge = Badge(_days(step), PACE_COLOURS[step.pace], font)
            # A second visit's badge goes left of the first, not over what is above the card.
            right = visits.get(step.stage, card.right() + 6)
            badge.setPos(right - badge.rect().width(), card.top() - 14)
            visits[step.stage] = right - badge.rect().width() - 4
            badge.setToolTip(
                as_typed(f"Step {step.index + 1}: {step.stage_name}, {step.pace.value}")
            )
            self._add(badge)
            if step.sla_breached and step.arrived_by is not None:
                self._add_sla_mark(step, font)
        for before, after in zip(replay.steps[:upto], replay.steps[1 : upto + 1], strict=False):
            if not (before.on_map and after.on_map):
                continue
            if after.off_map_move:
                self._add_move(before.stage, after.stage, "the map has no path here", OFF_MAP, font)
            elif after.backward:
                self._add_move(before.stage, after.stage, "back", BACK, font)
        self._move_token(replay.steps[upto])

    def clear(self) -> None:
        for item in self._items:
            self.scene.removeItem(item)
        self._items.clear()
        self.token.setVisible(False)
        self.replay = None

    def items(self) -> list[QGraphicsItem]:
        return list(self._items)

    def _add(self, item: QGraphicsItem) -> None:
        self.scene.addItem(item)
        self._items.append(item)

    def _move_token(self, step: ReplayStep) -> None:
        if not step.on_map:
            self.token.setVisible(False)
            return
        card = self.scene.card_rect(step.stage)
        target = QPointF(card.left() + 4, card.top() + 4)
        if self.token.isVisible() and self.token.pos() != target:
            self._glide.stop()
            self._glide.setStartValue(self.token.pos())
            self._glide.setEndValue(target)
            self._glide.start()
        else:
            self.token.setPos(target)
        self.token.setToolTip(
            as_typed(f"{self.replay.deal.name}: step {step.index + 1}, {step.stage_name}")
        )
        self.token.setVisible(True)

    def _add_sla_mark(self, step: ReplayStep, font) -> None:
        item = self.scene.handoff_items.get(step.arrived_by.id)
        if item is None:
            return
        badge = Badge(
            f"SLA {step.arrived_by.sla_hours:g}h breached", PACE_COLOURS[Pace.STUCK], font
        )
        middle = item.path.pointAtPercent(0.5)
        badge.setPos(middle.x() - badge.rect().width() / 2, middle.y() + 16)
        self._add(badge)

    def _add_move(self, source: str, target: str, text: str, colour: QColor, font) -> None:
        """A dashed curve under the cards for a move worth pointing at, with its label."""
        source_card, target_card = self.scene.card_rect(source), self.scene.card_rect(target)
        start = QPointF(source_card.center().x(), source_card.bottom())
        end = QPointF(target_card.center().x(), target_card.bottom())
        path = QPainterPath(start)
        # Below the cards: the day badges sit above them.
        bend = QPointF((start.x() + end.x()) / 2, max(start.y(), end.y()) + 110)
        path.quadTo(bend, end)
        line = QGraphicsPathItem(path)
        pen = QPen(colour, 4, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        line.setPen(pen)
        line.setZValue(OVERLAY_Z)
        self._add(line)
        badge = Badge(text, colour, font)
        low = path.pointAtPercent(0.5)
        badge.setPos(low.x() - badge.rect().width() / 2, low.y() + 4)
        self._add(badge)
