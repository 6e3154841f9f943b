"""Reversible edits: every change a user can make, held as data with apply and revert."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from journeyapp.models.bulk import collector_paused
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import ENTITY_TYPES
from journeyapp.models.fields import frozen_values
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Edit, Playbook


@frozen_record
class AddEntity:
    """Add one entity; ``index`` places it in an ordered kind (None appends).

    With a ``merge_key``, setting fields of the new entity right after adding
    it (typing the name of a new stage) folds into this one undo step.
    """

    kind: Kind
    entity: Any
    index: int | None = None
    label: str = ""
    merge_key: str | None = None

    def merged_with(self, later: Any) -> AddEntity | None:
        if (
            self.merge_key is None
            or not isinstance(later, SetFields)
            or later.merge_key != self.merge_key
            or (later.kind, later.entity_id) != (self.kind, self.entity.id)
        ):
            return None
        entity = replace(self.entity, **later.new)
        name = getattr(entity, "name", "")
        label = f"Add {self.kind.value} “{name}”" if name else self.label
        return AddEntity(self.kind, entity, self.index, label, self.merge_key)

    def apply(self, playbook: Playbook) -> None:
        playbook.insert_entity(self.kind, self.entity, self.index)

    def revert(self, playbook: Playbook) -> None:
        playbook.remove_entity(self.kind, self.entity.id)

    def change(self) -> Change:
        return Change.of(self.kind, [self.entity.id])


@frozen_record
class RemoveEntity:
    """Remove one entity; revert puts the same entity back where it was."""

    kind: Kind
    entity: Any
    index: int | None = None
    label: str = ""

    def apply(self, playbook: Playbook) -> None:
        playbook.remove_entity(self.kind, self.entity.id)

    def revert(self, playbook: Playbook) -> None:
        playbook.insert_entity(self.kind, self.entity, self.index)

    def change(self) -> Change:
        return Change.of(self.kind, [self.entity.id])


@frozen_record
class SetFields:
    """Set some fields of one entity; ``old`` holds the values revert restores."""

    kind: Kind
    entity_id: str
    old: Mapping[str, Any]
    new: Mapping[str, Any]
    label: str = ""
    merge_key: str | None = None

    def __post_init__(self) -> None:
        # The edit keeps values of its own: a list the caller changes later is not shared.
        entity_type = ENTITY_TYPES[self.kind]
        object.__setattr__(self, "old", frozen_values(entity_type, self.old))
        object.__setattr__(self, "new", frozen_values(entity_type, self.new))

    def apply(self, playbook: Playbook) -> None:
        playbook.set_fields(self.kind, self.entity_id, dict(self.new))

    def revert(self, playbook: Playbook) -> None:
        playbook.set_fields(self.kind, self.entity_id, dict(self.old))

    def change(self) -> Change:
        return Change.of(self.kind, [self.entity_id])

    def merged_with(self, later: SetFields) -> SetFields | None:
        """Return one edit doing both this and ``later``, if they are the same ongoing change."""
        if (
            self.merge_key is None
            or later.merge_key != self.merge_key
            or (later.kind, later.entity_id) != (self.kind, self.entity_id)
        ):
            return None
        old = {**later.old, **self.old}
        new = {**self.new, **later.new}
        return SetFields(self.kind, self.entity_id, old, new, self.label, self.merge_key)


@frozen_record
class MoveEntity:
    """Move an entity of an ordered kind (phase, lane, role, activity, definition)."""

    kind: Kind
    entity_id: str
    old_index: int
    new_index: int
    label: str = ""

    def apply(self, playbook: Playbook) -> None:
        playbook.move_entity(self.kind, self.entity_id, self.new_index)

    def revert(self, playbook: Playbook) -> None:
        playbook.move_entity(self.kind, self.entity_id, self.old_index)

    def change(self) -> Change:
        return Change.of(self.kind, [self.entity_id])


@frozen_record
class Macro:
    """Several edits done and undone as one; all of them or none."""

    edits: Sequence[Edit]
    label: str = ""

    def apply(self, playbook: Playbook) -> None:
        done: list[Edit] = []
        try:
            for edit in self.edits:
                edit.apply(playbook)
                done.append(edit)
        except Exception:
            for edit in reversed(done):
                edit.revert(playbook)
            raise

    def revert(self, playbook: Playbook) -> None:
        undone: list[Edit] = []
        try:
            for edit in reversed(self.edits):
                edit.revert(playbook)
                undone.append(edit)
        except Exception:
            for edit in reversed(undone):
                edit.apply(playbook)
            raise

    def change(self) -> Change:
        change = Change()
        for edit in self.edits:
            change = change | edit.change()
        return change


@frozen_record
class PutEntities:
    """Add or replace many entities of one kind (an import) as one step.

    ``previous`` holds the entities that were replaced, so revert puts them back
    and drops the ones that were new.
    """

    kind: Kind
    entities: tuple
    previous: tuple = ()
    label: str = ""

    def apply(self, playbook: Playbook) -> None:
        with collector_paused():
            playbook.put_entities(self.kind, list(self.entities))

    def revert(self, playbook: Playbook) -> None:
        replaced = {entity.id for entity in self.previous}
        with collector_paused():
            playbook.drop_entities(self.kind, [e.id for e in self.entities if e.id not in replaced])
            playbook.put_entities(self.kind, list(self.previous))

    def change(self) -> Change:
        return Change.of(self.kind, [entity.id for entity in self.entities])
