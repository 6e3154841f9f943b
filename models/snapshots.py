"""Snapshots: the agreement as it stood, named and kept inside the .journey file.

A snapshot holds everything people agreed (the map, stages, handoffs, roles,
RACI, definitions, scoring, improvements, marketing's commitments) but not the
evidence (deals, leads and CRM stage mappings) nor other snapshots. Restoring one
puts the map, its definitions and marketing's signed commitments back as one undoable step,
and leaves the evidence, the snapshots and the records of what happened since (improvements
and their decisions, notes, meetings, projects, votes) as they are.
"""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

from journeyapp.models.change import Change, Kind
from journeyapp.models.codec import (
    BUILD_ORDER,
    ENTITY_FROM_DICT,
    meta_from_dict,
    playbook_from_dict,
    playbook_to_dict,
)
from journeyapp.models.edits import AddEntity, RemoveEntity
from journeyapp.models.entities import Snapshot
from journeyapp.models.errors import EditError, FormatError
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.ids import new_id
from journeyapp.models.load_repairs import repaired
from journeyapp.models.playbook import Playbook

# What a snapshot keeps out: the evidence, and the snapshots themselves.
NOT_KEPT = {
    "deals": Kind.DEAL,
    "leads": Kind.LEAD,
    "interviews": Kind.INTERVIEW,
    "stage_mappings": Kind.STAGE_MAPPING,
    "snapshots": Kind.SNAPSHOT,
}
KEPT_KINDS = tuple(kind for kind, key in BUILD_ORDER if key not in NOT_KEPT)
# Kept to compare, but records of what happened since: a restore leaves them as they are now.
HISTORY = ("improvements", "notes", "meetings", "projects", "voting_rounds")


def quarter_name(day: datetime.date) -> str:
    """The default snapshot name: the quarter the day falls in, e.g. "2026 Q4"."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def agreement(playbook: Playbook) -> dict[str, Any]:
    """The playbook's interchange data without deals, stage mappings and snapshots."""
    data = playbook_to_dict(playbook)
    for key in NOT_KEPT:
        data[key] = []
    return data


def take(playbook: Playbook, name: str, now: datetime.datetime) -> AddEntity:
    """The edit that saves a snapshot of the playbook as it is now."""
    name = " ".join(name.split())
    if not name:
        raise EditError("A snapshot needs a name.")
    taken = {s.name.casefold() for s in playbook.snapshots}
    if name.casefold() in taken:  # a second one this quarter: "2026 Q4 (2)", never two alike
        number = 2
        while f"{name} ({number})".casefold() in taken:
            number += 1
        name = f"{name} ({number})"
    content = json.dumps(agreement(playbook), ensure_ascii=False, sort_keys=True)
    snapshot = Snapshot(new_id("snap"), name, now.isoformat(timespec="seconds"), content)
    return AddEntity(Kind.SNAPSHOT, snapshot, label=f"Save snapshot “{name}”")


def by_name(playbook: Playbook, wanted: str) -> Snapshot:
    """The snapshot called ``wanted`` (or with that id); the newest if several share it."""
    matches = [
        s
        for s in playbook.snapshots
        if wanted in (s.id, s.name) or s.name.casefold() == wanted.casefold()
    ]
    if not matches:
        names = ", ".join(f"“{s.name}”" for s in playbook.snapshots)
        if not names:
            raise EditError(f"There is no snapshot “{wanted}”; this playbook has none yet.")
        raise EditError(f"There is no snapshot “{wanted}”; the snapshots are {names}.")
    return max(matches, key=lambda s: s.taken_at)


def opened(snapshot: Snapshot) -> Playbook:
    """The snapshot as a playbook of its own, to look at or compare; never the live one."""
    try:
        return playbook_from_dict(json.loads(snapshot.playbook))
    except (json.JSONDecodeError, FormatError) as error:
        raise FormatError(f"The snapshot “{snapshot.name}” is damaged ({error}).") from None
    except RecursionError:
        raise FormatError(
            f"The snapshot “{snapshot.name}” is damaged (a value in it is nested too deeply)."
        ) from None


def remove(playbook: Playbook, snapshot_id: str) -> RemoveEntity:
    snapshot = playbook.snapshots[snapshot_id]
    index = playbook.snapshots.index(snapshot_id)
    return RemoveEntity(Kind.SNAPSHOT, snapshot, index, label=f"Delete snapshot “{snapshot.name}”")


@frozen_record
class ReplaceAgreement:
    """Swap everything a snapshot keeps for another version of it, as one step."""

    before: dict[str, Any]
    after: dict[str, Any]
    label: str = ""

    def apply(self, playbook: Playbook) -> None:
        _rebuild(playbook, self.after)

    def revert(self, playbook: Playbook) -> None:
        _rebuild(playbook, self.before)

    def change(self) -> Change:
        ids: dict[Kind, set[str]] = {kind: set() for kind in KEPT_KINDS}
        for data in (self.before, self.after):
            for kind, key in BUILD_ORDER:
                if kind in ids:
                    ids[kind].update(item["id"] for item in data.get(key, []))
        return Change({Kind.META: frozenset({"meta"}), **{k: frozenset(v) for k, v in ids.items()}})


def restore(playbook: Playbook, snapshot_id: str) -> ReplaceAgreement:
    """The edit that puts a snapshot's agreement back; deals and snapshots stay as they are."""
    snapshot = playbook.snapshots[snapshot_id]
    try:
        opened(snapshot)  # refuse a damaged snapshot before anything is touched
    except FormatError as error:
        raise EditError(str(error)) from None
    now = agreement(playbook)
    after = json.loads(snapshot.playbook)
    for key in HISTORY:
        after[key] = copy.deepcopy(now[key])
    return ReplaceAgreement(now, after, label=f"Restore snapshot “{snapshot.name}”")


def _rebuild(playbook: Playbook, data: dict[str, Any]) -> None:
    for kind in reversed(KEPT_KINDS):  # what points at others goes first
        for entity_id in playbook.ids(kind):
            playbook.remove_entity(kind, entity_id)
    playbook.meta = meta_from_dict(copy.deepcopy(data["meta"]), "meta")
    for kind, key in BUILD_ORDER:
        if kind in KEPT_KINDS:
            for item in data.get(key, []):
                entity = ENTITY_FROM_DICT[kind](item, key)
                try:
                    playbook.insert_entity(kind, entity)
                except EditError:  # a record of since points at what the map no longer has
                    fitted, _ = repaired(playbook, kind, entity)
                    if fitted is not None:
                        playbook.insert_entity(kind, fitted)
