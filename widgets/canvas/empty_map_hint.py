"""The hint an empty map shows in the middle of the view: how to add the first stage."""

from __future__ import annotations

from journeyapp.widgets.canvas.map_style import MapStyle
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

HINT = "Double-click the map or press N to add a stage"
DETAIL = "Then drag from a card's right edge to the next stage to connect them"
HINT_PX = 20
DETAIL_PX = 14
PADDING = 18
LINE_GAP = 8


def _lines(style: MapStyle):
    return ((HINT, style.font(HINT_PX, bold=True)), (DETAIL, style.font(DETAIL_PX)))


def hint_rect_in(viewport: QRect, style: MapStyle) -> QRect:
    """The box the hint takes, centred in ``viewport`` (in viewport pixels)."""
    sizes = [QFontMetrics(font).size(0, text) for text, font in _lines(style)]
    width = min(max(s.width() for s in sizes) + 2 * PADDING, viewport.width() - 16)
    height = sum(s.height() for s in sizes) + LINE_GAP + 2 * PADDING
    box = QRect(0, 0, max(width, 0), height)
    box.moveCenter(viewport.center())
    return box


def paint_empty_map_hint(painter: QPainter, box: QRect, style: MapStyle) -> None:
    """Draw the hint in ``box``: a quiet card over the grid, so a click there still adds."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    fill = QColor(style.card_fill)
    fill.setAlpha(235)
    painter.setPen(QPen(style.card_border, 1.2))
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)
    top = box.top() + PADDING
    colours = (style.card_text, style.card_subtle_text)
    for (text, font), colour in zip(_lines(style), colours, strict=True):
        painter.setFont(font)
        painter.setPen(colour)
        height = QFontMetrics(font).height()
        line = QRect(box.left() + PADDING, top, box.width() - 2 * PADDING, height)
        painter.drawText(line, Qt.AlignmentFlag.AlignCenter, text)
        top += height + LINE_GAP
