"""The Document: one open playbook, its .journey Store and its undo stack, as Qt sees them.

Every change goes through the document's EditSession (``models/edit_session``):
it applies the edit, commits it to the file in one transaction and records
it; only then does the QUndoStack follow and ``changed`` announce it. A write
the file refuses changes nothing: the model, the file and the stack agree,
and ``saveFailed`` says why in one sentence.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from journeyapp import untitled
from journeyapp.commands import EditCommand
from journeyapp.models.change import Change
from journeyapp.models.edit_session import EditSession
from journeyapp.models.errors import PlaybookError
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
        self.session = EditSession(playbook, store)
        self.is_untitled = is_untitled
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undo_stack")
        self._edited = False
        self._problems: list[Problem] | None = None
        self._syncing = False  # the stack is being moved to match the session: commands idle
        self._out_of_sync = False  # a step Qt asked for failed; the stack is put right soon
        self._failure: str | None = None  # what to tell the user once it is

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
        playbook = load_template(template)
        store = Store.create(path, playbook)
        untitled.claim(path)
        # The file holds what was just written: reading it back cost start-up 14 ms.
        return cls(playbook, store, is_untitled=True)

    @classmethod
    def recover(cls, path: Path) -> Document:
        """Take over untitled work left behind by a crash; RecoveredElsewhere where another
        window took it up first (it holds the file's lock)."""
        document = cls.open(path)
        if document.store.held_elsewhere:
            document.store.close()
            raise untitled.RecoveredElsewhere()
        document.is_untitled = True
        document._edited = True
        untitled.claim(path, edited=True)
        return document

    # -- state ------------------------------------------------------------

    @property
    def playbook(self) -> Playbook:
        return self.session.playbook

    @property
    def store(self) -> Store:
        return self.session.store

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
        """Work that would be lost on close unless saved somewhere: untitled, or in a file
        deleted or replaced while it was open here."""
        return (self.is_untitled and self._edited) or self.store.held_nowhere_else()

    def problems(self) -> list[Problem]:
        if self._problems is None:
            self._problems = validate(self.playbook)
        return self._problems

    # -- changing -------------------------------------------------------

    def apply(self, edit: Edit) -> Change:
        """Apply a user's edit as one undo step; raise PlaybookError if it cannot be made."""
        self._resync()
        change = self.session.apply(edit)
        self._syncing = True
        try:
            if self.session.merged:  # the top step is replaced by the merged one
                self.undo_stack.undo()
                if not self.session.recorded:  # merged into nothing: the step goes
                    self.undo_stack.command(self.undo_stack.index()).setObsolete(True)
                    self.undo_stack.redo()  # Qt deletes an obsolete step as it steps over it
            if self.session.recorded:  # an edit that changed nothing is no step to undo
                self.undo_stack.push(EditCommand(self, self.session.undo_label))
        finally:
            self._syncing = False
        self._after_write(change)
        return change

    def undo(self) -> bool:
        """Undo the last step; if the file refuses, nothing moves and ``saveFailed`` says why."""
        return self._step(forward=False)

    def redo(self) -> bool:
        return self._step(forward=True)

    def _step(self, forward: bool) -> bool:
        self._resync()
        if not (self.session.can_redo if forward else self.session.can_undo):
            return False
        try:
            change = self.session.redo() if forward else self.session.undo()
        except PlaybookError as error:
            self.saveFailed.emit(str(error))
            return False
        self._move_stack()
        self._after_write(change)
        return True

    def follow_stack(self, forward: bool) -> None:
        """Qt moved the undo stack itself (the history view, QUndoStack.undo): follow it.

        If the session cannot, the rest of Qt's batch does nothing and the
        stack is put back where the session is once Qt has finished moving it.
        """
        if self._syncing or self._out_of_sync:
            return
        try:
            change = self.session.redo() if forward else self.session.undo()
        except Exception as error:
            self._out_of_sync = True
            QTimer.singleShot(0, self._resync)
            if not isinstance(error, PlaybookError):
                raise  # a fault, not a refusal: the exception hook reports it
            self._failure = str(error)
            return
        self._after_write(change)

    def _resync(self) -> None:
        if not self._out_of_sync:
            return
        self._out_of_sync = False
        self._move_stack()
        failure, self._failure = self._failure, None
        if failure is not None:
            self.saveFailed.emit(failure)

    def _move_stack(self) -> None:
        self._syncing = True
        try:
            self.undo_stack.setIndex(self.session.index)
        finally:
            self._syncing = False

    def _after_write(self, change: Change) -> None:
        if self.is_untitled and not self._edited:
            self._edited = True
            untitled.claim(self.path, edited=True)
        self._problems = None
        self.changed.emit(change)

    # -- saving ---------------------------------------------------------

    def save_as(self, target: str | Path) -> None:
        """Copy the playbook to ``target`` and carry on editing there."""
        target = Path(target)
        # Its own name now holds another file, or another program wrote into this one.
        moved_on = not self.store.is_at_its_path() or self.store.changed_outside()
        if not moved_on and _same_file(target, self.path):  # by another name: a link, a mount
            if self.store.read_only:
                # what a read-only look shows may be behind the file: never written over it
                raise StoreError(
                    f"{target.name} is the file this window has open read-only; save under "
                    "another name."
                )
            return
        # A window read-only while another holds the file shows the playbook as it opened
        # it; the other may have moved the file on since. The copy is what this one shows.
        lock = self.store.backup_to(
            target,
            self.playbook if self.store.held_elsewhere or moved_on else None,
            keep_lock=True,
        )
        new_store = Store.open(target, lock=lock)  # under the lock it was written with
        old_store, was_untitled = self.store, self.is_untitled
        self.session.store = new_store
        self.session.seal()
        self.is_untitled = False
        old_store.close()
        if was_untitled and not old_store.read_only:  # a read-only look holds no one's work
            untitled.discard(old_store.path)
        self.undo_stack.setClean()
        self.locationChanged.emit()

    def close(self) -> None:
        """Close the file; untitled work not saved elsewhere by now is deleted."""
        self.store.close()
        if self.is_untitled and not self.read_only:
            untitled.discard(self.path)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve() or os.path.samefile(one, other)
    except OSError:  # one of them is not there
        return False
