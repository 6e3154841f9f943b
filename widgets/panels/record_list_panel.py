"""A panel of one kind of record (meetings, projects): their list on the left with Add and
Delete under it, the chosen one's form on the right, its text fields bound to the model."""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.entity_fields import EntityFields
from journeyapp.widgets.forms.form_parts import scrolling, send_or_refuse
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)


class RecordListPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)
    kind: Kind

    def __init__(self, name: str, words: str, add_text: str, add_words: str, parent=None):
        """``words``: what the list holds ("Projects"); ``add_text``: the Add button's text."""
        super().__init__(parent)
        self.setObjectName(f"{name}s_panel")
        self.playbook: Playbook | None = None
        self.record_list = QListWidget()
        self.record_list.setObjectName(f"{name}_list")
        self.record_list.setAccessibleName(words)
        self.record_list.setWordWrap(True)  # a long title shows whole
        self.record_list.currentItemChanged.connect(lambda *_: self._show_current())
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName(f"new_{name}")
        self.add_button.setAccessibleName(add_words)
        remove = QPushButton("Delete")
        remove.setAccessibleName(f"Delete the {name}")
        remove.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(remove)
        self.side = QVBoxLayout()  # the list and its buttons; a panel may add more below
        self.side.setContentsMargins(0, 0, 0, 0)
        self.side.addWidget(self.record_list, 1)
        self.side.addLayout(buttons)
        self.fields = EntityFields(
            self.kind, lambda: self.playbook, self.current_id, self._send, self.refused.emit
        )
        self.editor = QWidget()

    def place(self, editor: QWidget) -> None:
        """Lay the list and ``editor`` side by side, the form taking most of the width."""
        self.editor = editor
        left = QWidget()
        left.setLayout(self.side)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scrolling(editor))  # a long form scrolls: the map keeps its room
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    # -- following the document ---------------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self._fill_list()

    def entries(self) -> list[tuple[str, str]]:
        """(id, text) of each record, in the order listed."""
        raise NotImplementedError

    def current_id(self) -> str | None:
        item = self.record_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def current(self):
        record_id = self.current_id()
        if self.playbook is None or not self.playbook.has(self.kind, record_id or ""):
            return None
        return self.playbook.get(self.kind, record_id)

    def added_or_current(self, change) -> str | None:
        """The record an edit added (so a new one is shown at once), else the one shown."""
        added = [i for i in change.get(self.kind) if self.playbook.has(self.kind, i)]
        current = self.current_id()
        return added[0] if len(added) == 1 and added[0] != current else current

    def _fill_list(self, keep: str | None = None) -> None:
        keep = keep or self.current_id()
        self.record_list.blockSignals(True)
        self.record_list.clear()
        for record_id, text in self.entries() if self.playbook else ():
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            self.record_list.addItem(item)
            if record_id == keep:
                self.record_list.setCurrentItem(item)
        if self.record_list.currentItem() is None and self.record_list.count():
            self.record_list.setCurrentRow(0)
        self.record_list.blockSignals(False)
        self._show_current()

    def _show_current(self) -> None:
        record = self.current()
        self.editor.setEnabled(record is not None)
        self.fields.show(record)

    # -- editing ------------------------------------------------------------------

    def _send(self, edit) -> None:
        if edit is not None:
            self.editRequested.emit(edit)

    def _build(self, build) -> None:
        """Send the edit ``build`` makes, or say why it was refused and show the model again."""

        def refuse(sentence: str) -> None:
            self.refused.emit(sentence)
            self._show_current()

        send_or_refuse(build, self._send, refuse)

    def remove_current(self) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        self.fields.flush()
