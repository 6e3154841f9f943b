"""Figures across deals laid on the map: each card tinted by how slow deals are there (the
median days against the expected, deals still there counted so far), with how many are
still there and how many were lost there, for all deals or those of one lead source. Each
badge goes below its card, or where it covers least of the other cards, the handoffs' labels
and the badges placed before it (card_slots.settle_where_clearest)."""

from __future__ import annotations

from journeyapp.models.deal_stats import StageFigures
from journeyapp.models.replay import Pace, pace_of
from journeyapp.widgets.canvas.card_slots import BadgeStrip, settle_where_clearest
from journeyapp.widgets.canvas.overlay_items import OverlayItems
from journeyapp.widgets.canvas.replay_overlay import OVERLAY_Z, PACE_COLOURS, Badge
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem


class HeatOverlay(OverlayItems):
    def show(self, figures: dict[str, StageFigures], caption: str = "") -> None:
        """Tint each stage the deals entered; ``caption`` names whose deals (a lead source)."""
        self.clear()
        font = self.scene.style.font(12, bold=True)
        placed: list[QRectF] = []
        for stage_id, stage in figures.items():
            if not stage.entered or stage_id not in self.scene.stage_items:
                continue
            days = stage.pace_days  # worked out from every stay: once
            pace = pace_of(days, stage.expected_days)
            heat = QColor(PACE_COLOURS[pace])
            heat.setAlpha(55)
            card = self.scene.card_rect(stage_id)
            tint = QGraphicsRectItem(card.adjusted(-6, -6, 6, 6))
            tint.setBrush(QBrush(heat))
            tint.setPen(QPen(heat.darker(160), 2))
            tint.setZValue(OVERLAY_Z - 1)
            tint.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks reach the card
            self._add(tint)
            median = "—" if days is None else f"{days:.0f} d"
            expected = f" / {stage.expected_days}" if stage.expected_days else ""
            text = f"{caption}: " if caption else ""
            text += f"{stage.entered} in · {median}{expected}"
            if stage.waiting:
                text += f" · {len(stage.waiting)} still there"
            if stage.lost_here:
                text += f" · {stage.lost_here} lost"
            colour = PACE_COLOURS[pace] if pace is not Pace.UNKNOWN else QColor("#4b5563")
            badge = Badge(text, colour, font)
            strip = BadgeStrip(card)
            badge.setPos(strip.place(badge.rect().width()))
            strip.badges.append(badge)
            self._add(badge)
            settle_where_clearest(strip, lambda area, s=stage_id: self._obstacles(area, s, placed))
            placed.append(badge.sceneBoundingRect())

    def _obstacles(
        self, area: QRectF, stage_id: str, placed: list[QRectF]
    ) -> tuple[list[QRectF], list[QRectF]]:
        cards, labels = self.scene.badge_obstacles(area, stage_id)
        return cards, labels + [rect for rect in placed if rect.intersects(area)]
