"""Dialogs wide enough to show their whole title in the window's title bar.

A window manager shows a dialog's title followed by the application's name
("Add role — Journey Playbook") and elides what does not fit, so a dialog
sized to its contents alone reads "Add ro…ybook".
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QLayout, QWidget

# The title bar's own buttons (close, maximise, minimise, a menu) and margins, in pixels.
TITLE_BAR_ALLOWANCE = 180


def shown_title(widget: QWidget) -> str:
    """The title as a title bar shows it: with the application's name after it."""
    title = widget.windowTitle()
    name = QGuiApplication.applicationDisplayName()
    return f"{title} — {name}" if name and name not in title else title


def title_width(widget: QWidget) -> int:
    """The width ``widget`` needs for its whole title: the text in a bold title-bar font
    (a fifth larger than the widget's, as title bars often are) plus the allowance."""
    font = QFont(widget.font())
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 1.2)
    return QFontMetrics(font).horizontalAdvance(shown_title(widget)) + TITLE_BAR_ALLOWANCE


def fit_title(widget: QWidget) -> None:
    """Make ``widget`` at least as wide as its title needs.

    A layout that sets its widget's minimum size (QInputDialog's does, when it is shown)
    would undo the width, so it is asked to leave the minimum alone.
    """
    widget.ensurePolished()
    widget.sizeHint()  # QInputDialog builds its layout here
    layout = widget.layout()
    if layout is not None and layout.sizeConstraint() in _SETS_MINIMUM:
        layout.setSizeConstraint(QLayout.SizeConstraint.SetDefaultConstraint)
    widget.setMinimumWidth(max(widget.minimumWidth(), title_width(widget)))


_SETS_MINIMUM = (
    QLayout.SizeConstraint.SetMinimumSize,
    QLayout.SizeConstraint.SetMinAndMaxSize,
    QLayout.SizeConstraint.SetFixedSize,
)
