"""A picture of the whole map, kept up to date piece by piece, for drawing it zoomed far out.

Far out, thousands of cards and arrows cover a few pixels each; redrawing
every item on each repaint is wasted work. The cache renders the scene once
at a small scale, re-renders only the areas that changed, and the canvas
draws the picture instead of the items.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

MAX_SIDE = 4096  # pixels on the longer side of the cached picture


class OverviewCache:
    def __init__(self, scene, longest_side: int = MAX_SIDE) -> None:
        self._scene = scene
        self.longest_side = longest_side
        # The finest the picture is drawn at, in pixels a scene unit: no finer than it is
        # shown (the canvas sets its deepest far-out zoom).
        self.finest = 1.0
        self._image: QImage | None = None
        self._source = QRectF()
        self._scale = 1.0
        self._dirty: list[QRectF] = []
        # Where labels moved while the scene settles them a batch at a time (a map just
        # opened or laid out): drawn again once they are all settled, not after each batch,
        # which drew most of the map again each frame.
        self._settling: list[QRectF] = []
        # A change of the map's bounds is caught up with at the next refresh (see ``stale``),
        # the old picture kept till then: the minimap waits for the map to be idle.
        scene.dirty_sinks.append(self._on_area_changed)

    @property
    def scale(self) -> float:
        return self._scale

    def reset(self) -> None:
        self._image = None
        self._dirty.clear()
        self._settling.clear()

    def _on_area_changed(self, rect: QRectF) -> None:
        if self._image is not None:
            dirty = self._settling if self._scene.settling_labels else self._dirty
            dirty.append(QRectF(rect))

    def take_settled_labels(self) -> bool:
        """The scene's labels are all settled: the areas they moved while settling are drawn
        at the next refresh. Whether there were any (the view then shows the picture anew)."""
        if not self._settling:
            return False
        self._dirty += self._settling
        self._settling.clear()
        return True

    @property
    def drawn(self) -> bool:
        """Whether there is a picture at all (there is none before the first refresh)."""
        return self._image is not None

    @property
    def stale(self) -> bool:
        """Whether some of the map changed since the picture was last brought up to date."""
        return self._image is None or bool(self._dirty) or self._scene.sceneRect() != self._source

    def refresh(self) -> None:
        """Bring the picture up to date, redrawing only the areas that changed."""
        self._ensure()

    def _ensure(self) -> QImage:
        source = self._scene.sceneRect()
        longest = max(source.width(), source.height(), 1.0)
        scale = min(self.finest, self.longest_side / longest)
        if self._image is None or source != self._source or scale != self._scale:
            self._source = QRectF(source)
            self._scale = scale
            width = max(1, int(source.width() * self._scale))
            height = max(1, int(source.height() * self._scale))
            self._image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            self._dirty = [QRectF(source)]
            self._settling.clear()
        if self._dirty:
            area = self._dirty[0]
            for rect in self._dirty[1:]:
                area = area.united(rect)
            self._dirty.clear()
            self._render(area.adjusted(-2, -2, 2, 2).intersected(self._source))
        return self._image

    def _in_image(self, area: QRectF) -> QRectF:
        """A scene rectangle in the picture's pixel coordinates."""
        return QRectF(
            (area.left() - self._source.left()) * self._scale,
            (area.top() - self._source.top()) * self._scale,
            area.width() * self._scale,
            area.height() * self._scale,
        )

    def _render(self, area: QRectF) -> None:
        if area.isEmpty():
            return
        target = self._in_image(area).toAlignedRect()
        # Re-render whole pixels so no seam is left at the edges of the area.
        area = QRectF(
            self._source.left() + target.left() / self._scale,
            self._source.top() + target.top() / self._scale,
            target.width() / self._scale,
            target.height() / self._scale,
        )
        with QPainter(self._image) as painter:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.fillRect(target, Qt.GlobalColor.transparent)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            # One scene-to-picture transform for every area, the whole picture's: an area
            # drawn again lands on exactly the pixels it drew (mapping each area onto its own
            # pixels rounded differently, a level apart at the edges, at any scale but 1).
            painter.setClipRect(target)
            painter.scale(self._scale, self._scale)
            painter.translate(-self._source.left(), -self._source.top())
            self._scene.render(painter, area, area)

    def paint(self, painter: QPainter, exposed: QRectF, refresh: bool = True) -> None:
        """Draw the part of the picture under ``exposed`` (scene coordinates); without
        ``refresh``, as it was last brought up to date (nothing, before the first time)."""
        if refresh:
            image = self._ensure()
        elif self._image is None:
            return
        else:
            image = self._image
        area = exposed.intersected(self._source)
        if area.isEmpty():
            return
        painter.drawImage(area, image, self._in_image(area))
