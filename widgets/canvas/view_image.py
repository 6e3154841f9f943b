"""The map as a picture for slides: PNG bytes or SVG bytes, drawn from the scene."""

from __future__ import annotations

from contextlib import contextmanager

from journeyapp.widgets.canvas.map_scene import MapScene
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

MARGIN = 24.0


@contextmanager
def _unselected(scene: MapScene):
    """Render without selection highlights, every label in its place, and every item drawn
    afresh (a card kept as a picture of itself for the screen would go into an SVG as an
    image, its text no longer text); the selection and the pictures come back afterwards."""
    scene.settle_labels_now()
    selected = scene.selectedItems()
    scene.clearSelection()
    cached = [item for item in scene.items() if item.cacheMode() != NO_CACHE]
    modes = [item.cacheMode() for item in cached]
    for item in cached:
        item.setCacheMode(NO_CACHE)
    try:
        yield
    finally:
        for item, mode in zip(cached, modes, strict=True):
            item.setCacheMode(mode)
        for item in selected:
            item.setSelected(True)


NO_CACHE = QGraphicsItem.CacheMode.NoCache


def _area(scene: MapScene) -> QRectF:
    grid = scene.grid
    return QRectF(0, 0, grid.width, grid.height).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def png_bytes(scene: MapScene, scale: float = 2.0) -> bytes:
    """The whole map at ``scale`` pixels per scene unit (2 gives crisp slides)."""
    area = _area(scene)
    image = QImage(
        int(area.width() * scale), int(area.height() * scale), QImage.Format.Format_ARGB32
    )
    image.fill(scene.style.background)
    with _unselected(scene), QPainter(image) as painter:
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        scene.render(painter, QRectF(0, 0, image.width(), image.height()), area)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def svg_bytes(scene: MapScene, title: str = "Journey map") -> bytes:
    """The whole map as scalable vector graphics."""
    area = _area(scene)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(int(area.width()), int(area.height())))
    generator.setViewBox(QRectF(0, 0, area.width(), area.height()))
    generator.setTitle(title)
    with _unselected(scene), QPainter(generator) as painter:
        scene.render(painter, QRectF(0, 0, area.width(), area.height()), area)
    buffer.close()
    return bytes(data)
