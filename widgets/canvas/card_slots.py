"""Where badges sit on a stage card: each overlay has its own slot, so none covers another.

- the top edge, left: the diff's word ("Added", "Changed", "Removed");
- the top edge, right: "Review due", left of the problems badge in the corner;
- the left edge, over the team strip: the replay's token;
- below the card: the replay's days and SLAs on first touch, in rows as wide as the card, and
  the deal figures' tint; above it, at its right end, or beside it instead where that covers
  less of another card or a handoff's label.

Tags on the top edge straddle it, mostly above the card, clear of the name's first line.
"""

from __future__ import annotations

from collections.abc import Callable

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
ABOVE_GAP = 6.0  # between replay rows moved above a card and the tags on its top edge


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


class BadgeStrip:
    """Badges of one card (its replay's, or its tint's), laid left to right below it, wrapping
    to a new row."""

    def __init__(self, card: QRectF) -> None:
        self.card = card
        self.rows = 1
        self._x = card.left()
        self.badges: list = []  # the items placed, to move them all above the card at once

    def place(self, width: float) -> QPointF:
        """The top-left corner of the next badge ``width`` wide."""
        if self._x > self.card.left() and self._x + width > self.card.right():
            self.rows += 1
            self._x = self.card.left()
        top = self.card.bottom() + REPLAY_TOP + (self.rows - 1) * REPLAY_ROW
        spot = QPointF(self._x, top)
        self._x += width + REPLAY_GAP
        return spot


def overlap(rect: QRectF, others: list[QRectF]) -> float:
    """How much of ``rect`` the ``others`` cover, summed."""
    total = 0.0
    for other in others:
        common = rect.intersected(other)
        total += common.width() * common.height()
    return total


# What lies in an area of the map: the cards (but the strip's own) and the labels.
Obstacles = Callable[[QRectF], tuple[list[QRectF], list[QRectF]]]


def settle_where_clearest(strip: BadgeStrip, obstacles: Obstacles) -> None:
    """Move the strip's badges from below their card to where they cover least: below or
    above it, at its left or its right end, or beside it on the right or the left, one badge
    under another. Covering a card counts for more than covering a handoff's label; below
    on the left wins a tie. ``obstacles`` says what lies in the area those places span."""
    if not strip.badges:
        return
    rects = [badge.sceneBoundingRect() for badge in strip.badges]

    block = rects[0]
    for rect in rects[1:]:
        block = block.united(rect)
    up = strip.card.top() + TOP_TAG_Y - ABOVE_GAP - block.bottom()
    to_right_end = max(0.0, strip.card.right() - block.right())
    placements = [[QPointF(dx, dy)] * len(rects) for dy in (0.0, up) for dx in (0.0, to_right_end)]
    for x in (strip.card.right() + REPLAY_GAP, None):
        offsets, y = [], strip.card.top()
        for rect in rects:
            left = x if x is not None else strip.card.left() - REPLAY_GAP - rect.width()
            offsets.append(QPointF(left - rect.left(), y - rect.top()))
            y += rect.height() + REPLAY_GAP
        placements.append(offsets)
    moved = [
        [r.translated(o) for r, o in zip(rects, offsets, strict=True)] for offsets in placements
    ]
    span = QRectF(rects[0])
    for placed in moved:
        for rect in placed:
            span = span.united(rect)
    cards, labels = obstacles(span)

    def cost(placed: list[QRectF]) -> float:
        return sum(10 * overlap(r, cards) + overlap(r, labels) for r in placed)

    best = placements[min(range(len(placements)), key=lambda n: cost(moved[n]))]
    for badge, offset in zip(strip.badges, best, strict=True):
        badge.moveBy(offset.x(), offset.y())
