"""Who signed each definition, in the words both playbooks (PDF and web page) print."""

from __future__ import annotations

from journeyapp.models.entities import Definition

TEAMS = ("Marketing", "Sales")  # the teams a definition's sign-offs belong to, in column order


def signoff_words(definition: Definition, team: str) -> str:
    """ "Maya Lindqvist, 2026-10-01", or "Not yet signed by sales"."""
    signoff = getattr(definition, f"{team.lower()}_signoff")
    if signoff is None:
        return f"Not yet signed by {team.lower()}"
    return f"{signoff.name}, {signoff.date}" if signoff.date.strip() else signoff.name


def is_signed(definition: Definition, team: str) -> bool:
    return getattr(definition, f"{team.lower()}_signoff") is not None
