"""A plain-text field with simple bullets, for methodology notes.

Enter on a bulleted line starts the next line with a bullet; Enter on an
empty bullet ends the list. Ctrl+Shift+8 (as in word processors) turns
bullets on or off for the selected lines. Pasted rich text arrives as plain
text: the field never holds markup.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

BULLET = "• "
BULLET_MARKS = ("• ", "- ", "* ")
TOGGLE_BULLETS = QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_8)


def _mark_of(line: str) -> str | None:
    stripped = line.lstrip()
    return next((mark for mark in BULLET_MARKS if stripped.startswith(mark)), None)


class BulletTextEdit(QPlainTextEdit):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def insertFromMimeData(self, source) -> None:
        self.insertPlainText(source.text())

    def keyPressEvent(self, event) -> None:
        if QKeySequence(event.keyCombination()) == TOGGLE_BULLETS:
            self.toggle_bullets()
            return
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers()
        if enter and self._continue_bullet():
            return
        super().keyPressEvent(event)

    def _continue_bullet(self) -> bool:
        cursor = self.textCursor()
        line = cursor.block().text()
        mark = _mark_of(line)
        if mark is None or cursor.positionInBlock() < len(line):
            return False
        indent = line[: len(line) - len(line.lstrip())]
        if line.strip() == mark.strip():  # an empty bullet ends the list
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.removeSelectedText()
            return True
        cursor.insertText("\n" + indent + mark)
        return True

    def toggle_bullets(self) -> None:
        """Bullet the selected lines, or unbullet them if all are bulleted."""
        cursor = self.textCursor()
        document = self.document()
        first = document.findBlock(cursor.selectionStart())
        last = document.findBlock(cursor.selectionEnd())
        blocks = [first]
        while blocks[-1] != last and blocks[-1].next().isValid():
            blocks.append(blocks[-1].next())
        all_bulleted = all(_mark_of(block.text()) for block in blocks)
        cursor.beginEditBlock()
        for block in blocks:
            text = block.text()
            mark = _mark_of(text)
            edit = QTextCursor(block)
            if all_bulleted:
                start = len(text) - len(text.lstrip())
                edit.setPosition(block.position() + start)
                edit.setPosition(
                    block.position() + start + len(mark), QTextCursor.MoveMode.KeepAnchor
                )
                edit.removeSelectedText()
            elif mark is None:
                edit.insertText(BULLET)
        cursor.endEditBlock()
