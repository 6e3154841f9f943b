"""Edits to a handoff's verdict reasons: the reasons the receiving team may give when it
accepts, rejects or recycles a lead, agreed and signed off by both teams.

As with definitions, changing the list clears both sign-offs in the same undo step.
"""

from __future__ import annotations

from collections.abc import Iterable

from journeyapp.models.change import Kind
from journeyapp.models.edits import SetFields
from journeyapp.models.errors import EditError
from journeyapp.models.operations import handoff_name, set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.sign_offs import cleared, sign, withdraw

PREFIX = "reasons_"


def set_reasons(
    playbook: Playbook, handoff_id: str, reasons: Iterable[str], merge_key: str | None = None
) -> SetFields:
    """Replace the agreed reasons (blank lines dropped, each kept once); clears the sign-offs
    if the list changes."""
    handoff = playbook.handoff(handoff_id)
    wanted: list[str] = []
    for reason in reasons:
        reason = " ".join(reason.split())
        if not reason:
            continue
        if reason.casefold() in (kept.casefold() for kept in wanted):
            raise EditError(f"“{reason}” is in the list twice; give each reason once.")
        wanted.append(reason)
    values: dict = {"reasons": tuple(wanted)}
    route = handoff_name(playbook, handoff)
    label = f"Change the verdict reasons of “{route}”"
    if tuple(wanted) != handoff.reasons and cleared(handoff, PREFIX):
        values.update(cleared(handoff, PREFIX))
        label += " (sign-offs cleared)"
    return set_fields(
        playbook, Kind.HANDOFF, handoff_id, label=label, merge_key=merge_key, **values
    )


def sign_off(playbook: Playbook, handoff_id: str, team: str, name: str, date: str) -> SetFields:
    """Record ``team``'s agreement to the handoff's reasons as they read now."""
    what = _what(playbook, handoff_id)
    return sign(playbook, Kind.HANDOFF, handoff_id, team, name, date, what, PREFIX)


def withdraw_sign_off(playbook: Playbook, handoff_id: str, team: str) -> SetFields:
    return withdraw(playbook, Kind.HANDOFF, handoff_id, team, _what(playbook, handoff_id), PREFIX)


def _what(playbook: Playbook, handoff_id: str) -> str:
    return f"the verdict reasons of “{handoff_name(playbook, playbook.handoff(handoff_id))}”"
