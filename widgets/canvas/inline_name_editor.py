"""Rename a stage in place on the map: Enter commits, Esc cancels, leaving the field commits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


class InlineNameEditor(QLineEdit):
    """A line edit laid over a card's title; reports the text once, or nothing if cancelled."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("inline_name_editor")
        self.setAccessibleName("Stage name on the map")
        self.hide()
        self._on_commit: Callable[[str], None] | None = None
        self._original = ""

    def begin(self, rect: QRect, text: str, font: QFont, on_commit: Callable[[str], None]) -> None:
        self._on_commit = on_commit
        self._original = text
        self.setFont(font)
        self.setGeometry(rect)
        self.setText(text)
        self.selectAll()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def active(self) -> bool:
        return self._on_commit is not None

    def commit(self) -> None:
        callback, self._on_commit = self._on_commit, None
        self.hide()
        if callback is not None and self.text().strip() and self.text() != self._original:
            callback(self.text())

    def cancel(self) -> None:
        self._on_commit = None
        self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
            self.parentWidget().parentWidget().setFocus()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            self.parentWidget().parentWidget().setFocus()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if self.active:
            self.commit()
