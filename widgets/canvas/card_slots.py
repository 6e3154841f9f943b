"""Where badges sit on a stage card: each overlay has its own slot, so none covers another.

- the top edge, left: the diff's word ("Added", "Changed", "Removed");
- the top edge, right: "Review due", left of the problems badge in the corner;
- the left edge, over the team strip: the replay's token;
- below the card: the replay's days and breached SLAs, in rows as wide as the card.

Tags on the top edge straddle it, mostly above the card, clear of the name's first line.
"""

from __future__ import annotations

from journeyapp.models.map_geometry import CARD_HEIGHT, CARD_WIDTH
from PySide6.QtCore import QPointF, QRectF

TOP_TAG_HEIGHT = 22.0
TOP_TAG_Y = -13.0  # mostly above the edge, clear of the first line of the name
DIFF_LEFT = 12.0  # just right of the team strip's rounded corner
REVIEW_RIGHT = CARD_WIDTH - 16.0  # the problems badge has the corner
TOP_GAP = 6.0
REVIEW_WIDTH = 90.0
REPLAY_TOP = 12.0  # below the card's bottom edge, clear of the diff's ring around the card
REPLAY_GAP = 4.0  # between badges
REPLAY_ROW = 25.0


def diff_slot(card: QRectF) -> QRectF:
    left = card.left() + DIFF_LEFT
    right = card.left() + REVIEW_RIGHT - REVIEW_WIDTH - TOP_GAP
    return QRectF(left, card.top() + TOP_TAG_Y, right - left, TOP_TAG_HEIGHT)


def review_slot(card: QRectF) -> QRectF:
    right = card.left() + REVIEW_RIGHT
    return QRectF(right - REVIEW_WIDTH, card.top() + TOP_TAG_Y, REVIEW_WIDTH, TOP_TAG_HEIGHT)


def token_centre(card: QRectF) -> QPointF:
    return QPointF(card.left(), card.top() + CARD_HEIGHT / 2)


def replay_slot(card: QRectF, rows: int) -> QRectF:
    return QRectF(card.left(), card.bottom() + REPLAY_TOP, card.width(), rows * REPLAY_ROW)


class ReplayStrip:
    """Badges of one card's replay, laid left to right below it, wrapping to a new row."""

    def __init__(self, card: QRectF) -> None:
        self.card = card
        self.rows = 1
        self._x = card.left()

    def place(self, width: float) -> QPointF:
        """The top-left corner of the next badge ``width`` wide."""
        if self._x > self.card.left() and self._x + width > self.card.right():
            self.rows += 1
            self._x = self.card.left()
        top = self.card.bottom() + REPLAY_TOP + (self.rows - 1) * REPLAY_ROW
        spot = QPointF(self._x, top)
        self._x += width + REPLAY_GAP
        return spot
