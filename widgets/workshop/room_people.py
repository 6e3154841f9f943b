"""Who is in the room: the people whose phones are connected, by name and team, with a way to
ask one of them to leave (their phone is told, and cannot join this room again)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)


class RoomPeople(QDialog):
    removeRequested = Signal(str)  # the guest id

    def __init__(self, people: list[tuple[str, str]], parent=None) -> None:
        """``people``: (guest id, "Name (Team)") each."""
        super().__init__(parent)
        self.setObjectName("room_people")
        self.setWindowTitle("People in the room")
        self.count = QLabel()
        self.list = QListWidget()
        self.list.setObjectName("room_people_list")
        self.list.setAccessibleName("People in the room")
        self.remove = QPushButton("Ask to leave")
        self.remove.setObjectName("room_people_remove")
        self.remove.clicked.connect(self._remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.count, self.list, self.remove, buttons):
            layout.addWidget(widget)
        self.show_people(people)
        self.resize(420, 480)

    def show_people(self, people: list[tuple[str, str]]) -> None:
        self.list.clear()
        for guest_id, words in people:
            item = QListWidgetItem(words)  # a list item is plain text: nothing typed is markup
            item.setData(Qt.ItemDataRole.UserRole, guest_id)
            self.list.addItem(item)
        self.count.setText(f"{len(people)} {'person' if len(people) == 1 else 'people'} joined")
        self.remove.setEnabled(bool(people))
        if people:
            self.list.setCurrentRow(0)

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.removeRequested.emit(item.data(Qt.ItemDataRole.UserRole))
            self.list.takeItem(self.list.row(item))
            self.count.setText(f"{self.list.count()} people joined")
