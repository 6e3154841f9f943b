"""The items an overlay lays on the map, shown only while the panel it belongs to is.

An overlay's items are not part of the model: they come and go with the overlay and
never enter the undo history. Hiding keeps them, so the overlay comes back as it was
when its panel is shown again.
"""

from __future__ import annotations

from journeyapp.widgets.canvas.map_scene import MapScene
from PySide6.QtWidgets import QGraphicsItem


class OverlayItems:
    def __init__(self, scene: MapScene) -> None:
        self.scene = scene
        self._items: list[QGraphicsItem] = []
        self.shown = True  # whether the panel this overlay belongs to is on screen

    def items(self) -> list[QGraphicsItem]:
        return list(self._items)

    def clear(self) -> None:
        for item in self._items:
            self.scene.area_changed(item.sceneBoundingRect())
            self.scene.removeItem(item)
        self._items.clear()

    def set_shown(self, shown: bool) -> None:
        """Show or hide what the overlay has laid on the map, keeping it for later."""
        self.shown = shown
        for item in self._items:
            item.setVisible(shown)
            self.scene.area_changed(item.sceneBoundingRect())

    def _add(self, item: QGraphicsItem) -> None:
        item.setVisible(self.shown)
        self.scene.addItem(item)
        self._items.append(item)
        self.scene.area_changed(item.sceneBoundingRect())
