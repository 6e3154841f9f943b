"""The row of panel names under the map: a click opens that panel, another click closes it.

With every panel closed the map has the window's whole height; a panel opens
only when asked for, and several open at once share the area as tabs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar

from journeyapp.window_layout import bottom_panel_height


class PanelBar(QToolBar):
    def __init__(self, window: QMainWindow, docks: list[QDockWidget]) -> None:
        super().__init__("Panels", window)
        self.setObjectName("toolbar_panels")
        self.setAccessibleName("Panels under the map")
        self.setMovable(False)
        self.setFloatable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toggleViewAction().setVisible(False)  # the way to the panels is never hidden
        self.window_ = window
        self.docks = docks
        self.actions_by_dock: dict[QDockWidget, QAction] = {}
        for dock in docks:
            action = QAction(dock.windowTitle(), self, checkable=True)
            action.setObjectName(f"action_panel_{dock.objectName().removeprefix('dock_')}")
            action.setToolTip(f"Open or close {dock.windowTitle()} under the map")
            action.triggered.connect(lambda _checked=False, d=dock: self.click(d))
            # The menu's own toggle (View → a panel): its state is the dock's to be, and a
            # panel opened from there comes to the front, as a click on the bar brings it.
            view = dock.toggleViewAction()
            view.toggled.connect(lambda on, d=dock: self.actions_by_dock[d].setChecked(on))
            view.triggered.connect(lambda on, d=dock: self.open(d) if on else None)
            self.addAction(action)
            self.actions_by_dock[dock] = action
            self._follow(dock)
        window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self)

    def click(self, dock: QDockWidget) -> None:
        """Open ``dock`` (or bring its tab to the front); close it if it is in front already."""
        if dock.isHidden():
            self.open(dock)
        elif dock.isFloating() or not dock.visibleRegion().isEmpty():
            dock.close()
        else:  # behind another panel's tab (Qt still calls it visible): bring it forward
            dock.raise_()
        self._follow(dock)

    def open(self, dock: QDockWidget) -> None:
        area_was_empty = not self.open_docks()
        dock.show()
        dock.raise_()
        if area_was_empty and not dock.isFloating():
            height = bottom_panel_height(self.window_)
            wanted = getattr(dock.widget(), "wanted_height", None)
            if wanted is not None:  # a short list opens short
                title = dock.height() - dock.widget().height()
                height = max(dock.minimumHeight(), min(height, wanted() + title))
            self.window_.resizeDocks([dock], [height], Qt.Orientation.Vertical)

    def open_docks(self) -> list[QDockWidget]:
        """The panels open under the map (not floating)."""
        return [d for d in self.docks if not d.isHidden() and not d.isFloating()]

    def _follow(self, dock: QDockWidget) -> None:
        self.actions_by_dock[dock].setChecked(not dock.isHidden())
