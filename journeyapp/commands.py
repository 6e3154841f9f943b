"""The undo stack's command: a thin QUndoCommand around one models edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from journeyapp.models.playbook import Edit

if TYPE_CHECKING:
    from journeyapp.document import Document

MERGEABLE = 1


class EditCommand(QUndoCommand):
    """Redo applies the edit through the Document; undo reverts it."""

    def __init__(self, document: Document, edit: Edit, already_applied: bool) -> None:
        super().__init__(edit.label or "Edit")
        self.document = document
        self.edit = edit
        self._skip_next_redo = already_applied

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self.document.perform(self.edit, forward=True)

    def undo(self) -> None:
        self.document.perform(self.edit, forward=False)

    def id(self) -> int:
        return MERGEABLE if getattr(self.edit, "merge_key", None) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        merge = getattr(self.edit, "merged_with", None)
        if not isinstance(other, EditCommand) or merge is None:
            return False
        merged = merge(other.edit)
        if merged is None:
            return False
        self.edit = merged
        self.setText(merged.label or self.text())
        return True
