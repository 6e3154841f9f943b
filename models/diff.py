"""What changed between two versions of a playbook (a snapshot and another, or now).

Entities are matched by id, so a renamed stage is a rename, not a removal and an
addition. Each difference is one entry a user can select: what it is about, what
happened to it, one plain sentence, and the fields that changed (text fields
with a word-level diff).
"""

from __future__ import annotations

import difflib
from dataclasses import field
from typing import Any

from journeyapp.models import fields
from journeyapp.models.change import Kind
from journeyapp.models.diff_values import NOTHING, entity_name, label, shown, signed
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook

ADDED, REMOVED, RENAMED, MOVED, CHANGED = "added", "removed", "renamed", "moved", "changed"
SIGN_OFF_LOST, RACI = "sign-off lost", "RACI"


@frozen_record
class FieldChange:
    label: str
    before: str
    after: str
    words: tuple[tuple[str, str], ...] = ()  # ("same" | "removed" | "added", text)

    def marked_up(self) -> str:
        """The word diff as text: [-removed-]{+added+}."""
        if not self.words:
            return f"{self.before} → {self.after}"
        marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
        return " ".join(marks[how].format(text) for how, text in self.words)


@frozen_record
class Difference:
    kind: Kind
    entity_id: str
    what: str  # added, removed, renamed, moved, changed, sign-off lost, RACI
    title: str  # the entity's name as it is now (as it was, if removed)
    summary: str
    fields: tuple[FieldChange, ...] = field(default=())
    stage_id: str | None = None  # the stage on the map this is shown on, if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "id": self.entity_id,
            "what": self.what,
            "title": self.title,
            "summary": self.summary,
            "stage": self.stage_id,
            "fields": [
                {"field": f.label, "before": f.before, "after": f.after, "diff": f.marked_up()}
                for f in self.fields
            ],
        }


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    old, new = before.split(), after.split()
    runs: list[tuple[str, str]] = []
    for tag, a, b, c, d in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("same", " ".join(old[a:b])))
            continue
        if a < b:
            runs.append(("removed", " ".join(old[a:b])))
        if c < d:
            runs.append(("added", " ".join(new[c:d])))
    return tuple(runs)


TEXT_FIELDS = {
    "description",
    "buyer_goal",
    "buyer_questions",
    "entry_criteria",
    "exit_criteria",
    "trigger",
    "methodology",
    "text",
    "examples",
    "non_examples",
    "reasoning",
    "hypothesis",
    "metric",
    "baseline",
    "result",
    "decision_reason",
    "definition",
}
# The field each kind is known by: a change to it is a rename.
NAMES = {
    Kind.DEFINITION: "term",
    Kind.SCORING_RULE: "attribute",
    Kind.IMPROVEMENT: "title",
    Kind.COMMITMENT: "period",
}
KINDS = (
    Kind.META,
    Kind.PHASE,
    Kind.LANE,
    Kind.STAGE,
    Kind.HANDOFF,
    Kind.ROLE,
    Kind.ACTIVITY,
    Kind.DEFINITION,
    Kind.DRIVER,
    Kind.SCORING_RULE,
    Kind.COMMITMENT,
    Kind.IMPROVEMENT,
)
# Fields with an entry of their own (a rename, a move, RACI), or that are no agreement: where
# a card sits, and when a stage was last reviewed (the stale list tells that).
NOT_FIELDS = {
    Kind.STAGE: {"phase", "lane", "x", "y", "last_reviewed", "last_reviewed_by"},
    Kind.HANDOFF: {"source", "target"},
    Kind.ACTIVITY: {"stage", "raci"},
    Kind.META: {"name"},
}
WHAT = {Kind.META: "playbook settings", Kind.DRIVER: "decision driver"}


class _Compare:
    def __init__(self, old: Playbook, new: Playbook) -> None:
        self.old, self.new = old, new
        self.found: list[Difference] = []

    def title(self, playbook: Playbook, kind: Kind, entity: Any) -> str:
        if kind is Kind.META:
            return entity.name
        if kind is Kind.HANDOFF:
            return (
                f"{entity_name(playbook, Kind.STAGE, entity.source)} → "
                f"{entity_name(playbook, Kind.STAGE, entity.target)}"
            )
        return getattr(entity, NAMES.get(kind, "name"))

    def stage_of(self, kind: Kind, entity: Any) -> str | None:
        if kind is Kind.STAGE:
            return entity.id
        if kind is Kind.HANDOFF:
            return entity.source
        if kind is Kind.ACTIVITY:
            return entity.stage
        if kind is Kind.IMPROVEMENT and entity.target_kind is Kind.STAGE:
            return entity.target
        return None

    def add(self, kind, entity, what, summary, fields=(), playbook=None) -> None:
        title = self.title(playbook or self.new, kind, entity)
        entity_id = "meta" if kind is Kind.META else entity.id
        self.found.append(
            Difference(
                kind, entity_id, what, title, summary, tuple(fields), self.stage_of(kind, entity)
            )
        )

    def run(self) -> list[Difference]:
        for kind in KINDS:
            old_ids, new_ids = self.old.ids(kind), self.new.ids(kind)
            old_set, new_set = set(old_ids), set(new_ids)
            for entity_id in new_ids:
                entity = self.new.get(kind, entity_id)
                if entity_id not in old_set:
                    name = self.title(self.new, kind, entity)
                    self.add(kind, entity, ADDED, f"Added {_what(kind)} “{name}”.")
                else:
                    self.compare(kind, self.old.get(kind, entity_id), entity)
            for entity_id in old_ids:
                if entity_id not in new_set:
                    entity = self.old.get(kind, entity_id)
                    name = self.title(self.old, kind, entity)
                    self.add(
                        kind, entity, REMOVED, f"Removed {_what(kind)} “{name}”.", playbook=self.old
                    )
        return self.found

    def compare(self, kind: Kind, before: Any, after: Any) -> None:
        old_name, new_name = self.title(self.old, kind, before), self.title(self.new, kind, after)
        if kind is Kind.META and old_name != new_name:
            self.add(kind, after, RENAMED, f"Renamed the playbook “{old_name}” to “{new_name}”.")
        elif kind is not Kind.HANDOFF and old_name != new_name:
            self.add(kind, after, RENAMED, f"Renamed {_what(kind)} “{old_name}” to “{new_name}”.")
        if kind is Kind.STAGE:
            self.moved(before, after)
        if kind is Kind.HANDOFF and (before.source, before.target) != (after.source, after.target):
            self.add(kind, after, MOVED, f"Moved handoff “{old_name}” to “{new_name}”.")
        if kind is Kind.ACTIVITY:
            if before.stage != after.stage:
                where = entity_name(self.new, Kind.STAGE, after.stage)
                self.add(kind, after, MOVED, f"Moved activity “{new_name}” to stage “{where}”.")
            self.raci(before, after)
        changed = []
        skipped = NOT_FIELDS.get(kind, set()) | {"id", NAMES.get(kind, "name")}
        for name, spec in fields.declared(type(after)):
            old_value, new_value = getattr(before, name), getattr(after, name)
            if name in skipped or old_value == new_value:
                continue
            if name.endswith("_signoff") and old_value and not new_value:
                self.sign_off_lost(kind, after, name, old_value)
                continue
            shown_old = shown(self.old, before, name, spec, old_value)
            shown_new = shown(self.new, after, name, spec, new_value)
            words = (
                word_diff(str(old_value or ""), str(new_value or ""))
                if name in TEXT_FIELDS and not getattr(spec, "refers_to", None)
                else ()
            )
            if shown_old == shown_new and not words:  # the same words, a detail changed
                shown_old, shown_new = f"{shown_old} (as it was)", f"{shown_new} (changed)"
            changed.append(FieldChange(label(name), shown_old, shown_new, words))
        if changed:
            labels = _and([f.label for f in changed])
            summary = (
                f"Changed the playbook's {labels}."
                if kind is Kind.META
                else f"Changed the {labels} of {_what(kind)} “{new_name}”."
            )
            self.add(kind, after, CHANGED, summary, changed)

    def sign_off_lost(self, kind: Kind, entity: Any, name: str, had: Any) -> None:
        team = label(name).split()[0]
        if kind is Kind.META:
            on = "the scoring model"
        elif kind is Kind.HANDOFF:
            on = f"the reasons of “{self.title(self.new, kind, entity)}”"
        else:
            on = f"“{self.title(self.new, kind, entity)}”"
        self.add(
            kind,
            entity,
            SIGN_OFF_LOST,
            f"{_possessive(team.capitalize())} sign-off on {on} ({signed(had)}) was lost.",
            [FieldChange(label(name), signed(had), NOTHING)],
        )

    def moved(self, before, after) -> None:
        parts = []
        if before.phase != after.phase:
            was, now = _name(self.old.phases, before.phase), _name(self.new.phases, after.phase)
            parts.append(f"phase “{was}” → “{now}”")
        if before.lane != after.lane:
            was, now = _name(self.old.lanes, before.lane), _name(self.new.lanes, after.lane)
            parts.append(f"team “{was}” → “{now}”")
        if parts:
            self.add(Kind.STAGE, after, MOVED, f"Moved stage “{after.name}”: {'; '.join(parts)}.")

    def raci(self, before, after) -> None:
        changes = []
        for role_id in dict.fromkeys([*before.raci, *after.raci]):
            old, new = before.raci.get(role_id), after.raci.get(role_id)
            if old == new:
                continue
            role = (
                _name(self.new.roles, role_id)
                if role_id in self.new.roles
                else _name(self.old.roles, role_id)
            )
            changes.append(FieldChange(role, old.value if old else "—", new.value if new else "—"))
        if changes:
            said = "; ".join(f"{c.label} {c.before} → {c.after}" for c in changes)
            self.add(Kind.ACTIVITY, after, RACI, f"RACI of “{after.name}”: {said}.", changes)


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _what(kind: Kind) -> str:
    return WHAT.get(kind, kind.value)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _name(collection, entity_id: str | None) -> str:
    entity = collection.get(entity_id) if entity_id else None
    return entity.name if entity else "—"


def diff(old: Playbook, new: Playbook) -> list[Difference]:
    """Every difference from ``old`` to ``new``, kind by kind."""
    return _Compare(old, new).run()


def stage_marks(differences: list[Difference]) -> dict[str, str]:
    """For the map: each stage added, removed or changed (a change to anything on it)."""
    marks: dict[str, str] = {}
    for d in differences:
        if d.kind is Kind.STAGE and d.what in (ADDED, REMOVED):
            marks[d.entity_id] = d.what
        elif d.stage_id is not None:
            marks.setdefault(d.stage_id, CHANGED)
    return marks
