"""User text going where Qt guesses at rich text: tooltips, message boxes, dialog labels.

Qt renders such text as HTML when it looks like markup, so a stage named
`<img src="/etc/passwd">` would show a local file. Escaped, it shows as typed.
The questions below are asked in dialogs wide enough for their whole title.
"""

from __future__ import annotations

from journeyapp.widgets.title_width import fit_title
from PySide6.QtGui import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget


def as_typed(text: str) -> str:
    """``text`` as Qt will show it literally; text that looks like no markup is unchanged."""
    if not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def _question(parent: QWidget | None, title: str, question: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(as_typed(question))
    return dialog


def _asked(dialog: QInputDialog) -> bool:
    fit_title(dialog)
    answered = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return answered


def ask_for_text(parent: QWidget, title: str, question: str, text: str = "") -> str | None:
    """A line the user types (None if they cancel); the question may quote user text."""
    dialog = _question(parent, title, question)
    dialog.setTextValue(text)
    return dialog.textValue() if _asked(dialog) else None


def ask_to_choose(parent: QWidget, title: str, question: str, options: list[str]) -> str | None:
    """One of ``options`` (None if the user cancels); the question may quote user text."""
    dialog = _question(parent, title, question)
    dialog.setComboBoxItems(options)
    dialog.setComboBoxEditable(False)
    return dialog.textValue() if _asked(dialog) else None


def ask_for_whole(
    parent: QWidget, title: str, question: str, value: int, low: int, high: int
) -> int | None:
    """A whole number between ``low`` and ``high`` (None if the user cancels)."""
    dialog = _question(parent, title, question)
    dialog.setInputMode(QInputDialog.InputMode.IntInput)
    dialog.setIntRange(low, high)
    dialog.setIntValue(value)
    return dialog.intValue() if _asked(dialog) else None
