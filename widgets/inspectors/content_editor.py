"""The content that helps a buyer leave a stage: title, format and link, edited in a table."""

from __future__ import annotations

from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.entities import ContentItem
from journeyapp.models.playbook import Playbook
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

COLUMNS = ("Title", "Format", "Link")


class ContentEditor(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.playbook: Playbook | None = None
        self.stage_id: str | None = None
        self._refreshing = False
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("stage_content")
        self.table.setAccessibleName("Content that helps the buyer move on")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(80)
        self.table.setMaximumHeight(150)
        self.table.itemChanged.connect(self._edited)
        add = QPushButton("Add content")
        add.setObjectName("content_add")
        add.setAccessibleName("Add content")
        add.clicked.connect(self._add)
        remove = QPushButton("Remove")
        remove.setObjectName("content_remove")
        remove.setAccessibleName("Remove content")
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def show_stage(self, playbook: Playbook, stage_id: str | None) -> None:
        self.playbook, self.stage_id = playbook, stage_id
        content = playbook.stage(stage_id).content if stage_id else []
        self._refreshing = True
        self.table.setRowCount(len(content))
        for row, item in enumerate(content):
            for column, value in enumerate((item.title, item.format, item.link)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self._refreshing = False

    def _rows(self) -> list[ContentItem]:
        rows = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, column) for column in range(len(COLUMNS))]
            title, kind, link = (cell.text().strip() if cell else "" for cell in cells)
            rows.append(ContentItem(title, kind, link))
        return rows

    def _send(self, content: list[ContentItem], label: str) -> None:
        self.editRequested.emit(
            operations.set_fields(
                self.playbook, Kind.STAGE, self.stage_id, label=label, content=content
            )
        )

    def _edited(self, _item) -> None:
        if self._refreshing or self.stage_id is None:
            return
        rows = self._rows()
        if any(not row.title for row in rows):
            self.refused.emit("A piece of content needs a title; it cannot be empty.")
            self.show_stage(self.playbook, self.stage_id)
            return
        if tuple(rows) != self.playbook.stage(self.stage_id).content:
            self._send(rows, "Edit stage content")

    def _add(self) -> None:
        if self.stage_id is not None:
            rows = [*self.playbook.stage(self.stage_id).content, ContentItem("New content")]
            self._send(rows, "Add stage content")
            self.table.setCurrentCell(len(rows) - 1, 0)
            self.table.editItem(self.table.item(len(rows) - 1, 0))

    def _remove(self) -> None:
        row = self.table.currentRow()
        if self.stage_id is None or row < 0:
            return
        rows = list(self.playbook.stage(self.stage_id).content)
        if row < len(rows):
            del rows[row]
            self._send(rows, "Remove stage content")
