"""A file whose entity points at something that is not there opens all the same.

One dangling reference (an improvement aimed at a deleted activity, a handoff to a
stage that is gone) must not lock a team out of everything else in its playbook.
The loader makes the entity fit, keeping as much of it as it can, and says what
it did in a sentence; it never changes the file by itself.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from journeyapp.models.change import Kind
from journeyapp.models.playbook import Playbook


def repaired(playbook: Playbook, kind: Kind, entity: Any) -> tuple[Any | None, str]:
    """``entity`` with what it points at made to resolve, or None when it cannot be kept;
    and a sentence saying what was done."""
    fix = _FIXES.get(kind)
    if fix is None:
        return None, f"{_named(kind, entity)} could not be read; it is left out."
    return fix(playbook, entity)


def _named(kind: Kind, entity: Any) -> str:
    for field in ("name", "term", "title", "attribute", "text"):
        value = getattr(entity, field, None)
        if isinstance(value, str) and value.strip():
            shown = " ".join(value.split())
            return f"{kind.value.capitalize()} “{shown[:60]}”"
    return f"A {kind.value}"


def _stage(playbook: Playbook, stage: Any) -> tuple[Any | None, str]:
    phases, lanes = playbook.phases.ids(), playbook.lanes.ids()
    if not phases or not lanes:
        return (
            None,
            f"{_named(Kind.STAGE, stage)} has no phase or lane to stand in; it is left out.",
        )
    phase = stage.phase if stage.phase in playbook.phases else phases[0]
    lane = stage.lane if stage.lane in playbook.lanes else lanes[0]
    where = f"“{playbook.phases[phase].name}” · “{playbook.lanes[lane].name}”"
    return (
        dataclasses.replace(stage, phase=phase, lane=lane),
        f"{_named(Kind.STAGE, stage)} was in a phase or lane that does not exist; "
        f"it is shown in {where}.",
    )


def _handoff(playbook: Playbook, handoff: Any) -> tuple[Any | None, str]:
    ends = (handoff.source, handoff.target)
    if not all(playbook.has_stage(end) for end in ends) or handoff.source == handoff.target:
        return None, "A handoff pointed at a stage that does not exist; it is left out."
    existing = playbook.handoff_between(*ends)
    if existing is not None and existing.id != handoff.id:
        return None, "Two handoffs joined the same two stages; the second is left out."
    recycle = handoff.recycle_to if playbook.has_stage(handoff.recycle_to or "") else None
    definition = handoff.definition if handoff.definition in playbook.definitions else None
    return (
        dataclasses.replace(handoff, recycle_to=recycle, definition=definition),
        "A handoff's recycle stage or definition does not exist; it is cleared.",
    )


def _activity(playbook: Playbook, activity: Any) -> tuple[Any | None, str]:
    if not playbook.has_stage(activity.stage):
        return (
            None,
            f"{_named(Kind.ACTIVITY, activity)} belonged to a stage that does not exist; "
            "it is left out.",
        )
    raci = {role: letter for role, letter in activity.raci.items() if role in playbook.roles}
    return (
        dataclasses.replace(activity, raci=raci),
        f"{_named(Kind.ACTIVITY, activity)} gave work to a role that does not exist; "
        "that assignment is cleared.",
    )


def _cleared(kind: Kind, field: str, what: str) -> Any:
    def fix(playbook: Playbook, entity: Any) -> tuple[Any | None, str]:
        return (
            dataclasses.replace(entity, **{field: None}),
            f"{_named(kind, entity)} pointed at {what} that does not exist; it is cleared.",
        )

    return fix


def _project(playbook: Playbook, project: Any) -> tuple[Any | None, str]:
    areas = tuple(area for area in project.areas if playbook.has_stage(area))
    return (
        dataclasses.replace(project, areas=areas),
        f"{_named(Kind.PROJECT, project)} redesigned a stage that does not exist; "
        "it keeps the others.",
    )


_FIXES = {
    Kind.STAGE: _stage,
    Kind.HANDOFF: _handoff,
    Kind.ACTIVITY: _activity,
    Kind.IMPROVEMENT: _cleared(Kind.IMPROVEMENT, "target", "a stage, handoff or activity"),
    Kind.NOTE: _cleared(Kind.NOTE, "stage", "a stage"),
    Kind.ROLE: _cleared(Kind.ROLE, "team", "a team"),
    Kind.PROJECT: _project,
}
