"""A piece of a map for the clipboard: chosen stages with the handoffs and activities among them.

``extract`` turns a selection into plain data; ``paste_edit`` builds the one
edit that adds a copy of it to a playbook (the same one or another), with
fresh ids, mapping phases, lanes, roles and definitions by id or by name.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

from journeyapp.models.change import Kind
from journeyapp.models.codec import ENTITY_FROM_DICT, entity_to_dict
from journeyapp.models.edits import AddEntity, Macro
from journeyapp.models.errors import FormatError
from journeyapp.models.ids import new_id
from journeyapp.models.playbook import Edit, Playbook

FRAGMENT_FORMAT = "journeyapp.fragment"
MIME_TYPE = "application/x-journeyapp-fragment+json"


def extract(playbook: Playbook, stage_ids: list[str]) -> dict[str, Any]:
    chosen = [playbook.stage(s) for s in stage_ids if playbook.has_stage(s)]
    ids = {s.id for s in chosen}
    handoffs = [h for h in playbook.handoffs() if h.source in ids and h.target in ids]
    activities = [a for a in playbook.activities if a.stage in ids]
    role_ids = {r for a in activities for r in a.raci}
    definition_ids = {h.definition for h in handoffs if h.definition}
    return {
        "format": FRAGMENT_FORMAT,
        "phases": [entity_to_dict(p) for p in playbook.phases if p.id in {s.phase for s in chosen}],
        "lanes": [entity_to_dict(x) for x in playbook.lanes if x.id in {s.lane for s in chosen}],
        "stages": [entity_to_dict(s) for s in chosen],
        "handoffs": [entity_to_dict(h) for h in handoffs],
        "activities": [entity_to_dict(a) for a in activities],
        "roles": [entity_to_dict(r) for r in playbook.roles if r.id in role_ids],
        "definitions": [entity_to_dict(d) for d in playbook.definitions if d.id in definition_ids],
    }


def as_text(data: dict[str, Any]) -> str:
    """The plain-text form: one stage name per line."""
    return "\n".join(stage["name"] for stage in data.get("stages", []))


def _by_id_or_name(
    wanted_id: str, wanted_name: str, candidates: list[tuple[str, str]]
) -> str | None:
    for candidate_id, _ in candidates:
        if candidate_id == wanted_id:
            return candidate_id
    folded = wanted_name.strip().casefold()
    for candidate_id, name in candidates:
        if name.strip().casefold() == folded:
            return candidate_id
    return None


NOT_A_FRAGMENT = "The clipboard does not hold stages from a journey map."


def read_clipboard(raw: bytes) -> Any:
    """The fragment data in the clipboard's bytes; FormatError for anything that is not JSON
    (text that is not UTF-8, a value nested thousands deep)."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise FormatError(NOT_A_FRAGMENT) from None


def _records(data: dict, key: str) -> list[dict]:
    """The objects under ``key``: a list of JSON objects, or the clipboard is refused."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise FormatError(NOT_A_FRAGMENT)
    return value


def _names_by_id(records: list[dict], name_key: str) -> dict[str, str]:
    return {
        r["id"]: r[name_key] if isinstance(r.get(name_key), str) else ""
        for r in records
        if isinstance(r.get("id"), str)
    }


def paste_edit(
    playbook: Playbook,
    data: Any,
    dx: float = 32.0,
    dy: float = 32.0,
    made_on: str | None = None,
    verb: str = "Paste",
) -> Macro:
    """The edit that adds a copy of a fragment; raises FormatError for data that is not one.

    The copies are new stages, reviewed on the day they are made (``made_on``, today unless
    told), whatever the review date of the stages they were copied from.
    """
    made_on = made_on or datetime.date.today().isoformat()
    if not isinstance(data, dict) or data.get("format") != FRAGMENT_FORMAT:
        raise FormatError(NOT_A_FRAGMENT)
    if not len(playbook.phases) or not len(playbook.lanes):
        raise FormatError("Add a phase and a lane before pasting stages.")
    phases = [(p.id, p.name) for p in playbook.phases]
    lanes = [(x.id, x.name) for x in playbook.lanes]
    source_phase_names = _names_by_id(_records(data, "phases"), "name")
    source_lane_names = _names_by_id(_records(data, "lanes"), "name")

    edits: list[Edit] = []
    role_map: dict[str, str] = {}
    for i, raw in enumerate(_records(data, "roles")):
        role = ENTITY_FROM_DICT[Kind.ROLE](raw, f"roles[{i}]")
        existing = _by_id_or_name(role.id, role.name, [(r.id, r.name) for r in playbook.roles])
        if existing is not None:
            role_map[role.id] = existing
            continue
        team = role.team if role.team in playbook.lanes else None
        new_role = dataclasses.replace(role, id=new_id("role"), team=team)
        role_map[role.id] = new_role.id
        edits.append(AddEntity(Kind.ROLE, new_role))
    definitions = [(d.id, d.term) for d in playbook.definitions]
    definition_map = {
        definition_id: _by_id_or_name(definition_id, term, definitions)
        for definition_id, term in _names_by_id(_records(data, "definitions"), "term").items()
    }

    stage_map: dict[str, str] = {}
    stages = []
    for i, raw in enumerate(_records(data, "stages")):
        stage = ENTITY_FROM_DICT[Kind.STAGE](raw, f"stages[{i}]")
        phase = _by_id_or_name(stage.phase, source_phase_names.get(stage.phase, ""), phases)
        lane = _by_id_or_name(stage.lane, source_lane_names.get(stage.lane, ""), lanes)
        stage_map[stage.id] = new_id("stage")
        stages.append(
            dataclasses.replace(
                stage,
                id=stage_map[stage.id],
                phase=phase or phases[0][0],
                lane=lane or lanes[0][0],
                x=stage.x + dx,
                y=stage.y + dy,
                last_reviewed=made_on,
                last_reviewed_by="",
            )
        )
    edits += [AddEntity(Kind.STAGE, stage) for stage in stages]
    for i, raw in enumerate(_records(data, "handoffs")):
        handoff = ENTITY_FROM_DICT[Kind.HANDOFF](raw, f"handoffs[{i}]")
        if handoff.source not in stage_map or handoff.target not in stage_map:
            continue
        recycle = handoff.recycle_to
        recycle = stage_map.get(
            recycle, recycle if recycle and playbook.has_stage(recycle) else None
        )
        edits.append(
            AddEntity(
                Kind.HANDOFF,
                dataclasses.replace(
                    handoff,
                    id=new_id("handoff"),
                    source=stage_map[handoff.source],
                    target=stage_map[handoff.target],
                    recycle_to=recycle,
                    definition=definition_map.get(handoff.definition),
                ),
            )
        )
    for i, raw in enumerate(_records(data, "activities")):
        activity = ENTITY_FROM_DICT[Kind.ACTIVITY](raw, f"activities[{i}]")
        if activity.stage not in stage_map:
            continue
        raci = {role_map[r]: v for r, v in activity.raci.items() if r in role_map}
        edits.append(
            AddEntity(
                Kind.ACTIVITY,
                dataclasses.replace(
                    activity, id=new_id("activity"), stage=stage_map[activity.stage], raci=raci
                ),
            )
        )
    if not stages:
        raise FormatError("The clipboard holds no stages to paste.")
    label = f"{verb} “{stages[0].name}”" if len(stages) == 1 else f"{verb} {len(stages)} stages"
    return Macro(tuple(edits), label=label)


def pasted_stage_ids(edit: Macro) -> list[str]:
    """The ids of the stages a paste edit adds (to select them afterwards)."""
    return [e.entity.id for e in edit.edits if isinstance(e, AddEntity) and e.kind is Kind.STAGE]
