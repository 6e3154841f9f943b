"""Lane names kept at the view's left edge when the map is scrolled past its lane headers.

Zoomed in on one stage (the workshop's walk), the lane header is often half off the
view, and the name would show only its end ("ting" for Marketing). Pinned, each visible
lane shows its name whole at the left edge, or cut at its end with "…".
"""

from __future__ import annotations

from journeyapp.models.map_geometry import LANE_HEADER_WIDTH
from journeyapp.widgets.canvas.map_style import MapStyle
from journeyapp.widgets.fitted_text import within_lines
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsView

NAME_UNITS = 20  # the lane header's font size, in scene units
MAX_SHARE = 0.25  # of the view's width, at most, for a pinned name
LINES = 2


def pinned_lane_strips(
    view: QGraphicsView, style: MapStyle, grid, lanes: dict[str, tuple[str, str]]
) -> list[tuple[QRectF, str, str]]:
    """(where in the view, the text as shown, the lane's colour) for each lane whose header
    is not wholly in view; nothing when the headers show whole."""
    left = view.mapFromScene(QPointF(0, 0)).x()
    if left >= 0:
        return []
    zoom = view.transform().m11()
    header_right = max(0.0, view.mapFromScene(QPointF(LANE_HEADER_WIDTH, 0)).x())
    font = style.font(max(1, round(NAME_UNITS * zoom)), bold=True)
    metrics = QFontMetricsF(font)
    pad = 12 * zoom
    viewport = view.viewport().rect()
    strips = []
    for row in grid.rows:
        top = view.mapFromScene(QPointF(0, row.start)).y()
        bottom = view.mapFromScene(QPointF(0, row.end)).y()
        if bottom <= 0 or top >= viewport.height():
            continue
        name, colour = lanes.get(row.id, ("", "#888888"))
        room = max(metrics.averageCharWidth() * 3, viewport.width() * MAX_SHARE - 2 * pad)
        text = within_lines(name, font, room, LINES, break_words=False)
        needed = max(metrics.horizontalAdvance(line) for line in text.split("\n")) if text else 0
        width = max(header_right, needed + 2 * pad)
        strips.append((QRectF(0, top, width, bottom - top), text, colour))
    widest = max((rect.width() for rect, _, _ in strips), default=0.0)
    for rect, _, _ in strips:
        rect.setWidth(widest)  # one straight edge down the view, like the headers it stands for
    return strips


def paint_pinned_lane_names(painter: QPainter, view: QGraphicsView, style: MapStyle, grid, lanes):
    """Draw the strips in view coordinates, over the map."""
    strips = pinned_lane_strips(view, style, grid, lanes)
    if not strips:
        return
    zoom = view.transform().m11()
    painter.save()
    painter.resetTransform()
    painter.setFont(style.font(max(1, round(NAME_UNITS * zoom)), bold=True))
    pad = 12 * zoom
    for rect, text, colour in strips:
        painter.fillRect(rect, style.header_fill)
        painter.fillRect(
            QRectF(rect.left(), rect.top(), 8 * zoom / 2, rect.height()), QColor(colour)
        )
        painter.setPen(style.grid_line)
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.setPen(style.header_text)
        visible = rect.intersected(QRectF(view.viewport().rect()))
        painter.drawText(
            visible.adjusted(pad, 0, -pad / 2, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            text,
        )
    painter.restore()
