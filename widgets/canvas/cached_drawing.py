"""Small drawings repainted often (an arrow's label), kept as pixmaps at the screen's scale.

A label is a rounded box and a line or two of text: drawing it costs about ten times
copying its pixels, and every repaint an arrow takes part in draws it again. The pixmap is
made at the painter's scale and at the drawing's offset within a device pixel, so a copy
lands on the same pixels the drawing would; a new zoom or offset makes a new one. Only a
view's painting is cached: a drawing rendered to a file (a PDF, say) stays vector.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap, QPixmapCache, QTransform

MARGIN_PX = 2  # device pixels around the rect, for a border's half width and antialiasing


def draw_cached(
    painter: QPainter, key: str, rect: QRectF, draw: Callable[[QPainter], None]
) -> None:
    """``draw`` paints within ``rect`` (scene units, with MARGIN_PX to spare); ``key`` names
    everything the drawing depends on. The painter's world transform must be a scale and a
    move (a view's), else the drawing is painted as it is."""
    world = painter.worldTransform()
    if world.type().value > QTransform.TransformationType.TxScale.value:
        draw(painter)
        return
    ratio = painter.device().devicePixelRatioF()
    scale_x, scale_y = world.m11() * ratio, world.m22() * ratio
    corner = world.map(rect.topLeft()) * ratio
    left, top = math.floor(corner.x()) - MARGIN_PX, math.floor(corner.y()) - MARGIN_PX
    dx, dy = corner.x() - left, corner.y() - top  # where the rect starts in the pixmap
    full_key = f"{key}|{scale_x:.6g}|{scale_y:.6g}|{dx:.4f}|{dy:.4f}|{ratio:g}"
    pixmap = QPixmapCache.find(full_key)
    if pixmap is None:
        width = math.ceil(dx + rect.width() * scale_x) + MARGIN_PX
        height = math.ceil(dy + rect.height() * scale_y) + MARGIN_PX
        pixmap = QPixmap(width, height)
        pixmap.fill(Qt.GlobalColor.transparent)
        inner = QPainter(pixmap)
        inner.setRenderHints(painter.renderHints())
        shift_x, shift_y = dx - rect.left() * scale_x, dy - rect.top() * scale_y
        inner.setTransform(QTransform(scale_x, 0, 0, scale_y, shift_x, shift_y))
        draw(inner)
        inner.end()
        pixmap.setDevicePixelRatio(ratio)
        QPixmapCache.insert(full_key, pixmap)
    painter.save()
    painter.resetTransform()
    painter.drawPixmap(QPointF(left / ratio, top / ratio), pixmap)
    painter.restore()
