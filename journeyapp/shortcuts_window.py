"""Help → Keyboard Shortcuts: every shortcut of the window's actions, read from the actions
themselves each time it is shown, so the list cannot fall behind a change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from journeyapp.action_names import NAME_PROPERTY
from journeyapp.widgets.canvas.keyboard_walk import WALK_KEYS
from journeyapp.workshop_keys import WORKSHOP_KEYS

OTHER = "Elsewhere"
ON_THE_MAP = "On the map"
WORKSHOP = "In workshop mode"


def action_name(action: QAction) -> str:
    """An action's text as a reader sees it: no mnemonic ampersands, no trailing ellipsis."""
    name = action.property(NAME_PROPERTY) or action.text()
    return name.replace("&&", "\0").replace("&", "").replace("\0", "&").removesuffix("…").strip()


def keys_text(action: QAction) -> str:
    """The action's shortcuts as the platform writes them, "Del or Backspace"."""
    return " or ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
    )


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action of ``window`` that has a shortcut, in menu order;
    actions in no menu come next, then the keys that walk the map, and those of workshop
    mode last."""
    rows: list[tuple[str, str, str]] = []
    listed: set[QAction] = set()

    def visit(menu: QMenu, title: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                visit(action.menu(), title)
            elif action.shortcuts() and action not in listed:
                listed.add(action)
                rows.append((title, action_name(action), keys_text(action)))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            visit(top.menu(), action_name(top))
    for action in window.findChildren(QAction):
        if action.shortcuts() and action not in listed and action.text():
            listed.add(action)
            rows.append((OTHER, action_name(action), keys_text(action)))
    native = QKeySequence.SequenceFormat.NativeText
    rows += [(ON_THE_MAP, name, QKeySequence(keys).toString(native)) for name, keys in WALK_KEYS]
    rows += [(WORKSHOP, binding.name, binding.text()) for binding in WORKSHOP_KEYS]
    return rows


class ShortcutsWindow(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcuts_window")
        self.setAccessibleName("Keyboard shortcuts")
        self.setWindowTitle("Keyboard Shortcuts")
        self.main_window = window
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcuts_list")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        note = QLabel("On the map, the keys for editing work while the map has the focus.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, 680)

    def refresh(self) -> None:
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, name, keys in shortcut_rows(self.main_window):
            group = groups.get(menu)
            if group is None:
                group = QTreeWidgetItem(self.tree, [menu])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[menu] = group
            QTreeWidgetItem(group, [name, keys]).setToolTip(0, name)
        self.tree.expandAll()
        self._widen_to_fit()

    def _widen_to_fit(self) -> None:
        """As wide as the longest action's name with its keys (as the screen allows), so no
        name ends in "…"."""
        metrics = self.tree.fontMetrics()
        names = [
            metrics.horizontalAdvance(self.tree.topLevelItem(g).child(c).text(0))
            for g in range(self.tree.topLevelItemCount())
            for c in range(self.tree.topLevelItem(g).childCount())
        ]
        keys = max(self.tree.sizeHintForColumn(1), self.tree.header().sectionSizeHint(1))
        scroll = self.tree.verticalScrollBar().sizeHint().width()
        wanted = max(names, default=0) + self.tree.indentation() + keys + scroll + 64
        screen = self.screen() or self.main_window.screen()
        room = screen.availableGeometry().width() * 0.9 if screen is not None else wanted
        self.resize(int(max(self.width(), min(wanted, room))), self.height())

    def listed(self) -> list[tuple[str, str]]:
        """(action, keys) as shown, in order."""
        return [
            (group.child(i).text(0), group.child(i).text(1))
            for group in (self.tree.topLevelItem(n) for n in range(self.tree.topLevelItemCount()))
            for i in range(group.childCount())
        ]

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)
