"""Every step in the undo history is named in words: "Duplicate 2 stages", "Change the SLA of
“MQL → SQL”", never "Paste…" for a duplicate or a raw field name such as "sla hours"."""

from __future__ import annotations

import re

from builders import tiny_playbook
from journeyapp.models import fields, fragment
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.entities import ENTITY_TYPES
from journeyapp.models.field_words import FIELD_WORDS

# Field names a user never sees: with an underscore, or an abbreviation written small.
RAW = re.compile(r"_|\bsla\b|\bcrm\b|\braci\b|\bid\b")


def _every_field():
    """Each declared field of every entity and record, by the entity's kind name."""
    seen: dict[type, str] = {cls: kind.value for kind, cls in ENTITY_TYPES.items()}
    todo = list(seen)
    while todo:
        cls = todo.pop()
        for name, spec in fields.declared(cls):
            record = getattr(spec, "record", None)
            if record is not None and record not in seen:
                seen[record] = record.__name__
                todo.append(record)
            yield seen[cls], name


def test_every_field_has_words_for_the_undo_history():
    missing = sorted(
        f"{owner}.{name}"
        for owner, name in _every_field()
        if name != "id" and name not in FIELD_WORDS
    )
    assert missing == []
    assert [words for words in FIELD_WORDS.values() if RAW.search(words)] == []


def test_changing_any_field_is_named_in_words():
    playbook = tiny_playbook()
    labels = []
    for kind in (Kind.META, Kind.PHASE, Kind.LANE, Kind.STAGE, Kind.HANDOFF, Kind.ROLE):
        entity_id = "meta" if kind is Kind.META else playbook.ids(kind)[0]
        for name, _ in fields.declared(ENTITY_TYPES[kind]):
            if name == "id":
                continue
            current = getattr(playbook.get(kind, entity_id), name)
            labels.append(ops.set_fields(playbook, kind, entity_id, **{name: current}).label)
    assert [label for label in labels if RAW.search(label)] == []


def test_the_sla_and_the_playbook_properties_read_as_words():
    playbook = tiny_playbook()
    handoff = next(h for h in playbook.handoffs() if h.sla_hours is not None)
    route = f"{playbook.stage(handoff.source).name} → {playbook.stage(handoff.target).name}"
    edit = ops.set_fields(playbook, Kind.HANDOFF, handoff.id, sla_hours=12.0)
    assert edit.label == f"Change the SLA of “{route}”"
    edit = ops.set_fields(playbook, Kind.STAGE, "mql", x=10.0, y=20.0)
    assert edit.label == "Change the position of “MQL”"
    edit = ops.set_fields(playbook, Kind.META, "meta", owner="Dana", version="2027 Q1")
    assert edit.label == "Change the owner and the version of the playbook"


def test_duplicating_stages_is_named_duplicate_in_the_history(window):
    canvas = window.canvas
    playbook = window.document.playbook
    chosen = [s.id for s in list(playbook.stages())[:2]]
    window.scene.clearSelection()
    for stage_id in chosen:
        window.scene.stage_items[stage_id].setSelected(True)
    window.findChild(type(window.action_undo), "action_duplicate").trigger()
    assert window.document.undo_stack.undoText() == "Duplicate 2 stages"
    window.scene.clearSelection()
    window.scene.stage_items[chosen[0]].setSelected(True)
    canvas.duplicate_selection()
    name = playbook.stage(chosen[0]).name
    assert window.document.undo_stack.undoText() == f"Duplicate “{name}”"


def test_pasting_is_still_named_paste():
    playbook = tiny_playbook()
    data = fragment.extract(playbook, ["mql", "sql"])
    assert fragment.paste_edit(playbook, data).label == "Paste 2 stages"
