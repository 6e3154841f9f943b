"""Edits to the lead-scoring model: its rules, each rule's challenge log, and both teams'
sign-off of the whole model.

A sign-off is agreement to the model as it reads now, so changing, adding or deleting a rule,
or recording a challenge to one, clears both sign-offs in the same undo step.
"""

from __future__ import annotations

from typing import Any

from journeyapp.models.change import Kind
from journeyapp.models.edits import Macro, SetFields
from journeyapp.models.entities import Challenge
from journeyapp.models.errors import EditError
from journeyapp.models.operations import add_scoring_rule, remove_scoring_rule, set_fields
from journeyapp.models.playbook import Edit, Playbook
from journeyapp.models.sign_offs import TEAMS, cleared, sign, withdraw
from journeyapp.models.words import possessive

PREFIX = "scoring_"
WHAT = "the lead-scoring model"


def _clearing(playbook: Playbook, edit: Edit) -> Edit:
    """``edit``, clearing the model's sign-offs with it when either team has signed."""
    values = cleared(playbook.meta, PREFIX)
    if not values:
        return edit
    clear = set_fields(playbook, Kind.META, "meta", label="Clear the scoring sign-offs", **values)
    return Macro((edit, clear), label=f"{edit.label} (scoring sign-offs cleared)")


def change_rule(playbook: Playbook, rule_id: str, **values: Any) -> Edit:
    """Set fields of a rule; a change clears the model's sign-offs."""
    edit = set_fields(playbook, Kind.SCORING_RULE, rule_id, **values)
    rule = playbook.scoring_rules[rule_id]
    if all(getattr(rule, name) == value for name, value in values.items()):
        return edit
    return _clearing(playbook, edit)


def add_rule(playbook: Playbook, **fields: Any) -> Edit:
    return _clearing(playbook, add_scoring_rule(playbook, **fields))


def remove_rule(playbook: Playbook, rule_id: str) -> Edit:
    return _clearing(playbook, remove_scoring_rule(playbook, rule_id))


def add_challenge(
    playbook: Playbook,
    rule_id: str,
    team: str,
    name: str,
    argument: str,
    decision: str,
    date: str,
) -> Edit:
    """Record ``team``'s challenge to a rule, the argument and what was decided; the model
    is open again, so its sign-offs are cleared."""
    if team not in TEAMS:
        raise EditError(f"A challenge comes from marketing or sales, not “{team}”.")
    if not name.strip():
        raise EditError("Say who challenged the rule; the name cannot be empty.")
    if not argument.strip():
        raise EditError("Write the argument; a challenge without one cannot be weighed.")
    rule = playbook.scoring_rules[rule_id]
    challenge = Challenge(team, name.strip(), argument.strip(), decision.strip(), date)
    edit = set_fields(
        playbook,
        Kind.SCORING_RULE,
        rule_id,
        label=f"Record {possessive(team)} challenge to “{rule.attribute}”",
        challenges=(*rule.challenges, challenge),
    )
    return _clearing(playbook, edit)


def remove_challenge(playbook: Playbook, rule_id: str, index: int) -> SetFields:
    rule = playbook.scoring_rules[rule_id]
    kept = rule.challenges[:index] + rule.challenges[index + 1 :]
    return set_fields(
        playbook,
        Kind.SCORING_RULE,
        rule_id,
        label=f"Delete a challenge to “{rule.attribute}”",
        challenges=kept,
    )


def sign_off(playbook: Playbook, team: str, name: str, date: str) -> SetFields:
    """Record ``team``'s agreement to the scoring model as it reads now."""
    return sign(playbook, Kind.META, "meta", team, name, date, WHAT, PREFIX)


def withdraw_sign_off(playbook: Playbook, team: str) -> SetFields:
    return withdraw(playbook, Kind.META, "meta", team, WHAT, PREFIX)
