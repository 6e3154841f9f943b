"""The undo stack's command: one step of the edit session's history, as Qt shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from journeyapp.document import Document


class EditCommand(QUndoCommand):
    """Holds only the step's label: the session holds the edit and does the work.

    Qt calls ``undo``/``redo`` when the history view is clicked or the stack is
    moved directly; the Document then asks the session to follow.
    """

    def __init__(self, document: Document, label: str) -> None:
        super().__init__(label or "Edit")
        self.document = document

    def redo(self) -> None:
        self.document.follow_stack(forward=True)

    def undo(self) -> None:
        self.document.follow_stack(forward=False)
