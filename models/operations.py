"""Build the edit for a user's intent from the playbook as it is now.

Each function only reads the playbook; the returned edit is applied (and
undone) by whoever owns the playbook.
"""

from __future__ import annotations

import datetime
from typing import Any

from journeyapp.models.change import Kind
from journeyapp.models.edits import AddEntity, Macro, MoveEntity, RemoveEntity, SetFields
from journeyapp.models.entities import (
    Activity,
    Handoff,
    HandoffKind,
    Lane,
    Phase,
    Raci,
    Role,
    ScoringRule,
    Stage,
)
from journeyapp.models.errors import EditError
from journeyapp.models.field_words import field_words
from journeyapp.models.ids import new_id
from journeyapp.models.limits import an_entity
from journeyapp.models.playbook import Edit, Playbook
from journeyapp.models.words import count

BANT = ("Budget", "Authority", "Need", "Timeline")


def _name_of(playbook: Playbook, kind: Kind, entity_id: str) -> str:
    entity = playbook.get(kind, entity_id)
    if kind is Kind.HANDOFF:  # a handoff is known by the stages it joins
        return f"{_name_of(playbook, Kind.STAGE, entity.source)} → " + _name_of(
            playbook, Kind.STAGE, entity.target
        )
    for field in ("name", "term", "title", "attribute", "text"):
        value = getattr(entity, field, None)
        if value:
            return value
    return entity_id


def set_fields(
    playbook: Playbook,
    kind: Kind,
    entity_id: str,
    /,
    label: str | None = None,
    merge_key: str | None = None,
    **values: Any,
) -> SetFields:
    """Set fields of one entity, remembering the old values for undo."""
    entity = playbook.get(kind, entity_id)
    for name in values:
        if name == "id" or not hasattr(entity, name):
            raise EditError(f"{an_entity(kind)} has no field {name!r} that can be set.")
    old = {name: getattr(entity, name) for name in values}
    if label is None:
        what = field_words(list(values))
        if kind is Kind.META:
            label = f"Change {what} of the playbook"
        else:
            label = f"Change {what} of “{_name_of(playbook, kind, entity_id)}”"
    return SetFields(kind, entity_id, old, dict(values), label, merge_key)


def rename(
    playbook: Playbook, kind: Kind, entity_id: str, name: str, merge_key: str | None = None
) -> SetFields:
    field = "term" if kind is Kind.DEFINITION else "name"
    old_name = _name_of(playbook, kind, entity_id)
    return set_fields(
        playbook,
        kind,
        entity_id,
        label=f"Rename “{old_name}” to “{name}”",
        merge_key=merge_key,
        **{field: name},
    )


def add_stage(
    playbook: Playbook,
    name: str,
    phase: str,
    lane: str,
    x: float = 24.0,
    y: float = 24.0,
    merge_key: str | None = None,
    made_on: str | None = None,
    **fields: Any,
) -> AddEntity:
    """A new stage, reviewed on the day it is made (``made_on``, today unless told)."""
    fields.setdefault("last_reviewed", made_on or datetime.date.today().isoformat())
    stage = Stage(id=new_id("stage"), name=name, phase=phase, lane=lane, x=x, y=y, **fields)
    return AddEntity(Kind.STAGE, stage, label=f"Add stage “{name}”", merge_key=merge_key)


def move_stage(
    playbook: Playbook, stage_id: str, phase: str, lane: str, x: float, y: float
) -> SetFields:
    return set_fields(
        playbook,
        Kind.STAGE,
        stage_id,
        label=f"Move “{_name_of(playbook, Kind.STAGE, stage_id)}”",
        phase=phase,
        lane=lane,
        x=x,
        y=y,
    )


def remove_stage(playbook: Playbook, stage_id: str) -> Macro:
    """Remove a stage with its handoffs and activities, and clear recycle targets pointing at it."""
    return remove_many(playbook, [stage_id])


def connect(
    playbook: Playbook,
    source: str,
    target: str,
    kind: HandoffKind | None = None,
    **fields: Any,
) -> AddEntity:
    """Add a handoff; a move between two lanes is a cross-team handoff unless told otherwise.

    A cross-team handoff starts with the BANT qualification checklist.
    """
    if kind is None:
        same_lane = playbook.stage(source).lane == playbook.stage(target).lane
        kind = HandoffKind.PROGRESSION if same_lane else HandoffKind.CROSS_TEAM
    if kind is HandoffKind.CROSS_TEAM:
        fields.setdefault("qualification", list(BANT))
    handoff = Handoff(id=new_id("handoff"), source=source, target=target, kind=kind, **fields)
    names = (_name_of(playbook, Kind.STAGE, source), _name_of(playbook, Kind.STAGE, target))
    return AddEntity(Kind.HANDOFF, handoff, label=f"Connect “{names[0]}” to “{names[1]}”")


def handoff_name(playbook: Playbook, handoff: Handoff) -> str:
    """A handoff as the undo history names it: MQL → SQL."""
    return _name_of(playbook, Kind.HANDOFF, handoff.id)


def _route(playbook: Playbook, source: str, target: str) -> str:
    """A handoff's route as people read it: “MQL” → “SQL”."""
    return (
        f"“{_name_of(playbook, Kind.STAGE, source)}” → “{_name_of(playbook, Kind.STAGE, target)}”"
    )


def remove_handoff(playbook: Playbook, handoff_id: str) -> Macro:
    """Delete a handoff; improvements aimed at it keep their idea and lose their target."""
    return remove_many(playbook, [], [handoff_id])


def add_phase(playbook: Playbook, name: str, index: int | None = None) -> AddEntity:
    return AddEntity(Kind.PHASE, Phase(new_id("phase"), name), index, f"Add phase “{name}”")


def add_lane(playbook: Playbook, name: str, color: str, index: int | None = None) -> AddEntity:
    return AddEntity(Kind.LANE, Lane(new_id("lane"), name, color), index, f"Add lane “{name}”")


def remove_phase(playbook: Playbook, phase_id: str, move_stages_to: str | None = None) -> Macro:
    return _remove_grid_line(playbook, Kind.PHASE, phase_id, move_stages_to)


def remove_lane(playbook: Playbook, lane_id: str, move_stages_to: str | None = None) -> Macro:
    return _remove_grid_line(playbook, Kind.LANE, lane_id, move_stages_to)


def _remove_grid_line(
    playbook: Playbook, kind: Kind, line_id: str, move_stages_to: str | None
) -> Macro:
    field = kind.value  # "phase" or "lane": the Stage attribute naming it
    stages = [s for s in playbook.stages() if getattr(s, field) == line_id]
    if stages and move_stages_to is None:
        raise EditError(
            f"The {kind.value} “{_name_of(playbook, kind, line_id)}” still holds "
            f"{count(len(stages), 'stage')}; "
            f"choose where {'it goes' if len(stages) == 1 else 'they go'}."
        )
    edits: list[Edit] = [
        set_fields(playbook, Kind.STAGE, s.id, **{field: move_stages_to}) for s in stages
    ]
    if kind is Kind.LANE:
        edits += [
            set_fields(playbook, Kind.ROLE, r.id, team=None)
            for r in playbook.roles
            if r.team == line_id
        ]
    index = playbook.ids(kind).index(line_id)
    edits.append(RemoveEntity(kind, playbook.get(kind, line_id), index))
    return Macro(tuple(edits), label=f"Delete {kind.value} “{_name_of(playbook, kind, line_id)}”")


def move_in_order(playbook: Playbook, kind: Kind, entity_id: str, new_index: int) -> MoveEntity:
    old_index = playbook.ids(kind).index(entity_id)
    name = _name_of(playbook, kind, entity_id)
    return MoveEntity(kind, entity_id, old_index, new_index, f"Reorder “{name}”")


def add_role(playbook: Playbook, name: str, team: str | None = None) -> AddEntity:
    if any(r.name.strip().casefold() == name.strip().casefold() for r in playbook.roles):
        raise EditError(f"There is already a role called “{name}”.")
    return AddEntity(Kind.ROLE, Role(new_id("role"), name, team), label=f"Add role “{name}”")


def add_activity(playbook: Playbook, stage_id: str, name: str, methodology: str = "") -> AddEntity:
    activity = Activity(new_id("activity"), stage_id, name, methodology)
    return AddEntity(Kind.ACTIVITY, activity, label=f"Add activity “{name}”")


def set_raci(playbook: Playbook, activity_id: str, role_id: str, value: Raci | None) -> SetFields:
    activity = playbook.get(Kind.ACTIVITY, activity_id)
    raci = dict(activity.raci)
    if value is None:
        raci.pop(role_id, None)
    else:
        raci[role_id] = Raci(value)
    role = _name_of(playbook, Kind.ROLE, role_id)
    what = value.value if value else "nothing"
    return set_fields(
        playbook,
        Kind.ACTIVITY,
        activity_id,
        label=f"Make {role} {what} for “{activity.name}”",
        raci=raci,
    )


def move_stages(playbook: Playbook, moves: dict[str, tuple[str, str, float, float]]) -> Edit:
    """Move several stages as one step; ``moves`` maps a stage id to (phase, lane, x, y)."""
    edits = [
        move_stage(playbook, stage_id, phase, lane, x, y)
        for stage_id, (phase, lane, x, y) in moves.items()
    ]
    if len(edits) == 1:
        return edits[0]
    return Macro(tuple(edits), label=f"Move {len(edits)} stages")


def remove_many(playbook: Playbook, stage_ids: list[str], handoff_ids: list[str] = ()) -> Macro:
    """Delete stages (with their handoffs and activities) and other handoffs as one step."""
    stages = list(dict.fromkeys(stage_ids))
    doomed = set(stages)
    edits: list[Edit] = []
    removed_handoffs: dict[str, Handoff] = {h: playbook.handoff(h) for h in handoff_ids}
    for stage_id in stages:
        for handoff in playbook.incoming(stage_id) + playbook.outgoing(stage_id):
            removed_handoffs[handoff.id] = handoff
    for handoff in playbook.handoffs():
        if handoff.id not in removed_handoffs and handoff.recycle_to in doomed:
            edits.append(set_fields(playbook, Kind.HANDOFF, handoff.id, recycle_to=None))
    gone = {Kind.STAGE: doomed, Kind.HANDOFF: set(removed_handoffs)}
    gone[Kind.ACTIVITY] = {a.id for a in playbook.activities if a.stage in doomed}
    for improvement in playbook.improvements:  # keep the idea, drop what it pointed at
        if improvement.target in gone.get(improvement.target_kind, ()):
            edits.append(set_fields(playbook, Kind.IMPROVEMENT, improvement.id, target=None))
    for project in playbook.projects:  # a project keeps the rest of its areas
        if doomed & set(project.areas):
            areas = tuple(a for a in project.areas if a not in doomed)
            edits.append(set_fields(playbook, Kind.PROJECT, project.id, areas=areas))
    for note in playbook.notes:  # a note on a deleted stage goes to the board
        if note.stage in doomed:
            edits.append(set_fields(playbook, Kind.NOTE, note.id, stage=None))
    for handoff in removed_handoffs.values():
        edits.append(RemoveEntity(Kind.HANDOFF, handoff))
    doomed_activities = [a for a in playbook.activities if a.stage in doomed]
    for activity in reversed(doomed_activities):
        index = playbook.activities.index(activity.id)
        edits.append(RemoveEntity(Kind.ACTIVITY, activity, index))
    for stage_id in stages:
        edits.append(RemoveEntity(Kind.STAGE, playbook.stage(stage_id)))
    if len(stages) == 1 and not handoff_ids:
        label = f"Delete stage “{_name_of(playbook, Kind.STAGE, stages[0])}”"
    elif not stages and len(removed_handoffs) == 1:
        only = next(iter(removed_handoffs.values()))
        label = f"Delete handoff {_route(playbook, only.source, only.target)}"
    else:
        parts = [count(len(stages), "stage")] if stages else []
        if removed_handoffs:
            parts.append(count(len(removed_handoffs), "handoff"))
        label = f"Delete {' and '.join(parts)}"
    return Macro(tuple(edits), label=label)


def reverse_handoff(playbook: Playbook, handoff_id: str) -> SetFields:
    handoff = playbook.handoff(handoff_id)
    return set_fields(
        playbook,
        Kind.HANDOFF,
        handoff_id,
        label=f"Reverse handoff to {_route(playbook, handoff.target, handoff.source)}",
        source=handoff.target,
        target=handoff.source,
    )


def remove_activity(playbook: Playbook, activity_id: str) -> Macro:
    """Delete an activity; improvements aimed at it are aimed at its stage instead, in the
    same undo step (an improvement left pointing at nothing made the file unopenable)."""
    activity = playbook.activities[activity_id]
    index = playbook.activities.index(activity_id)
    retargeted = [
        set_fields(playbook, Kind.IMPROVEMENT, i.id, target_kind=Kind.STAGE, target=activity.stage)
        for i in playbook.improvements
        if i.target_kind is Kind.ACTIVITY and i.target == activity_id
    ]
    return Macro(
        (*retargeted, RemoveEntity(Kind.ACTIVITY, activity, index)),
        label=f"Delete activity “{activity.name}”",
    )


def move_activity_within_stage(playbook: Playbook, activity_id: str, offset: int) -> MoveEntity:
    """Move an activity up (negative) or down among its own stage's activities."""
    activity = playbook.activities[activity_id]
    siblings = [a.id for a in playbook.activities_of(activity.stage)]
    position = siblings.index(activity_id)
    wanted = max(0, min(len(siblings) - 1, position + offset))
    if wanted == position:
        raise EditError(f"“{activity.name}” cannot move further that way.")
    new_index = playbook.activities.index(siblings[wanted])
    return move_in_order(playbook, Kind.ACTIVITY, activity_id, new_index)


def mark_reviewed(playbook: Playbook, stage_id: str, reviewer: str, date: str) -> SetFields:
    """Record that ``reviewer`` checked the stage's definition on ``date`` (ISO)."""
    if not reviewer.strip():
        raise EditError("Say who reviewed the stage; the name cannot be empty.")
    return set_fields(
        playbook,
        Kind.STAGE,
        stage_id,
        label=f"Mark “{_name_of(playbook, Kind.STAGE, stage_id)}” reviewed",
        last_reviewed=date,
        last_reviewed_by=reviewer.strip(),
    )


def add_scoring_rule(playbook: Playbook, **fields: Any) -> AddEntity:
    rule = ScoringRule(new_id("rule"), **fields)
    return AddEntity(Kind.SCORING_RULE, rule, label=f"Add scoring rule “{rule.attribute}”")


def remove_scoring_rule(playbook: Playbook, rule_id: str) -> RemoveEntity:
    rule = playbook.scoring_rules[rule_id]
    index = playbook.scoring_rules.index(rule_id)
    return RemoveEntity(
        Kind.SCORING_RULE, rule, index, label=f"Delete scoring rule “{rule.attribute}”"
    )
