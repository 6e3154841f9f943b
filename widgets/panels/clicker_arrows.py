"""A presentation clicker in arrow mode sends Right and Left: while a deal is replayed, those
step it from anywhere in the window except where the arrows move through text or cells."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QWidget,
)

# Where Right and Left already mean something: a cursor in text, a cell, a value.
_OWN_ARROWS = (
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSpinBox,
    QComboBox,
    QTableView,
    QAbstractSlider,
)


class ClickerArrows(QObject):
    """Watches the application's keys for ``owner``'s window while ``active()`` says so."""

    def __init__(
        self, owner: QWidget, active: Callable[[], bool], step: Callable[[int], None]
    ) -> None:
        super().__init__(owner)
        self.owner, self.active, self.step = owner, active, step
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.Type.KeyPress or event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return False
        key = event.key()
        if key not in (Qt.Key.Key_Right, Qt.Key.Key_Left) or not self.active():
            return False
        focus = QApplication.focusWidget()
        if focus is None or focus.window() is not self.owner.window():
            return False
        if isinstance(focus, _OWN_ARROWS) or QApplication.activeModalWidget() is not None:
            return False
        self.step(1 if key == Qt.Key.Key_Right else -1)
        return True
