"""One edit session: applies, undoes and redoes edits, commits each to the file, keeps the history.

Every step is all or nothing. An edit is applied to the playbook and committed
to the store; if the commit fails the edit is reverted in memory and the error
raised, so the playbook and the file agree (the store's transaction rolled
back). The history and its index change only after both succeeded.

The command line, the room server and the Document (which shows this history
on a QUndoStack) all change a playbook through one of these.
"""

from __future__ import annotations

from collections.abc import Mapping

from journeyapp.models.change import Change
from journeyapp.models.errors import EditError
from journeyapp.models.playbook import Edit, Playbook
from journeyapp.models.store import Store, StoreError


class EditSession:
    """The playbook, the store it is saved to, and the undo history of the edits made."""

    def __init__(self, playbook: Playbook, store: Store) -> None:
        self.playbook = playbook
        self.store = store
        self._history: list[Edit] = []
        self._index = 0  # how many entries of the history are done
        self._sealed = 0  # the index at the last seal(): its top entry takes no merges
        self.merged = False  # whether the last apply() folded into the top entry
        self.recorded = False  # whether it made an undo step (an edit of nothing does not)

    # -- state ----------------------------------------------------------------

    @property
    def index(self) -> int:
        return self._index

    @property
    def count(self) -> int:
        return len(self._history)

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._history)

    @property
    def undo_label(self) -> str:
        return _label(self._history[self._index - 1]) if self.can_undo else ""

    @property
    def redo_label(self) -> str:
        return _label(self._history[self._index]) if self.can_redo else ""

    def labels(self) -> list[str]:
        return [_label(edit) for edit in self._history]

    def seal(self) -> None:
        """Keep later edits from merging into the entry on top now (a clean point: Save As)."""
        self._sealed = self._index

    # -- changing -------------------------------------------------------------

    def apply(self, edit: Edit) -> Change:
        """Apply and commit ``edit`` as a new undo step, or fold it into the top one."""
        merged = self._merged_into_top(edit)
        change = self._write(edit, forward=True)
        self.recorded = merged is not None or bool(change.kinds())
        if not self.recorded:  # it changed nothing: no step to undo (the redo history stays)
            self.merged = False
            return change
        del self._history[self._index :]
        if self._sealed > self._index:
            self._sealed = -1  # the sealed entry was undone and is gone now
        self.merged = merged is not None
        if merged is not None and _does_nothing(merged):
            # Typed, then put back as it was: the step would change nothing; it goes.
            self._history.pop()
            self._index -= 1
            self.recorded = False
        elif merged is not None:
            self._history[-1] = merged
        else:
            self._history.append(edit)
            self._index += 1
        return change

    def undo(self) -> Change:
        """Revert the last done edit and commit that; the index moves only if both succeed."""
        if not self.can_undo:
            raise EditError("There is nothing to undo.")
        change = self._write(self._history[self._index - 1], forward=False)
        self._index -= 1
        return change

    def redo(self) -> Change:
        """Apply the next undone edit again and commit it; the index moves only on success."""
        if not self.can_redo:
            raise EditError("There is nothing to redo.")
        change = self._write(self._history[self._index], forward=True)
        self._index += 1
        return change

    def _merged_into_top(self, edit: Edit) -> Edit | None:
        """The top entry merged with ``edit``, when it is the last done one and not sealed."""
        if not self.can_undo or self.can_redo or self._index == self._sealed:
            return None
        top = self._history[-1]
        if not getattr(top, "merge_key", None) or not getattr(edit, "merge_key", None):
            return None
        return top.merged_with(edit)

    def _write(self, edit: Edit, forward: bool) -> Change:
        if self.store.read_only:
            raise StoreError(self.store.read_only_reason or "This playbook is read-only.")
        change = self.playbook.apply(edit) if forward else self.playbook.revert(edit)
        try:
            self.store.commit(self.playbook, change)
        except BaseException:
            if forward:
                self.playbook.revert(edit)
            else:
                self.playbook.apply(edit)
            raise
        return change


def _label(edit: Edit) -> str:
    return getattr(edit, "label", "") or "Edit"


def _does_nothing(edit: Edit) -> bool:
    """Whether ``edit`` sets fields back to the values they had (a field typed in, then
    put back as it was)."""
    old, new = getattr(edit, "old", None), getattr(edit, "new", None)
    return isinstance(old, Mapping) and isinstance(new, Mapping) and dict(old) == dict(new)
