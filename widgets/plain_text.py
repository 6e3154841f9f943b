"""User text going where Qt guesses at rich text: tooltips, message boxes, dialog labels.

Qt renders such text as HTML when it looks like markup, so a stage named
`<img src="/etc/passwd">` would show a local file. Escaped, it shows as typed.
"""

from __future__ import annotations

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QInputDialog, QWidget


def as_typed(text: str) -> str:
    """``text`` as Qt will show it literally; text that looks like no markup is unchanged."""
    if not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def ask_for_text(parent: QWidget, title: str, question: str, text: str = "") -> str | None:
    """A line the user types (None if they cancel); the question may quote user text."""
    value, ok = QInputDialog.getText(parent, title, as_typed(question), text=text)
    return value if ok else None


def ask_to_choose(parent: QWidget, title: str, question: str, options: list[str]) -> str | None:
    """One of ``options`` (None if the user cancels); the question may quote user text."""
    value, ok = QInputDialog.getItem(parent, title, as_typed(question), options, 0, False)
    return value if ok else None
