"""A graphics item that tells its scene which area it repaints.

The map's cached far-out picture (and the minimap) must redraw exactly what
changed. Listening to QGraphicsScene.changed would tell them, but a connection
to that signal makes Qt give up its partial repaints for every view, which
costs more than the picture saves; so the map's items report instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem


class ReportingItem(QGraphicsItem):
    def __init__(self) -> None:
        super().__init__()
        self.on_dirty: Callable[[QRectF], None] | None = None  # set by the scene

    def report(self, rect: QRectF | None = None) -> None:
        """Tell the scene this item's area (or ``rect`` of it) looks different now."""
        if self.on_dirty is not None:
            self.on_dirty(self.mapRectToScene(rect if rect is not None else self.boundingRect()))

    def repaint_area(self, rect: QRectF | None = None) -> None:
        """Schedule a repaint, and report it."""
        if rect is None:
            self.update()
        else:
            self.update(rect)
        self.report(rect)

    def change_geometry(self) -> None:
        """Call before the bounding rect changes: reports the old area, then Qt's bookkeeping."""
        self.report()
        self.prepareGeometryChange()

    def itemChange(self, change, value):
        # Qt calls this for every change of every item (a thousand cards made set flags and
        # depth four times each): the base class would only hand the value back, so it is
        # handed back here, without another call into Qt; and the change is compared by
        # identity, where hashing an enum member for a set ran Python code each time.
        if change is _MOVING or change is _MOVED or change is _SELECTED:
            self.report()
        return value


_MOVING = QGraphicsItem.GraphicsItemChange.ItemPositionChange
_MOVED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
_SELECTED = QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged
