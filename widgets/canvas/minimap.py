"""The overview minimap: the whole map small, with the visible part framed; click to go there."""

from __future__ import annotations

from journeyapp.widgets.canvas.map_view import JourneyCanvas
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QWidget


class Minimap(QWidget):
    def __init__(self, canvas: JourneyCanvas, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("minimap")
        self.setAccessibleName("Map overview")
        self.canvas = canvas
        self.setMinimumSize(160, 90)
        canvas.horizontalScrollBar().valueChanged.connect(self.update)
        canvas.verticalScrollBar().valueChanged.connect(self.update)
        canvas.map_scene.dirty_sinks.append(lambda _rect: self.update())

    def sizeHint(self) -> QSize:
        return QSize(280, 150)

    def _map_rect(self) -> tuple[QRectF, float]:
        """Where the scene sits in this widget, and the scale from scene to widget."""
        scene_rect = self.canvas.map_scene.sceneRect()
        if scene_rect.isEmpty():
            return QRectF(), 1.0
        scale = min(self.width() / scene_rect.width(), self.height() / scene_rect.height())
        width, height = scene_rect.width() * scale, scene_rect.height() * scale
        left, top = (self.width() - width) / 2, (self.height() - height) / 2
        return QRectF(left, top, width, height), scale

    def paintEvent(self, event) -> None:
        area, scale = self._map_rect()
        painter = QPainter(self)
        style = self.canvas.map_scene.style
        painter.fillRect(self.rect(), style.header_fill)
        if area.isEmpty():
            return
        scene_rect = self.canvas.map_scene.sceneRect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.translate(area.topLeft())
        painter.scale(scale, scale)
        painter.translate(-scene_rect.topLeft())
        self.canvas.overview.paint(painter, scene_rect)
        visible = self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()
        painter.setPen(QPen(style.selection, 2 / scale))
        fill = QColor(style.selection)
        fill.setAlpha(40)
        painter.setBrush(fill)
        painter.drawRect(visible.intersected(scene_rect))
        painter.end()

    def _go_to(self, position: QPointF) -> None:
        area, scale = self._map_rect()
        if area.isEmpty():
            return
        scene_rect = self.canvas.map_scene.sceneRect()
        target = QPointF(
            scene_rect.left() + (position.x() - area.left()) / scale,
            scene_rect.top() + (position.y() - area.top()) / scale,
        )
        self.canvas.hold_view()
        self.canvas.centerOn(target)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._go_to(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._go_to(event.position())
