"""A diff laid on the map: added stages ringed green, changed ones amber, removed ones as red
ghosts where they used to be."""

from __future__ import annotations

from journeyapp.models.diff import ADDED, REMOVED, Difference, stage_marks
from journeyapp.models.map_geometry import card_rect
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.canvas.card_slots import diff_slot
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.canvas.overlay_items import OverlayItems
from journeyapp.widgets.canvas.replay_overlay import OVERLAY_Z, Badge
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem

MARK_COLOURS = {ADDED: QColor("#15803d"), "changed": QColor("#d97706"), REMOVED: QColor("#b91c1c")}
RING_Z = 1.8  # beneath the card, so the card's own tags stay whole on top of it
MARK_WORDS = {ADDED: "Added", "changed": "Changed", REMOVED: "Removed"}


class DiffOverlay(OverlayItems):
    def __init__(self, scene: MapScene) -> None:
        super().__init__(scene)
        self.marks: dict[str, str] = {}

    def clear(self) -> None:
        super().clear()
        self.marks = {}

    def show(self, differences: list[Difference], old: Playbook) -> None:
        self.clear()
        self.marks = stage_marks(differences)
        font = self.scene.style.font(12, bold=True)
        for stage_id, mark in self.marks.items():
            colour = MARK_COLOURS[mark]
            if mark == REMOVED:
                rect = self._where_it_was(old, stage_id)
                if rect is None:
                    continue
                self._ghost(rect, old.stage(stage_id).name, colour)
            elif stage_id in self.scene.stage_items:
                rect = self.scene.card_rect(stage_id)
                ring = QGraphicsRectItem(rect.adjusted(-7, -7, 7, 7))
                ring.setPen(QPen(colour, 5))
                ring.setBrush(Qt.BrushStyle.NoBrush)
                self._add_at(ring, RING_Z)
            else:
                continue
            badge = Badge(MARK_WORDS[mark], colour, font)
            slot = diff_slot(rect)
            badge.setPos(slot.left(), slot.center().y() - badge.rect().height() / 2)
            self._add_at(badge, OVERLAY_Z)

    def _where_it_was(self, old: Playbook, stage_id: str) -> QRectF | None:
        """The removed card's place on today's grid, if its phase and team are still there."""
        stage = old.stage(stage_id)
        grid = self.scene.grid
        if stage.phase not in {c.id for c in grid.columns} or stage.lane not in {
            r.id for r in grid.rows
        }:
            return None
        return QRectF(*card_rect(grid, stage.phase, stage.lane, stage.x, stage.y))

    def _ghost(self, rect: QRectF, name: str, colour: QColor) -> None:
        ghost = QGraphicsRectItem(rect)
        fill = QColor(colour)
        fill.setAlpha(40)
        ghost.setBrush(QBrush(fill))
        pen = QPen(colour, 3, Qt.PenStyle.DashLine)
        ghost.setPen(pen)
        self._add_at(ghost, OVERLAY_Z - 1)
        label = QGraphicsSimpleTextItem(name)  # plain text, never markup
        label.setFont(self.scene.style.font(15, bold=True))
        label.setBrush(colour)
        label.setPos(rect.left() + 14, rect.top() + 12)
        self._add_at(label, OVERLAY_Z - 1)

    def _add_at(self, item: QGraphicsItem, z: float) -> None:
        item.setZValue(z)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks reach the cards
        self._add(item)
