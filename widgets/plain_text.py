"""User text going where Qt guesses at rich text: tooltips, message boxes, dialog labels.

Qt renders such text as HTML when it looks like markup, so a stage named
`<img src="/etc/passwd">` would show a local file. Escaped, it shows as typed.
"""

from __future__ import annotations

from PySide6.QtGui import Qt


def as_typed(text: str) -> str:
    """``text`` as Qt will show it literally; text that looks like no markup is unchanged."""
    if not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
