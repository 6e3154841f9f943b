"""The map's actions: clipboard, add, rename, connect, delete, nudge, find, zoom to selection.

They act on the canvas and are active while the canvas has focus, so typing in
an inspector field never triggers them; their menu entries always work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from journeyapp.widgets.canvas.map_view import JourneyCanvas


class MapActions:
    def __init__(self, owner: QWidget, canvas: JourneyCanvas) -> None:
        self.canvas = canvas
        key = QKeySequence.StandardKey
        make = self._make(owner)
        self.cut = make("action_cut", "Cu&t", canvas.cut_selection, key.Cut)
        self.copy = make("action_copy", "&Copy", canvas.copy_selection, key.Copy)
        self.paste = make("action_paste", "&Paste", canvas.paste, key.Paste)
        self.duplicate = make(
            "action_duplicate", "D&uplicate", canvas.duplicate_selection, "Ctrl+D"
        )
        self.delete = make("action_delete", "&Delete", canvas.delete_selection, key.Delete)
        self.delete.setShortcuts([QKeySequence(key.Delete), QKeySequence(Qt.Key.Key_Backspace)])
        self.select_all = make("action_select_all", "Select &All", canvas.select_all, key.SelectAll)
        self.add_stage = make("action_add_stage", "&Add Stage", canvas.add_stage_at_cursor, "N")
        self.rename_stage = make(
            "action_rename_stage", "&Rename Stage", lambda: canvas.start_rename(), "F2"
        )
        self.connect = make(
            "action_connect", "&Connect Selected Stages", canvas.connect_selected, "C"
        )
        self.reverse = make(
            "action_reverse_handoff", "Re&verse Handoff", canvas.reverse_selected, "Shift+R"
        )
        self.auto_layout = make("action_auto_layout", "Auto-&layout", canvas.auto_layout, "Ctrl+L")
        self.zoom_selection = make(
            "action_zoom_selection", "Zoom to &Selection", canvas.zoom_to_selection, "Ctrl+Shift+0"
        )

    def _make(self, owner: QWidget):
        def make(name: str, text: str, slot, shortcut=None) -> QAction:
            action = QAction(text, owner)
            action.setObjectName(name)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.canvas.addAction(action)
            return action

        return make

    def editing_actions(self) -> list[QAction]:
        return [
            self.cut,
            self.copy,
            self.paste,
            self.duplicate,
            self.delete,
            self.select_all,
            self.add_stage,
            self.rename_stage,
            self.connect,
            self.reverse,
        ]

    def fill_edit_menu(self, menu: QMenu) -> None:
        menu.addActions([self.cut, self.copy, self.paste, self.duplicate, self.delete])
        menu.addSeparator()
        menu.addAction(self.select_all)

    def fill_map_menu(self, menu: QMenu) -> None:
        menu.addActions([self.add_stage, self.rename_stage, self.connect, self.reverse])
        menu.addSeparator()
        menu.addAction(self.auto_layout)

    def set_read_only(self, read_only: bool) -> None:
        self.canvas.read_only = read_only
        self.canvas.map_scene.set_editable(not read_only)
        for action in self.editing_actions():
            if action not in (self.copy, self.select_all):
                action.setEnabled(not read_only)
