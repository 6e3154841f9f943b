"""Inspector fields bound to the model: one undo step per visit to a field.

Free text is sent as the user types (a short pause after the last key), so a
crash loses nothing they saw typed; every edit of one visit carries the same
merge key, so the undo stack folds them into one step. Checked fields
(numbers, durations) are sent once, when the user leaves them or presses
Enter, because a half-typed number is not yet a value.

The model's value is shown again after an undo or an edit from elsewhere,
except in a field the user is typing in right now: that would fight the
keyboard. Showing a value never echoes back as an edit.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from journeyapp.models.errors import EditError
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QTimer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

TYPING_PAUSE_MS = 400
_visits = itertools.count(1)

# Builds the edit for the field's new text (None if nothing changes), or raises EditError.
EditBuilder = Callable[[str, str], object | None]


class BoundField(QObject):
    def __init__(
        self,
        widget: QLineEdit | QPlainTextEdit,
        build_edit: EditBuilder,
        send: Callable[[object], None],
        refuse: Callable[[str], None],
        live: bool = True,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self._build_edit = build_edit
        self._send = send
        self._refuse = refuse
        self._live = live
        self._shown = ""
        self._visit = f"field-{next(_visits)}"
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self._pause)
        widget.installEventFilter(self)
        widget.textChanged.connect(self._typed)  # show() blocks it: only the user's changes
        if isinstance(widget, QLineEdit):
            widget.returnPressed.connect(self.flush)

    # -- from the model -------------------------------------------------------

    def show(self, text: str) -> None:
        """Show the model's value, unless the user is in the middle of typing here."""
        self._shown = text
        if self._pending:
            return
        if self.text() != text:
            with QSignalBlocker(self.widget):
                if isinstance(self.widget, QLineEdit):
                    self.widget.setText(text)
                else:
                    self.widget.setPlainText(text)

    def text(self) -> str:
        if isinstance(self.widget, QLineEdit):
            return self.widget.text()
        return self.widget.toPlainText()

    # -- to the model ----------------------------------------------------------

    def _typed(self, *_args) -> None:
        self._pending = True
        self._timer.start()

    def _pause(self) -> None:
        """The user stopped typing: a live field sends what it holds; any other (a name, a
        date) sends it only once it can be taken, saying nothing of what is half typed
        ("2026-1"), so what was typed is in the file even if the app dies before Enter."""
        self.flush(quietly=not self._live)

    def flush(self, quietly: bool = False) -> None:
        """Send what was typed now (if anything), as part of this visit's undo step;
        ``quietly``, a value that cannot be taken yet stays in the field, unrefused."""
        self._timer.stop()
        if not self._pending:
            return
        try:
            edit = self._build_edit(self.text(), self._visit)
        except EditError as refusal:
            if quietly:
                return  # still being typed: Enter or leaving the field says why, if it must
            self._pending = False
            self.show(self._shown)  # back to the value the model holds
            self._refuse(str(refusal))
            return
        self._pending = False
        if edit is not None:
            self._send(edit)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget:
            if event.type() == QEvent.Type.FocusIn:
                self._visit = f"field-{next(_visits)}"  # a new visit: a new undo step
            elif event.type() == QEvent.Type.FocusOut:
                self.flush()
        return False
