"""What changed between two versions of a playbook (a snapshot and another, or now).

Entities are matched by id, so a renamed stage is a rename, not a removal and an
addition. Each difference is one entry a user can select: what it is about, what
happened to it, one plain sentence, and the fields that changed (text fields
with a word-level diff).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import field
from typing import Any

from journeyapp.models.change import Kind
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


def _hours(value: Any) -> str:
    return "—" if value is None else f"{value:g} h"


def _percent(value: Any) -> str:
    return "—" if value is None else f"{round(value * 100, 1):g}%"  # 2.5%, not 2%


def _plain(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(getattr(value, "value", value))


# Per kind: (field, label, how to show it). Text fields get a word diff.
FIELDS: dict[Kind, tuple[tuple[str, str, Callable[[Any], str]], ...]] = {
    Kind.STAGE: (
        ("description", "definition", _plain),
        ("buyer_goal", "buyer's goal", _plain),
        ("buyer_questions", "buyer's questions", _plain),
        ("entry_criteria", "entry criteria", _plain),
        ("exit_criteria", "exit criteria", _plain),
        ("expected_days", "expected days", _plain),
        ("kind", "kind", _plain),
    ),
    Kind.HANDOFF: (
        ("trigger", "trigger", _plain),
        ("sla_hours", "SLA", _hours),
        ("score_threshold", "score threshold", _plain),
        ("target_conversion", "target conversion", _percent),
        ("qualification", "qualification", _plain),
        ("contact_attempts", "contact attempts", _plain),
        ("contact_days", "contact days", _plain),
        ("kind", "kind", _plain),
    ),
    Kind.ACTIVITY: (("methodology", "methodology", _plain),),
    Kind.DEFINITION: (
        ("text", "wording", _plain),
        ("examples", "examples", _plain),
        ("non_examples", "non-examples", _plain),
    ),
    Kind.SCORING_RULE: (
        ("condition", "condition", _plain),
        ("value", "value", _plain),
        ("points", "points", _plain),
        ("category", "category", _plain),
        ("reasoning", "reasoning", _plain),
    ),
}
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
}
NAMES = {Kind.DEFINITION: "term", Kind.SCORING_RULE: "attribute"}
KINDS = (
    Kind.PHASE,
    Kind.LANE,
    Kind.STAGE,
    Kind.HANDOFF,
    Kind.ROLE,
    Kind.ACTIVITY,
    Kind.DEFINITION,
    Kind.SCORING_RULE,
)


class _Compare:
    def __init__(self, old: Playbook, new: Playbook) -> None:
        self.old, self.new = old, new
        self.found: list[Difference] = []

    def title(self, playbook: Playbook, kind: Kind, entity: Any) -> str:
        if kind is Kind.HANDOFF:
            return (
                f"{_stage_name(playbook, entity.source)} → {_stage_name(playbook, entity.target)}"
            )
        return getattr(entity, NAMES.get(kind, "name"))

    def stage_of(self, kind: Kind, entity: Any) -> str | None:
        if kind is Kind.STAGE:
            return entity.id
        if kind is Kind.HANDOFF:
            return entity.source
        if kind is Kind.ACTIVITY:
            return entity.stage
        return None

    def add(self, kind, entity, what, summary, fields=(), playbook=None) -> None:
        title = self.title(playbook or self.new, kind, entity)
        self.found.append(
            Difference(
                kind, entity.id, what, title, summary, tuple(fields), self.stage_of(kind, entity)
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
                    self.add(kind, entity, ADDED, f"Added {kind.value} “{name}”.")
                else:
                    self.compare(kind, self.old.get(kind, entity_id), entity)
            for entity_id in old_ids:
                if entity_id not in new_set:
                    entity = self.old.get(kind, entity_id)
                    name = self.title(self.old, kind, entity)
                    self.add(
                        kind, entity, REMOVED, f"Removed {kind.value} “{name}”.", playbook=self.old
                    )
        return self.found

    def compare(self, kind: Kind, before: Any, after: Any) -> None:
        old_name, new_name = self.title(self.old, kind, before), self.title(self.new, kind, after)
        if kind is not Kind.HANDOFF and old_name != new_name:
            self.add(kind, after, RENAMED, f"Renamed {kind.value} “{old_name}” to “{new_name}”.")
        if kind is Kind.STAGE:
            self.moved(before, after)
        if kind is Kind.ACTIVITY:
            if before.stage != after.stage:
                where = _stage_name(self.new, after.stage)
                self.add(kind, after, MOVED, f"Moved activity “{new_name}” to stage “{where}”.")
            self.raci(before, after)
        if kind is Kind.DEFINITION:
            self.sign_offs(before, after)
        changed = []
        for name, label, show in FIELDS.get(kind, ()):
            old_value, new_value = getattr(before, name), getattr(after, name)
            if old_value == new_value:
                continue
            shown_old, shown_new = show(old_value), show(new_value)
            words = (
                word_diff(str(old_value or ""), str(new_value or "")) if name in TEXT_FIELDS else ()
            )
            changed.append(FieldChange(label, shown_old, shown_new, words))
        if changed:
            labels = _and([f.label for f in changed])
            self.add(
                kind, after, CHANGED, f"Changed the {labels} of {kind.value} “{new_name}”.", changed
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

    def sign_offs(self, before, after) -> None:
        for team in ("marketing", "sales"):
            had, has = getattr(before, f"{team}_signoff"), getattr(after, f"{team}_signoff")
            if had and not has:
                self.add(
                    Kind.DEFINITION,
                    after,
                    SIGN_OFF_LOST,
                    f"{team.capitalize()}'s sign-off on “{after.term}” "
                    f"({had.name}, {had.date}) was lost.",
                    [FieldChange(f"{team} sign-off", f"{had.name}, {had.date}", "—")],
                )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _name(collection, entity_id: str | None) -> str:
    entity = collection.get(entity_id) if entity_id else None
    return entity.name if entity else "—"


def _stage_name(playbook: Playbook, stage_id: str) -> str:
    return playbook.stage(stage_id).name if playbook.has_stage(stage_id) else stage_id


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
