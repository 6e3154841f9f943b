"""The projector blanked, as a clicker's blank button (B or .) does in presentation
software: the room looks at the speaker, not the screen, until any key brings it back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


class BlankCover(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("workshop_blank")
        self.setAccessibleName("Screen blanked: press any key to bring it back")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(Qt.GlobalColor.black))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
