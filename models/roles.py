"""Roles at the table, and the RACI rules one activity must keep.

Each function only reads the playbook and returns the edit for the user's
intent. Removing or merging a role hands its letters to another role in the
same undo step, so no activity silently loses its Accountable.
"""

from __future__ import annotations

from collections import Counter

from models import operations
from models.change import Kind
from models.edits import AddEntity, Macro, RemoveEntity, SetFields, snapshot
from models.entities import Activity, Raci, Stage
from models.errors import EditError
from models.playbook import Edit, Playbook
from models.validation import MAX_CONSULTED, Severity

# When two letters meet on one activity (a role hands over to one that already
# has a letter there), the stronger one stays.
STRENGTH = {Raci.A: 4, Raci.R: 3, Raci.C: 2, Raci.I: 1}
DUTIES = (Raci.R, Raci.A)  # the letters that make an activity part of a role's job


def add_role(playbook: Playbook, name: str, team: str | None = None) -> AddEntity:
    """A new role; refused if the name is empty or already taken."""
    _refuse_bad_name(playbook, name, own_id=None)
    return operations.add_role(playbook, name.strip(), team)


def rename_role(playbook: Playbook, role_id: str, name: str) -> SetFields:
    """Rename a role; refused if the name is empty or another role has it (in any case)."""
    _refuse_bad_name(playbook, name, own_id=role_id)
    old = playbook.roles[role_id].name
    new = name.strip()
    return operations.set_fields(
        playbook, Kind.ROLE, role_id, label=f"Rename role “{old}” to “{new}”", name=new
    )


def set_role_team(playbook: Playbook, role_id: str, lane_id: str | None) -> SetFields:
    """Put a role in a team (a lane), or in none."""
    role = playbook.roles[role_id]
    if lane_id is None:
        label = f"Take “{role.name}” out of its team"
    else:
        label = f"Put “{role.name}” in {playbook.lanes[lane_id].name}"
    return operations.set_fields(playbook, Kind.ROLE, role_id, label=label, team=lane_id)


def remove_role(playbook: Playbook, role_id: str, successor_id: str | None) -> Macro:
    """Remove a role; its letters go to ``successor_id``, or are dropped if that is None.

    Where the successor already has a letter on an activity, the stronger of the
    two stays (A > R > C > I), so the hand-over never adds a second Accountable.
    """
    role = playbook.roles[role_id]
    if successor_id == role_id:
        raise EditError("A role cannot take over its own assignments.")
    if successor_id is not None and successor_id not in playbook.roles:
        raise EditError("The role that should take over no longer exists.")
    edits: list[Edit] = _hand_over(playbook, role_id, successor_id)
    edits.append(RemoveEntity(Kind.ROLE, snapshot(role), playbook.roles.index(role_id)))
    if successor_id is None:
        label = f"Remove role “{role.name}”"
    else:
        label = f"Remove role “{role.name}”; “{playbook.roles[successor_id].name}” takes over"
    return Macro(tuple(edits), label=label)


def merge_roles(playbook: Playbook, keep_id: str, merge_id: str) -> Macro:
    """Fold ``merge_id`` into ``keep_id``: its letters move over and it goes."""
    if keep_id == merge_id:
        raise EditError("Choose two different roles to merge.")
    removal = remove_role(playbook, merge_id, keep_id)
    kept, merged = playbook.roles[keep_id].name, playbook.roles[merge_id].name
    return Macro(removal.edits, label=f"Merge “{merged}” into “{kept}”")


def _hand_over(playbook: Playbook, role_id: str, successor_id: str | None) -> list[Edit]:
    edits: list[Edit] = []
    for activity in playbook.activities:
        letter = activity.raci.get(role_id)
        if letter is None:
            continue
        raci = {other: value for other, value in activity.raci.items() if other != role_id}
        if successor_id is not None:
            raci[successor_id] = stronger(raci.get(successor_id), letter)
        edits.append(operations.set_fields(playbook, Kind.ACTIVITY, activity.id, raci=raci))
    return edits


def stronger(current: Raci | None, incoming: Raci) -> Raci:
    """The letter that stays when ``incoming`` meets ``current`` on one role and activity."""
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
    """The RACI rules this activity breaks, worst first, as short sentences to show beside it."""
    counts = Counter(activity.raci.values())
    findings: list[tuple[Severity, str]] = []
    if counts[Raci.A] == 0:
        findings.append((Severity.ERROR, "No one is Accountable."))
    elif counts[Raci.A] > 1:
        findings.append(
            (Severity.ERROR, f"{counts[Raci.A]} people are Accountable; there must be one.")
        )
    if counts[Raci.R] == 0:
        findings.append((Severity.ERROR, "No one is Responsible."))
    if counts[Raci.C] > MAX_CONSULTED:
        findings.append(
            (
                Severity.WARNING,
                f"{counts[Raci.C]} people are Consulted; more than {MAX_CONSULTED} slows it down.",
            )
        )
    return findings


def role_duties(
    playbook: Playbook, role_id: str
) -> list[tuple[Stage, list[tuple[Activity, Raci]]]]:
    """What a role is Responsible or Accountable for, stage by stage in journey order.

    Stages where the role has no such duty are left out; activities keep their order.
    """
    by_stage: dict[str, list[tuple[Activity, Raci]]] = {}
    for activity in playbook.activities:
        letter = activity.raci.get(role_id)
        if letter in DUTIES:
            by_stage.setdefault(activity.stage, []).append((activity, letter))
    return [
        (stage, by_stage[stage.id])
        for stage in playbook.stages_in_journey_order()
        if stage.id in by_stage
    ]
