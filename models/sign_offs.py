"""Both teams' sign-off of something agreed: a definition, a handoff's verdict reasons,
marketing's commitment. A sign-off is agreement to what it reads now, so changing
what was agreed clears both sign-offs in the same undo step."""

from __future__ import annotations

from typing import Any

from journeyapp.models.change import Kind
from journeyapp.models.edits import SetFields
from journeyapp.models.entities import SignOff
from journeyapp.models.errors import EditError
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import possessive

TEAMS = ("marketing", "sales")


def _field(team: str, prefix: str) -> str:
    if team not in TEAMS:
        raise EditError(f"Sign-offs come from marketing or sales, not “{team}”.")
    return f"{prefix}{team}_signoff"


def sign(
    playbook: Playbook,
    kind: Kind,
    entity_id: str,
    team: str,
    name: str,
    date: str,
    what: str,
    prefix: str = "",
) -> SetFields:
    """``team``'s agreement, given by ``name`` on ``date``, to ``what`` (words for the undo
    history) as it reads now; ``prefix`` names which sign-off fields of the entity."""
    field = _field(team, prefix)
    if not name.strip():
        raise EditError("Say who signs off; the name cannot be empty.")
    return set_fields(
        playbook,
        kind,
        entity_id,
        label=f"{team.capitalize()} signs off {what}",
        **{field: SignOff(name.strip(), date)},
    )


def withdraw(
    playbook: Playbook, kind: Kind, entity_id: str, team: str, what: str, prefix: str = ""
) -> SetFields:
    return set_fields(
        playbook,
        kind,
        entity_id,
        label=f"Withdraw {possessive(team)} sign-off of {what}",
        **{_field(team, prefix): None},
    )


def cleared(entity: Any, prefix: str = "") -> dict[str, None]:
    """The values that clear ``entity``'s sign-offs, or none if neither team has signed."""
    fields = [f"{prefix}{team}_signoff" for team in TEAMS]
    if any(getattr(entity, field) is not None for field in fields):
        return dict.fromkeys(fields)
    return {}


def signed_words(signoff: SignOff | None) -> str:
    if signoff is None:
        return "Not signed off"
    return f"Signed off by {signoff.name}" + (f" on {signoff.date}" if signoff.date else "")
