"""Roles at the table: renaming, teams, removing with a successor, merging; and the RACI rules.

Removing or merging a role hands its letters to another role in the same
undo step, so no activity silently loses its Accountable.
"""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.models.edits import Macro, RemoveEntity
from journeyapp.models.entities import Activity, Raci, Stage
from journeyapp.models.errors import EditError
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Edit, Playbook
from journeyapp.models.validation import MAX_CONSULTED, Severity

STRENGTH = {Raci.A: 4, Raci.R: 3, Raci.C: 2, Raci.I: 1}


def rename_role(playbook: Playbook, role_id: str, name: str) -> Edit:
    _refuse_bad_name(playbook, name, role_id)
    old = playbook.roles[role_id].name
    return set_fields(
        playbook,
        Kind.ROLE,
        role_id,
        label=f"Rename role “{old}” to “{name.strip()}”",
        name=name.strip(),
    )


def set_role_team(playbook: Playbook, role_id: str, lane_id: str | None) -> Edit:
    role = playbook.roles[role_id]
    team = playbook.lanes[lane_id].name if lane_id else "no team"
    return set_fields(
        playbook, Kind.ROLE, role_id, label=f"Put “{role.name}” in {team}", team=lane_id
    )


def remove_role(playbook: Playbook, role_id: str, successor_id: str | None) -> Macro:
    """Remove a role; its letters go to ``successor_id`` (or are dropped if None)."""
    role = playbook.roles[role_id]
    if successor_id == role_id:
        raise EditError("A role cannot take over its own assignments.")
    edits: list[Edit] = _hand_over(playbook, role_id, successor_id)
    edits.append(RemoveEntity(Kind.ROLE, role, playbook.roles.index(role_id)))
    if successor_id is None:
        label = f"Remove role “{role.name}”"
    else:
        label = f"Remove role “{role.name}”; “{playbook.roles[successor_id].name}” takes over"
    return Macro(tuple(edits), label=label)


def merge_roles(playbook: Playbook, keep_id: str, merge_id: str) -> Macro:
    if keep_id == merge_id:
        raise EditError("Choose two different roles to merge.")
    macro = remove_role(playbook, merge_id, keep_id)
    keep, merged = playbook.roles[keep_id].name, playbook.roles[merge_id].name
    return Macro(macro.edits, label=f"Merge “{merged}” into “{keep}”")


def _hand_over(playbook: Playbook, role_id: str, successor_id: str | None) -> list[Edit]:
    edits: list[Edit] = []
    for activity in playbook.activities:
        letter = activity.raci.get(role_id)
        if letter is None:
            continue
        raci = dict(activity.raci)
        del raci[role_id]
        if successor_id is not None:
            raci[successor_id] = _stronger(raci.get(successor_id), letter)
        edits.append(set_fields(playbook, Kind.ACTIVITY, activity.id, raci=raci))
    return edits


def _stronger(current: Raci | None, incoming: Raci) -> Raci:
    if current is None:
        return incoming
    return max(current, incoming, key=STRENGTH.__getitem__)


def _refuse_bad_name(playbook: Playbook, name: str, own_id: str | None) -> None:
    if not name.strip():
        raise EditError("A role needs a name; it cannot be empty.")
    folded = name.strip().casefold()
    for role in playbook.roles:
        if role.id != own_id and role.name.strip().casefold() == folded:
            raise EditError(f"There is already a role called “{role.name}”.")


def raci_findings(activity: Activity) -> list[tuple[Severity, str]]:
    """The RACI rules this activity breaks, as short sentences to show beside it."""
    letters = list(activity.raci.values())
    findings: list[tuple[Severity, str]] = []
    accountable = letters.count(Raci.A)
    if accountable == 0:
        findings.append((Severity.ERROR, "No one is Accountable."))
    elif accountable > 1:
        findings.append(
            (Severity.ERROR, f"{accountable} roles are Accountable; there must be one.")
        )
    if Raci.R not in letters:
        findings.append((Severity.ERROR, "No one is Responsible."))
    consulted = letters.count(Raci.C)
    if consulted > MAX_CONSULTED:
        findings.append(
            (
                Severity.WARNING,
                f"{consulted} roles are Consulted; more than {MAX_CONSULTED} slows it.",
            )
        )
    return findings


def role_duties(
    playbook: Playbook, role_id: str
) -> list[tuple[Stage, list[tuple[Activity, Raci]]]]:
    """What a role is Responsible or Accountable for, stage by stage in journey order."""
    duties = []
    by_stage = playbook.activities_by_stage()
    for stage in playbook.stages_in_journey_order():
        mine = [
            (activity, activity.raci[role_id])
            for activity in by_stage.get(stage.id, [])
            if activity.raci.get(role_id) in (Raci.R, Raci.A)
        ]
        if mine:
            duties.append((stage, mine))
    return duties


def accountable_names(
    playbook: Playbook, stage_id: str, activities: list[Activity] | None = None
) -> str:
    """Who is Accountable for the stage's activities, as a card shows it: "SDR, VP Sales".

    ``activities`` are the stage's, when the caller has them already (drawing every card of
    a big map would otherwise look through every activity once per stage)."""
    ids = {
        role
        for activity in (playbook.activities_of(stage_id) if activities is None else activities)
        for role, letter in activity.raci.items()
        if letter is Raci.A
    }
    return ", ".join(role.name for role in playbook.roles if role.id in ids)
