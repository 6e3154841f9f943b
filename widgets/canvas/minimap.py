"""The overview minimap: the whole map small, with the visible part framed; click to go there.

The map is drawn from a picture of its own, the minimap's size, brought up to date once the
map has stopped changing for a moment: an edit, and each frame of a drag, draws the map and
not the minimap, and a big map is never drawn again at a size it is not shown at."""

from __future__ import annotations

from journeyapp.widgets.canvas.map_view import JourneyCanvas
from journeyapp.widgets.canvas.overview_cache import OverviewCache
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QWidget

# How long the map stays unchanged before the minimap's picture catches up with it.
IDLE_MS = 200


class Minimap(QWidget):
    def __init__(self, canvas: JourneyCanvas, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("minimap")
        self.setAccessibleName("Map overview")
        self.canvas = canvas
        self.setMinimumSize(160, 90)
        self.picture = OverviewCache(canvas.map_scene, self._picture_side())
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self._catch_up)
        canvas.horizontalScrollBar().valueChanged.connect(self.update)
        canvas.verticalScrollBar().valueChanged.connect(self.update)
        canvas.map_scene.dirty_sinks.append(lambda _rect: self._map_changed())
        canvas.map_scene.sceneRectChanged.connect(lambda _rect: self._map_changed())
        canvas.map_scene.labelsSettled.connect(self._labels_settled)

    def _picture_side(self) -> int:
        return max(1, round(max(self.width(), self.height()) * self.devicePixelRatioF()))

    def _map_changed(self) -> None:
        if self.isVisible():
            # Again: wait for the map to settle, a map just opened as well (drawing a
            # thousand stages small took 40 ms, after the frames that show the map).
            self._idle.start(IDLE_MS)

    def _labels_settled(self) -> None:
        if self.picture.take_settled_labels():
            self._map_changed()

    def _catch_up(self) -> None:
        if self.isVisible() and self.picture.stale:
            self.picture.refresh()
            self.update()

    def reset(self) -> None:
        """Another playbook, or another look: the picture is drawn again from scratch."""
        self.picture.reset()
        self._map_changed()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._map_changed()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.picture.longest_side = self._picture_side()
        self.reset()

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
        self.picture.paint(painter, scene_rect, refresh=False)
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
