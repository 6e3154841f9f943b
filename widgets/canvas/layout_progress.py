"""The small bar over the map while an automatic layout runs: what it does, how far, Cancel."""

from __future__ import annotations

from journeyapp.models.words import count
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsDropShadowEffect,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

TOP_MARGIN = 12
SIDE_MARGIN = 8  # in a narrow map the bar keeps clear of its edges


class LayoutProgress(QFrame):
    """Non-modal: the map stays usable under it. Esc or the Cancel button stops the layout."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("layout_progress")
        self.setAccessibleName("Auto-layout progress")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(18)
        shadow.setOffset(0, 2)
        shadow.setColor(Qt.GlobalColor.gray)
        self.setGraphicsEffect(shadow)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("layout_progress_bar")
        self.bar.setAccessibleName("Share of the layout done")
        self.bar.setMinimumWidth(60)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setObjectName("layout_cancel")
        self.cancel.setAccessibleName("Cancel the layout")
        self.cancel.setToolTip("Stop the layout and leave the map as it is (Esc)")
        self.cancel.clicked.connect(self.cancelRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 8)
        layout.setSpacing(12)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()

    def begin(self, stages: int) -> None:
        self.label.setText(f"Laying out {count(stages, 'stage')}…")
        self.bar.setRange(0, 0)  # busy, until the worker says how far it is

    def set_share(self, share: float) -> None:
        self.bar.setRange(0, 100)
        self.bar.setValue(round(100 * share))

    def show_over(self, area: QWidget) -> None:
        """Show centred at the top of ``area`` (the map's viewport), above the cards."""
        self.adjustSize()
        self.resize(min(self.width(), area.width() - 2 * SIDE_MARGIN), self.height())
        corner = area.mapTo(self.parentWidget(), area.rect().topLeft())
        left = max(SIDE_MARGIN, (area.width() - self.width()) // 2)
        self.move(corner.x() + left, corner.y() + TOP_MARGIN)
        self.show()
        self.raise_()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancelRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
