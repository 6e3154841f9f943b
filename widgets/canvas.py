"""The map canvas: a view on the MapScene with zoom and fit; zoom never goes into undo."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

from widgets.map_scene import MapScene

MIN_ZOOM = 0.05
MAX_ZOOM = 4.0
ZOOM_STEP = 1.2


class JourneyCanvas(QGraphicsView):
    def __init__(self, scene: MapScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("journey_canvas")
        self.setAccessibleName("Journey map")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    @property
    def map_scene(self) -> MapScene:
        return self.scene()

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.scale(factor / self.zoom(), factor / self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def zoom_to_fit(self) -> None:
        grid = self.map_scene.grid
        self.fit_rect(QRectF(0, 0, grid.width, grid.height).adjusted(-20, -20, 20, 20))

    def fit_rect(self, rect: QRectF) -> None:
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > MAX_ZOOM:
            self.set_zoom(MAX_ZOOM)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)
