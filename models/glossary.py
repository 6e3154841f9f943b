"""Edits to the definitions glossary: the agreed wording, and each team's sign-off.

A sign-off is agreement to a wording. Changing the words of a signed-off
definition therefore clears both sign-offs, in the same undo step: the room
has to agree again.
"""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.models.edits import AddEntity, RemoveEntity, SetFields
from journeyapp.models.entities import Definition
from journeyapp.models.errors import EditError
from journeyapp.models.ids import new_id
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.sign_offs import TEAMS as TEAMS  # the glossary panel lists them
from journeyapp.models.sign_offs import cleared, sign, withdraw
from journeyapp.models.words import count

WORDING_FIELDS = ("term", "text", "examples", "non_examples")


def add_definition(playbook: Playbook, term: str) -> AddEntity:
    _refuse_duplicate(playbook, term, None)
    definition = Definition(new_id("definition"), term.strip())
    return AddEntity(Kind.DEFINITION, definition, label=f"Add definition “{term.strip()}”")


def remove_definition(playbook: Playbook, definition_id: str) -> RemoveEntity:
    users = [h for h in playbook.handoffs() if h.definition == definition_id]
    definition = playbook.definitions[definition_id]
    if users:
        raise EditError(
            f"“{definition.term}” is relied on by {count(len(users), 'handoff')}; "
            "choose another definition for them first."
        )
    index = playbook.definitions.index(definition_id)
    return RemoveEntity(
        Kind.DEFINITION, definition, index, label=f"Delete definition “{definition.term}”"
    )


def set_wording(
    playbook: Playbook, definition_id: str, merge_key: str | None = None, **wording: str
) -> SetFields:
    """Change the term, text, examples or non-examples; clears sign-offs if the words change."""
    unknown = set(wording) - set(WORDING_FIELDS)
    if unknown:
        raise EditError(f"A definition has no wording field {sorted(unknown)[0]!r}.")
    definition = playbook.definitions[definition_id]
    if "term" in wording:
        _refuse_duplicate(playbook, wording["term"], definition_id)
    changed = {k: v for k, v in wording.items() if getattr(definition, k) != v}
    values: dict = dict(wording)
    label = None
    if changed and cleared(definition):
        values.update(cleared(definition))
        label = f"Reword “{definition.term}” (sign-offs cleared)"
    return set_fields(
        playbook, Kind.DEFINITION, definition_id, label=label, merge_key=merge_key, **values
    )


def sign_off(playbook: Playbook, definition_id: str, team: str, name: str, date: str) -> SetFields:
    """Record ``team``'s agreement to the definition as it reads now."""
    what = f"“{playbook.definitions[definition_id].term}”"
    return sign(playbook, Kind.DEFINITION, definition_id, team, name, date, what)


def withdraw_sign_off(playbook: Playbook, definition_id: str, team: str) -> SetFields:
    what = f"“{playbook.definitions[definition_id].term}”"
    return withdraw(playbook, Kind.DEFINITION, definition_id, team, what)


def _refuse_duplicate(playbook: Playbook, term: str, own_id: str | None) -> None:
    if not term.strip():
        raise EditError("A definition needs a term; it cannot be empty.")
    folded = term.strip().casefold()
    for other in playbook.definitions:
        if other.id != own_id and other.term.strip().casefold() == folded:
            raise EditError(f"There is already a definition of “{other.term}”.")
