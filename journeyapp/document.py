"""The Document: owner of one Playbook, its .journey Store and its undo stack.

Every change goes through ``Document.apply``: the edit is applied to the
playbook, committed to the file in one transaction, pushed on the undo stack
and announced with ``changed``. If the file cannot take the change, the
playbook is put back as it was and the error is raised; nothing half-done
is left in memory or on disk.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from journeyapp import untitled
from journeyapp.commands import EditCommand
from journeyapp.models.change import Change
from journeyapp.models.playbook import Edit, Playbook
from journeyapp.models.store import Store, StoreError
from journeyapp.models.templates import load_template
from journeyapp.models.validation import Problem, validate


class Document(QObject):
    """One open playbook, as the window and the widgets see it."""

    changed = Signal(object)  # Change: the ids an applied, undone or redone edit touched
    locationChanged = Signal()  # the file path or untitled state changed (Save As)
    saveFailed = Signal(str)  # an undo or redo could not be written; the message says why

    def __init__(self, playbook: Playbook, store: Store, is_untitled: bool = False) -> None:
        super().__init__()
        self.playbook = playbook
        self.store = store
        self.is_untitled = is_untitled
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undo_stack")
        self._edited = False
        self._problems: list[Problem] | None = None

    # -- opening --------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> Document:
        store = Store.open(path)
        try:
            playbook = store.load()
        except StoreError:
            store.close()
            raise
        return cls(playbook, store)

    @classmethod
    def new_untitled(cls, template: str = "blank") -> Document:
        """A new playbook from a template, kept in the user data folder until saved."""
        path = untitled.new_untitled_path()
        store = Store.create(path, load_template(template))
        untitled.claim(path)
        return cls(store.load(), store, is_untitled=True)

    @classmethod
    def recover(cls, path: Path) -> Document:
        """Take over untitled work left behind by a crash."""
        document = cls.open(path)
        document.is_untitled = True
        document._edited = True
        untitled.claim(path, edited=True)
        return document

    # -- state ------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def read_only_reason(self) -> str | None:
        return self.store.read_only_reason

    @property
    def display_name(self) -> str:
        return "Untitled" if self.is_untitled else self.path.name

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def has_unsaved_work(self) -> bool:
        """Untitled work that would be lost on close unless saved somewhere."""
        return self.is_untitled and self._edited

    def problems(self) -> list[Problem]:
        if self._problems is None:
            self._problems = validate(self.playbook)
        return self._problems

    # -- changing -------------------------------------------------------

    def apply(self, edit: Edit) -> Change:
        """Apply a user's edit as one undo step; raise PlaybookError if it cannot be made."""
        if self.read_only:
            raise StoreError(self.read_only_reason or "This playbook is read-only.")
        change = self._apply_and_commit(edit, forward=True)
        self.undo_stack.push(EditCommand(self, edit, already_applied=True))
        self._announce(change)
        return change

    def perform(self, edit: Edit, forward: bool) -> None:
        """Redo (``forward``) or undo an edit already on the stack."""
        try:
            change = self._apply_and_commit(edit, forward)
        except StoreError as error:
            self.saveFailed.emit(str(error))
            return
        self._announce(change)

    def _apply_and_commit(self, edit: Edit, forward: bool) -> Change:
        change = self.playbook.apply(edit) if forward else self.playbook.revert(edit)
        try:
            self.store.commit(self.playbook, change)
        except StoreError:
            if forward:
                self.playbook.revert(edit)
            else:
                self.playbook.apply(edit)
            raise
        if self.is_untitled and not self._edited:
            self._edited = True
            untitled.claim(self.path, edited=True)
        return change

    def _announce(self, change: Change) -> None:
        self._problems = None
        self.changed.emit(change)

    # -- saving ---------------------------------------------------------

    def save_as(self, target: str | Path) -> None:
        """Copy the playbook to ``target`` and carry on editing there."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            return
        self.store.backup_to(target)
        new_store = Store.open(target)
        old_store, was_untitled = self.store, self.is_untitled
        self.store = new_store
        self.is_untitled = False
        old_store.close()
        if was_untitled:
            untitled.discard(old_store.path)
        self.undo_stack.setClean()
        self.locationChanged.emit()

    def close(self) -> None:
        """Close the file; untitled work not saved elsewhere by now is deleted."""
        self.store.close()
        if self.is_untitled:
            untitled.discard(self.path)
